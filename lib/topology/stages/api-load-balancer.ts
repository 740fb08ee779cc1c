import type { IssueLog } from "../../config/errors";
import type { PlannedTopologyVm, TopologyApiLoadBalancer } from "../types";
import { apiPortOf, type ClusterInput } from "./clusters";

/*
 * The API load balancer: HAProxy on extra VMs in front of every server's API, instead of kube-vip.
 * One LB VM serves the API on its own address; two or more share the cluster's apiVip through
 * keepalived (VRRP). The LB VMs must sit on the cluster network: keepalived's VIP and the health
 * checks to the servers' API assume one L2 segment.
 */

/**
 * Resolves `apiLoadBalancer` of one cluster against the planned extra VMs and the cluster's servers.
 * Reports an unknown VM, a VM off the cluster network, a VM without a static address and a VIP that
 * cannot be; returns undefined when the cluster has no API load balancer or it is unusable.
 */
export function planApiLoadBalancer(
  cluster: ClusterInput,
  extraVms: readonly PlannedTopologyVm[],
  servers: readonly PlannedTopologyVm[],
  issues: IssueLog,
): TopologyApiLoadBalancer | undefined {
  const config = cluster.config.apiLoadBalancer;
  if (!config) return undefined;
  const path = `${cluster.path}.apiLoadBalancer`;
  const network = cluster.network.config;
  const vms: { name: string; address: string }[] = [];
  config.vms.forEach((name, index) => {
    const vm = extraVms.find((candidate) => candidate.name === name);
    if (!vm) {
      const known = extraVms.map((candidate) => candidate.name);
      issues.error(`${path}.vms[${index}]`, name, `is not an extra VM of the environment; add it under vms (role e.g. "api-lb") or use one of ${known.join(", ") || "(none declared)"}`);
      return;
    }
    if (vm.nic.network !== network.name) {
      issues.error(`${path}.vms[${index}]`, name, `is on network ${vm.nic.network}, outside the cluster network ${network.name} (${network.cidr}); put the VM on network ${network.name} with a free address in ${network.cidr}`);
      return;
    }
    if (!vm.nic.ipv4.address) {
      issues.error(`${path}.vms[${index}]`, name, `has no static address (netbox addressing); give the load-balancer VM a static address in ${network.cidr}, since the API endpoint must be known before apply`);
      return;
    }
    if (vms.some((other) => other.name === name)) {
      issues.error(`${path}.vms[${index}]`, name, "is listed twice; name each load-balancer VM once");
      return;
    }
    vms.push({ name, address: vm.nic.ipv4.address });
  });
  if (vms.length !== config.vms.length) return undefined;
  const vip = cluster.config.apiVip;
  if (vms.length === 1 && vip !== undefined) {
    issues.error(`${cluster.path}.apiVip`, vip, `is set beside one API load-balancer VM (${vms[0].name}, ${vms[0].address}), which serves the API on its own address; remove apiVip, or add a second load-balancer VM so keepalived holds it`);
    return undefined;
  }
  const port = apiPortOf(cluster.config.distribution);
  return {
    vms,
    endpoint: vms.length === 1 ? vms[0].address : vip!,
    port,
    ...(vms.length > 1 ? { vip: vip! } : {}),
    prefixLength: cluster.network.cidr.prefixLength,
    virtualRouterId: config.virtualRouterId,
    interface: config.interface,
    backends: servers.flatMap((vm) => (vm.nic.ipv4.address ? [{ name: vm.name, address: vm.nic.ipv4.address }] : [])),
    backendPort: port,
  };
}
