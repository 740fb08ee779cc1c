import type { Cluster, Environment, Network } from "../config/schema";
import { cidrContains, parseAddress, parseCidr } from "../net/ip";

/*
 * Addressing modes. "static" (the default): the config gives every address and the planner checks
 * them. "netbox": NetBox allocates each VM's address at apply (netbox_available_ip_address from the
 * network's prefix, or from `netboxRange`); the planner then only checks what stays static (gateway,
 * API VIP, LB pool, reserved ranges) and hands those to NetBox as held, so it never allocates them.
 */

interface IssueSink {
  error(path: string, value: unknown, message: string): void;
}

/** The network's addressing (its own, else the environment's); checks `netboxRange` against it. */
export function networkAddressing(env: Environment, network: Network, path: string, issues: IssueSink): "static" | "netbox" {
  const addressing = network.addressing ?? env.addressing;
  if (network.netboxRange) {
    if (addressing !== "netbox") {
      issues.error(`${path}.netboxRange`, network.netboxRange, 'only applies to netbox addressing; remove it or set addressing: "netbox"');
    }
    const cidr = parseCidr(network.cidr);
    const start = parseAddress(network.netboxRange.start);
    const end = parseAddress(network.netboxRange.end);
    if (!cidrContains(cidr, start) || !cidrContains(cidr, end)) {
      issues.error(`${path}.netboxRange`, network.netboxRange, `is not inside ${network.cidr}; allocate from addresses of this network`);
    } else if (end.value < start.value) {
      issues.error(`${path}.netboxRange`, network.netboxRange, "ends before it starts; swap start and end");
    }
  }
  return addressing;
}

/** Addresses NetBox must not allocate on a netbox-addressed network, as inclusive ranges. */
export function heldAddresses(network: Network, clusters: readonly Cluster[]): { start: string; end: string; description: string }[] {
  const held = [{ start: network.gateway, end: network.gateway, description: `gateway of ${network.name}` }];
  for (const cluster of clusters) {
    held.push({ start: cluster.apiVip, end: cluster.apiVip, description: `Kubernetes API VIP of ${cluster.name}` });
    held.push({ start: cluster.loadBalancerPool.start, end: cluster.loadBalancerPool.end, description: `LoadBalancer pool of ${cluster.name}` });
  }
  for (const range of network.reserved) {
    held.push({ start: range.start, end: range.end, description: range.description ?? `reserved on ${network.name}` });
  }
  return held;
}
