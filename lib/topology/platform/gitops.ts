import type { IssueLog } from "../../config/errors";
import type { Platform } from "../../config/platform";
import type { TopologyGitOps } from "../types";
import { resolveFluxLayers } from "./flux-layers";
import { P } from "./shared";

/**
 * GitOps: one engine (Argo CD wins over Flux when both are on; that conflict is reported apart),
 * pointed at a repository, syncing `clusters/<env>` unless a path is given.
 */
export function resolveGitOps(config: Platform, environment: string, issues: IssueLog): TopologyGitOps | undefined {
  if (config.argocd.enabled) {
    if (!config.argocd.repoUrl) issues.error(`${P}.argocd.repoUrl`, undefined, "Argo CD needs the Git repository it syncs from; set repoUrl (e.g. https://github.com/me/homelab-gitops.git)");
    return { engine: "argocd", repoUrl: config.argocd.repoUrl ?? "", path: config.argocd.path ?? `clusters/${environment}`, revision: config.argocd.revision };
  }
  if (config.flux.enabled) {
    if (!config.flux.repoUrl) issues.error(`${P}.flux.repoUrl`, undefined, "Flux needs the Git repository it syncs from; set repoUrl (e.g. https://github.com/me/homelab-gitops.git)");
    const layers = config.flux.layers ? resolveFluxLayers(config.flux.layers, issues) : undefined;
    return { engine: "flux", repoUrl: config.flux.repoUrl ?? "", path: config.flux.path ?? `./clusters/${environment}`, revision: config.flux.branch, ...(layers ? { layers } : {}) };
  }
  return undefined;
}
