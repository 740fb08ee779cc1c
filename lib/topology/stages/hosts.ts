import type { Cluster, Environment, Host } from "../../config/schema";
import type { IssueLog } from "../../config/errors";
import { parseAddress } from "../../net/ip";
import type { Architecture, TopologyHost } from "../types";
import type { Registries } from "./claims";
import type { ClusterInput } from "./clusters";
import { hasIpv4, reportIpv6OnlyPrimary, type PlannedNetwork } from "./networks";

/*
 * Bare-metal hosts: machines the lab does not create (a Raspberry Pi, an old desktop) that join a
 * cluster. They claim their address and name like VMs do, so a collision with a VM is reported, and
 * they reach the inventory and NetBox, but no Proxmox resource is made for them.
 */

/**
 * CPU architectures each distribution publishes builds for, and where that was confirmed:
 * k3s: the release assets of github.com/k3s-io/k3s (k3s, k3s-arm64, k3s-armhf);
 * MicroK8s: the snap's architectures on snapcraft.io/microk8s (amd64, arm64, s390x, ppc64el);
 * kubeadm: the pkgs.k8s.io deb repository (amd64, arm64, ppc64le, s390x).
 */
export const DISTRIBUTION_ARCHITECTURES: Readonly<Record<Cluster["distribution"], readonly Architecture[]>> = {
  k3s: ["amd64", "arm64", "armhf"],
  microk8s: ["amd64", "arm64"],
  kubeadm: ["amd64", "arm64"],
};

/** What the host stage reads: the config, the planned networks and the resolved clusters. */
export interface HostsInput {
  readonly env: Environment;
  readonly networks: ReadonlyMap<string, PlannedNetwork>;
  readonly clusters: readonly ClusterInput[];
}

/** The environment's bare-metal hosts, in config order; a host with a bad network, address, name or cluster is reported and left out. */
export function planHosts(input: HostsInput, registries: Registries, issues: IssueLog): TopologyHost[] {
  return input.env.hosts.flatMap((host, index) => {
    const planned = planHost(host, `hosts[${index}]`, input, registries, issues);
    return planned ? [planned] : [];
  });
}

function planHost(host: Host, path: string, input: HostsInput, registries: Registries, issues: IssueLog): TopologyHost | undefined {
  const nameOk = registries.identities.takeName(host.name, `${path}.name`);
  const cluster = clusterOf(host, path, input.clusters, issues);
  const network = input.networks.get(host.network);
  if (!network) {
    issues.error(`${path}.network`, host.network, `is not a declared network; use one of ${[...input.networks.keys()].join(", ")}`);
    return undefined;
  }
  if (!hasIpv4(network)) {
    reportIpv6OnlyPrimary(network, `${path}.network`, `host ${host.name}`, issues);
    return undefined;
  }
  const address = registries.claims.hostAddress(network, parseAddress(host.address).value, host.name, `${path}.address`);
  if (cluster && cluster.network !== network) {
    issues.error(`${path}.network`, host.network, `is not the network of cluster ${cluster.config.name} (${cluster.config.network}); a worker joins its cluster on the cluster network`);
    return undefined;
  }
  if (cluster) {
    const supported = DISTRIBUTION_ARCHITECTURES[cluster.config.distribution];
    if (!supported.includes(host.architecture)) {
      const others = Object.entries(DISTRIBUTION_ARCHITECTURES).filter(([, archs]) => archs.includes(host.architecture)).map(([name]) => name);
      issues.error(
        `${path}.architecture`,
        host.architecture,
        `has no ${cluster.config.distribution} build (${cluster.config.distribution} publishes ${supported.join(", ")}); run the host with an ${supported.join(" or ")} OS, or put it in a cluster of ${others.join(" or ") || "another distribution"}`,
      );
      return undefined;
    }
  }
  if (!address || !cluster || !nameOk) return undefined;
  return {
    name: host.name,
    network: network.config.name,
    address,
    prefixLength: network.cidr.prefixLength,
    gateway: network.config.gateway,
    architecture: host.architecture,
    role: host.role,
    cluster: cluster.config.name,
    os: host.os,
    ...(host.cores !== undefined ? { cores: host.cores } : {}),
    ...(host.memoryMiB !== undefined ? { memoryMiB: host.memoryMiB } : {}),
    ...(host.diskGiB !== undefined ? { diskGiB: host.diskGiB } : {}),
    ...(host.description ? { description: host.description } : {}),
    ...(host.hardware ? { hardware: { ...host.hardware } } : {}),
    labels: { ...host.labels },
    taints: [...host.taints],
    site: network.site.config.name,
  };
}

/** The cluster a host joins: the named one, else the only one. */
function clusterOf(host: Host, path: string, clusters: readonly ClusterInput[], issues: IssueLog): ClusterInput | undefined {
  const names = clusters.map((cluster) => cluster.config.name);
  if (host.cluster === undefined) {
    if (clusters.length === 1) return clusters[0];
    issues.error(`${path}.cluster`, undefined, clusters.length === 0 ? "names no cluster, and the environment has none; a worker host needs a cluster to join" : `is missing; with several clusters, name the one the host joins (${names.join(", ")})`);
    return undefined;
  }
  const found = clusters.find((cluster) => cluster.config.name === host.cluster);
  if (!found) issues.error(`${path}.cluster`, host.cluster, `is not a cluster of the environment; use one of ${names.join(", ") || "(none)"}`);
  return found;
}
