import type { ProxmoxNode } from "../../config/schema";
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
