import type { IssueLog } from "../../config/errors";
import type { Platform } from "../../config/platform";
import type { TopologyCluster, TopologyLoadBalancer } from "../types";
import { P } from "./shared";

/**
 * The LoadBalancer implementation (MetalLB, or Cilium LB-IPAM) on the cluster's LB pool. Checks the
 * provider against the CNI and the mode against the peers; peers are named `peer-<n>` unless named.
 * Undefined when the provider is "none".
 */
export function resolveLoadBalancer(config: Platform, cluster: TopologyCluster, issues: IssueLog): TopologyLoadBalancer | undefined {
  const lb = config.loadBalancer;
  if (lb.provider === "none") return undefined;
  const cilium = config.cilium.enabled;
  const lbPath = `${P}.loadBalancer`;
  if (lb.provider === "cilium" && !cilium) {
    issues.error(`${lbPath}.provider`, lb.provider, 'Cilium LB-IPAM needs Cilium as the CNI; set platform.cilium.enabled: true or use provider "metallb"');
  }
  if (lb.mode === "bgp" && lb.peers.length === 0) {
    issues.error(`${lbPath}.peers`, lb.peers, 'bgp mode needs at least one router peer; add { address, asn } of the router the nodes peer with, or use mode "l2"');
  }
  if (lb.mode === "l2" && lb.peers.length > 0) {
    issues.warn(`${lbPath}.peers`, lb.peers, 'are ignored in l2 mode; set mode "bgp" to peer with them');
  }
  if (lb.provider === "cilium" && cilium && lb.mode === "bgp" && !config.cilium.bgpControlPlane) {
    issues.error(`${P}.cilium.bgpControlPlane`, false, 'Cilium LB-IPAM in bgp mode announces through the BGP control plane; set platform.cilium.bgpControlPlane: true or use mode "l2"');
  }
  if (lb.provider === "cilium" && cilium && lb.mode === "l2" && !config.cilium.kubeProxyReplacement) {
    issues.error(`${P}.cilium.kubeProxyReplacement`, false, 'Cilium L2 announcements need the kube-proxy replacement; set platform.cilium.kubeProxyReplacement: true or use provider "metallb"');
  }
  const peerNames = new Set<string>();
  const peers = lb.mode === "bgp"
    ? lb.peers.map((peer, index) => {
        const name = peer.name ?? `peer-${index + 1}`;
        if (peerNames.has(name)) issues.error(`${lbPath}.peers[${index}].name`, name, "is used by another peer; give each peer a unique name");
        peerNames.add(name);
        if (peer.asn === lb.asn) issues.warn(`${lbPath}.peers[${index}].asn`, peer.asn, "equals the cluster's own AS (iBGP); routers usually expect eBGP from the cluster, so pick a distinct private AS");
        return { name, address: peer.address, asn: peer.asn };
      })
    : [];
  return { provider: lb.provider, mode: lb.mode, pool: cluster.loadBalancerPool, asn: lb.asn, peers };
}
