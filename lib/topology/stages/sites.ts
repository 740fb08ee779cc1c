import type { Environment, ProxmoxNode, Site } from "../../config/schema";
import type { IssueLog } from "../../config/errors";
import type { TopologySite } from "../types";

/*
 * Sites: each a Proxmox cluster with its own API endpoint, nodes and networks (and NetBox site).
 * A single-site environment (top-level `proxmox` and `networks`) is one implicit site: nothing it
 * renders carries a site name, so its Terraform addresses stay what they were before sites existed.
 */

/** A site before planning, with the config paths its parts are reported under. */
export interface SiteInput {
  readonly config: Site;
  readonly implicit: boolean;
  /** `proxmox` or `sites[i].proxmox`. */
  readonly proxmoxPath: string;
  /** `networks` or `sites[i].networks`. */
  readonly networksPath: string;
}

/**
 * The sites of an environment, primary first. Reports a config that gives both `sites` and the
 * single-site `proxmox`/`networks` (or neither), duplicate site names and several primaries.
 */
export function siteInputs(env: Environment, issues: IssueLog): SiteInput[] {
  if (env.sites) {
    if (env.proxmox) issues.error("proxmox", env.proxmox.endpoint, "is set beside sites; a multi-site environment gives each site its own proxmox block, so move it into sites[]");
    if (env.networks) issues.error("networks", env.networks.map((n) => n.name), "is set beside sites; a multi-site environment gives each site its own networks, so move them into sites[]");
    const seen = new Set<string>();
    env.sites.forEach((site, index) => {
      if (seen.has(site.name)) issues.error(`sites[${index}].name`, site.name, "is used by another site; give each site a unique name");
      seen.add(site.name);
    });
    const primaries = env.sites.filter((site) => site.primary);
    if (primaries.length > 1) {
      issues.error("sites", primaries.map((site) => site.name), "marks several sites primary; set primary: true on one site only");
    }
    const inputs = env.sites.map((config, index) => ({ config, implicit: false, proxmoxPath: `sites[${index}].proxmox`, networksPath: `sites[${index}].networks` }));
    const primary = inputs.find((site) => site.config.primary) ?? inputs[0];
    return [primary, ...inputs.filter((site) => site !== primary)];
  }
  if (!env.proxmox || !env.networks) {
    issues.error(env.proxmox ? "networks" : "proxmox", undefined, "is missing; give proxmox and networks for a single site, or list sites");
    return [];
  }
  const config: Site = {
    name: env.name,
    primary: true,
    proxmox: env.proxmox,
    networks: env.networks,
    ...(env.netbox?.site ? { netboxSite: env.netbox.site } : {}),
  };
  return [{ config, implicit: true, proxmoxPath: "proxmox", networksPath: "networks" }];
}

/** The resolved site for the Topology. */
export function topologySite(input: SiteInput, index: number): TopologySite {
  const { config } = input;
  return {
    name: config.name,
    ...(config.description ? { description: config.description } : {}),
    primary: index === 0,
    implicit: input.implicit,
    proxmox: {
      endpoint: config.proxmox.endpoint,
      insecure: config.proxmox.insecure,
      sshUsername: config.proxmox.sshUsername,
      ...(config.proxmox.pool ? { pool: config.proxmox.pool } : {}),
      nodes: config.proxmox.nodes,
      overcommit: config.proxmox.overcommit,
    },
    networks: config.networks.map((network) => network.name),
    ...(config.netboxSite ? { netboxSite: config.netboxSite } : {}),
  };
}

/**
 * Resolves which site a cluster or VM belongs to: the named one, or the only one. Returns
 * undefined (after reporting) when the name is unknown or a multi-site environment leaves it out.
 */
export function siteOf(
  sites: readonly SiteInput[],
  name: string | undefined,
  path: string,
  issues: IssueLog,
): SiteInput | undefined {
  if (name === undefined) {
    if (sites.length === 1) return sites[0];
    issues.error(path, undefined, `is missing; this environment has several sites, so name one of ${sites.map((s) => s.config.name).join(", ")}`);
    return undefined;
  }
  const site = sites.find((candidate) => candidate.config.name === name);
  if (!site) issues.error(path, name, `is not a site of this environment; use one of ${sites.map((s) => s.config.name).join(", ")}`);
  return site;
}

/** Names of a site's Proxmox nodes, in config order. */
export function siteNodeNames(site: SiteInput): string[] {
  return site.config.proxmox.nodes.map((node) => node.name);
}

/** How a message names a site: "this environment" for the implicit one. */
export function siteLabel(site: SiteInput): string {
  return site.implicit ? "this environment" : `site ${site.config.name}`;
}

/**
 * Every Proxmox node by name, across sites. A name listed twice (in one site or two) is reported
 * and the first one kept: VMs are placed by node name, so names must be unique.
 */
export function indexNodes(sites: readonly SiteInput[], issues: IssueLog): Map<string, ProxmoxNode> {
  const nodes = new Map<string, ProxmoxNode>();
  for (const site of sites) {
    site.config.proxmox.nodes.forEach((node, index) => {
      if (nodes.has(node.name)) {
        issues.error(`${site.proxmoxPath}.nodes[${index}].name`, node.name, "is listed twice; every Proxmox node needs a unique name (across sites too)");
        return;
      }
      nodes.set(node.name, node);
    });
  }
  return nodes;
}

/** A template image must live on a node of this environment, or no VM can be cloned from it. */
export function checkTemplateNode(env: Environment, nodes: ReadonlyMap<string, ProxmoxNode>, issues: IssueLog): void {
  if (env.image.kind === "template" && env.image.templateNode && !nodes.has(env.image.templateNode)) {
    issues.error("image.templateNode", env.image.templateNode, `is not a Proxmox node of this environment; use one of ${[...nodes.keys()].join(", ")}`);
  }
}
