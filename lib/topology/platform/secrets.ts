import type { IssueLog } from "../../config/errors";
import type { Platform } from "../../config/platform";
import type { TopologyPlatform } from "../types";
import { P } from "./shared";

/** External Secrets with one ClusterSecretStore on Vault or OpenBao; the server URL has no default. */
export function resolveExternalSecrets(config: Platform, issues: IssueLog): TopologyPlatform["externalSecrets"] {
  if (!config.externalSecrets.enabled) return undefined;
  const e = config.externalSecrets;
  if (!e.server) issues.error(`${P}.externalSecrets.server`, undefined, `the ClusterSecretStore needs the ${e.backend === "openbao" ? "OpenBao" : "Vault"} URL; set server (e.g. https://vault.lab.example:8200)`);
  return { backend: e.backend, server: e.server ?? "", path: e.path, tokenSecretName: e.tokenSecretName };
}
