import type { Environment } from "../config/schema";
import type { Platform } from "../config/platform";
import type { PlannedTopologyVm, TopologyCluster } from "./types";

/*
 * The platform half of the Topology: which components run on the cluster, resolved against the
 * lab (LB pool, API VIP, storage nodes, domain) so the platform stack only renders. Relations
 * between options are checked here and reported as ConfigIssues with their config paths.
 */

/** Where planPlatform reports problems; planTopology's collector satisfies it. */
export interface PlatformIssueSink {
  error(path: string, value: unknown, message: string): void;
  warn(path: string, value: unknown, message: string): void;
}

/** What planPlatform needs from the rest of the plan. */
export interface PlatformContext {
  /** The cluster the platform runs on; absent when the environment has none. */
  readonly cluster?: TopologyCluster;
  /** Every VM of the environment (the cluster's own are picked out by their `cluster`). */
  readonly vms: readonly PlannedTopologyVm[];
}

/** Port node_exporter listens on (ansible/roles/node_exporter, node_exporter_listen_address). */
export const NODE_EXPORTER_PORT = 9100;

/** A node_exporter Prometheus scrapes from outside the cluster. */
export interface ScrapeTarget {
  /** The VM's name: the `instance` label, equal to the Kubernetes node name for cluster nodes. */
  readonly instance: string;
  /** host:port. */
  readonly target: string;
  /** The VM's role (server, agent, router, ...). */
  readonly role: string;
}

export interface BgpPeer {
  readonly name: string;
  readonly address: string;
  readonly asn: number;
}

export interface TopologyLoadBalancer {
  readonly provider: "metallb" | "cilium";
  readonly mode: "l2" | "bgp";
  /** cluster.loadBalancerPool, as the pool's first and last address. */
  readonly pool: { readonly start: string; readonly end: string; readonly size: number };
  /** The cluster's AS number (bgp mode). */
  readonly asn: number;
  /** BGP neighbours (bgp mode), empty in l2 mode. */
  readonly peers: readonly BgpPeer[];
}

export interface TopologyCilium {
  readonly kubeProxyReplacement: boolean;
  readonly hubble: boolean;
  readonly bgpControlPlane: boolean;
  /** L2 announcements are on when Cilium answers for the LB pool in l2 mode. */
  readonly l2Announcements: boolean;
  /** The API endpoint Cilium talks to without kube-proxy: the API VIP. */
  readonly k8sServiceHost: string;
  readonly k8sServicePort: number;
}

export type TopologyIssuer =
  | { readonly kind: "selfSigned"; readonly name: string }
  | {
      readonly kind: "acme";
      readonly name: string;
      readonly email: string;
      readonly server: string;
      readonly dnsProvider: "cloudflare";
      readonly tokenSecretName: string;
      readonly tokenSecretKey: string;
    };

export interface TopologyStorage {
  readonly provider: "longhorn" | "local-path";
  /** Storage classes the platform creates (empty for local-path, which k3s ships). */
  readonly classes: readonly { readonly name: string; readonly replicas: number }[];
  /** The class volumes of platform components use. */
  readonly defaultClass: string;
  /** Cluster nodes that may hold replicas (no NoSchedule/NoExecute taint), sorted. */
  readonly storageNodes: readonly string[];
}

export interface TopologyGitOps {
  readonly engine: "argocd" | "flux";
  readonly repoUrl: string;
  readonly path: string;
  /** Argo CD targetRevision, or the branch Flux follows. */
  readonly revision: string;
}

/** The resolved platform: a component is present exactly when it is installed. */
export interface TopologyPlatform {
  readonly cni: "flannel" | "cilium";
  /** Packaged k3s components the Ansible phase disables because the platform replaces them. */
  readonly k3sDisable: readonly string[];
  /** Replicas for components that run more than one copy when the cluster can spread them. */
  readonly replicas: number;
  /** The cluster network's search domain, for default host names. */
  readonly domain: string;
  readonly cilium?: TopologyCilium;
  readonly loadBalancer?: TopologyLoadBalancer;
  readonly ingress?: {
    readonly controller: "traefik" | "ingress-nginx";
    readonly className: string;
    readonly replicas: number;
    /** The ingress's LoadBalancer address: the pool's last, so first-come services cannot take it. */
    readonly loadBalancerIP?: string;
  };
  readonly certManager?: { readonly issuer: TopologyIssuer };
  readonly storage: TopologyStorage;
  readonly monitoring?: {
    readonly retention: string;
    readonly storageGiB: number;
    readonly storageClass: string;
    readonly orionAlertRules: boolean;
    /**
     * node_exporter on every VM of the cluster's site with a static address (the Ansible phase
     * installs it on every host), scraped as job "node-exporter" in place of the chart's DaemonSet.
     */
    readonly nodeExporters: readonly ScrapeTarget[];
  };
  readonly logging?: { readonly shipper: "alloy" | "promtail"; readonly storageGiB: number; readonly storageClass: string };
  readonly gitops?: TopologyGitOps;
  readonly velero?: { readonly bucket: string; readonly s3Url: string; readonly region: string; readonly credentialsSecretName: string; readonly schedule: string };
  readonly externalSecrets?: { readonly backend: "vault" | "openbao"; readonly server: string; readonly path: string; readonly tokenSecretName: string };
  readonly rancher?: { readonly hostname: string; readonly replicas: number };
}

const P = "platform";

/** Taints that keep Longhorn's replicas (and ordinary pods) off a node. */
function holdsReplicas(vm: PlannedTopologyVm): boolean {
  return !vm.taints.some((taint) => /:(NoSchedule|NoExecute)$/.test(taint));
}

/**
 * node_exporter targets for a cluster's Prometheus: the VMs of its site, in Topology order. Other
 * sites have their own Prometheus, so a VM is watched (and alerted on) once. VMs whose address NetBox
 * allocates at apply have no address to write into the scrape config and are left out.
 */
function nodeExporterTargets(cluster: TopologyCluster, vms: readonly PlannedTopologyVm[]): ScrapeTarget[] {
  return vms
    .filter((vm) => vm.site === cluster.site && vm.nic.ipv4.address !== undefined)
    .map((vm) => ({ instance: vm.name, target: `${vm.nic.ipv4.address}:${NODE_EXPORTER_PORT}`, role: vm.role }));
}

/**
 * Resolves the environment's `platform` block against the planned cluster. Reports every
 * conflict (two CNIs, BGP without a peer, more replicas than storage nodes, ...) through `issues`
 * and returns what can be resolved, so planTopology can report all problems at once.
 */
/** Rancher 2.12's chart declares kubeVersion < 1.34 (the pin in constructs/platform/charts.ts). */
const RANCHER_MAX_KUBERNETES_MINOR = 33;

/** The Kubernetes minor of a k3s release (v1.31.4+k3s1) or a MicroK8s channel (1.31/stable). */
export function kubernetesMinor(version: string): number | undefined {
  const match = /^v?1\.(\d+)/.exec(version);
  return match ? Number(match[1]) : undefined;
}

export function planPlatform(env: Environment, context: PlatformContext, issues: PlatformIssueSink): TopologyPlatform {
  const config: Platform = env.platform;
  const cluster = context.cluster;
  const clusterVms = context.vms.filter((vm) => vm.kind !== "extra" && vm.cluster === cluster?.name);
  const storageNodes = clusterVms.filter(holdsReplicas).map((vm) => vm.name).sort();
  const replicas = storageNodes.length >= 2 ? 2 : 1;
  const domain = clusterVms.find((vm) => vm.dns.domain)?.dns.domain ?? `${env.name}.lab`;

  const enabledNames = Object.entries(config)
    .filter(([, component]) => (component as { enabled?: boolean }).enabled === true)
    .map(([name]) => name);
  if (!cluster) {
    for (const name of enabledNames) {
      issues.error(`${P}.${name}.enabled`, true, "needs a cluster to run on; add a `cluster` block or turn the component off");
    }
    return { cni: "flannel", k3sDisable: [], replicas: 1, domain, storage: { provider: "local-path", classes: [], defaultClass: "local-path", storageNodes: [] } };
  }

  // CNI: flannel is k3s's default and steps aside when Cilium is on, unless both are asked for.
  const cilium = config.cilium.enabled;
  if (cilium && config.flannel.enabled === true) {
    issues.error(`${P}.flannel.enabled`, true, "two CNIs: platform.cilium.enabled is also true; a cluster runs one CNI, so turn flannel off (or remove it) to use Cilium");
  }
  if (!cilium && config.flannel.enabled === false) {
    issues.error(`${P}.flannel.enabled`, false, "leaves the cluster without a CNI; enable platform.cilium or leave flannel on");
  }
  if (!cilium) {
    for (const option of ["kubeProxyReplacement", "hubble", "bgpControlPlane"] as const) {
      if (config.cilium[option]) issues.warn(`${P}.cilium.${option}`, true, "has no effect while platform.cilium.enabled is false");
    }
  }

  // Mutually exclusive components.
  const exclusive = (a: "argocd" | "traefik", b: "flux" | "ingressNginx", what: string): void => {
    if (config[a].enabled && config[b].enabled) {
      issues.error(`${P}.${b}.enabled`, true, `two ${what}: platform.${a}.enabled is also true; pick one and turn the other off`);
    }
  };
  exclusive("argocd", "flux", "GitOps engines");
  exclusive("traefik", "ingressNginx", "ingress controllers");

  // Load balancing.
  let loadBalancer: TopologyLoadBalancer | undefined;
  const lb = config.loadBalancer;
  if (lb.provider !== "none") {
    const lbPath = `${P}.loadBalancer`;
    if (lb.provider === "cilium" && !cilium) {
      issues.error(`${lbPath}.provider`, lb.provider, 'Cilium LB-IPAM needs Cilium as the CNI; set platform.cilium.enabled: true or use provider "metallb"');
    }
    if (lb.mode === "bgp" && lb.peers.length === 0) {
      issues.error(`${lbPath}.peers`, lb.peers, 'bgp mode needs at least one router peer; add { address, asn } of the router the nodes peer with, or use mode "l2"');
    }
    if (lb.mode === "l2" && lb.peers.length > 0) {
      issues.warn(`${lbPath}.peers`, lb.peers, 'are ignored in l2 mode; set mode "bgp" to peer with them');
    }
    if (lb.provider === "cilium" && cilium && lb.mode === "bgp" && !config.cilium.bgpControlPlane) {
      issues.error(`${P}.cilium.bgpControlPlane`, false, 'Cilium LB-IPAM in bgp mode announces through the BGP control plane; set platform.cilium.bgpControlPlane: true or use mode "l2"');
    }
    if (lb.provider === "cilium" && cilium && lb.mode === "l2" && !config.cilium.kubeProxyReplacement) {
      issues.error(`${P}.cilium.kubeProxyReplacement`, false, 'Cilium L2 announcements need the kube-proxy replacement; set platform.cilium.kubeProxyReplacement: true or use provider "metallb"');
    }
    const peerNames = new Set<string>();
    const peers = lb.mode === "bgp"
      ? lb.peers.map((peer, index) => {
          const name = peer.name ?? `peer-${index + 1}`;
          if (peerNames.has(name)) issues.error(`${lbPath}.peers[${index}].name`, name, "is used by another peer; give each peer a unique name");
          peerNames.add(name);
          if (peer.asn === lb.asn) issues.warn(`${lbPath}.peers[${index}].asn`, peer.asn, "equals the cluster's own AS (iBGP); routers usually expect eBGP from the cluster, so pick a distinct private AS");
          return { name, address: peer.address, asn: peer.asn };
        })
      : [];
    loadBalancer = { provider: lb.provider, mode: lb.mode, pool: cluster.loadBalancerPool, asn: lb.asn, peers };
  }

  // Storage: Longhorn classes may not ask for more replicas than nodes that can hold them.
  let storage: TopologyStorage = { provider: "local-path", classes: [], defaultClass: "local-path", storageNodes };
  if (config.longhorn.enabled) {
    const counts = [...new Set(config.longhorn.replicaCounts)].sort((a, b) => a - b);
    config.longhorn.replicaCounts.forEach((count, index) => {
      if (count > storageNodes.length) {
        issues.error(
          `${P}.longhorn.replicaCounts[${index}]`,
          count,
          `longhorn-r${count} keeps ${count} replicas but the cluster has ${storageNodes.length} node${storageNodes.length === 1 ? "" : "s"} that can hold them (${storageNodes.join(", ") || "none"}); drop longhorn-r${count} or add untainted agents`,
        );
      }
    });
    const classes = counts.map((count) => ({ name: `longhorn-r${count}`, replicas: count }));
    const defaultClass = config.longhorn.defaultClass ?? classes[classes.length - 1].name;
    if (!classes.some((entry) => entry.name === defaultClass)) {
      issues.error(`${P}.longhorn.defaultClass`, defaultClass, `is not one of the classes (${classes.map((entry) => entry.name).join(", ")}); add its replica count to replicaCounts or pick one of them`);
    }
    storage = { provider: "longhorn", classes, defaultClass, storageNodes };
  }

  // cert-manager issuer.
  let certManager: TopologyPlatform["certManager"];
  if (config.certManager.enabled) {
    const issuer = config.certManager.issuer;
    if (issuer.kind === "acme") {
      if (!issuer.tokenSecretName) {
        issues.error(`${P}.certManager.issuer.tokenSecretName`, undefined, "ACME DNS-01 needs the name of the Secret (in namespace cert-manager) that holds the DNS API token; create it out of band and set tokenSecretName, or use issuer { kind: \"selfSigned\" }");
      }
      certManager = {
        issuer: { kind: "acme", name: "letsencrypt", email: issuer.email, server: issuer.server, dnsProvider: issuer.dnsProvider, tokenSecretName: issuer.tokenSecretName ?? "", tokenSecretKey: issuer.tokenSecretKey },
      };
    } else {
      certManager = { issuer: { kind: "selfSigned", name: "homelab-ca" } };
    }
  }

  // GitOps: one engine, pointed at a repository.
  let gitops: TopologyGitOps | undefined;
  if (config.argocd.enabled) {
    if (!config.argocd.repoUrl) issues.error(`${P}.argocd.repoUrl`, undefined, "Argo CD needs the Git repository it syncs from; set repoUrl (e.g. https://github.com/me/homelab-gitops.git)");
    gitops = { engine: "argocd", repoUrl: config.argocd.repoUrl ?? "", path: config.argocd.path ?? `clusters/${env.name}`, revision: config.argocd.revision };
  } else if (config.flux.enabled) {
    if (!config.flux.repoUrl) issues.error(`${P}.flux.repoUrl`, undefined, "Flux needs the Git repository it syncs from; set repoUrl (e.g. https://github.com/me/homelab-gitops.git)");
    gitops = { engine: "flux", repoUrl: config.flux.repoUrl ?? "", path: config.flux.path ?? `./clusters/${env.name}`, revision: config.flux.branch };
  }

  let velero: TopologyPlatform["velero"];
  if (config.velero.enabled) {
    const v = config.velero;
    if (!v.bucket) issues.error(`${P}.velero.bucket`, undefined, "Velero needs the S3 bucket it writes backups to; set bucket");
    if (!v.s3Url) issues.error(`${P}.velero.s3Url`, undefined, "Velero needs the S3-compatible endpoint; set s3Url (e.g. https://minio.lab.example:9000)");
    velero = { bucket: v.bucket ?? "", s3Url: v.s3Url ?? "", region: v.region, credentialsSecretName: v.credentialsSecretName, schedule: v.schedule };
  }

  let externalSecrets: TopologyPlatform["externalSecrets"];
  if (config.externalSecrets.enabled) {
    const e = config.externalSecrets;
    if (!e.server) issues.error(`${P}.externalSecrets.server`, undefined, `the ClusterSecretStore needs the ${e.backend === "openbao" ? "OpenBao" : "Vault"} URL; set server (e.g. https://vault.lab.example:8200)`);
    externalSecrets = { backend: e.backend, server: e.server ?? "", path: e.path, tokenSecretName: e.tokenSecretName };
  }

  const ingressController: "traefik" | "ingress-nginx" | undefined = config.traefik.enabled ? "traefik" : config.ingressNginx.enabled ? "ingress-nginx" : undefined;
  const ingress: TopologyPlatform["ingress"] = ingressController
    ? {
        controller: ingressController,
        className: ingressController === "traefik" ? "traefik" : "nginx",
        replicas: (ingressController === "traefik" ? config.traefik.replicas : config.ingressNginx.replicas) ?? replicas,
        ...(loadBalancer ? { loadBalancerIP: loadBalancer.pool.end } : {}),
      }
    : undefined;

  let rancher: TopologyPlatform["rancher"];
  if (config.rancher.enabled) {
    if (!certManager) issues.error(`${P}.rancher.enabled`, true, "Rancher issues its certificate through cert-manager; set platform.certManager.enabled: true");
    if (!ingress) issues.error(`${P}.rancher.enabled`, true, "Rancher is served through an ingress; enable platform.traefik or platform.ingressNginx");
    const minor = cluster ? kubernetesMinor(cluster.version) : undefined;
    if (minor !== undefined && minor > RANCHER_MAX_KUBERNETES_MINOR) {
      issues.error(
        `${P}.rancher.enabled`,
        true,
        `the pinned Rancher chart supports Kubernetes up to 1.${RANCHER_MAX_KUBERNETES_MINOR}, but cluster ${cluster!.name} runs ${cluster!.version}; pin an older Kubernetes or turn Rancher off`,
      );
    }
    rancher = { hostname: config.rancher.hostname ?? `rancher.${domain}`, replicas: config.rancher.replicas ?? Math.min(3, storageNodes.length || 1) };
  }

  const k3sDisable = ["servicelb"];
  if (ingress) k3sDisable.push("traefik");

  return {
    cni: cilium ? "cilium" : "flannel",
    k3sDisable,
    replicas,
    domain,
    ...(cilium
      ? {
          cilium: {
            kubeProxyReplacement: config.cilium.kubeProxyReplacement,
            hubble: config.cilium.hubble,
            bgpControlPlane: config.cilium.bgpControlPlane,
            l2Announcements: loadBalancer?.provider === "cilium" && loadBalancer.mode === "l2",
            k8sServiceHost: cluster.apiVip,
            k8sServicePort: cluster.apiPort,
          },
        }
      : {}),
    ...(loadBalancer ? { loadBalancer } : {}),
    ...(ingress ? { ingress } : {}),
    ...(certManager ? { certManager } : {}),
    storage,
    ...(config.monitoring.enabled
      ? {
          monitoring: {
            retention: config.monitoring.retention,
            storageGiB: config.monitoring.storageGiB,
            storageClass: storage.defaultClass,
            orionAlertRules: config.monitoring.orionAlertRules,
            nodeExporters: nodeExporterTargets(cluster, context.vms),
          },
        }
      : {}),
    ...(config.logging.enabled ? { logging: { shipper: config.logging.shipper, storageGiB: config.logging.storageGiB, storageClass: storage.defaultClass } } : {}),
    ...(gitops ? { gitops } : {}),
    ...(velero ? { velero } : {}),
    ...(externalSecrets ? { externalSecrets } : {}),
    ...(rancher ? { rancher } : {}),
  };
}

/** One cluster's platform: what the `<env>-platform` stack installs on it and how it reaches it. */
export interface TopologyClusterPlatform {
  /** The cluster's name. */
  readonly cluster: string;
  /** The cluster's site. */
  readonly site: string;
  /**
   * Alias of the cluster's kubernetes and helm providers and the construct scope of its resources.
   * Absent for the cluster of a single-cluster environment: unaliased providers, and the Terraform
   * addresses it had before several clusters existed.
   */
  readonly providerAlias?: string;
  /** Where the Ansible phase writes the cluster's kubeconfig (the cluster's `kubeconfig_path`). */
  readonly kubeconfigPath: string;
  /** Name of the platform stack's kubeconfig variable for this cluster. */
  readonly kubeconfigVariable: string;
  readonly platform: TopologyPlatform;
}

/** The kubeconfig a cluster's platform reads: the environment's for its only cluster, one per cluster otherwise. */
export function clusterKubeconfigPath(env: Pick<Environment, "name" | "kubeconfigPath">, cluster: string, clusterCount: number): string {
  if (clusterCount === 1) return env.kubeconfigPath ?? `~/.kube/homelab-${env.name}.yaml`;
  return `~/.kube/homelab-${env.name}-${cluster}.yaml`;
}

/**
 * A sink that reports each (path, message) once: the one `platform` block is resolved once per
 * cluster, and a conflict in it (two CNIs) is the same conflict on every cluster.
 */
export function onceEach(issues: PlatformIssueSink): PlatformIssueSink {
  const seen = new Set<string>();
  const first = (kind: string, path: string, message: string): boolean => {
    const key = `${kind}\u0000${path}\u0000${message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  };
  return {
    error: (path, value, message) => { if (first("error", path, message)) issues.error(path, value, message); },
    warn: (path, value, message) => { if (first("warn", path, message)) issues.warn(path, value, message); },
  };
}
