import type { ProxmoxNode } from "../../config/schema";
import type { TopologySnippet, PlannedTopologyVm } from "../types";

/**
 * One vendor-data snippet per (profile, Proxmox node) some VM uses, in VM order, uploaded to the
 * node's snippets datastore. Runs after validation: every VM's node is known by then.
 */
export function planSnippets(environment: string, vms: readonly PlannedTopologyVm[], nodes: ReadonlyMap<string, ProxmoxNode>): TopologySnippet[] {
  const snippets: TopologySnippet[] = [];
  const seen = new Set<string>();
  for (const vm of vms) {
    const key = `${vm.vendorData}@${vm.node}`;
    if (seen.has(key)) continue;
    seen.add(key);
    snippets.push({
      profile: vm.vendorData,
      node: vm.node,
      datastore: nodes.get(vm.node)!.snippetsDatastore,
      fileName: `${environment}-${vm.vendorData}-vendor.yaml`,
      site: vm.site,
    });
  }
  return snippets;
}
