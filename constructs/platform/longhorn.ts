import { Construct } from "constructs";
import type { Release } from "@cdktf/provider-helm/lib/release";
import { Annotations } from "@cdktf/provider-kubernetes/lib/annotations";
import { StorageClassV1 } from "@cdktf/provider-kubernetes/lib/storage-class-v1";
import type { TopologyStorage } from "../../lib/topology/types";
import { CHARTS } from "./charts";
import { chartRelease, Dependency, MANAGED_BY, platformNamespace } from "./release";

export interface LonghornProps {
  /** Resolved storage (Topology.platform.storage, provider "longhorn"). */
  readonly storage: TopologyStorage;
  /** What must exist first (the CNI). @default nothing */
  readonly dependsOn?: readonly Dependency[];
}

/**
 * Longhorn plus one storage class per replica count (longhorn-r1, longhorn-r2, ...). Storage classes
 * are core objects, so they are plain kubernetes resources, created after the CSI driver is up.
 * Nodes need open-iscsi and nfs-common (the Ansible phase installs them).
 */
export class Longhorn extends Construct {
  readonly release: Release;
  readonly storageClasses: StorageClassV1[];

  constructor(scope: Construct, id: string, props: LonghornProps) {
    super(scope, id);
    const { storage } = props;
    const namespace = platformNamespace(this, "longhorn-system", { "pod-security.kubernetes.io/enforce": "privileged" });
    const maxReplicas = Math.max(...storage.classes.map((entry) => entry.replicas));
    this.release = chartRelease(this, "Resource", {
      chart: CHARTS.longhorn,
      name: "longhorn",
      namespace: "longhorn-system",
      values: {
        // The chart's own "longhorn" class stays out of the way; ours carry the replica count in the name.
        persistence: { defaultClass: false, defaultClassReplicaCount: maxReplicas },
        // Chart 1.10.0 fails the render unless these are strings (templates/default-setting.yaml:
        // "defaultSettings.<name> must be a string"), and default-replica-count is a data-engine-specific
        // setting since 1.10, written as JSON per engine (chart default '{"v1":"3","v2":"3"}').
        defaultSettings: {
          defaultReplicaCount: JSON.stringify({ v1: String(maxReplicas), v2: String(maxReplicas) }),
          storageMinimalAvailablePercentage: "15",
        },
        csi: {
          attacherReplicaCount: Math.min(3, storage.storageNodes.length),
          provisionerReplicaCount: Math.min(3, storage.storageNodes.length),
          ...(storage.kubeletRootDir ? { kubeletRootDir: storage.kubeletRootDir } : {}),
        },
        longhornUI: { replicas: Math.min(2, storage.storageNodes.length) },
      },
      dependsOn: [namespace, ...(props.dependsOn ?? [])],
      timeoutSeconds: 900,
    });
    this.storageClasses = storage.classes.map(
      (entry) =>
        new StorageClassV1(this, entry.name, {
          metadata: {
            name: entry.name,
            labels: { ...MANAGED_BY },
            annotations: { "storageclass.kubernetes.io/is-default-class": String(entry.name === storage.defaultClass) },
          },
          storageProvisioner: "driver.longhorn.io",
          reclaimPolicy: "Delete",
          allowVolumeExpansion: true,
          volumeBindingMode: "Immediate",
          parameters: { numberOfReplicas: String(entry.replicas), staleReplicaTimeout: "30", fsType: "ext4", dataLocality: "best-effort" },
          dependsOn: [this.release],
        }),
    );
    // k3s ships local-path as the default class; two defaults make PVCs without a class ambiguous.
    new Annotations(this, "LocalPathNotDefault", {
      apiVersion: "storage.k8s.io/v1",
      kind: "StorageClass",
      metadata: { name: "local-path" },
      annotations: { "storageclass.kubernetes.io/is-default-class": "false" },
      force: true,
      dependsOn: this.storageClasses,
    });
  }
}
