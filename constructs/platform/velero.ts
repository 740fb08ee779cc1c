import { Construct } from "constructs";
import type { Release } from "@cdktf/provider-helm/lib/release";
import type { TopologyPlatform } from "../../lib/topology/types";
import { CHARTS, VELERO_AWS_PLUGIN_IMAGE } from "./charts";
import { chartRelease, Dependency, platformNamespace } from "./release";

export interface VeleroProps {
  /** Resolved backup target (Topology.platform.velero). */
  readonly velero: NonNullable<TopologyPlatform["velero"]>;
  /** What must exist first (the CNI). @default nothing */
  readonly dependsOn?: readonly Dependency[];
}

export const VELERO_NAMESPACE = "velero";

/**
 * Velero backing up to an S3-compatible bucket, with file-system backup of volumes by the node agent
 * and a daily schedule. Credentials come from the Secret named in the environment (key `cloud`, AWS
 * credentials-file format), created out of band; the chart only references it.
 */
export class Velero extends Construct {
  readonly release: Release;

  constructor(scope: Construct, id: string, props: VeleroProps) {
    super(scope, id);
    const { velero } = props;
    const namespace = platformNamespace(this, VELERO_NAMESPACE, { "pod-security.kubernetes.io/enforce": "privileged" });
    this.release = chartRelease(this, "Resource", {
      chart: CHARTS.velero,
      name: "velero",
      namespace: VELERO_NAMESPACE,
      values: {
        initContainers: [{ name: "velero-plugin-for-aws", image: VELERO_AWS_PLUGIN_IMAGE, volumeMounts: [{ mountPath: "/target", name: "plugins" }] }],
        credentials: { useSecret: true, existingSecret: velero.credentialsSecretName },
        configuration: {
          backupStorageLocation: [
            { name: "default", provider: "aws", bucket: velero.bucket, default: true, config: { region: velero.region, s3ForcePathStyle: true, s3Url: velero.s3Url } },
          ],
          volumeSnapshotLocation: [],
          defaultVolumesToFsBackup: true,
        },
        snapshotsEnabled: false,
        deployNodeAgent: true,
        schedules: { daily: { disabled: false, schedule: velero.schedule, useOwnerReferencesInBackup: false, template: { ttl: "720h", includedNamespaces: ["*"] } } },
      },
      dependsOn: [namespace, ...(props.dependsOn ?? [])],
    });
  }
}
