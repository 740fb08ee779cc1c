import type { IssueLog } from "../../config/errors";
import type { Platform } from "../../config/platform";
import type { TopologyPlatform } from "../types";
import { P } from "./shared";

/** Velero backups to an S3-compatible bucket; the bucket and endpoint have no default. */
export function resolveVelero(config: Platform, issues: IssueLog): TopologyPlatform["velero"] {
  if (!config.velero.enabled) return undefined;
  const v = config.velero;
  if (!v.bucket) issues.error(`${P}.velero.bucket`, undefined, "Velero needs the S3 bucket it writes backups to; set bucket");
  if (!v.s3Url) issues.error(`${P}.velero.s3Url`, undefined, "Velero needs the S3-compatible endpoint; set s3Url (e.g. https://minio.lab.example:9000)");
  return { bucket: v.bucket ?? "", s3Url: v.s3Url ?? "", region: v.region, credentialsSecretName: v.credentialsSecretName, schedule: v.schedule };
}
