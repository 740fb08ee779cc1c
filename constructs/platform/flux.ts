import { Construct } from "constructs";
import type { Release } from "@cdktf/provider-helm/lib/release";
import type { TopologyGitOps } from "../../lib/topology/types";
import { CHARTS } from "./charts";
import { chartRelease, Dependency, KubernetesObject, MANAGED_BY, objectsRelease, platformNamespace } from "./release";

export interface FluxProps {
  /** Resolved GitOps options (Topology.platform.gitops, engine "flux"). */
  readonly gitops: TopologyGitOps;
  /** What must exist first (the CNI). @default nothing */
  readonly dependsOn?: readonly Dependency[];
}

export const FLUX_NAMESPACE = "flux-system";

/** The GitRepository and the Kustomization that applies the environment's folder of it. */
export function fluxSyncObjects(gitops: TopologyGitOps): KubernetesObject[] {
  const metadata = { name: "flux-system", namespace: FLUX_NAMESPACE, labels: { ...MANAGED_BY } };
  return [
    { apiVersion: "source.toolkit.fluxcd.io/v1", kind: "GitRepository", metadata, spec: { interval: "1m", url: gitops.repoUrl, ref: { branch: gitops.revision } } },
    {
      apiVersion: "kustomize.toolkit.fluxcd.io/v1",
      kind: "Kustomization",
      metadata,
      spec: { interval: "10m", path: gitops.path, prune: true, sourceRef: { kind: "GitRepository", name: "flux-system" } },
    },
  ];
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
