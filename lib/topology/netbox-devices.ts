import type { PlannedTopologyNetwork, TopologyHost, TopologyNetboxDevice, TopologySite } from "./types";

/*
 * The physical side in NetBox: each Proxmox node that describes its `hardware` becomes a device
 * (role Hypervisor) of its manufacturer's device type, in its site's NetBox site and optional rack,
 * attached to the site's virtualization cluster. Manufacturers and device roles are global in
 * NetBox, so, like tags and VM roles, their names and slugs carry the environment. Bare-metal
 * hosts that describe their `hardware` follow the Proxmox nodes as devices of role Bare metal in
 * their network's site, outside the virtualization cluster, each with an interface ({@link HOST_INTERFACE})
 * holding its address, made the device's primary IPv4.
 */

/** Purple, for the Hypervisor device role. */
const HYPERVISOR_COLOUR = "673ab7";
/** Teal, for the Bare metal device role. */
const BARE_METAL_COLOUR = "009688";

/**
 * The interface a bare-metal host's address is recorded on in NetBox. The model names no interface
 * for a host, so it is eth0, the name Debian, Ubuntu and Raspberry Pi OS give a Raspberry Pi's
 * Ethernet port, of type gigabit copper (the Pi 4 and 5 port).
 */
export const HOST_INTERFACE = { name: "eth0", type: "1000base-t" } as const;

/** A NetBox slug from a name: lowercase letters, digits and single dashes. */
export function slugOf(name: string): string {
  return name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
}

/** Manufacturer record of an environment: global in NetBox, so name and slug carry the environment. */
function manufacturerOf(environment: string, manufacturer: string): TopologyNetboxDevice["manufacturer"] {
  return { name: `${manufacturer} (${environment})`, slug: `${environment}-${slugOf(manufacturer)}` };
}

/**
 * The NetBox devices of every site's Proxmox nodes that describe their hardware, sites in order,
 * then those of the bare-metal hosts that do, in config order. A host's address carries its DNS
 * name, qualified by its network's domain (from `networks`) like a VM's.
 */
export function netboxDevices(
  environment: string,
  sites: readonly TopologySite[],
  hosts: readonly TopologyHost[] = [],
  networks: readonly Pick<PlannedTopologyNetwork, "name" | "domain">[] = [],
): TopologyNetboxDevice[] {
  const nodes = sites.flatMap((site) =>
    site.proxmox.nodes.flatMap((node) => {
      const hardware = node.hardware;
      if (!hardware) return [];
      return [
        {
          name: node.name,
          site: site.name,
          manufacturer: manufacturerOf(environment, hardware.manufacturer),
          deviceType: { model: hardware.model, slug: slugOf(hardware.model) },
          role: { name: `Hypervisor (${environment})`, slug: `${environment}-hypervisor`, colour: HYPERVISOR_COLOUR },
          ...(hardware.rack ? { rack: hardware.rack } : {}),
          ...(hardware.serial ? { serial: hardware.serial } : {}),
        },
      ];
    }),
  );
  const bareMetal = hosts.flatMap((host): TopologyNetboxDevice[] => {
    const hardware = host.hardware;
    if (!hardware) return [];
    return [
      {
        name: host.name,
        site: host.site,
        manufacturer: manufacturerOf(environment, hardware.manufacturer),
        deviceType: { model: hardware.model, slug: slugOf(hardware.model) },
        role: { name: `Bare metal (${environment})`, slug: `${environment}-bare-metal`, colour: BARE_METAL_COLOUR },
        ...(hardware.serial ? { serial: hardware.serial } : {}),
        kind: "host",
        comments: [
          `Kubernetes ${host.role} (${host.architecture}) of cluster ${host.cluster}, ${host.address}/${host.prefixLength} on network ${host.network}, ${host.os}`,
          ...(host.cores !== undefined ? [`${host.cores} cores`] : []),
          ...(host.memoryMiB !== undefined ? [`${host.memoryMiB} MiB memory`] : []),
          ...(host.diskGiB !== undefined ? [`${host.diskGiB} GiB disk`] : []),
        ].join(", "),
        primaryInterface: { ...HOST_INTERFACE, network: host.network, cidr: `${host.address}/${host.prefixLength}`, dnsName: dnsNameOf(host, networks) },
      },
    ];
  });
  return [...nodes, ...bareMetal];
}

/** A host's DNS name: qualified by its network's domain when there is one, as a VM's is. */
function dnsNameOf(host: TopologyHost, networks: readonly Pick<PlannedTopologyNetwork, "name" | "domain">[]): string {
  const domain = networks.find((network) => network.name === host.network)?.domain;
  return domain ? `${host.name}.${domain}` : host.name;
}
