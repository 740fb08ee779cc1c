import { Construct } from "constructs";
import type { Release } from "@cdktf/provider-helm/lib/release";
import { NamespaceV1 } from "@cdktf/provider-kubernetes/lib/namespace-v1";
import type { TopologyCnpg } from "../../lib/topology/types";
import { CHARTS } from "./charts";
import { chartRelease, Dependency, KubernetesObject, MANAGED_BY, objectsRelease, platformNamespace } from "./release";

export interface CnpgProps {
  /** Resolved PostgreSQL cluster (Topology.platform.cnpg). */
  readonly cnpg: TopologyCnpg;
  /** What must exist first (the CNI, the storage classes). @default nothing */
  readonly dependsOn?: readonly Dependency[];
}

export const CNPG_NAMESPACE = "cnpg-system";

/**
 * The `Cluster` (postgresql.cnpg.io/v1), a `Database` per component keeping its data there (with
 * the owner as a managed login role of the Cluster) and, with backups, its daily `ScheduledBackup`. Backups go
 * to the S3 target through the in-tree barmanObjectStore: base backups and the WAL archive under
 * s3://<bucket>/<cluster>, credentials from the named Secret (keys ACCESS_KEY_ID, ACCESS_SECRET_KEY).
 */
export function cnpgObjects(cnpg: TopologyCnpg): KubernetesObject[] {
  const metadata = (name: string) => ({ name, namespace: cnpg.namespace, labels: { ...MANAGED_BY } });
  const backup = cnpg.backup;
  const databases = cnpg.databases ?? [];
  const cluster: KubernetesObject = {
    apiVersion: "postgresql.cnpg.io/v1",
    kind: "Cluster",
    metadata: metadata(cnpg.clusterName),
    spec: {
      instances: cnpg.instances,
      storage: { size: `${cnpg.storageGiB}Gi`, storageClass: cnpg.storageClass },
      // Login roles of other components, their passwords from basic-auth Secrets made out of band.
      ...(databases.length > 0
        ? { managed: { roles: databases.map((database) => ({ name: database.owner, ensure: "present", login: true, passwordSecret: { name: database.passwordSecret } })) } }
        : {}),
      ...(backup
        ? {
            backup: {
              retentionPolicy: backup.retention,
              barmanObjectStore: {
                destinationPath: `s3://${backup.bucket}/${cnpg.clusterName}`,
                endpointURL: backup.endpoint,
                s3Credentials: {
                  accessKeyId: { name: backup.credentialsSecret, key: "ACCESS_KEY_ID" },
                  secretAccessKey: { name: backup.credentialsSecret, key: "ACCESS_SECRET_KEY" },
                },
                wal: { compression: "gzip" },
                data: { compression: "gzip" },
              },
            },
          }
        : {}),
    },
  };
  // Each database declaratively (Database, postgresql.cnpg.io/v1), kept when the object goes away.
  const databaseObjects: KubernetesObject[] = databases.map((database) => ({
    apiVersion: "postgresql.cnpg.io/v1",
    kind: "Database",
    metadata: metadata(`${cnpg.clusterName}-${database.name}`),
    spec: { name: database.name, owner: database.owner, cluster: { name: cnpg.clusterName }, ensure: "present", databaseReclaimPolicy: "retain" },
  }));
  if (!backup) return [cluster, ...databaseObjects];
  return [
    cluster,
    ...databaseObjects,
    {
      apiVersion: "postgresql.cnpg.io/v1",
      kind: "ScheduledBackup",
      metadata: metadata(`${cnpg.clusterName}-daily`),
      // CNPG's schedule has a seconds field: 02:00 every day.
      spec: { schedule: "0 0 2 * * *", backupOwnerReference: "self", cluster: { name: cnpg.clusterName } },
    },
  ];
}

/**
 * The CloudNativePG operator (chart brings the CRDs), then the Cluster as a platform-objects release
 * that installs after the operator's webhook is ready.
 */
export class Cnpg extends Construct {
  readonly release: Release;
  /** The Cluster (and its ScheduledBackup). */
  readonly cluster: Release;

  constructor(scope: Construct, id: string, props: CnpgProps) {
    super(scope, id);
    const { cnpg } = props;
    const namespace = platformNamespace(this, CNPG_NAMESPACE);
    this.release = chartRelease(this, "Resource", {
      chart: CHARTS.cnpg,
      name: "cnpg",
      namespace: CNPG_NAMESPACE,
      values: { crds: { create: true }, monitoring: { podMonitorEnabled: false } },
      dependsOn: [namespace, ...(props.dependsOn ?? [])],
    });
    const clusterNamespace =
      cnpg.namespace === CNPG_NAMESPACE
        ? namespace
        : new NamespaceV1(this, "ClusterNamespace", { metadata: { name: cnpg.namespace, labels: { ...MANAGED_BY } } });
    this.cluster = objectsRelease(this, "Cluster", {
      name: `cnpg-${cnpg.clusterName}`,
      namespace: cnpg.namespace,
      objects: cnpgObjects(cnpg),
      dependsOn: [this.release, clusterNamespace],
    });
  }
}
