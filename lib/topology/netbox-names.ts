import type { PlannedTopologyNetbox, PlannedTopologyNetwork, TopologyHost, TopologyNetbox, TopologySite } from "./types";
import { netboxDevices } from "./netbox-devices";

/*
 * Names, slugs and colours of the NetBox records an environment creates. Objects NetBox keeps
 * globally (tags, device roles, cluster types) carry the environment in name and slug, so several
 * environments can share one NetBox without colliding.
 */

/** Colours NetBox shows per VM role; any other role gets {@link DEFAULT_ROLE_COLOUR}. */
const ROLE_COLOURS: Readonly<Record<string, string>> = { server: "2196f3", agent: "4caf50", router: "ff9800", netbox: "9c27b0" };
/** Grey, for roles without a colour of their own. */
const DEFAULT_ROLE_COLOUR = "9e9e9e";
/** Blue grey, for the environment tag. */
const TAG_COLOUR = "607d8b";

/** The NetBox records of an environment with their names, slugs and colours. */
export function netboxNames(
  environment: string,
  netbox: PlannedTopologyNetbox,
  sites: readonly TopologySite[] = [],
  hosts: readonly TopologyHost[] = [],
  networks: readonly Pick<PlannedTopologyNetwork, "name" | "domain">[] = [],
): TopologyNetbox {
  const devices = netboxDevices(environment, sites, hosts, networks);
  return {
    ...netbox,
    tag: { name: `env:${environment}`, slug: `env-${environment}`, colour: TAG_COLOUR, description: `homelab-cdktf environment ${environment}` },
    clusterTypeRecord: { name: `${netbox.clusterType} (${environment})`, slug: `proxmox-${environment}` },
    roleRecords: netbox.roles.map((role) => ({ role, name: `${role} (${environment})`, slug: `${environment}-${role}`, colour: ROLE_COLOURS[role] ?? DEFAULT_ROLE_COLOUR })),
    ...(devices.length > 0 ? { devices } : {}),
  };
}
