import { Construct } from "constructs";
import type { Release } from "@cdktf/provider-helm/lib/release";
import type { TopologyAuthentik } from "../../lib/topology/types";
import { CHARTS } from "./charts";
import { chartRelease, Dependency, platformNamespace } from "./release";

export interface AuthentikProps {
  /** Resolved Authentik (Topology.platform.authentik). */
  readonly authentik: TopologyAuthentik;
  /** What must exist first (the CNI, the ingress controller, the issuer, the storage classes or the CNPG Cluster). */
  readonly dependsOn: readonly Dependency[];
}

export const AUTHENTIK_NAMESPACE = "authentik";

/** Keys of the credentials Secret (created out of band) the chart's pods read. */
export const AUTHENTIK_SECRET_KEYS = { secretKey: "secret-key", postgresPassword: "postgresql-password", postgresAdminPassword: "postgres-password" } as const;

/**
 * The chart's values (authentik 2026.8.0 values.yaml). Both secrets reach the pods as env entries
 * referencing the out-of-band Secret: `global.env` comes before the chart's own envFrom Secret, which
 * then only carries the non-secret settings, so no secret value is in the release's values.
 */
export function authentikValues(authentik: TopologyAuthentik): Record<string, unknown> {
  const fromSecret = (name: string, key: string) => ({ name, valueFrom: { secretKeyRef: { name: authentik.credentialsSecret, key } } });
  const { database } = authentik;
  const tlsSecret = "authentik-tls";
  return {
    global: {
      env: [fromSecret("AUTHENTIK_SECRET_KEY", AUTHENTIK_SECRET_KEYS.secretKey), fromSecret("AUTHENTIK_POSTGRESQL__PASSWORD", AUTHENTIK_SECRET_KEYS.postgresPassword)],
    },
    authentik: {
      error_reporting: { enabled: false },
      // The bundled server keeps the chart's defaults: host <release>-postgresql, database and user authentik.
      ...(database.kind === "cnpg" ? { postgresql: { host: database.host, name: database.name, user: database.user, port: 5432 } } : {}),
    },
    server: {
      replicas: authentik.replicas,
      ingress: {
        enabled: true,
        ingressClassName: authentik.ingressClassName,
        hosts: [authentik.hostname],
        ...(authentik.clusterIssuer ? { annotations: { "cert-manager.io/cluster-issuer": authentik.clusterIssuer }, tls: [{ secretName: tlsSecret, hosts: [authentik.hostname] }] } : {}),
      },
    },
    postgresql:
      database.kind === "bundled"
        ? {
            enabled: true,
            auth: {
              username: "authentik",
              database: "authentik",
              existingSecret: authentik.credentialsSecret,
              secretKeys: { userPasswordKey: AUTHENTIK_SECRET_KEYS.postgresPassword, adminPasswordKey: AUTHENTIK_SECRET_KEYS.postgresAdminPassword },
            },
            primary: { persistence: { enabled: true, storageClass: database.storageClass } },
          }
        : { enabled: false },
  };
}

/**
 * Authentik (the gitops-lab seed's identity provider): server and worker, served on its host name
 * through the cluster's ingress controller, with a certificate from the platform's ClusterIssuer.
 */
export class Authentik extends Construct {
  readonly release: Release;

  constructor(scope: Construct, id: string, props: AuthentikProps) {
    super(scope, id);
    const namespace = platformNamespace(this, AUTHENTIK_NAMESPACE);
    this.release = chartRelease(this, "Resource", {
      chart: CHARTS.authentik,
      name: "authentik",
      namespace: AUTHENTIK_NAMESPACE,
      values: authentikValues(props.authentik),
      dependsOn: [namespace, ...props.dependsOn],
      // First start runs the database migrations.
      timeoutSeconds: 900,
    });
  }
}
