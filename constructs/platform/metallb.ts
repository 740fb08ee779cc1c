import { Construct } from "constructs";
import type { Release } from "@cdktf/provider-helm/lib/release";
import type { TopologyLoadBalancer } from "../../lib/topology/platform";
import { CHARTS } from "./charts";
import { chartRelease, Dependency, KubernetesObject, MANAGED_BY, objectsRelease, platformNamespace } from "./release";

export interface MetalLbProps {
  /** Resolved load balancing (Topology.platform.loadBalancer, provider "metallb"). */
  readonly loadBalancer: TopologyLoadBalancer;
  /** What must exist first (the CNI). @default nothing */
  readonly dependsOn?: readonly Dependency[];
}

export const METALLB_NAMESPACE = "metallb-system";
const POOL = "default";

/** MetalLB's configuration objects: the pool from the Topology, then L2 or BGP announcements. */
export function metalLbObjects(loadBalancer: TopologyLoadBalancer): KubernetesObject[] {
  const metadata = (name: string) => ({ name, namespace: METALLB_NAMESPACE, labels: { ...MANAGED_BY } });
  const objects: KubernetesObject[] = [
    {
      apiVersion: "metallb.io/v1beta1",
      kind: "IPAddressPool",
      metadata: metadata(POOL),
      spec: { addresses: [`${loadBalancer.pool.start}-${loadBalancer.pool.end}`] },
    },
  ];
  if (loadBalancer.mode === "l2") {
    objects.push({ apiVersion: "metallb.io/v1beta1", kind: "L2Advertisement", metadata: metadata(POOL), spec: { ipAddressPools: [POOL] } });
  } else {
    for (const peer of loadBalancer.peers) {
      objects.push({
        apiVersion: "metallb.io/v1beta2",
        kind: "BGPPeer",
        metadata: metadata(peer.name),
        spec: { myASN: loadBalancer.asn, peerASN: peer.asn, peerAddress: peer.address },
      });
    }
    objects.push({ apiVersion: "metallb.io/v1beta1", kind: "BGPAdvertisement", metadata: metadata(POOL), spec: { ipAddressPools: [POOL] } });
  }
  return objects;
}

/**
 * MetalLB answering for cluster.loadBalancerPool. The pool and advertisements are a second release,
 * after the chart has installed the CRDs and its webhook is ready.
 */
export class MetalLb extends Construct {
  readonly release: Release;
  /** The pool and advertisements: LoadBalancer services get addresses once this is applied. */
  readonly config: Release;

  constructor(scope: Construct, id: string, props: MetalLbProps) {
    super(scope, id);
    // The speaker needs host networking and NET_RAW: privileged under Pod Security Admission.
    const namespace = platformNamespace(this, METALLB_NAMESPACE, {
      "pod-security.kubernetes.io/enforce": "privileged",
      "pod-security.kubernetes.io/audit": "privileged",
      "pod-security.kubernetes.io/warn": "privileged",
    });
    this.release = chartRelease(this, "Resource", {
      chart: CHARTS.metallb,
      name: "metallb",
      namespace: METALLB_NAMESPACE,
      values: { speaker: { frr: { enabled: props.loadBalancer.mode === "bgp" } } },
      dependsOn: [namespace, ...(props.dependsOn ?? [])],
    });
    this.config = objectsRelease(this, "Config", {
      name: "metallb-config",
      namespace: METALLB_NAMESPACE,
      objects: metalLbObjects(props.loadBalancer),
      dependsOn: [this.release],
    });
  }
}
