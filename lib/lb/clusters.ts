import type { Topology, TopologyCluster } from "../topology/types";

/** What a cluster's API load balancer needs to render, as the Topology resolves it. */
export type ApiLoadBalancedCluster = TopologyCluster & Required<Pick<TopologyCluster, "apiLoadBalancer">>;

/** The clusters of the environment with an API load balancer. */
export function apiLoadBalancedClusters(topology: Topology): ApiLoadBalancedCluster[] {
  return topology.clusters.filter((cluster): cluster is ApiLoadBalancedCluster => cluster.apiLoadBalancer !== undefined);
}

/** The cluster whose API load balancer runs on `vm`, if any. */
export function clusterBalancedBy(topology: Topology, vm: string): ApiLoadBalancedCluster | undefined {
  return apiLoadBalancedClusters(topology).find((cluster) => cluster.apiLoadBalancer.vms.some((lb) => lb.name === vm));
}
