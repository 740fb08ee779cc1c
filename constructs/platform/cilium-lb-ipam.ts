import { Construct } from "constructs";
import type { Release } from "@cdktf/provider-helm/lib/release";
import type { TopologyLoadBalancer } from "../../lib/topology/types";
import { Dependency, KubernetesObject, MANAGED_BY, objectsRelease } from "./release";

export interface CiliumLbIpamProps {
  /** Resolved load balancing (Topology.platform.loadBalancer, provider "cilium"). */
  readonly loadBalancer: TopologyLoadBalancer;
  /** The Cilium release, which brings the CRDs. */
  readonly cilium: Dependency;
}

const ADVERTISE_LABEL = { "homelab.example/advertise": "load-balancer" } as const;

/*
 * API versions as Cilium 1.18 (the pinned chart) serves them: 1.18.0 promoted CiliumLoadBalancerIPPool
 * and the BGP CRDs (ClusterConfig, PeerConfig, Advertisement, NodeConfig, NodeConfigOverride) to
 * cilium.io/v2 (cilium/cilium#37765, #38940, #39090; v2alpha1 is still served but deprecated), while
 * CiliumL2AnnouncementPolicy has only cilium.io/v2alpha1. The v2 PeerConfigReference has `name` only.
 */
const CILIUM_V2 = "cilium.io/v2";
const CILIUM_V2ALPHA1 = "cilium.io/v2alpha1";

/** The Cilium LB-IPAM objects for a load-balancer setup: the pool, then L2 announcements or BGP. */
export function ciliumLbIpamObjects(loadBalancer: TopologyLoadBalancer): KubernetesObject[] {
  const objects: KubernetesObject[] = [
    {
      apiVersion: CILIUM_V2,
      kind: "CiliumLoadBalancerIPPool",
      metadata: { name: "default", labels: { ...MANAGED_BY } },
      spec: { blocks: [{ start: loadBalancer.pool.start, stop: loadBalancer.pool.end }] },
    },
  ];
  if (loadBalancer.mode === "l2") {
    objects.push({
      apiVersion: CILIUM_V2ALPHA1,
      kind: "CiliumL2AnnouncementPolicy",
      metadata: { name: "default", labels: { ...MANAGED_BY } },
      spec: { loadBalancerIPs: true },
    });
  } else {
    objects.push(
      {
        apiVersion: CILIUM_V2,
        kind: "CiliumBGPClusterConfig",
        metadata: { name: "default", labels: { ...MANAGED_BY } },
        spec: {
          bgpInstances: [
            {
              name: "default",
              localASN: loadBalancer.asn,
              peers: loadBalancer.peers.map((peer) => ({ name: peer.name, peerASN: peer.asn, peerAddress: peer.address, peerConfigRef: { name: "default" } })),
            },
          ],
        },
      },
      {
        apiVersion: CILIUM_V2,
        kind: "CiliumBGPPeerConfig",
        metadata: { name: "default", labels: { ...MANAGED_BY } },
        // The IPv6 family rides the same (IPv4) session as a second address family, for an IPv6 pod network.
        spec: {
          families: (loadBalancer.podCidrs?.ipv6 !== undefined ? ["ipv4", "ipv6"] : ["ipv4"]).map((afi) => ({ afi, safi: "unicast", advertisements: { matchLabels: { ...ADVERTISE_LABEL } } })),
        },
      },
      {
        apiVersion: CILIUM_V2,
        kind: "CiliumBGPAdvertisement",
        metadata: { name: "load-balancer", labels: { ...MANAGED_BY, ...ADVERTISE_LABEL } },
        spec: {
          advertisements: [
            {
              advertisementType: "Service",
              service: { addresses: ["LoadBalancerIP"] },
              // Every service: a NotIn on a label nobody sets selects all of them.
              selector: { matchExpressions: [{ key: "homelab.example/no-advertise", operator: "NotIn", values: ["true"] }] },
            },
          ],
        },
      },
    );
    if (loadBalancer.podCidrs) {
      // Each node's slice of the pod networks (from ipam mode kubernetes), per family of the peering. The CRD
      // refuses a selector on a PodCIDR advertisement ("selector field is not allowed for the 'PodCIDR' advertisementType").
      objects.push({
        apiVersion: CILIUM_V2,
        kind: "CiliumBGPAdvertisement",
        metadata: { name: "pod-cidrs", labels: { ...MANAGED_BY, ...ADVERTISE_LABEL } },
        spec: { advertisements: [{ advertisementType: "PodCIDR" }] },
      });
    }
  }
  return objects;
}

/** Cilium LB-IPAM: hands out cluster.loadBalancerPool and announces it (L2 or BGP), after Cilium. */
export class CiliumLbIpam extends Construct {
  readonly release: Release;

  constructor(scope: Construct, id: string, props: CiliumLbIpamProps) {
    super(scope, id);
    this.release = objectsRelease(this, "Resource", {
      name: "cilium-lb-ipam",
      namespace: "kube-system",
      objects: ciliumLbIpamObjects(props.loadBalancer),
      dependsOn: [props.cilium],
    });
  }
}
