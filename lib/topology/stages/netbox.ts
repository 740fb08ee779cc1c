import type { Environment } from "../../config/schema";
import type { IssueLog } from "../../config/errors";
import { parseCidr } from "../../net/ip";
import type { TopologyCluster, PlannedTopologyNetbox, PlannedTopologyNetwork, PlannedTopologyVm } from "../types";
import type { SiteInput } from "./sites";
import { sortedUnique } from "./vm";

/** netbox addressing needs a NetBox to allocate from. */
export function checkNetboxAddressing(env: Environment, networks: readonly PlannedTopologyNetwork[], issues: IssueLog): void {
  if (env.addressing !== "netbox" && !networks.some((network) => network.addressing === "netbox")) return;
  if (!env.netbox?.enabled) {
    issues.error("netbox", env.netbox?.enabled, 'is missing or disabled, but addressing "netbox" needs NetBox to allocate addresses; configure netbox (url, site) or use static addressing');
  }
}

/** Every record is filed under a NetBox site: the environment's, or each site's own. */
export function checkNetboxSites(env: Environment, issues: IssueLog): void {
  if (!env.netbox?.enabled) return;
  if (!env.sites) {
    if (!env.netbox.site) issues.error("netbox.site", undefined, "is missing; name the NetBox site ({ name, slug }) the environment's records are filed under");
    return;
  }
  env.sites.forEach((site, index) => {
    if (!site.netboxSite && !env.netbox?.site) {
      issues.error(`sites[${index}].netboxSite`, undefined, "is missing; name the NetBox site ({ name, slug }) this site's records are filed under");
    }
  });
}

/** What the NetBox stage reads: the config and the planned sites, networks, clusters and VMs. */
export interface NetboxInput {
  readonly env: Environment;
  readonly sites: readonly SiteInput[];
  readonly networks: readonly PlannedTopologyNetwork[];
  readonly clusters: readonly TopologyCluster[];
  readonly vms: readonly PlannedTopologyVm[];
}

/**
 * What NetBox records: each network's IPv4 and IPv6 prefix, then the extra prefixes not already
 * among them; the VM roles; and per site the NetBox site and cluster its records are filed under.
 * Undefined when NetBox is off. Runs after validation (checkNetboxSites has made sure of a site).
 */
export function planNetbox(input: NetboxInput): PlannedTopologyNetbox | undefined {
  const { env, sites, networks, clusters, vms } = input;
  if (!env.netbox?.enabled) return undefined;
  const netboxConfig = env.netbox;
  const prefixes: { prefix: string; description?: string; network?: string }[] = [];
  for (const network of networks) {
    if (network.cidr) prefixes.push({ prefix: network.cidr, description: network.description ?? network.name, network: network.name });
    if (network.ipv6) prefixes.push({ prefix: network.ipv6.prefix, description: `${network.description ?? network.name} (IPv6)`, network: network.name });
  }
  for (const extra of netboxConfig.prefixes) {
    const normalised = parseCidr(extra.prefix).text;
    if (!prefixes.some((known) => known.prefix === normalised)) {
      prefixes.push({ prefix: normalised, ...(extra.description ? { description: extra.description } : {}) });
    }
  }
  const netboxSites = sites.map((site) => {
    const netboxSite = site.config.netboxSite ?? netboxConfig.site!;
    const firstCluster = clusters.find((candidate) => candidate.site === site.config.name);
    // The implicit site keeps the cluster name it had before sites existed.
    const clusterName = site.implicit ? env.cluster?.name ?? env.clusters?.[0]?.name ?? env.name : firstCluster?.name ?? `${env.name}-${site.config.name}`;
    return { site: site.config.name, name: netboxSite.name, slug: netboxSite.slug, clusterName };
  });
  return {
    url: netboxConfig.url,
    site: { name: netboxSites[0].name, slug: netboxSites[0].slug },
    clusterType: netboxConfig.clusterType,
    clusterName: netboxSites[0].clusterName,
    prefixes,
    roles: sortedUnique(vms.map((vm) => vm.role)),
    sites: netboxSites,
  };
}
