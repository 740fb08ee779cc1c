import { parseEnvironment } from "../../../lib/config/load";
import type { Environment } from "../../../lib/config/schema";
import { IssueLog } from "../../../lib/config/errors";
import { AddressClaims, VmIdentities } from "../../../lib/topology/stages/claims";
import { resolveClusters } from "../../../lib/topology/stages/clusters";
import { hasIpv4, planNetworks, type Ipv4Network, type PlannedNetwork } from "../../../lib/topology/stages/networks";
import { planClusterPools } from "../../../lib/topology/stages/pools";
import { indexNodes, siteInputs } from "../../../lib/topology/stages/sites";

/*
 * Small labs for the stage tests: each test writes the parts it is about (nodes, networks, VMs,
 * a cluster) inline and lets `lab` fill in what every environment needs (name, image, SSH key).
 */

const SSH_KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAILLPNgFlDZIioosD2zXg3aTvCT08JOFK1WQv21xH83yX homelab-admin@example";

/** A Proxmox node with the given name and size. */
export function node(name: string, cores = 16, memoryMiB = 65536): Record<string, unknown> {
  return { name, cores, memoryMiB, datastores: ["local-lvm"], snippetsDatastore: "local" };
}

/** A network: `name` on vmbr0 with the CIDR given, its gateway on .1. */
export function network(name: string, cidr: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  const gateway = cidr.replace(/\.0\/\d+$/, ".1");
  return { name, bridge: "vmbr0", cidr, gateway, dns: [gateway], ...extra };
}

/** An extra VM of 1 vCPU and 1 GiB. */
export function extraVm(name: string, vmId: number, nodeName: string, address: string | undefined, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { name, role: "router", vmId, node: nodeName, cores: 1, memoryMiB: 1024, diskGiB: 10, network: "lan", ...(address ? { address } : {}), ...extra };
}

/** A parsed, validated environment named "lab": one node pve1 and a network lan (10.0.0.0/24) unless `parts` say otherwise. */
export function lab(parts: Record<string, unknown> = {}): Environment {
  return parseEnvironment({
    name: "lab",
    proxmox: { endpoint: "https://pve.lab.example:8006/", nodes: [node("pve1")] },
    networks: [network("lan", "10.0.0.0/24")],
    image: { kind: "template", templateVmId: 9000 },
    sshPublicKeys: [SSH_KEY],
    ...parts,
  });
}

/** A k3s cluster on lan: API VIP .5, LB pool .40-.49, servers from .11 (VMIDs 1100+), agents from .21 (1200+). */
export function cluster(servers: Record<string, unknown>, agents?: Record<string, unknown>, extra: Record<string, unknown> = {}): Record<string, unknown> {
  const size = { cores: 2, memoryMiB: 4096, diskGiB: 40 };
  return {
    name: "k3s",
    version: "v1.31.4+k3s1",
    network: "lan",
    apiVip: "10.0.0.5",
    loadBalancerPool: { start: "10.0.0.40", end: "10.0.0.49" },
    servers: { ...size, vmIdRange: { start: 1100, end: 1109 }, addressStart: "10.0.0.11", ...servers },
    ...(agents ? { agents: { ...size, vmIdRange: { start: 1200, end: 1209 }, addressStart: "10.0.0.21", ...agents } } : {}),
    ...extra,
  };
}

/** Plans the server and agent pools of the lab's only cluster, through the stages that precede them. */
export function planLabPools(env: Environment) {
  const issues = new IssueLog();
  const sites = siteInputs(env, issues);
  const claims = new AddressClaims(issues);
  const registries = { claims, identities: new VmIdentities(issues) };
  const [input] = resolveClusters(env, sites, planNetworks(env, sites, issues), claims, issues);
  const { servers, agents } = planClusterPools({ env, cluster: input, nodes: indexNodes(sites, issues) }, registries, issues);
  return { servers, agents, issues };
}

/** The network narrowed to one with IPv4, as the stages that take a primary network need it; throws for an IPv6-only one. */
export function withIpv4(network: PlannedNetwork | undefined): Ipv4Network {
  if (!network || !hasIpv4(network)) throw new Error(`network ${network?.config.name} has no IPv4 cidr`);
  return network;
}
