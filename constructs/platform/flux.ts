import { Construct } from "constructs";
import type { Release } from "@cdktf/provider-helm/lib/release";
import type { TopologyGitOps } from "../../lib/topology/types";
import { FLUX_SYSTEM, fluxSyncObjects as syncObjects } from "../../lib/flux/layout";
import { CHARTS } from "./charts";
import { chartRelease, Dependency, KubernetesObject, MANAGED_BY, objectsRelease, platformNamespace } from "./release";

export interface FluxProps {
  /** Resolved GitOps options (Topology.platform.gitops, engine "flux"). */
  readonly gitops: TopologyGitOps;
  /** What must exist first (the CNI). @default nothing */
  readonly dependsOn?: readonly Dependency[];
}

export const FLUX_NAMESPACE = FLUX_SYSTEM;

/** The GitRepository and the Kustomization that applies the environment's folder of it (lib/flux/layout.ts writes the same to gotk-sync.yaml). */
export function fluxSyncObjects(gitops: TopologyGitOps): KubernetesObject[] {
  return syncObjects(gitops, MANAGED_BY);
}

/** Flux controllers, then the sync objects once the toolkit CRDs exist. */
export class Flux extends Construct {
  readonly release: Release;
  readonly sync: Release;

  constructor(scope: Construct, id: string, props: FluxProps) {
    super(scope, id);
    const namespace = platformNamespace(this, FLUX_NAMESPACE);
    this.release = chartRelease(this, "Resource", {
      chart: CHARTS.flux,
      name: "flux",
      namespace: FLUX_NAMESPACE,
      values: { imageAutomationController: { create: false }, imageReflectionController: { create: false } },
      dependsOn: [namespace, ...(props.dependsOn ?? [])],
    });
    this.sync = objectsRelease(this, "Sync", {
      name: "flux-sync",
      namespace: FLUX_NAMESPACE,
      objects: fluxSyncObjects(props.gitops),
      dependsOn: [this.release],
    });
  }
}
