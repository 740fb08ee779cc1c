import type { Cluster, Environment, Network } from "../../config/schema";
import type { IssueLog } from "../../config/errors";
import { ParsedCidr, cidrContains, cidrsOverlap, formatAddress, parseAddress, parseCidr, usableRange } from "../../net/ip";
import type { Addressing, PlannedTopologyNetwork, TopologyPrimaryNic, PlannedTopologyVm } from "../types";
import type { SiteInput } from "./sites";

/*
 * Networks: each checked on its own (host bits, gateway, reserved ranges, addressing mode) and
 * against the others (names, overlapping ranges). Addressing modes: "static" (the default), the
 * config gives every address and the planner checks them; "netbox", NetBox allocates each VM's
 * address at apply (netbox_available_ip_address from the network's prefix, or from `netboxRange`),
 * and the planner only checks what stays static (gateway, API VIP, LB pool, reserved ranges) and
 * hands those to NetBox as held, so it never allocates them.
 */

/** A network as the later stages read it: its config, site, parsed ranges and config path. */
export interface PlannedNetwork {
  readonly config: Network;
  readonly site: SiteInput;
  readonly addressing: Addressing;
  /** `networks[i]` or `sites[s].networks[i]`. */
  readonly path: string;
  /** The IPv4 network; absent on an IPv6-only network. */
  readonly cidr?: ParsedCidr;
  readonly ipv6?: ParsedCidr;
}

/** A network with IPv4: its cidr and gateway. Every VM, cluster and host sits on one first. */
export type Ipv4Network = PlannedNetwork & { readonly cidr: ParsedCidr; readonly config: Network & { readonly cidr: string; readonly gateway: string } };

/** Whether the network has IPv4 (else it is IPv6-only). */
export function hasIpv4(network: PlannedNetwork): network is Ipv4Network {
  return network.cidr !== undefined && network.config.cidr !== undefined && network.config.gateway !== undefined;
}

/** Reports an IPv6-only network named as the primary network of `what` (a VM, cluster or host). */
export function reportIpv6OnlyPrimary(network: PlannedNetwork, path: string, what: string, issues: IssueLog): void {
  issues.error(path, network.config.name, `is IPv6-only (no cidr), but ${what} needs an IPv4 address on its primary network; choose a network with a cidr and attach ${network.config.name} as a secondary NIC (nics)`);
}

/** The network's addressing (its own, else the environment's); checks `netboxRange` against it. */
export function networkAddressing(env: Environment, network: Network, path: string, issues: IssueLog): Addressing {
  if (network.cidr === undefined) {
    // NetBox allocates IPv4 addresses; an IPv6-only network's NICs take the addresses the config gives.
    if (network.addressing === "netbox") issues.error(`${path}.addressing`, "netbox", "needs an IPv4 cidr for NetBox to allocate from; this network is IPv6-only, so remove addressing (its NICs take static IPv6 addresses)");
    if (network.netboxRange) issues.error(`${path}.netboxRange`, network.netboxRange, "is an IPv4 range on an IPv6-only network; remove it");
    return "static";
  }
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

/** Checks one network's own addresses: gateway, IPv6 gateway and reserved ranges. */
/** fe80::/10 (link-local) and ff00::/8 (multicast): no network's VMs can be numbered from them. */
const UNUSABLE_IPV6 = [
  { cidr: parseCidr("fe80::/10"), what: "link-local (fe80::/10), which every interface has on its own and no router forwards" },
  { cidr: parseCidr("ff00::/8"), what: "multicast (ff00::/8), which names groups, not hosts" },
];

/** An IPv6 prefix is held to the IPv4 rules: no host bits, and a range hosts can be numbered from. */
function checkIpv6Prefix(network: Network, path: string, ipv6: ParsedCidr, issues: IssueLog): void {
  // Compared as numbers: 2001:DB8:0::/64 and 2001:db8::/64 are the same prefix, written differently.
  if (parseAddress(network.ipv6!.prefix.split("/")[0]).value !== ipv6.network) {
    issues.error(`${path}.ipv6.prefix`, network.ipv6?.prefix, `has host bits set; write the prefix ${ipv6.text}`);
  }
  for (const { cidr, what } of UNUSABLE_IPV6) {
    if (cidrsOverlap(ipv6, cidr)) issues.error(`${path}.ipv6.prefix`, network.ipv6?.prefix, `is ${what}; use a global (2000::/3) or unique local (fd00::/8) prefix`);
  }
}

/**
 * Which families the network has: an IPv4 cidr comes with its gateway and DNS servers; without one
 * the network is IPv6-only and needs an ipv6 prefix. False when the network cannot be planned.
 */
function checkFamilies(network: Network, path: string, issues: IssueLog): boolean {
  if (network.cidr === undefined) {
    if (!network.ipv6) {
      issues.error(`${path}.cidr`, undefined, "is missing and the network has no ipv6 prefix either; give it an IPv4 cidr with its gateway and dns, an ipv6 prefix (an IPv6-only network), or both");
      return false;
    }
    if (network.gateway !== undefined) issues.error(`${path}.gateway`, network.gateway, "is an IPv4 gateway on an IPv6-only network (no cidr); add the network's IPv4 cidr or remove the gateway");
    if (network.reserved.length > 0) issues.error(`${path}.reserved`, network.reserved, "reserves IPv4 addresses on an IPv6-only network (no cidr); remove them");
    if (network.gatewayVm !== undefined) issues.error(`${path}.gatewayVm`, network.gatewayVm, "routes an IPv6-only network, which has no IPv4 gateway for the VM to hold; remove gatewayVm");
    return true;
  }
  if (network.gateway === undefined) issues.error(`${path}.gateway`, undefined, `is missing; an IPv4 network (${network.cidr}) needs its default gateway`);
  if (network.dns === undefined) issues.error(`${path}.dns`, undefined, `is missing; an IPv4 network (${network.cidr}) hands its VMs at least one DNS server`);
  return network.gateway !== undefined;
}

function checkNetworkAddresses(network: Network, path: string, cidr: ParsedCidr | undefined, ipv6: ParsedCidr | undefined, issues: IssueLog): void {
  if (ipv6) checkIpv6Prefix(network, path, ipv6, issues);
  if (ipv6 && network.ipv6?.gateway && !cidrContains(ipv6, parseAddress(network.ipv6.gateway))) {
    issues.error(`${path}.ipv6.gateway`, network.ipv6.gateway, `is outside ${network.ipv6.prefix}; pick a gateway inside the prefix`);
  }
  if (!cidr || network.gateway === undefined) return;
  const gateway = parseAddress(network.gateway);
  const usable = usableRange(cidr);
  if (!cidrContains(cidr, gateway)) {
    issues.error(`${path}.gateway`, network.gateway, `is outside ${network.cidr}; pick a gateway inside the network`);
  } else if (gateway.value < usable.first || gateway.value > usable.last) {
    issues.error(`${path}.gateway`, network.gateway, `is the network or broadcast address of ${network.cidr}; pick a host address`);
  }
  network.reserved.forEach((range, rangeIndex) => {
    const start = parseAddress(range.start);
    const end = parseAddress(range.end);
    if (!cidrContains(cidr, start) || !cidrContains(cidr, end)) {
      issues.error(`${path}.reserved[${rangeIndex}]`, range, `is not inside ${network.cidr}; reserve addresses of this network only`);
    } else if (end.value < start.value) {
      issues.error(`${path}.reserved[${rangeIndex}]`, range, "ends before it starts; swap start and end");
    }
  });
}

/**
 * The networks of every site, by name, in config order (sites primary first). A network whose
 * name is taken is reported and left out; overlapping IPv4 or IPv6 ranges are reported.
 */
export function planNetworks(env: Environment, sites: readonly SiteInput[], issues: IssueLog): Map<string, PlannedNetwork> {
  const networks = new Map<string, PlannedNetwork>();
  const all = sites.flatMap((site) => site.config.networks.map((network, index) => ({ site, network, index })));
  for (const { site, network, index } of all) {
    const path = `${site.networksPath}[${index}]`;
    if (networks.has(network.name)) {
      issues.error(`${path}.name`, network.name, "is used by another network; give each network a unique name");
      continue;
    }
    if (!checkFamilies(network, path, issues)) continue;
    const cidr = network.cidr !== undefined ? parseCidr(network.cidr) : undefined;
    const ipv6 = network.ipv6 ? parseCidr(network.ipv6.prefix) : undefined;
    // Host bits, overlaps, then the network's own addresses: the order issues are listed in.
    if (cidr && cidr.text !== network.cidr) issues.error(`${path}.cidr`, network.cidr, `has host bits set; write the network address ${cidr.text}`);
    for (const other of networks.values()) {
      if (cidr && other.cidr && cidrsOverlap(cidr, other.cidr)) {
        issues.error(`${path}.cidr`, network.cidr, `overlaps ${other.path} (${other.config.cidr}); give each network its own range`);
      }
      if (ipv6 && other.ipv6 && cidrsOverlap(ipv6, other.ipv6)) {
        issues.error(`${path}.ipv6.prefix`, network.ipv6?.prefix, `overlaps ${other.path}.ipv6.prefix (${other.config.ipv6?.prefix}); give each network its own prefix`);
      }
    }
    checkNetworkAddresses(network, path, cidr, ipv6, issues);
    const addressing = networkAddressing(env, network, path, issues);
    networks.set(network.name, { config: network, site, addressing, path, cidr, ipv6 });
  }
  return networks;
}

/** An IPv6 host address that reads like its IPv4 one: 192.168.1.50 → <prefix>::50. */
export function ipv6For(prefix: ParsedCidr, ipv4: bigint, network: ParsedCidr): string {
  const hostNumber = ipv4 - network.first;
  const readable = BigInt(`0x${hostNumber.toString(10)}`);
  return formatAddress(prefix.network + readable, 6);
}

/** The NIC on a network; without an address (netbox addressing) NetBox fills it in at apply. */
export function nicFor(network: Ipv4Network, address: string | undefined): TopologyPrimaryNic {
  const config = network.config;
  const value = address ? parseAddress(address).value : undefined;
  return {
    network: config.name,
    bridge: config.bridge,
    ...(config.vlan !== undefined ? { vlan: config.vlan } : {}),
    addressing: address ? "static" : "netbox",
    ipv4: { ...(address ? { address } : {}), prefixLength: network.cidr.prefixLength, gateway: config.gateway },
    ...(network.ipv6
      ? {
          ipv6: {
            ...(value !== undefined ? { address: ipv6For(network.ipv6, value, network.cidr) } : {}),
            prefixLength: network.ipv6.prefixLength,
            ...(config.ipv6?.gateway ? { gateway: config.ipv6.gateway } : {}),
          },
        }
      : {}),
  };
}

/** Addresses NetBox must not allocate on a netbox-addressed network, as inclusive ranges. */
export function heldAddresses(network: Network, clusters: readonly Cluster[]): { start: string; end: string; description: string }[] {
  const held = network.gateway !== undefined ? [{ start: network.gateway, end: network.gateway, description: `gateway of ${network.name}` }] : [];
  for (const cluster of clusters) {
    if (cluster.apiVip) held.push({ start: cluster.apiVip, end: cluster.apiVip, description: `Kubernetes API VIP of ${cluster.name}` });
    held.push({ start: cluster.loadBalancerPool.start, end: cluster.loadBalancerPool.end, description: `LoadBalancer pool of ${cluster.name}` });
  }
  for (const range of network.reserved) {
    held.push({ start: range.start, end: range.end, description: range.description ?? `reserved on ${network.name}` });
  }
  return held;
}

/**
 * The networks as the Topology lists them, once VMs are placed: each with the Proxmox nodes its
 * VMs run on (where the bridge must exist) and, under netbox addressing, the addresses NetBox holds
 * back for the clusters on it.
 */
export function topologyNetworks(
  networks: ReadonlyMap<string, PlannedNetwork>,
  vms: readonly PlannedTopologyVm[],
  clusters: readonly { readonly config: Cluster; readonly network: PlannedNetwork }[],
): PlannedTopologyNetwork[] {
  return [...networks.values()].map((network) => {
    const { config, cidr, ipv6 } = network;
    const nodes = new Set(vms.filter((vm) => [vm.nic, ...(vm.extraNics ?? [])].some((nic) => nic.network === config.name)).map((vm) => vm.node));
    return {
      name: config.name,
      bridge: config.bridge,
      ...(config.vlan !== undefined ? { vlan: config.vlan } : {}),
      ...(cidr ? { cidr: cidr.text, prefixLength: cidr.prefixLength } : {}),
      ...(config.gateway !== undefined ? { gateway: config.gateway } : {}),
      dns: config.dns ?? [],
      ...(config.domain ? { domain: config.domain } : {}),
      ...(ipv6 ? { ipv6: { prefix: ipv6.text, prefixLength: ipv6.prefixLength, ...(config.ipv6?.gateway ? { gateway: config.ipv6.gateway } : {}) } } : {}),
      reserved: config.reserved,
      manageBridge: config.manageBridge,
      bridgePorts: config.bridgePorts,
      ...(config.description ? { description: config.description } : {}),
      nodes: [...nodes].sort(),
      site: network.site.config.name,
      addressing: network.addressing,
      ...(config.netboxRange ? { netboxRange: { start: config.netboxRange.start, end: config.netboxRange.end } } : {}),
      held: network.addressing === "netbox" ? heldAddresses(config, clusters.filter((c) => c.network === network).map((c) => c.config)) : [],
    };
  });
}
