import { Construct } from "constructs";
import type { Release } from "@cdktf/provider-helm/lib/release";
import { CHARTS } from "./charts";
import { chartRelease, Dependency } from "./release";

export interface FlannelProps {
  /** Pod network CIDR (Topology cluster.podCidr); must equal kubeadm's podSubnet. */
  readonly podCidr: string;
  /** What must exist first. @default nothing */
  readonly dependsOn?: readonly Dependency[];
}

/**
 * Flannel as the CNI of a distribution that ships none (kubeadm). Nodes stay NotReady until it
 * runs, so every other release waits for it. The release lives in kube-system, which exists on every
 * cluster; the chart creates its own privileged kube-flannel namespace for the DaemonSet.
 */
export class Flannel extends Construct {
  readonly release: Release;

  constructor(scope: Construct, id: string, props: FlannelProps) {
    super(scope, id);
    this.release = chartRelease(this, "Resource", {
      chart: CHARTS.flannel,
      name: "flannel",
      namespace: "kube-system",
      values: { podCidr: props.podCidr },
      dependsOn: props.dependsOn ?? [],
    });
  }
}
