import type { Environment, Site } from "../config/schema";
import type { ConfigIssue } from "../config/errors";
import type { TopologyProxmox } from "./types";

/*
 * Sites: each a Proxmox cluster with its own API endpoint, nodes and networks (and NetBox site).
 * A single-site environment (top-level `proxmox` and `networks`) is one implicit site: nothing it
 * renders carries a site name, so its Terraform addresses stay what they were before sites existed.
 */

/** A site as the Topology resolves it. */
export interface TopologySite {
  readonly name: string;
  readonly description?: string;
  /** The primary site (the first one unless another says `primary: true`). */
  readonly primary: boolean;
  /** True for the one site of a single-site environment: no provider alias, no site in construct ids. */
  readonly implicit: boolean;
  readonly proxmox: TopologyProxmox;
  /** Names of the site's networks, in config order. */
  readonly networks: readonly string[];
  /** NetBox site of this site, when NetBox is configured. */
  readonly netboxSite?: { readonly name: string; readonly slug: string };
}

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
export function siteInputs(env: Environment, error: (issue: ConfigIssue) => void): SiteInput[] {
  if (env.sites) {
    if (env.proxmox) error({ path: "proxmox", value: env.proxmox.endpoint, message: "is set beside sites; a multi-site environment gives each site its own proxmox block, so move it into sites[]" });
    if (env.networks) error({ path: "networks", value: env.networks.map((n) => n.name), message: "is set beside sites; a multi-site environment gives each site its own networks, so move them into sites[]" });
    const seen = new Set<string>();
    env.sites.forEach((site, index) => {
      if (seen.has(site.name)) error({ path: `sites[${index}].name`, value: site.name, message: "is used by another site; give each site a unique name" });
      seen.add(site.name);
    });
    const primaries = env.sites.filter((site) => site.primary);
    if (primaries.length > 1) {
      error({ path: "sites", value: primaries.map((site) => site.name), message: "marks several sites primary; set primary: true on one site only" });
    }
    const inputs = env.sites.map((config, index) => ({ config, implicit: false, proxmoxPath: `sites[${index}].proxmox`, networksPath: `sites[${index}].networks` }));
    const primary = inputs.find((site) => site.config.primary) ?? inputs[0];
    return [primary, ...inputs.filter((site) => site !== primary)];
  }
  if (!env.proxmox || !env.networks) {
    error({ path: env.proxmox ? "networks" : "proxmox", value: undefined, message: "is missing; give proxmox and networks for a single site, or list sites" });
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
  error: (issue: ConfigIssue) => void,
): SiteInput | undefined {
  if (name === undefined) {
    if (sites.length === 1) return sites[0];
    error({ path, value: undefined, message: `is missing; this environment has several sites, so name one of ${sites.map((s) => s.config.name).join(", ")}` });
    return undefined;
  }
  const site = sites.find((candidate) => candidate.config.name === name);
  if (!site) error({ path, value: name, message: `is not a site of this environment; use one of ${sites.map((s) => s.config.name).join(", ")}` });
  return site;
}
