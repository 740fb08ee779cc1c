import { Construct } from "constructs";
import type { Release } from "@cdktf/provider-helm/lib/release";
import type { TopologyGitOps } from "../../lib/topology/types";
import { CHARTS } from "./charts";
import { chartRelease, Dependency, KubernetesObject, MANAGED_BY, objectsRelease, platformNamespace } from "./release";

export interface ArgoCdProps {
  /** Resolved GitOps options (Topology.platform.gitops, engine "argocd"). */
  readonly gitops: TopologyGitOps;
  /** Host name of the Argo CD UI. */
  readonly domain: string;
  /** What must exist first (the CNI). @default nothing */
  readonly dependsOn?: readonly Dependency[];
}

export const ARGOCD_NAMESPACE = "argocd";

/** The root Application: Argo CD syncs the environment's folder of the GitOps repository. */
export function rootApplication(gitops: TopologyGitOps): KubernetesObject {
  return {
    apiVersion: "argoproj.io/v1alpha1",
    kind: "Application",
    metadata: { name: "cluster-root", namespace: ARGOCD_NAMESPACE, labels: { ...MANAGED_BY } },
    spec: {
      project: "default",
      source: { repoURL: gitops.repoUrl, path: gitops.path, targetRevision: gitops.revision },
      destination: { server: "https://kubernetes.default.svc", namespace: ARGOCD_NAMESPACE },
      syncPolicy: { automated: { prune: true, selfHeal: true }, syncOptions: ["CreateNamespace=true"] },
    },
  };
}

/** Argo CD, then its root Application once the Application CRD exists. */
export class ArgoCd extends Construct {
  readonly release: Release;
  readonly application: Release;

  constructor(scope: Construct, id: string, props: ArgoCdProps) {
    super(scope, id);
    const namespace = platformNamespace(this, ARGOCD_NAMESPACE);
    this.release = chartRelease(this, "Resource", {
      chart: CHARTS.argocd,
      name: "argocd",
      namespace: ARGOCD_NAMESPACE,
      values: { global: { domain: `argocd.${props.domain}` }, crds: { install: true, keep: true } },
      dependsOn: [namespace, ...(props.dependsOn ?? [])],
    });
    this.application = objectsRelease(this, "RootApplication", {
      name: "argocd-root",
      namespace: ARGOCD_NAMESPACE,
      objects: [rootApplication(props.gitops)],
      dependsOn: [this.release],
    });
  }
}
