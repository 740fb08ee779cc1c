import { Construct } from "constructs";
import type { Release } from "@cdktf/provider-helm/lib/release";
import type { TopologyPlatform } from "../../lib/topology/types";
import { CHARTS } from "./charts";
import { chartRelease, Dependency, platformNamespace } from "./release";

export interface NfsProps {
  /** Resolved NFS StorageClass (Topology.platform.nfs). */
  readonly nfs: NonNullable<TopologyPlatform["nfs"]>;
  /** What must exist first (the CNI). @default nothing */
  readonly dependsOn?: readonly Dependency[];
}

export const NFS_NAMESPACE = "nfs-provisioner";

/**
 * nfs-subdir-external-provisioner: a StorageClass whose volumes are subfolders of one NFS export
 * (large media next to Longhorn's block volumes). Never the default class.
 */
export class Nfs extends Construct {
  readonly release: Release;

  constructor(scope: Construct, id: string, props: NfsProps) {
    super(scope, id);
    const { nfs } = props;
    const namespace = platformNamespace(this, NFS_NAMESPACE);
    this.release = chartRelease(this, "Resource", {
      chart: CHARTS.nfsSubdirExternalProvisioner,
      name: "nfs-subdir-external-provisioner",
      namespace: NFS_NAMESPACE,
      values: {
        nfs: { server: nfs.server, path: nfs.path },
        storageClass: { name: nfs.storageClass, defaultClass: false, archiveOnDelete: nfs.archiveOnDelete, reclaimPolicy: "Delete" },
      },
      dependsOn: [namespace, ...(props.dependsOn ?? [])],
    });
  }
}
