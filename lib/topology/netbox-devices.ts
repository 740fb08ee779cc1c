import type { TopologyNetboxDevice, TopologySite } from "./types";

/*
 * The physical side in NetBox: each Proxmox node that describes its `hardware` becomes a device
 * (role Hypervisor) of its manufacturer's device type, in its site's NetBox site and optional rack,
 * attached to the site's virtualization cluster. Manufacturers and device roles are global in
 * NetBox, so, like tags and VM roles, their names and slugs carry the environment.
 */

/** Purple, for the Hypervisor device role. */
const HYPERVISOR_COLOUR = "673ab7";

/** A NetBox slug from a name: lowercase letters, digits and single dashes. */
export function slugOf(name: string): string {
  return name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
}

/** The NetBox devices of every site's Proxmox nodes that describe their hardware, sites in order. */
export function netboxDevices(environment: string, sites: readonly TopologySite[]): TopologyNetboxDevice[] {
  return sites.flatMap((site) =>
    site.proxmox.nodes.flatMap((node) => {
      const hardware = node.hardware;
      if (!hardware) return [];
      return [
        {
          name: node.name,
          site: site.name,
          manufacturer: { name: `${hardware.manufacturer} (${environment})`, slug: `${environment}-${slugOf(hardware.manufacturer)}` },
          deviceType: { model: hardware.model, slug: slugOf(hardware.model) },
          role: { name: `Hypervisor (${environment})`, slug: `${environment}-hypervisor`, colour: HYPERVISOR_COLOUR },
          ...(hardware.rack ? { rack: hardware.rack } : {}),
          ...(hardware.serial ? { serial: hardware.serial } : {}),
        },
      ];
    }),
  );
}
