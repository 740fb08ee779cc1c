import type { IssueLog } from "../../config/errors";
import type { Environment, ProxmoxNode } from "../../config/schema";
import type { PlannedTopologyVm, TopologyTemplate } from "../types";
import type { SiteInput } from "./sites";
import { defaultDatastore } from "./vm";

/*
 * The VM templates the infra stack clones from and `homelab image` builds: one field of the
 * Topology, so the VMID and node in the Packer template and in every clone are the same numbers.
 */

/** The template's VM name: the build's templateName, else <env>-template. */
function templateName(env: Environment): string {
  return env.image.kind === "template" && env.image.build?.templateName ? env.image.build.templateName : `${env.name}-template`;
}

/**
 * The templates of a template image: one per site ("shared", on the configured templateNode when it
 * belongs to the site, else the site's first node), or one per node ("perNode", VMID templateVmId +
 * the node's position in `image.nodes`). Reports a perNode node that is not a Proxmox node, a VM on
 * a node without a template, and a template VMID a VM already has. Empty for a cloud image.
 */
export function planTemplates(env: Environment, sites: readonly SiteInput[], nodes: ReadonlyMap<string, ProxmoxNode>, vms: readonly PlannedTopologyVm[], issues: IssueLog): TopologyTemplate[] {
  const image = env.image;
  if (image.kind !== "template") return [];
  const name = templateName(env);
  const datastore = (node: string): string => image.build?.datastore ?? defaultDatastore(nodes, node);
  let templates: TopologyTemplate[];
  if ((image.placement ?? "shared") === "shared") {
    templates = sites.map((site) => {
      const siteNodes = site.config.proxmox.nodes.map((node) => node.name);
      const node = image.templateNode !== undefined && siteNodes.includes(image.templateNode) ? image.templateNode : siteNodes[0];
      return { site: site.config.name, node, vmId: image.templateVmId, name, datastore: datastore(node), perNode: false };
    });
  } else {
    const siteOfNode = new Map(sites.flatMap((site) => site.config.proxmox.nodes.map((node) => [node.name, site.config.name] as const)));
    const templateNodes = image.nodes ?? [...siteOfNode.keys()];
    templates = [];
    templateNodes.forEach((node, index) => {
      const site = siteOfNode.get(node);
      if (site === undefined) {
        issues.error(`image.nodes[${index}]`, node, `is not a Proxmox node of this environment, so Packer cannot build a template on it; use one of ${[...siteOfNode.keys()].join(", ")}`);
        return;
      }
      templates.push({ site, node, vmId: image.templateVmId + index, name, datastore: datastore(node), perNode: true });
    });
    const missing = [...new Set(vms.filter((vm) => !templateNodes.includes(vm.node)).map((vm) => vm.node))];
    for (const node of missing) {
      const first = vms.find((vm) => vm.node === node)!;
      issues.error("image.nodes", templateNodes, `has no template on ${node}, where ${first.name} runs, and perNode placement never clones across nodes; add ${node} to image.nodes`);
    }
  }
  for (const template of templates) {
    const taken = vms.find((vm) => vm.vmId === template.vmId);
    if (taken) issues.error("image.templateVmId", image.templateVmId, `gives the template on ${template.node} VMID ${template.vmId}, which ${taken.name} has; move templateVmId out of the VMs' ranges`);
  }
  return templates;
}

/** The template a VM clones from: the one on its own node (perNode), else its site's. */
export function templateFor(templates: readonly TopologyTemplate[], vm: Pick<PlannedTopologyVm, "site" | "node">): TopologyTemplate | undefined {
  return templates.find((template) => template.site === vm.site && (!template.perNode || template.node === vm.node));
}
