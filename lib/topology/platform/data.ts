import type { IssueLog } from "../../config/errors";
import type { Platform } from "../../config/platform";
import type { TopologyPlatform } from "../types";
import { P } from "./shared";

/**
 * CloudNativePG's PostgreSQL cluster. Backups are on unless switched off, and then need the whole
 * S3 target (endpoint, bucket, credentials Secret): a cluster that silently archives nowhere is worse
 * than one that refuses to plan.
 */
export function resolveCnpg(config: Platform, defaultStorageClass: string, issues: IssueLog): TopologyPlatform["cnpg"] {
  if (!config.cnpg.enabled) return undefined;
  const c = config.cnpg;
  const base = { clusterName: c.clusterName, namespace: c.namespace, instances: c.instances, storageGiB: c.storageGiB, storageClass: defaultStorageClass };
  if (!c.backup.enabled) return base;
  const s3 = c.backup.s3;
  const path = `${P}.cnpg.backup.s3`;
  if (!s3) {
    issues.error(path, undefined, "CloudNativePG backups need an S3 target; set s3 { endpoint, bucket, credentialsSecret } or turn backups off with platform.cnpg.backup.enabled: false");
    return base;
  }
  if (!s3.endpoint) issues.error(`${path}.endpoint`, undefined, "CloudNativePG backups need the S3-compatible endpoint; set endpoint (e.g. https://minio.lab.example:9000)");
  if (!s3.bucket) issues.error(`${path}.bucket`, undefined, "CloudNativePG backups need the bucket they write to; set bucket");
  if (!s3.credentialsSecret) {
    issues.error(`${path}.credentialsSecret`, undefined, "CloudNativePG backups need the Secret with ACCESS_KEY_ID and ACCESS_SECRET_KEY; set credentialsSecret to its name");
  }
  return { ...base, backup: { endpoint: s3.endpoint ?? "", bucket: s3.bucket ?? "", credentialsSecret: s3.credentialsSecret ?? "", retention: c.backup.retention } };
}

/** external-dns on Cloudflare: the API token Secret and at least one zone are required. */
export function resolveExternalDns(config: Platform, environment: string, issues: IssueLog): TopologyPlatform["externalDns"] {
  if (!config.externalDns.enabled) return undefined;
  const e = config.externalDns;
  if (!e.apiTokenSecret) {
    issues.error(`${P}.externalDns.apiTokenSecret`, undefined, "external-dns needs the Secret holding the Cloudflare API token; set apiTokenSecret { name, key }");
  }
  if (e.domainFilters.length === 0) {
    issues.error(`${P}.externalDns.domainFilters`, [], "external-dns would manage every zone the token reaches; list the zones it may change, e.g. [example.com]");
  }
  return {
    provider: e.provider,
    apiTokenSecret: e.apiTokenSecret ?? { name: "", key: "api-token" },
    domainFilters: e.domainFilters,
    txtOwnerId: e.txtOwnerId ?? environment,
    proxied: e.proxied,
  };
}

/** An NFS StorageClass: the server and export path have no default. */
export function resolveNfs(config: Platform, issues: IssueLog): TopologyPlatform["nfs"] {
  if (!config.nfs.enabled) return undefined;
  const n = config.nfs;
  if (!n.server) issues.error(`${P}.nfs.server`, undefined, "the NFS StorageClass needs the server that exports the volumes; set server (address or host name)");
  if (!n.path) issues.error(`${P}.nfs.path`, undefined, "the NFS StorageClass needs the exported path; set path (e.g. /mnt/tank/k8s)");
  return { server: n.server ?? "", path: n.path ?? "", storageClass: n.storageClass, archiveOnDelete: n.archiveOnDelete };
}
