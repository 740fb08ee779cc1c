import type { IssueLog } from "../../config/errors";
import type { Platform } from "../../config/platform";

/** Config path of the `platform` block; every resolver reports under it. */
export const P = "platform";

/**
 * Reports two components that cannot run side by side (two GitOps engines, two ingress
 * controllers), naming the second one's switch so the fix is one line.
 */
export function checkExclusive(config: Platform, a: "argocd" | "traefik", b: "flux" | "ingressNginx", what: string, issues: IssueLog): void {
  if (config[a].enabled && config[b].enabled) {
    issues.error(`${P}.${b}.enabled`, true, `two ${what}: platform.${a}.enabled is also true; pick one and turn the other off`);
  }
}
