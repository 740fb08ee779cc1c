import type {
  PlannedTopology,
  PlannedTopologyNetwork,
  PlannedTopologyVm,
  Topology,
  TopologyNetboxPool,
  TopologyNetwork,
  TopologyNic,
  TopologyStaticAddress,
  TopologyVm,
  TopologyVmAddress,
  TopologyVmInterface,
} from "./types";
import { netboxNames } from "./netbox-names";
import { templateFor } from "./stages/templates";

/*
 * The one place that turns a planned VM's NIC into the address list Proxmox, NetBox and the
 * inventory all read, and decides per address whether it is static or NetBox's to allocate. Before
 * this, each construct formatted `address/prefix` and branched on the addressing mode itself.
 */

/** An address with its prefix length, as Proxmox's ip_config and NetBox's IP records take it: 192.168.1.10/24. */
export function withPrefixLength(address: string, prefixLength: number): string {
  return `${address}/${prefixLength}`;
}

/** Every address of the VM's primary NIC, IPv4 first: static as planned, or where NetBox allocates it from. */
export function vmAddresses(vm: PlannedTopologyVm, network: PlannedTopologyNetwork): TopologyVmAddress[] {
  return nicAddresses(vm.nic, network);
}

/** Every address of one NIC, IPv4 first: static as planned, where NetBox allocates it from, or none (DHCP). */
export function nicAddresses(nic: TopologyNic, network: PlannedTopologyNetwork): TopologyVmAddress[] {
  if (nic.dhcp) return [];
  const gateway = (value: string | undefined): { gateway?: string } => (value ? { gateway: value } : {});
  if (nic.addressing === "netbox" && nic.ipv4 && network.cidr) {
    const allocated: TopologyVmAddress[] = [
      { addressing: "netbox", family: 4, prefixLength: nic.ipv4.prefixLength, ...gateway(nic.ipv4.gateway), network: network.name, prefix: network.cidr, fromRange: network.netboxRange !== undefined },
    ];
    if (nic.ipv6 && network.ipv6) {
      allocated.push({ addressing: "netbox", family: 6, prefixLength: nic.ipv6.prefixLength, ...gateway(nic.ipv6.gateway), network: network.name, prefix: network.ipv6.prefix, fromRange: false });
    }
    return allocated;
  }
  // A NIC on an IPv6-only network has its IPv6 address only.
  const planned: TopologyVmAddress[] = nic.ipv4
    ? [{ addressing: "static", family: 4, address: nic.ipv4.address!, prefixLength: nic.ipv4.prefixLength, cidr: withPrefixLength(nic.ipv4.address!, nic.ipv4.prefixLength), ...gateway(nic.ipv4.gateway) }]
    : [];
  if (nic.ipv6?.address) {
    planned.push({ addressing: "static", family: 6, address: nic.ipv6.address, prefixLength: nic.ipv6.prefixLength, cidr: withPrefixLength(nic.ipv6.address, nic.ipv6.prefixLength), ...gateway(nic.ipv6.gateway) });
  }
  return planned;
}

/** Every NIC of the VM with its addresses, the primary one (eth0) first. */
export function vmInterfaces(vm: PlannedTopologyVm, networkByName: ReadonlyMap<string, PlannedTopologyNetwork>): TopologyVmInterface[] {
  return [vm.nic, ...(vm.extraNics ?? [])].map((nic, index) => ({ name: `eth${index}`, nic, addresses: nicAddresses(nic, networkByName.get(nic.network)!) }));
}

/** The VM's DNS name: qualified by its network's domain when there is one. */
export function vmDnsName(vm: PlannedTopologyVm): string {
  return vm.dns.domain ? `${vm.name}.${vm.dns.domain}` : vm.name;
}

/** The template a VM is cloned from (see {@link Topology.templates}); absent when it boots a cloud image. */
export function vmClone(templates: Topology["templates"], vm: PlannedTopologyVm): TopologyVm["clone"] {
  const template = templateFor(templates, vm);
  return template ? { vmId: template.vmId, nodeName: template.node } : undefined;
}

/** What NetBox records on a netbox-addressed network before it allocates, in CIDR form. */
export function netboxPool(network: PlannedTopologyNetwork): TopologyNetboxPool | undefined {
  if (network.addressing !== "netbox" || network.cidr === undefined || network.prefixLength === undefined) return undefined;
  const prefixLength = network.prefixLength;
  const cidr = (address: string): string => withPrefixLength(address, prefixLength);
  return {
    prefix: network.cidr,
    ...(network.netboxRange
      ? { range: { startAddress: cidr(network.netboxRange.start), endAddress: cidr(network.netboxRange.end), description: `VM addresses of ${network.name}, allocated by NetBox` } }
      : {}),
    held: network.held.map((range) => ({
      start: range.start,
      startAddress: cidr(range.start),
      ...(range.start === range.end ? {} : { endAddress: cidr(range.end) }),
      description: range.description,
    })),
  };
}

/**
 * Completes a planned Topology with what every consumer reads alike: each VM's address list, DNS
 * name, template and descriptions, each netbox-addressed network's NetBox pool, and the NetBox
 * record names.
 */
export function resolveAddressesAndNames(planned: PlannedTopology): Topology {
  const networks: TopologyNetwork[] = planned.networks.map((network) => {
    const pool = netboxPool(network);
    return pool ? { ...network, netboxPool: pool } : { ...network };
  });
  const networkByName = new Map(planned.networks.map((network) => [network.name, network]));
  const vms: TopologyVm[] = planned.vms.map((vm) => {
    const clone = vmClone(planned.templates, vm);
    const interfaces = vmInterfaces(vm, networkByName);
    return {
      ...vm,
      addresses: interfaces[0].addresses,
      interfaces,
      dnsName: vmDnsName(vm),
      ...(clone ? { clone } : {}),
      proxmoxDescription: vm.description ?? `${vm.role} of ${vm.tags.join(", ")}; managed by homelab-cdktf`,
      netboxComments: `Proxmox VMID ${vm.vmId} on node ${vm.node}`,
    };
  });
  const { netbox, ...rest } = planned;
  return {
    ...rest,
    networks,
    vms,
    ...(netbox ? { netbox: netboxNames(planned.environment, netbox, planned.sites, planned.hosts, planned.networks) } : {}),
    allocatedByNetbox: vms.some((vm) => vm.addresses.some((address) => address.addressing === "netbox")),
  };
}

/**
 * A VM's addresses in CIDR form, as Proxmox's ip_config, NetBox and the inventory take them: the
 * planned ones, or Terraform references to NetBox's allocations (resolved at apply).
 */
export interface VmCidrs {
  readonly ipv4: string;
  readonly ipv6?: string;
}

/**
 * The VM's static address of a family; undefined when it has none of that family. Throws when
 * NetBox allocates it: whoever asks needs the allocation (a reference) instead.
 */
export function staticAddress(vm: TopologyVm, family: 4 | 6): TopologyStaticAddress | undefined {
  const address = vm.addresses.find((candidate) => candidate.family === family);
  if (address?.addressing === "netbox") {
    throw new Error(`${vm.name}: NetBox allocates its IPv${family} address at apply; read the allocation instead of the Topology`);
  }
  return address;
}

/** A statically addressed VM's addresses in CIDR form; undefined when NetBox allocates any of them. */
export function staticCidrs(vm: TopologyVm): VmCidrs | undefined {
  const cidrs: Partial<Record<4 | 6, string>> = {};
  for (const address of vm.addresses) {
    if (address.addressing !== "static") return undefined;
    cidrs[address.family] = address.cidr;
  }
  return { ipv4: cidrs[4]!, ...(cidrs[6] ? { ipv6: cidrs[6] } : {}) };
}
