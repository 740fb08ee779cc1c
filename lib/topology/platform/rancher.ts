import type { IssueLog } from "../../config/errors";
import type { Platform } from "../../config/platform";
import type { TopologyCluster, TopologyPlatform } from "../types";
import { P } from "./shared";

/** Rancher 2.12's chart declares kubeVersion < 1.34 (the pin in constructs/platform/charts.ts). */
const RANCHER_MAX_KUBERNETES_MINOR = 33;

/** The Kubernetes minor of a k3s release (v1.31.4+k3s1) or a MicroK8s channel (1.31/stable). */
export function kubernetesMinor(version: string): number | undefined {
  const match = /^v?1\.(\d+)/.exec(version);
  return match ? Number(match[1]) : undefined;
}

/** What Rancher builds on: the rest of the resolved platform and the cluster it runs on. */
export interface RancherContext {
  readonly cluster: TopologyCluster;
  readonly certManager: TopologyPlatform["certManager"];
  readonly ingress: TopologyPlatform["ingress"];
  readonly domain: string;
  readonly storageNodes: readonly string[];
}

/**
 * Rancher needs cert-manager for its certificate, an ingress to be served through, and a
 * Kubernetes release its pinned chart supports. Undefined when Rancher is off.
 */
export function resolveRancher(config: Platform, context: RancherContext, issues: IssueLog): TopologyPlatform["rancher"] {
  if (!config.rancher.enabled) return undefined;
  const { cluster } = context;
  if (!context.certManager) issues.error(`${P}.rancher.enabled`, true, "Rancher issues its certificate through cert-manager; set platform.certManager.enabled: true");
  if (!context.ingress) issues.error(`${P}.rancher.enabled`, true, "Rancher is served through an ingress; enable platform.traefik or platform.ingressNginx");
  const minor = kubernetesMinor(cluster.version);
  if (minor !== undefined && minor > RANCHER_MAX_KUBERNETES_MINOR) {
    issues.error(
      `${P}.rancher.enabled`,
      true,
      `the pinned Rancher chart supports Kubernetes up to 1.${RANCHER_MAX_KUBERNETES_MINOR}, but cluster ${cluster.name} runs ${cluster.version}; pin an older Kubernetes or turn Rancher off`,
    );
  }
  return { hostname: config.rancher.hostname ?? `rancher.${context.domain}`, replicas: config.rancher.replicas ?? Math.min(3, context.storageNodes.length || 1) };
}
