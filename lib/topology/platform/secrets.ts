import type { IssueLog } from "../../config/errors";
import type { Platform } from "../../config/platform";
import type { TopologyPlatform } from "../types";
import { P } from "./shared";

/** Bitwarden's cloud (US region); a self-hosted or EU server sets apiUrl and identityUrl. */
export const BITWARDEN_API_URL = "https://api.bitwarden.com";
export const BITWARDEN_IDENTITY_URL = "https://identity.bitwarden.com";

const VAULT_ONLY = ["server", "path"] as const;
const BITWARDEN_ONLY = ["organizationId", "projectId", "apiUrl", "identityUrl"] as const;

/**
 * External Secrets with one ClusterSecretStore: on Vault or OpenBao (the server URL has no default),
 * or on Bitwarden Secrets Manager (organization and project have none, and its SDK server needs a
 * certificate from cert-manager). A field of the other kind of backend is refused rather than ignored.
 */
export function resolveExternalSecrets(config: Platform, issues: IssueLog): TopologyPlatform["externalSecrets"] {
  if (!config.externalSecrets.enabled) return undefined;
  const e = config.externalSecrets;
  const path = `${P}.externalSecrets`;
  if (e.backend === "bitwarden") {
    for (const field of VAULT_ONLY) {
      if (e[field] !== undefined) issues.error(`${path}.${field}`, e[field], `is a Vault/OpenBao setting; the bitwarden backend reads organizationId and projectId instead, so remove ${field}`);
    }
    if (!e.organizationId) issues.error(`${path}.organizationId`, undefined, "the Bitwarden ClusterSecretStore needs the organization's ID; set organizationId (a UUID from the Bitwarden web vault)");
    if (!e.projectId) issues.error(`${path}.projectId`, undefined, "the Bitwarden ClusterSecretStore reads one Secrets Manager project; set projectId (a UUID from the Bitwarden web vault)");
    if (!config.certManager.enabled) {
      issues.error(`${path}.backend`, "bitwarden", "External Secrets reaches the Bitwarden SDK server over HTTPS with a certificate from cert-manager; set platform.certManager.enabled: true");
    }
    return {
      backend: "bitwarden",
      organizationId: e.organizationId ?? "",
      projectId: e.projectId ?? "",
      apiUrl: e.apiUrl ?? BITWARDEN_API_URL,
      identityUrl: e.identityUrl ?? BITWARDEN_IDENTITY_URL,
      tokenSecretName: e.tokenSecretName ?? "bitwarden-access-token",
    };
  }
  for (const field of BITWARDEN_ONLY) {
    if (e[field] !== undefined) issues.error(`${path}.${field}`, e[field], `is a Bitwarden setting; the ${e.backend} backend does not read it, so remove ${field} or set backend: "bitwarden"`);
  }
  if (!e.server) issues.error(`${path}.server`, undefined, `the ClusterSecretStore needs the ${e.backend === "openbao" ? "OpenBao" : "Vault"} URL; set server (e.g. https://vault.lab.example:8200)`);
  return { backend: e.backend, server: e.server ?? "", path: e.path ?? "secret", tokenSecretName: e.tokenSecretName ?? "vault-token" };
}
