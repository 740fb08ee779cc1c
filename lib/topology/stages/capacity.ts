import type { Environment, ProxmoxNode, VmPool } from "../../config/schema";
import type { IssueLog } from "../../config/errors";
import type { PlannedTopologyVm } from "../types";
import { siteNodeNames, type SiteInput } from "./sites";

/** vCPUs and memory, summed. */
interface Load {
  readonly cores: number;
  readonly memoryMiB: number;
}

function loadOf(items: readonly { readonly cores: number; readonly memoryMiB: number }[]): Load {
  return items.reduce((sum, item) => ({ cores: sum.cores + item.cores, memoryMiB: sum.memoryMiB + item.memoryMiB }), { cores: 0, memoryMiB: 0 });
}

/**
 * Capacity, per site. The VMs of a site must fit the Proxmox nodes they run on, summed, vCPUs times
 * the site's overcommit.cpuRatio (an error: past that the lab would not run); each node carrying more than its overcommit ratio allows
 * is a warning (it runs, but slowly or with swapping).
 */
export function checkCapacity(sites: readonly SiteInput[], nodes: ReadonlyMap<string, ProxmoxNode>, vms: readonly PlannedTopologyVm[], issues: IssueLog): void {
  for (const site of sites) {
    const siteNodes = new Set(siteNodeNames(site));
    const placedHere = vms.filter((vm) => siteNodes.has(vm.node));
    const usedNodes = [...new Set(placedHere.map((vm) => vm.node))];
    const demand = loadOf(placedHere);
    const supply = loadOf(usedNodes.map((name) => nodes.get(name) ?? { cores: 0, memoryMiB: 0 }));
    const nodeList = [...usedNodes].sort().join(", ");
    const nodesPath = `${site.proxmoxPath}.nodes`;
    // vCPUs may be overcommitted up to the configured ratio (Proxmox shares cores); memory may not.
    const { cpuRatio, memoryRatio } = site.config.proxmox.overcommit;
    const coreLimit = supply.cores * Math.max(cpuRatio, 1);
    if (demand.cores > coreLimit) {
      const ratio = cpuRatio > 1 ? ` (${coreLimit} with ${site.proxmoxPath}.overcommit.cpuRatio ${cpuRatio})` : "";
      issues.error(nodesPath, nodeList, `VMs need ${demand.cores} vCPUs but the Proxmox nodes they use offer ${supply.cores} cores${ratio}; add nodes or cores, or shrink the VMs`);
    }
    if (demand.memoryMiB > supply.memoryMiB) {
      issues.error(nodesPath, nodeList, `VMs need ${demand.memoryMiB} MiB of memory but the Proxmox nodes they use offer ${supply.memoryMiB} MiB; add nodes or memory, or shrink the VMs`);
    }
    site.config.proxmox.nodes.forEach((node, index) => {
      const load = loadOf(vms.filter((vm) => vm.node === node.name));
      if (load.cores > node.cores * cpuRatio) {
        issues.warn(`${nodesPath}[${index}].cores`, node.cores, `${node.name} carries ${load.cores} vCPUs, above ${cpuRatio}x its cores; spread VMs or raise ${site.proxmoxPath}.overcommit.cpuRatio`);
      }
      if (load.memoryMiB > node.memoryMiB * memoryRatio) {
        issues.warn(`${nodesPath}[${index}].memoryMiB`, node.memoryMiB, `${node.name} carries ${load.memoryMiB} MiB of VM memory, above ${memoryRatio}x its memory; spread VMs or raise ${site.proxmoxPath}.overcommit.memoryRatio`);
      }
    });
  }
}

/**
 * How far beyond the Proxmox nodes' allowed capacity (cores times `overcommit.cpuRatio`, memory as
 * it is) the pools may ask before planning is not even started. Up to this factor the overshoot is
 * planned and reported by {@link checkCapacity} with every VM placed (a typo of one size, a pool one
 * VM too large); past it the count is a mistake (100000 for 10), and planning it would take minutes.
 */
export const FAR_BEYOND_CAPACITY_FACTOR = 2;

/** One server or agent pool of a cluster as configured, with its config path. */
interface PoolDemand {
  readonly path: string;
  readonly count: number;
  readonly load: Load;
}

/** vCPUs and memory a pool asks for: count times its size, the overridden VMs at their own size. */
function poolDemand(pool: VmPool, path: string): PoolDemand {
  let cores = pool.count * pool.cores;
  let memoryMiB = pool.count * pool.memoryMiB;
  for (const override of pool.overrides.slice(0, pool.count)) {
    cores += (override.cores ?? pool.cores) - pool.cores;
    memoryMiB += (override.memoryMiB ?? pool.memoryMiB) - pool.memoryMiB;
  }
  return { path, count: pool.count, load: { cores, memoryMiB } };
}

/**
 * The cheap check that runs on the parsed environment before anything is planned: per site, the
 * server and agent pools' summed vCPUs and memory (count x size, overrides included) against what
 * the Proxmox nodes those pools may use offer. Beyond {@link FAR_BEYOND_CAPACITY_FACTOR} times the
 * allowed capacity it reports an error on the largest pool's `count` and returns true, and the
 * planner stops there instead of placing every VM first. Reads only counts and sizes, so it costs
 * the same for 10 VMs as for 100000. Clusters whose site is unknown are left to the cluster stage.
 */
export function checkPoolsFarBeyondCapacity(env: Environment, sites: readonly SiteInput[], issues: IssueLog): boolean {
  const clusters = env.clusters ? env.clusters.map((config, index) => ({ config, path: `clusters[${index}]` })) : env.cluster ? [{ config: env.cluster, path: "cluster" }] : [];
  let farBeyond = false;
  for (const site of sites) {
    const siteNodes = new Map(site.config.proxmox.nodes.map((node) => [node.name, node]));
    const pools: PoolDemand[] = [];
    const usable = new Set<string>();
    for (const { config, path } of clusters) {
      const clusterSite = config.site === undefined ? (sites.length === 1 ? sites[0] : undefined) : sites.find((candidate) => candidate.config.name === config.site);
      if (clusterSite !== site) continue;
      const configured = [{ pool: config.servers, path: `${path}.servers` }, ...(config.agents ? [{ pool: config.agents, path: `${path}.agents` }] : [])];
      for (const { pool, path: poolPath } of configured) {
        pools.push(poolDemand(pool, poolPath));
        for (const name of pool.nodes ?? siteNodes.keys()) if (siteNodes.has(name)) usable.add(name);
      }
    }
    if (pools.length === 0) continue;
    const demand = loadOf(pools.map((pool) => pool.load));
    const supply = loadOf([...usable].map((name) => siteNodes.get(name)!));
    const nodeList = [...usable].join(", ") || "none";
    const { cpuRatio } = site.config.proxmox.overcommit;
    const coreLimit = supply.cores * Math.max(cpuRatio, 1);
    const where = site.implicit ? "the Proxmox nodes" : `the Proxmox nodes of site ${site.config.name}`;
    const owner = site.implicit ? "this environment" : `site ${site.config.name}`;
    const withOthers = (total: string) => (pools.length > 1 ? ` (${total} with the other pool${pools.length > 2 ? "s" : ""} of ${owner})` : "");
    const stopped = `more than ${FAR_BEYOND_CAPACITY_FACTOR} times what they can carry, so planning stopped before placing a VM`;
    if (demand.cores > FAR_BEYOND_CAPACITY_FACTOR * coreLimit) {
      const largest = pools.reduce((a, b) => (b.load.cores > a.load.cores ? b : a));
      const ratio = cpuRatio > 1 ? ` (${coreLimit} with ${site.proxmoxPath}.overcommit.cpuRatio ${cpuRatio})` : "";
      issues.error(
        `${largest.path}.count`,
        largest.count,
        `${largest.count} VMs need ${largest.load.cores} vCPUs${withOthers(String(demand.cores))}, but ${where} they may use (${nodeList}) offer ${supply.cores} cores${ratio}, ${stopped}; lower the count, add Proxmox nodes or cores, or raise ${site.proxmoxPath}.overcommit.cpuRatio`,
      );
      farBeyond = true;
    }
    if (demand.memoryMiB > FAR_BEYOND_CAPACITY_FACTOR * supply.memoryMiB) {
      const largest = pools.reduce((a, b) => (b.load.memoryMiB > a.load.memoryMiB ? b : a));
      issues.error(
        `${largest.path}.count`,
        largest.count,
        `${largest.count} VMs need ${largest.load.memoryMiB} MiB of memory${withOthers(`${demand.memoryMiB} MiB`)}, but ${where} they may use (${nodeList}) offer ${supply.memoryMiB} MiB, ${stopped}; lower the count or the VMs' memoryMiB, or add Proxmox nodes or memory`,
      );
      farBeyond = true;
    }
  }
  return farBeyond;
}
