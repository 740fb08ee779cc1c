import { Construct } from "constructs";
import { TerraformProvider } from "cdktf";
import { VirtualMachine } from "../.gen/providers/netbox/virtual-machine";
import { InterfaceResource } from "../.gen/providers/netbox/interface-resource";
import { IpAddress } from "../.gen/providers/netbox/ip-address";
import { PrimaryIp } from "../.gen/providers/netbox/primary-ip";
import { AvailableIpAddress } from "../.gen/providers/netbox/available-ip-address";
import type { DeviceRole } from "../.gen/providers/netbox/device-role";
import type { Site } from "../.gen/providers/netbox/site";
import type { Cluster } from "../.gen/providers/netbox/cluster";
import type { TopologyAllocatedAddress, TopologyVm } from "../lib/topology/types";
import type { VmCidrs } from "../lib/topology/vm-addresses";
import type { NetboxAllocationSource } from "./netbox-networks";
import { numericId } from "./netbox-id";

export interface NetboxVmProps {
  /** The VM as the Topology resolved it. */
  readonly vm: TopologyVm;
  /** The device role of the VM's role. */
  readonly role: DeviceRole;
  /** The NetBox site and cluster the VM is filed under (its topology site's). */
  readonly placement: { readonly site: Site; readonly cluster: Cluster };
  /** The environment's tags. */
  readonly tags: string[];
  /**
   * Where NetBox allocates each of the VM's netbox-addressed addresses from.
   * @default none: every address of the VM must be static
   */
  readonly allocationSource?: (address: TopologyAllocatedAddress) => NetboxAllocationSource;
  /** @default the stack's default netbox provider */
  readonly provider?: TerraformProvider;
}

/**
 * A VM in NetBox: its record, its interface eth0, and per address of its address list an IP
 * address on that interface, made primary; each secondary NIC is one more interface (eth1, ...)
 * with its static addresses. A static address is recorded as planned; a netbox one
 * is allocated at apply (netbox_available_ip_address) after what its network holds, and `cidrs`
 * then carries references the Proxmox VM and the inventory resolve at apply.
 */
export class NetboxVm extends Construct {
  /** The VM record. */
  readonly resource: VirtualMachine;
  readonly interface: InterfaceResource;
  /** The VM's addresses in CIDR form: literals when static, references when NetBox allocates them. */
  readonly cidrs: VmCidrs;

  constructor(scope: Construct, id: string, props: NetboxVmProps) {
    super(scope, id);
    const { vm, tags, provider } = props;
    this.resource = new VirtualMachine(this, "Resource", {
      provider,
      name: vm.name,
      roleId: numericId(props.role),
      siteId: numericId(props.placement.site),
      clusterId: numericId(props.placement.cluster),
      vcpus: vm.cores,
      memoryMb: vm.memoryMiB,
      diskSizeMb: vm.diskGiB * 1024,
      status: "active",
      comments: vm.netboxComments,
      tags,
    });
    this.interface = new InterfaceResource(this, "Interface", { provider, name: "eth0", virtualMachineId: numericId(this.resource), enabled: true, tags });

    const cidrs: Partial<Record<4 | 6, string>> = {};
    for (const address of vm.addresses) {
      const common = { provider, status: "active", virtualMachineInterfaceId: numericId(this.interface), dnsName: vm.dnsName, tags };
      let record: IpAddress | AvailableIpAddress;
      if (address.addressing === "static") {
        record = new IpAddress(this, `Ipv${address.family}`, { ...common, ipAddress: address.cidr });
        cidrs[address.family] = address.cidr;
      } else {
        if (!props.allocationSource) throw new Error(`NetboxVm ${vm.name}: NetBox allocates its IPv${address.family} address, so pass allocationSource (the network's NetBox pool)`);
        const source = props.allocationSource(address);
        record = new AvailableIpAddress(this, `Ipv${address.family}`, {
          ...common,
          ...(source.ipRangeId !== undefined ? { ipRangeId: source.ipRangeId } : { prefixId: source.prefixId }),
          ...(source.held.length > 0 ? { dependsOn: [...source.held] } : {}),
        });
        cidrs[address.family] = record.ipAddress;
      }
      new PrimaryIp(this, `PrimaryIpv${address.family}`, { provider, ipAddressId: numericId(record), virtualMachineId: numericId(this.resource), ipAddressVersion: address.family });
    }
    this.cidrs = { ipv4: cidrs[4]!, ...(cidrs[6] ? { ipv6: cidrs[6] } : {}) };

    // Secondary NICs: an interface each (eth1, ...) with its static addresses; the primary IP stays eth0's.
    for (const [index, { name, nic, addresses }] of vm.interfaces.entries()) {
      if (index === 0) continue;
      const nicInterface = new InterfaceResource(this, `Interface${index}`, {
        provider,
        name,
        virtualMachineId: numericId(this.resource),
        enabled: true,
        ...(nic.mtu !== undefined ? { mtu: nic.mtu } : {}),
        tags,
      });
      for (const address of addresses) {
        if (address.addressing !== "static") continue;
        new IpAddress(this, `Interface${index}Ipv${address.family}`, { provider, status: "active", virtualMachineInterfaceId: numericId(nicInterface), ipAddress: address.cidr, tags });
      }
    }
  }
}
