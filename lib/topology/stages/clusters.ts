import type { Cluster, Environment } from "../../config/schema";
import type { IssueLog } from "../../config/errors";
import { cidrContains, parseAddress } from "../../net/ip";
import type { TopologyApiLoadBalancer, TopologyCluster, PlannedTopologyVm } from "../types";
import { clusterKubeconfigPath } from "../platform";
import { rangeToCidrs } from "./bgp";
import type { AddressClaims } from "./claims";
import { hasIpv4, reportIpv6OnlyPrimary, type Ipv4Network, type PlannedNetwork } from "./networks";
import { clusterCidrs } from "./cluster-cidrs";
import { siteNodeNames, siteOf, type SiteInput } from "./sites";

/** Where each distribution serves the Kubernetes API. */
const API_PORTS = { k3s: 6443, microk8s: 16443, kubeadm: 6443 } as const;

/** Each distribution's own pod and service CIDRs, used unless the cluster sets podCidr/serviceCidr. */
/** The containerd release kubeadm clusters get unless they pin another (the HA-cluster seed's 1.7.28). */
export const DEFAULT_CONTAINERD_VERSION = "1.7.28";

/** A cluster whose name, site and network resolved: what the pool and BGP stages build on. */
export interface ClusterInput {
  readonly config: Cluster;
  /** `cluster` or `clusters[i]`. */
  readonly path: string;
  readonly site: SiteInput;
  readonly network: Ipv4Network;
  /** The LB pool's first and last address, when it is usable (inside the network, in order). */
  readonly lbPool?: { readonly first: bigint; readonly last: bigint };
}

/** The environment's clusters with their config paths: one `cluster`, or a list of `clusters`. */
function clusterConfigs(env: Environment, issues: IssueLog): { config: Cluster; path: string }[] {
  if (env.cluster && env.clusters) {
    issues.error("clusters", env.clusters.map((c) => c.name), "is set beside cluster; list every cluster under clusters, or keep the single cluster");
  }
  if (env.clusters) return env.clusters.map((config, index) => ({ config, path: `clusters[${index}]` }));
  return env.cluster ? [{ config: env.cluster, path: "cluster" }] : [];
}

/**
 * Resolves each cluster's site and network and claims its API VIP and LB pool. Runs before any VM
 * is placed, so a VM landing on a VIP or pool address is the one named in the collision. A cluster
 * with a duplicate name, an unknown site or network, or a network of another site is left out.
 */
export function resolveClusters(
  env: Environment,
  sites: readonly SiteInput[],
  networks: ReadonlyMap<string, PlannedNetwork>,
  claims: AddressClaims,
  issues: IssueLog,
): ClusterInput[] {
  const configs = clusterConfigs(env, issues);
  const names = new Set<string>();
  // With several clusters each VIP and pool names its cluster; with one, "the" VIP is clear.
  const of = (name: string): string => (configs.length > 1 ? ` of ${name}` : "");
  return configs.flatMap(({ config, path }) => {
    if (names.has(config.name)) {
      issues.error(`${path}.name`, config.name, "is used by another cluster; give each cluster a unique name");
      return [];
    }
    names.add(config.name);
    const site = siteOf(sites, config.site, `${path}.site`, issues);
    const network = networks.get(config.network);
    if (!network) {
      issues.error(`${path}.network`, config.network, `is not a declared network; use one of ${[...networks.keys()].join(", ")}`);
      return [];
    }
    if (!hasIpv4(network)) {
      reportIpv6OnlyPrimary(network, `${path}.network`, `cluster ${config.name}`, issues);
      return [];
    }
    if (!site) return [];
    if (network.site !== site) {
      issues.error(`${path}.network`, config.network, `belongs to site ${network.site.config.name}, not the cluster's site ${site.config.name}; use one of ${site.config.networks.map((n) => n.name).join(", ")}`);
      return [];
    }
    if (config.apiVip !== undefined && config.apiLoadBalancer?.vms.length === 1) {
      // Reported by the API load-balancer stage: one LB VM serves the API on its own address.
    } else if (config.apiVip === undefined) {
      // One API load-balancer VM serves the API on its own address; every other setup needs a VIP.
      if ((config.apiLoadBalancer?.vms.length ?? 0) !== 1) {
        const why = config.apiLoadBalancer ? `keepalived needs a VIP shared by the ${config.apiLoadBalancer.vms.length} load-balancer VMs` : "kube-vip serves the API on it";
        issues.error(`${path}.apiVip`, undefined, `is missing: ${why}; give a free address in ${network.config.cidr}`);
      }
    } else {
      const vip = parseAddress(config.apiVip);
      if (!cidrContains(network.cidr, vip)) {
        issues.error(`${path}.apiVip`, config.apiVip, `is outside the cluster network ${network.config.cidr}; pick a free address inside it`);
      } else {
        claims.claim(vip.value, `the Kubernetes API VIP${of(config.name)}`, `${path}.apiVip`, config.apiVip);
      }
    }
    let lbPool: ClusterInput["lbPool"];
    const start = parseAddress(config.loadBalancerPool.start);
    const end = parseAddress(config.loadBalancerPool.end);
    if (!cidrContains(network.cidr, start) || !cidrContains(network.cidr, end)) {
      issues.error(`${path}.loadBalancerPool`, config.loadBalancerPool, `is not inside the cluster network ${network.config.cidr}; LoadBalancer addresses must be reachable on it`);
    } else if (end.value < start.value) {
      issues.error(`${path}.loadBalancerPool`, config.loadBalancerPool, "ends before it starts; swap start and end");
    } else {
      lbPool = { first: start.value, last: end.value };
      claims.claimRange(start.value, end.value, `the LoadBalancer pool${of(config.name)}`, `${path}.loadBalancerPool`, config.loadBalancerPool);
    }
    return [{ config, path, site, network, ...(lbPool ? { lbPool } : {}) }];
  });
}

/** A cluster needs a server; an even etcd membership buys no extra fault tolerance. */
export function checkServerCount(cluster: ClusterInput, issues: IssueLog): void {
  const count = cluster.config.servers.count;
  if (count === 0) {
    issues.error(`${cluster.path}.servers.count`, 0, "a cluster needs at least one server (control-plane node); use 1 for a lab or 3 for HA");
  } else if (count % 2 === 0) {
    issues.warn(`${cluster.path}.servers.count`, count, `an even number of etcd members tolerates no more failures than ${count - 1}; use an odd count`);
  }
}

/** Quorum: a Proxmox node holding a majority of the servers takes the control plane down with it. */
export function checkQuorum(cluster: ClusterInput, servers: readonly PlannedTopologyVm[], issues: IssueLog): void {
  if (servers.length <= 1) return;
  const perNode = new Map<string, number>();
  for (const vm of servers) perNode.set(vm.node, (perNode.get(vm.node) ?? 0) + 1);
  for (const [node, count] of perNode) {
    if (count > servers.length / 2) {
      const allowed = cluster.config.servers.nodes ?? siteNodeNames(cluster.site);
      issues.warn(`${cluster.path}.servers.nodes`, allowed, `Proxmox node ${node} holds ${count} of ${servers.length} servers, a majority: losing it loses etcd quorum; allow the pool more nodes`);
    }
  }
}

/** The cluster as the Topology lists it, from its placed servers and agents. */
export function topologyCluster(
  env: Environment,
  cluster: ClusterInput,
  members: { readonly servers: readonly PlannedTopologyVm[]; readonly agents: readonly PlannedTopologyVm[] },
  clusterCount: number,
  extras: { readonly apiLoadBalancer?: TopologyApiLoadBalancer; readonly hosts?: readonly string[] } = {},
): TopologyCluster {
  const { config, lbPool } = cluster;
  return {
    name: config.name,
    distribution: config.distribution,
    version: config.version,
    network: config.network,
    apiVip: extras.apiLoadBalancer?.endpoint ?? config.apiVip ?? "",
    apiPort: API_PORTS[config.distribution],
    ...(config.distribution === "kubeadm" ? { containerdVersion: config.containerdVersion ?? DEFAULT_CONTAINERD_VERSION } : {}),
    ...(extras.apiLoadBalancer ? { apiLoadBalancer: extras.apiLoadBalancer } : {}),
    hosts: extras.hosts ?? [],
    loadBalancerPool: { start: config.loadBalancerPool.start, end: config.loadBalancerPool.end, size: lbPool ? Number(lbPool.last - lbPool.first + 1n) : 0 },
    servers: members.servers.map((vm) => vm.name),
    agents: members.agents.map((vm) => vm.name),
    tag: clusterTag(config),
    site: cluster.site.config.name,
    loadBalancerPrefixes: lbPool ? rangeToCidrs(config.loadBalancerPool.start, config.loadBalancerPool.end) : [],
    kubeconfigPath: clusterKubeconfigPath(env, config.name, clusterCount),
    ...clusterCidrs(config),
  };
}

/** The API port a distribution serves on. */
export function apiPortOf(distribution: Cluster["distribution"]): number {
  return API_PORTS[distribution];
}

/** The tag every VM of a cluster carries. */
export function clusterTag(config: Pick<Cluster, "name">): string {
  return `k8s-${config.name}`;
}

/** One kubeconfigPath cannot serve several clusters: each gets its own file. */
export function checkKubeconfigPath(env: Environment, clusterCount: number, issues: IssueLog): void {
  if (clusterCount > 1 && env.kubeconfigPath) {
    issues.error("kubeconfigPath", env.kubeconfigPath, `names one file for ${clusterCount} clusters; remove it: each cluster's kubeconfig is ${clusterKubeconfigPath(env, "<cluster>", clusterCount)} (override at deploy with TF_VAR_kubeconfig_path_<cluster>)`);
  }
}
