import type { Topology, TopologyVm } from "../topology/types";
import { clusterBalancedBy } from "./clusters";
import { renderHaproxyConfig } from "./haproxy";
import { renderKeepalivedConfig } from "./keepalived";

/** Host vars the Ansible haproxy role reads on an API load-balancer VM (empty on any other VM). */
export function apiLoadBalancerHostVars(topology: Topology, vm: TopologyVm): Record<string, unknown> {
  const cluster = clusterBalancedBy(topology, vm.name);
  if (!cluster) return {};
  const lb = cluster.apiLoadBalancer;
  return {
    haproxy_config: renderHaproxyConfig(cluster),
    ...(lb.vip ? { haproxy_keepalived_config: renderKeepalivedConfig(cluster, vm.name) } : {}),
  };
}
