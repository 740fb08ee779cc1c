import { Construct } from "constructs";
import type { Release } from "@cdktf/provider-helm/lib/release";
import type { TopologyCilium } from "../../lib/topology/types";
import { CHARTS } from "./charts";
import { chartRelease, Dependency } from "./release";

export interface CiliumProps {
  /** Resolved Cilium options (Topology.platform.cilium). */
  readonly cilium: TopologyCilium;
  /** Operator replicas. */
  readonly replicas: number;
  /** What must exist first. @default nothing */
  readonly dependsOn?: readonly Dependency[];
}

/**
 * Cilium as the CNI, in kube-system. k3s runs without flannel when the Topology says cilium
 * (inventory k8s_cni), so nodes stay NotReady until this release is up: every other release waits for it.
 */
export class Cilium extends Construct {
  readonly release: Release;

  constructor(scope: Construct, id: string, props: CiliumProps) {
    super(scope, id);
    const { cilium } = props;
    this.release = chartRelease(this, "Resource", {
      chart: CHARTS.cilium,
      name: "cilium",
      namespace: "kube-system",
      values: {
        // k3s hands each node its pod CIDRs (slices of its cluster-cidr, one per family); Cilium
        // uses them rather than its own cluster pool, so the cluster's pod networks live in the k3s config.
        ipam: { mode: "kubernetes" },
        // A dual-stack cluster's pods get an IPv6 address too (Cilium then waits for each node's IPv6 pod CIDR).
        ipv6: { enabled: cilium.ipv6 },
        kubeProxyReplacement: cilium.kubeProxyReplacement,
        // Without kube-proxy, Cilium reaches the API through the VIP, not the service IP.
        k8sServiceHost: cilium.k8sServiceHost,
        k8sServicePort: cilium.k8sServicePort,
        operator: { replicas: props.replicas },
        hubble: { enabled: cilium.hubble, relay: { enabled: cilium.hubble }, ui: { enabled: cilium.hubble } },
        bgpControlPlane: { enabled: cilium.bgpControlPlane },
        l2announcements: { enabled: cilium.l2Announcements },
        ...(cilium.l2Announcements ? { externalIPs: { enabled: true }, k8sClientRateLimit: { qps: 20, burst: 40 } } : {}),
      },
      dependsOn: props.dependsOn ?? [],
    });
  }
}
