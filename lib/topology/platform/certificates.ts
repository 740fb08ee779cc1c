import type { IssueLog } from "../../config/errors";
import type { Platform } from "../../config/platform";
import type { TopologyPlatform } from "../types";
import { P } from "./shared";

/**
 * cert-manager and its one ClusterIssuer: Let's Encrypt over ACME DNS-01 (which needs the DNS API
 * token's Secret), or a self-signed CA. Undefined when cert-manager is off.
 */
export function resolveCertManager(config: Platform, issues: IssueLog): TopologyPlatform["certManager"] {
  if (!config.certManager.enabled) return undefined;
  const issuer = config.certManager.issuer;
  if (issuer.kind !== "acme") return { issuer: { kind: "selfSigned", name: "homelab-ca" } };
  if (!issuer.tokenSecretName) {
    issues.error(`${P}.certManager.issuer.tokenSecretName`, undefined, "ACME DNS-01 needs the name of the Secret (in namespace cert-manager) that holds the DNS API token; create it out of band and set tokenSecretName, or use issuer { kind: \"selfSigned\" }");
  }
  return {
    issuer: { kind: "acme", name: "letsencrypt", email: issuer.email, server: issuer.server, dnsProvider: issuer.dnsProvider, tokenSecretName: issuer.tokenSecretName ?? "", tokenSecretKey: issuer.tokenSecretKey },
  };
}
