import { Construct } from "constructs";
import type { Release } from "@cdktf/provider-helm/lib/release";
import { CHARTS } from "./charts";
import { chartRelease, Dependency, platformNamespace } from "./release";

export interface ReplicatorProps {
  /** What must exist first (the CNI). @default nothing */
  readonly dependsOn?: readonly Dependency[];
}

export const REPLICATOR_NAMESPACE = "kube-replicator";

/**
 * mittwald's kubernetes-replicator: a Secret annotated `replicator.v1.mittwald.de/replicate-to`
 * (or a target annotated `replicate-from`) is copied across namespaces, as the gitops-lab seed
 * spreads the secrets its secret backend delivers.
 */
export class Replicator extends Construct {
  readonly release: Release;

  constructor(scope: Construct, id: string, props: ReplicatorProps = {}) {
    super(scope, id);
    const namespace = platformNamespace(this, REPLICATOR_NAMESPACE);
    this.release = chartRelease(this, "Resource", {
      chart: CHARTS.replicator,
      name: "kubernetes-replicator",
      namespace: REPLICATOR_NAMESPACE,
      values: {},
      dependsOn: [namespace, ...(props.dependsOn ?? [])],
    });
  }
}
