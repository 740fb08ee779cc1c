import type { Environment } from "../../config/schema";
import type { Platform } from "../../config/platform";
import type { IssueLog } from "../../config/errors";
import type { TopologyCluster, TopologyClusterPlatform, TopologyHost, TopologyPlatform, PlannedTopologyVm } from "../types";
import { P, checkExclusive } from "./shared";
import { ciliumSettings, resolveCni } from "./cni";
import { resolveLoadBalancer } from "./load-balancer";
import { resolveIngress } from "./ingress";
import { resolveCertManager } from "./certificates";
import { resolveStorage, storageNodesOf } from "./storage";
import { resolveLogging, resolveMonitoring } from "./monitoring";
import { resolveGitOps } from "./gitops";
import { resolveVelero } from "./velero";
import { resolveExternalSecrets } from "./secrets";
import { resolveRancher } from "./rancher";
import { resolveCnpg, resolveExternalDns, resolveNfs } from "./data";
import { resolveAuthentik, resolveCrowdsec, withAuthentikDatabase } from "./security";

/*
 * The platform half of the Topology: which components run on the cluster, resolved against the
 * lab (LB pool, API VIP, storage nodes, domain) so the platform stack only renders. One resolver
 * per component (this folder); relations between options are checked there and reported to the
 * IssueLog with their config paths.
 */

export { NODE_EXPORTER_PORT } from "./monitoring";
export { kubernetesMinor } from "./rancher";

/** What planPlatform needs from the rest of the plan. */
export interface PlatformContext {
  /** The cluster the platform runs on; absent when the environment has none. */
  readonly cluster?: TopologyCluster;
  /** Every VM of the environment (the cluster's own are picked out by their `cluster`). */
  readonly vms: readonly PlannedTopologyVm[];
  /** Every bare-metal host of the environment. @default none */
  readonly hosts?: readonly TopologyHost[];
}

/** Without a cluster nothing is installed; every enabled component is reported. */
function withoutCluster(config: Platform, domain: string, issues: IssueLog): TopologyPlatform {
  const enabledNames = Object.entries(config)
    .filter(([, component]) => (component as { enabled?: boolean }).enabled === true)
    .map(([name]) => name);
  for (const name of enabledNames) {
    issues.error(`${P}.${name}.enabled`, true, "needs a cluster to run on; add a `cluster` block or turn the component off");
  }
  return { cni: "flannel", k3sDisable: [], replicas: 1, domain, storage: { provider: "local-path", classes: [], defaultClass: "local-path", storageNodes: [] } };
}

/**
 * Resolves the environment's `platform` block against the planned cluster. Reports every
 * conflict (two CNIs, BGP without a peer, more replicas than storage nodes, ...) to `issues`
 * and returns what can be resolved, so planTopology can report all problems at once.
 */
export function planPlatform(env: Environment, context: PlatformContext, issues: IssueLog): TopologyPlatform {
  const config: Platform = env.platform;
  const cluster = context.cluster;
  const clusterVms = context.vms.filter((vm) => vm.kind !== "extra" && vm.cluster === cluster?.name);
  const storageNodes = storageNodesOf(clusterVms);
  const replicas = storageNodes.length >= 2 ? 2 : 1;
  const domain = clusterVms.find((vm) => vm.dns.domain)?.dns.domain ?? `${env.name}.lab`;
  if (!cluster) return withoutCluster(config, domain, issues);

  // Resolvers run in this order so issues are listed the same way on every run.
  const cni = resolveCni(config, issues, cluster.distribution);
  checkExclusive(config, "argocd", "flux", "GitOps engines", issues);
  checkExclusive(config, "traefik", "ingressNginx", "ingress controllers", issues);
  const loadBalancer = resolveLoadBalancer(config, cluster, issues);
  const storage = resolveStorage(config, storageNodes, issues, cluster.distribution);
  const certManager = resolveCertManager(config, issues);
  const gitops = resolveGitOps(config, env.name, issues);
  const velero = resolveVelero(config, issues);
  const externalSecrets = resolveExternalSecrets(config, issues);
  const ingress = resolveIngress(config, replicas, loadBalancer);
  const rancher = resolveRancher(config, { cluster, certManager, ingress, domain, storageNodes }, issues);
  const monitoring = resolveMonitoring(config, storage, cluster, context.vms, env.routers, context.hosts);
  const logging = resolveLogging(config, storage);
  const cnpgCluster = resolveCnpg(config, storage.defaultClass, issues);
  const externalDns = resolveExternalDns(config, env.name, issues);
  const nfs = resolveNfs(config, issues);
  const authentik = resolveAuthentik(config, { ingress, certManager, cnpg: cnpgCluster, defaultStorageClass: storage.defaultClass, domain }, issues);
  const cnpg = withAuthentikDatabase(cnpgCluster, config, authentik);
  const crowdsec = resolveCrowdsec(config, ingress, env.name, storage.defaultClass, issues);

  // k3s's own LoadBalancer always steps aside; its Traefik only when the platform brings an ingress.
  const k3sDisable = cluster.distribution === "kubeadm" ? [] : ["servicelb"];
  if (ingress && cluster.distribution !== "kubeadm") k3sDisable.push("traefik");

  return {
    cni,
    k3sDisable,
    replicas,
    domain,
    ...(cni === "cilium" ? { cilium: ciliumSettings(config, cluster, loadBalancer) } : {}),
    // kubeadm brings no CNI: the platform installs flannel, on the cluster's pod CIDR.
    ...(cni === "flannel" && cluster.distribution === "kubeadm" ? { flannel: { podCidr: cluster.podCidr } } : {}),
    ...(loadBalancer ? { loadBalancer } : {}),
    ...(ingress ? { ingress } : {}),
    ...(certManager ? { certManager } : {}),
    storage,
    ...(monitoring ? { monitoring } : {}),
    ...(logging ? { logging } : {}),
    ...(gitops ? { gitops } : {}),
    ...(velero ? { velero } : {}),
    ...(externalSecrets ? { externalSecrets } : {}),
    ...(rancher ? { rancher } : {}),
    ...(cnpg ? { cnpg } : {}),
    ...(externalDns ? { externalDns } : {}),
    ...(nfs ? { nfs } : {}),
    ...(config.replicator.enabled ? { replicator: true as const } : {}),
    ...(authentik ? { authentik } : {}),
    ...(crowdsec ? { crowdsec } : {}),
  };
}

/** The kubeconfig a cluster's platform reads: the environment's for its only cluster, one per cluster otherwise. */
export function clusterKubeconfigPath(env: Pick<Environment, "name" | "kubeconfigPath">, cluster: string, clusterCount: number): string {
  if (clusterCount === 1) return env.kubeconfigPath ?? `~/.kube/homelab-${env.name}.yaml`;
  return `~/.kube/homelab-${env.name}-${cluster}.yaml`;
}

/**
 * How the platform stack reaches one of `clusterCount` clusters: a single cluster keeps unaliased
 * providers and the `kubeconfig_path` variable; several get one alias and variable each.
 */
export function clusterPlatformOf(cluster: TopologyCluster, clusterCount: number, platform: TopologyPlatform): TopologyClusterPlatform {
  return {
    cluster: cluster.name,
    site: cluster.site,
    ...(clusterCount > 1 ? { providerAlias: cluster.name } : {}),
    kubeconfigPath: cluster.kubeconfigPath,
    kubeconfigVariable: clusterCount > 1 ? `kubeconfig_path_${cluster.name.replace(/-/g, "_")}` : "kubeconfig_path",
    platform,
  };
}
