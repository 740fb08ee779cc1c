import { Construct } from "constructs";
import { TerraformProvider } from "cdktf";
import type { Site } from "../.gen/providers/netbox/site";
import type { Cluster } from "../.gen/providers/netbox/cluster";
import type { VirtualMachine } from "../.gen/providers/netbox/virtual-machine";
import type { Topology, TopologyNetbox } from "../lib/topology/types";
import type { VmCidrs } from "../lib/topology/vm-addresses";
import { NetboxSites } from "./netbox-sites";
import { NetboxNetworks } from "./netbox-networks";
import { NetboxRoles } from "./netbox-roles";
import { NetboxVm } from "./netbox-vm";
import { moveFromFormerId } from "./moved";
import { NetboxDevices } from "./netbox-devices";

export interface NetboxRegistrationProps {
  readonly topology: Topology;
  readonly netbox: TopologyNetbox;
  /** @default the stack's default netbox provider */
  readonly provider?: TerraformProvider;
}

/**
 * Records the environment in NetBox, one concern each: the tag, cluster type, sites and clusters
 * ({@link NetboxSites}); VLANs, prefixes and what netbox-addressed networks hold
 * ({@link NetboxNetworks}); a VM role per role ({@link NetboxRoles}); the Proxmox nodes and hosts that
 * describe their hardware as devices ({@link NetboxDevices}), a host's address on its interface; and one {@link NetboxVm} per VM. The parts add their resources to this construct, in this order, so their Terraform addresses
 * are those of the construct before the split.
 *
 * Netbox addressing: the order has no cycle: VM record, interface, allocated address, then the
 * Proxmox VM (which reads the address) and the primary IP. What must stay free (gateway, VIP, LB
 * pool, reserved ranges, bare-metal hosts' addresses) is registered first, and every IPv4 allocation
 * depends on it.
 */
export class NetboxRegistration extends Construct {
  /** The primary site's record. */
  readonly site: Site;
  /** The primary site's cluster. */
  readonly cluster: Cluster;
  /** NetBox site and cluster by topology site name. */
  readonly sites: ReadonlyMap<string, { readonly site: Site; readonly cluster: Cluster }>;
  /** The VM records by VM name. */
  readonly virtualMachines = new Map<string, VirtualMachine>();
  /** Each VM's addresses in CIDR form: references to NetBox's allocations for netbox-addressed VMs. */
  readonly addresses = new Map<string, VmCidrs>();

  constructor(scope: Construct, id: string, props: NetboxRegistrationProps) {
    super(scope, id);
    const { topology, netbox, provider } = props;
    const implicitSite = topology.sites.length === 1 && topology.sites[0].implicit;
    const sites = new NetboxSites(this, { netbox, implicitSite, provider });
    this.site = sites.site;
    this.cluster = sites.cluster;
    this.sites = sites.sites;
    const networks = new NetboxNetworks(this, { networks: topology.networks, prefixes: netbox.prefixes, sites, provider });
    const roles = new NetboxRoles(this, { roles: netbox.roleRecords, tags: sites.tags, provider });
    if (netbox.devices) {
      const devices = new NetboxDevices(this, { devices: netbox.devices, sites, provider });
      for (const { network, record } of devices.addresses.values()) networks.hold(network, record);
    }
    for (const vm of topology.vms) {
      const record = new NetboxVm(this, `Vm-${vm.name}`, {
        vm,
        role: roles.roleOf(vm.role),
        placement: sites.placementOf(vm.site),
        tags: sites.tags,
        allocationSource: (address) => networks.allocationSource(address),
        provider,
      });
      // A renamed VM (renamedVms) keeps its NetBox records: moved blocks from its old addresses.
      if (vm.formerName) moveFromFormerId(record, `Vm-${vm.formerName}`);
      this.virtualMachines.set(vm.name, record.resource);
      this.addresses.set(vm.name, record.cidrs);
    }
  }
}
