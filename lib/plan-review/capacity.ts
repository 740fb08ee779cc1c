/**
 * The lab's capacity in the review: per Proxmox node, the vCPUs and memory of the plan's VMs
 * before and after it, against the node's size and overcommit ratio from the environment, and
 * where each cluster's control plane sits after the plan.
 *
 * VM figures come from the plan's `proxmox_virtual_environment_vm` values (`node_name`,
 * `cpu[0].cores` × `cpu[0].sockets`, `memory[0].dedicated`); a figure Terraform knows only after
 * apply is taken from the Topology's VM of the same name. Node sizes, clusters and server names
 * come from the Topology (plain data; this module never loads an environment).
 */
import type { ResourceChange, StateModule, TerraformPlan } from "./plan";
import { CONTROL_PLANE_TAG, PROXMOX_VM } from "./risks";

/** Proxmox tag the Topology gives Kubernetes agents. */
export const WORKER_TAG = "worker";
import { changeKind } from "./summary";
import type { Topology } from "../topology/types";

/** Allowed allocation per node before a warning, as a multiple of its cores and memory. */
export interface OvercommitRatios {
  readonly cpuRatio: number;
  readonly memoryRatio: number;
}

/** What the capacity section needs to know about the environment. */
export interface CapacityContext {
  readonly topology: Pick<Topology, "environment" | "proxmox" | "sites" | "clusters" | "vms">;
  /**
   * Overcommit ratios by Proxmox node name (the environment's `proxmox.overcommit`, per site).
   * @default 1 for CPU and memory
   */
  readonly overcommit?: ReadonlyMap<string, OvercommitRatios>;
}

/** One VM as the plan places it. */
export interface PlacedVm {
  readonly address: string;
  readonly name: string;
  readonly node: string;
  readonly vcpus: number;
  readonly memoryMiB: number;
  readonly tags: readonly string[];
}

/** One Proxmox node's load before and after the plan. */
export interface NodeLoad {
  readonly node: string;
  readonly cores: number;
  readonly memoryMiB: number;
  readonly ratios: OvercommitRatios;
  readonly before: { readonly vcpus: number; readonly memoryMiB: number; readonly vms: number };
  readonly after: { readonly vcpus: number; readonly memoryMiB: number; readonly vms: number };
  /** True when the node exceeds its ratio after the plan. */
  readonly cpuOver: boolean;
  readonly memoryOver: boolean;
}

/** A VM the plan creates (or moves to another node), with its node's memory before and after. */
export interface Landing {
  readonly vm: PlacedVm;
  /** server, agent or the extra VM's role, from the Topology; undefined when it does not know the VM. */
  readonly role?: string;
  readonly node: NodeLoad | undefined;
}

/** Where one cluster's servers sit after the plan. */
export interface ControlPlaneSpread {
  readonly cluster: string;
  /** Servers per node, most first. */
  readonly nodes: ReadonlyArray<{ readonly node: string; readonly servers: readonly string[] }>;
  readonly total: number;
  /** Servers of the cluster among the plan's VMs before it. */
  readonly totalBefore: number;
  /**
   * The node holding more than half of the servers, if one does. A cluster with a single server
   * both before and after the plan is left alone: that is how it is built, not this plan's doing.
   */
  readonly majorityNode?: string;
}

/** The capacity section's facts. */
export interface CapacityReport {
  readonly environment: string;
  readonly nodes: readonly NodeLoad[];
  readonly landings: readonly Landing[];
  readonly spread: readonly ControlPlaneSpread[];
  /** VMs on a node the environment does not list. */
  readonly unknownNodes: readonly string[];
}

function field(value: unknown, key: string): unknown {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>)[key] : undefined;
}

function first(value: unknown): unknown {
  return Array.isArray(value) ? value[0] : value;
}

function num(value: unknown): number | undefined {
  return typeof value === "number" && Number.isFinite(value) ? value : undefined;
}

function str(value: unknown): string | undefined {
  return typeof value === "string" && value !== "" ? value : undefined;
}

/** A VM's placement from its values; `fallback` fills what the values leave unknown. */
function placed(address: string, values: unknown, fallback: Partial<PlacedVm> | undefined): PlacedVm | undefined {
  const cpu = first(field(values, "cpu"));
  const memory = first(field(values, "memory"));
  const name = str(field(values, "name")) ?? fallback?.name;
  const node = str(field(values, "node_name")) ?? fallback?.node;
  if (name === undefined || node === undefined) return undefined;
  const cores = num(field(cpu, "cores"));
  const sockets = num(field(cpu, "sockets")) ?? 1;
  const tags = field(values, "tags");
  return {
    address,
    name,
    node,
    vcpus: cores !== undefined ? cores * sockets : (fallback?.vcpus ?? 0),
    memoryMiB: num(field(memory, "dedicated")) ?? fallback?.memoryMiB ?? 0,
    tags: Array.isArray(tags) ? tags.filter((t): t is string => typeof t === "string") : (fallback?.tags ?? []),
  };
}

function* stateVms(module: StateModule | undefined): Generator<{ address: string; values?: unknown }> {
  if (!module) return;
  for (const resource of module.resources ?? []) if (resource.type === PROXMOX_VM && resource.mode !== "data") yield resource;
  for (const child of module.child_modules ?? []) yield* stateVms(child);
}

interface Load {
  vcpus: number;
  memoryMiB: number;
  vms: number;
}

/** The load of each node the VMs are on, in one pass. */
function loads(vms: readonly PlacedVm[]): Map<string, Load> {
  const byNode = new Map<string, Load>();
  for (const vm of vms) {
    let load = byNode.get(vm.node);
    if (!load) {
      load = { vcpus: 0, memoryMiB: 0, vms: 0 };
      byNode.set(vm.node, load);
    }
    load.vcpus += vm.vcpus;
    load.memoryMiB += vm.memoryMiB;
    load.vms++;
  }
  return byNode;
}

/** The plan's VMs before and after it. */
export function placements(plan: TerraformPlan, context?: CapacityContext): { before: PlacedVm[]; after: PlacedVm[]; created: PlacedVm[] } {
  const byName = new Map((context?.topology.vms ?? []).map((vm) => [vm.name, { name: vm.name, node: vm.node, vcpus: vm.cores, memoryMiB: vm.memoryMiB, tags: vm.tags }]));
  const before: PlacedVm[] = [];
  const after: PlacedVm[] = [];
  const created: PlacedVm[] = [];
  const seen = new Set<string>();
  for (const rc of plan.resource_changes ?? []) {
    if (rc.type !== PROXMOX_VM || rc.mode === "data" || rc.deposed !== undefined) continue;
    seen.add(rc.address);
    const kind = changeKind(rc.change);
    const old = rc.change.before !== null && rc.change.before !== undefined ? placed(rc.address, rc.change.before, undefined) : undefined;
    if (old) before.push(old);
    // A forgotten VM leaves the state, not the node: it still runs, and still counts.
    if ((kind === "forget" || kind === "create-then-forget" || kind === "unknown") && old) after.push(old);
    if (kind === "delete" || kind === "forget" || kind === "unknown") continue;
    const fallback = old ?? byName.get(str(field(rc.change.after, "name")) ?? "");
    const next = rc.change.after !== null && rc.change.after !== undefined ? placed(rc.address, rc.change.after, fallback) : undefined;
    if (!next) continue;
    after.push(next);
    if (!old || old.node !== next.node || kind === "create-then-forget") created.push(next);
  }
  for (const resource of stateVms(plan.prior_state?.values?.root_module)) {
    if (seen.has(resource.address)) continue;
    const vm = placed(resource.address, resource.values, undefined);
    if (vm) {
      before.push(vm);
      after.push(vm);
    }
  }
  return { before, after, created };
}

/** True when a Proxmox VM resource is in the plan at all (the section is left out otherwise). */
export function hasProxmoxVms(plan: TerraformPlan): boolean {
  return (plan.resource_changes ?? []).some((rc: ResourceChange) => rc.type === PROXMOX_VM);
}

/** The role of a VM the Topology does not (yet) list, from the tags the Topology gives its kind. */
function roleFromTags(tags: readonly string[]): string | undefined {
  if (tags.includes(CONTROL_PLANE_TAG)) return "server";
  if (tags.includes(WORKER_TAG)) return "agent";
  return undefined;
}

/** Computes the capacity report of a plan against the environment. */
export function capacityReport(plan: TerraformPlan, context: CapacityContext): CapacityReport {
  const topology = context.topology;
  const { before, after, created } = placements(plan, context);
  const sites = topology.sites.length > 0 ? topology.sites.map((site) => site.proxmox) : [topology.proxmox];
  const nodeSizes = new Map<string, { cores: number; memoryMiB: number }>();
  for (const proxmox of sites) for (const node of proxmox.nodes) nodeSizes.set(node.name, { cores: node.cores, memoryMiB: node.memoryMiB });
  const beforeLoads = loads(before);
  const afterLoads = loads(after);
  const none: Load = { vcpus: 0, memoryMiB: 0, vms: 0 };
  const nodes: NodeLoad[] = [...nodeSizes].map(([node, size]) => {
    const ratios = context.overcommit?.get(node) ?? { cpuRatio: 1, memoryRatio: 1 };
    const b = beforeLoads.get(node) ?? none;
    const a = afterLoads.get(node) ?? none;
    return {
      node,
      ...size,
      ratios,
      before: b,
      after: a,
      cpuOver: a.vcpus > size.cores * ratios.cpuRatio,
      memoryOver: a.memoryMiB > size.memoryMiB * ratios.memoryRatio,
    };
  });
  const byNode = new Map(nodes.map((n) => [n.node, n]));
  const roles = new Map(topology.vms.map((vm) => [vm.name, vm.kind === "extra" ? vm.role : vm.kind]));
  const landings = created.map((vm) => ({ vm, role: roles.get(vm.name) ?? roleFromTags(vm.tags), node: byNode.get(vm.node) }));
  const unknownNodes = [...new Set([...beforeLoads.keys(), ...afterLoads.keys()].filter((node) => !nodeSizes.has(node)))].sort();

  // Servers by cluster in one pass: by the names the Topology gives them, or by their tags.
  const byServerName = new Map<string, string>();
  const byTag = new Map<string, string>();
  for (const cluster of topology.clusters) {
    for (const server of cluster.servers) byServerName.set(server, cluster.name);
    byTag.set(cluster.tag, cluster.name);
  }
  const clusterOf = (vm: PlacedVm): string | undefined => {
    const cluster = byServerName.get(vm.name);
    if (cluster !== undefined || !vm.tags.includes(CONTROL_PLANE_TAG)) return cluster;
    return vm.tags.map((tag) => byTag.get(tag)).find((name) => name !== undefined);
  };
  const serversOf = new Map<string, PlacedVm[]>();
  for (const vm of after) {
    const cluster = clusterOf(vm);
    if (cluster !== undefined) serversOf.set(cluster, [...(serversOf.get(cluster) ?? []), vm]);
  }
  const serversBefore = new Map<string, number>();
  for (const vm of before) {
    const cluster = clusterOf(vm);
    if (cluster !== undefined) serversBefore.set(cluster, (serversBefore.get(cluster) ?? 0) + 1);
  }
  const spread: ControlPlaneSpread[] = [];
  for (const cluster of topology.clusters) {
    const mine = serversOf.get(cluster.name) ?? [];
    if (mine.length === 0) continue;
    const perNode = new Map<string, string[]>();
    for (const vm of mine) perNode.set(vm.node, [...(perNode.get(vm.node) ?? []), vm.name]);
    const list = [...perNode].map(([node, names]) => ({ node, servers: names.sort() })).sort((x, y) => y.servers.length - x.servers.length || x.node.localeCompare(y.node));
    const top = list[0];
    const totalBefore = serversBefore.get(cluster.name) ?? 0;
    const concentrated = top.servers.length * 2 > mine.length && (mine.length > 1 || totalBefore > 1);
    spread.push({ cluster: cluster.name, nodes: list, total: mine.length, totalBefore, majorityNode: concentrated ? top.node : undefined });
  }
  return { environment: topology.environment, nodes, landings, spread, unknownNodes };
}
