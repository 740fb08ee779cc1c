import { Construct } from "constructs";
import type { Release } from "@cdktf/provider-helm/lib/release";
import type { TopologyPlatform } from "../../lib/topology/types";
import { CHARTS } from "./charts";
import { chartRelease, Dependency, KubernetesObject, MANAGED_BY, objectsRelease, platformNamespace } from "./release";

export interface ExternalSecretsProps {
  /** Resolved secret backend (Topology.platform.externalSecrets). */
  readonly externalSecrets: NonNullable<TopologyPlatform["externalSecrets"]>;
  /** What must exist first (the CNI). @default nothing */
  readonly dependsOn?: readonly Dependency[];
}

export const EXTERNAL_SECRETS_NAMESPACE = "external-secrets";

/** A ClusterSecretStore for Vault or OpenBao (same API), authenticated by a token Secret made out of band. */
export function clusterSecretStore(store: NonNullable<TopologyPlatform["externalSecrets"]>): KubernetesObject {
  return {
    apiVersion: "external-secrets.io/v1",
    kind: "ClusterSecretStore",
    metadata: { name: store.backend, labels: { ...MANAGED_BY } },
    spec: {
      provider: {
        vault: {
          server: store.server,
          path: store.path,
          version: "v2",
          auth: { tokenSecretRef: { name: store.tokenSecretName, key: "token", namespace: EXTERNAL_SECRETS_NAMESPACE } },
        },
      },
    },
  };
}

/** External Secrets Operator, then the ClusterSecretStore once its CRDs and webhook are up. */
export class ExternalSecrets extends Construct {
  readonly release: Release;
  readonly store: Release;

  constructor(scope: Construct, id: string, props: ExternalSecretsProps) {
    super(scope, id);
    const namespace = platformNamespace(this, EXTERNAL_SECRETS_NAMESPACE);
    this.release = chartRelease(this, "Resource", {
      chart: CHARTS.externalSecrets,
      name: "external-secrets",
      namespace: EXTERNAL_SECRETS_NAMESPACE,
      values: { installCRDs: true },
      dependsOn: [namespace, ...(props.dependsOn ?? [])],
    });
    this.store = objectsRelease(this, "Store", {
      name: "external-secrets-store",
      namespace: EXTERNAL_SECRETS_NAMESPACE,
      objects: [clusterSecretStore(props.externalSecrets)],
      dependsOn: [this.release],
    });
  }
}
