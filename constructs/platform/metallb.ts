import { Construct } from "constructs";
import type { Release } from "@cdktf/provider-helm/lib/release";
import type { TopologyLoadBalancer } from "../../lib/topology/types";
import { CHARTS } from "./charts";
import { chartRelease, Dependency, KubernetesObject, MANAGED_BY, objectsRelease, platformNamespace } from "./release";

export interface MetalLbProps {
  /** Resolved load balancing (Topology.platform.loadBalancer, provider "metallb"). */
  readonly loadBalancer: TopologyLoadBalancer;
  /** What must exist first (the CNI). @default nothing */
  readonly dependsOn?: readonly Dependency[];
  /**
   * The release that brings the Prometheus Operator's CRDs (kube-prometheus-stack), when monitoring
   * runs: MetalLB then ships its ServiceMonitors and installs after that release.
   * @default no ServiceMonitors
   */
  readonly prometheus?: Dependency;
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
 * The chart's values (metallb 0.15.3 values.yaml). With Prometheus, `prometheus.serviceMonitor.enabled`
 * adds a ServiceMonitor for the controller and one for the speakers, which scrapes the speaker's
 * metrics port and, with FRR, the frr-metrics port that carries metallb_bgp_session_up.
 * `rbacPrometheus` would add a Role for Prometheus's service account in metallb-system (and then
 * requires `prometheus.serviceAccount` and `prometheus.namespace`); kube-prometheus-stack's
 * Prometheus already reads pods, services and endpoints in every namespace through its ClusterRole,
 * so it is off. The chart's own PrometheusRule stays off: the ORION rules carry BGPSessionDown.
 */
export function metalLbValues(loadBalancer: TopologyLoadBalancer, prometheus: boolean): Record<string, unknown> {
  return {
    speaker: { frr: { enabled: loadBalancer.mode === "bgp" } },
    ...(prometheus ? { prometheus: { serviceMonitor: { enabled: true }, rbacPrometheus: false } } : {}),
  };
}

/**
 * MetalLB answering for cluster.loadBalancerPool. The pool and advertisements are a second release,
 * after the chart has installed the CRDs and its webhook is ready. With monitoring, the chart waits
 * for kube-prometheus-stack, whose ServiceMonitor CRD its ServiceMonitors need.
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
      values: metalLbValues(props.loadBalancer, props.prometheus !== undefined),
      dependsOn: [namespace, ...(props.dependsOn ?? []), ...(props.prometheus ? [props.prometheus] : [])],
    });
    this.config = objectsRelease(this, "Config", {
      name: "metallb-config",
      namespace: METALLB_NAMESPACE,
      objects: metalLbObjects(props.loadBalancer),
      dependsOn: [this.release],
    });
  }
}
