import { Construct } from "constructs";
import { TerraformProvider, TerraformResource, Token } from "cdktf";
import { Site } from "../.gen/providers/netbox/site";
import { Tag } from "../.gen/providers/netbox/tag";
import { Vlan } from "../.gen/providers/netbox/vlan";
import { Prefix } from "../.gen/providers/netbox/prefix";
import { ClusterType } from "../.gen/providers/netbox/cluster-type";
import { Cluster } from "../.gen/providers/netbox/cluster";
import { DeviceRole } from "../.gen/providers/netbox/device-role";
import { VirtualMachine } from "../.gen/providers/netbox/virtual-machine";
import { InterfaceResource } from "../.gen/providers/netbox/interface-resource";
import { IpAddress } from "../.gen/providers/netbox/ip-address";
import { PrimaryIp } from "../.gen/providers/netbox/primary-ip";
import { AvailableIpAddress } from "../.gen/providers/netbox/available-ip-address";
import { IpRange } from "../.gen/providers/netbox/ip-range";
import type { Topology, TopologyNetbox, TopologyNetwork, TopologyVm } from "../lib/topology/types";

export interface NetboxRegistrationProps {
  readonly topology: Topology;
  readonly netbox: TopologyNetbox;
  /** @default the stack's default netbox provider */
  readonly provider?: TerraformProvider;
}

const numericIds = new WeakMap<TerraformResource, number>();

/**
 * NetBox ids are strings in state and numbers where referenced; Terraform converts between them.
 * One token per resource, however often it is referenced: each new one costs cdktf a reference, a
 * token map entry and resolve work (the site, cluster and role ids are referenced by every VM).
 */
function numericId(resource: TerraformResource & { id: string }): number {
  let id = numericIds.get(resource);
  if (id === undefined) {
    id = Token.asNumber(resource.id);
    numericIds.set(resource, id);
  }
  return id;
}

/** Colours NetBox shows per role; any other role gets grey. */
const ROLE_COLOURS: Record<string, string> = { server: "2196f3", agent: "4caf50", router: "ff9800", netbox: "9c27b0" };

/** A VM's addresses in CIDR form: literal (static addressing) or a reference resolved at apply (netbox). */
export interface VmAddresses {
  readonly ipv4: string;
  readonly ipv6?: string;
}

/**
 * Records the environment in NetBox: site, tag, VLANs, prefixes, the cluster, a VM role per role,
 * and per VM its record, interface, addresses and primary IPs. Objects NetBox keeps globally (tags,
 * roles, cluster types) carry the environment in their slug, so several environments can share one
 * NetBox. A multi-site environment gets one site and cluster per topology site (ids `Site-<site>`,
 * `Cluster-<site>`); a single-site one keeps the ids `Site` and `Cluster`.
 *
 * Netbox addressing: each VM's addresses are netbox_available_ip_address resources allocated from
 * the network's prefix (or its `netboxRange`), assigned to the VM's interface as they are created.
 * The order has no cycle: VM record, interface, allocated address, then the Proxmox VM (which reads
 * the address) and the primary IP. What must stay free (gateway, VIP, LB pool, reserved ranges) is
 * registered first, and every allocation depends on it.
 */
export class NetboxRegistration extends Construct {
  /** The primary site's record. */
  readonly site: Site;
  /** The primary site's cluster. */
  readonly cluster: Cluster;
  /** NetBox site and cluster by topology site name. */
  readonly sites = new Map<string, { site: Site; cluster: Cluster }>();
  /** The VM records by VM name. */
  readonly virtualMachines = new Map<string, VirtualMachine>();
  /** Each VM's addresses in CIDR form: tokens for netbox-addressed VMs. */
  readonly addresses = new Map<string, VmAddresses>();
  private readonly prefixes = new Map<string, Prefix>();
  private readonly topologyNetworks: readonly TopologyNetwork[];
  private readonly allocationSources = new Map<string, { prefixId?: number; ipRangeId?: number; held: TerraformResource[] }>();

  constructor(scope: Construct, id: string, props: NetboxRegistrationProps) {
    super(scope, id);
    const { topology, netbox, provider } = props;
    const env = topology.environment;
    this.topologyNetworks = topology.networks;

    const tag = new Tag(this, "Tag", { provider, name: `env:${env}`, slug: `env-${env}`, colorHex: "607d8b", description: `homelab-cdktf environment ${env}` });
    const tags = [tag.name];
    const implicit = topology.sites.length === 1 && topology.sites[0].implicit;
    const clusterType = new ClusterType(this, "ClusterType", { provider, name: `${netbox.clusterType} (${env})`, slug: `proxmox-${env}` });
    for (const entry of netbox.sites) {
      const suffix = implicit ? "" : `-${entry.site}`;
      const site = new Site(this, `Site${suffix}`, { provider, name: entry.name, slug: entry.slug, status: "active", tags });
      const cluster = new Cluster(this, `Cluster${suffix}`, {
        provider,
        name: entry.clusterName,
        clusterTypeId: numericId(clusterType),
        siteId: numericId(site),
        tags,
      });
      this.sites.set(entry.site, { site, cluster });
    }
    const primary = this.sites.get(netbox.sites[0].site)!;
    this.site = primary.site;
    this.cluster = primary.cluster;
    const siteOfNetwork = (name: string | undefined): Site => {
      const network = topology.networks.find((candidate) => candidate.name === name);
      return (network ? this.sites.get(network.site) : undefined)?.site ?? this.site;
    };

    const vlans = new Map<string, Vlan>();
    for (const network of topology.networks) {
      if (network.vlan === undefined) continue;
      vlans.set(
        network.name,
        new Vlan(this, `Vlan-${network.name}`, { provider, name: network.name, vid: network.vlan, siteId: numericId(siteOfNetwork(network.name)), status: "active", tags }),
      );
    }
    netbox.prefixes.forEach((prefix) => {
      const vlan = prefix.network ? vlans.get(prefix.network) : undefined;
      this.prefixes.set(
        prefix.prefix,
        new Prefix(this, `Prefix-${prefix.prefix}`, {
          provider,
          prefix: prefix.prefix,
          status: "active",
          description: prefix.description,
          siteId: numericId(siteOfNetwork(prefix.network)),
          vlanId: vlan ? numericId(vlan) : undefined,
          tags,
        }),
      );
    });
    for (const network of topology.networks) {
      if (network.addressing === "netbox") this.prepareAllocation(network, tags, provider);
    }
    const roles = new Map<string, DeviceRole>();
    for (const role of netbox.roles) {
      roles.set(
        role,
        new DeviceRole(this, `Role-${role}`, { provider, name: `${role} (${env})`, slug: `${env}-${role}`, colorHex: ROLE_COLOURS[role] ?? "9e9e9e", vmRole: true, tags }),
      );
    }

    for (const vm of topology.vms) this.registerVm(vm, roles.get(vm.role)!, tags, provider);
  }

  private registerVm(vm: TopologyVm, role: DeviceRole, tags: string[], provider?: TerraformProvider): void {
    const scope = new Construct(this, `Vm-${vm.name}`);
    const record = new VirtualMachine(scope, "Resource", {
      provider,
      name: vm.name,
      roleId: numericId(role),
      ...this.placementOf(vm),
      vcpus: vm.cores,
      memoryMb: vm.memoryMiB,
      diskSizeMb: vm.diskGiB * 1024,
      status: "active",
      comments: `Proxmox VMID ${vm.vmId} on node ${vm.node}`,
      tags,
    });
    this.virtualMachines.set(vm.name, record);
    const nic = new InterfaceResource(scope, "Interface", { provider, name: "eth0", virtualMachineId: numericId(record), enabled: true, tags });
    const dnsName = vm.dns.domain ? `${vm.name}.${vm.dns.domain}` : vm.name;
    if (vm.nic.addressing === "netbox") {
      this.allocate(scope, vm, nic, dnsName, tags, provider);
      return;
    }
    const addresses: { version: 4 | 6; cidr: string }[] = [{ version: 4, cidr: `${vm.nic.ipv4.address}/${vm.nic.ipv4.prefixLength}` }];
    if (vm.nic.ipv6) addresses.push({ version: 6, cidr: `${vm.nic.ipv6.address}/${vm.nic.ipv6.prefixLength}` });
    this.addresses.set(vm.name, { ipv4: addresses[0].cidr, ...(addresses[1] ? { ipv6: addresses[1].cidr } : {}) });
    for (const { version, cidr } of addresses) {
      const address = new IpAddress(scope, `Ipv${version}`, {
        provider,
        ipAddress: cidr,
        status: "active",
        virtualMachineInterfaceId: numericId(nic),
        dnsName,
        tags,
      });
      new PrimaryIp(scope, `PrimaryIpv${version}`, {
        provider,
        ipAddressId: numericId(address),
        virtualMachineId: numericId(record),
        ipAddressVersion: version,
      });
    }
  }

  /** Site and cluster ids for a VM: its topology site's. */
  private placementOf(vm: TopologyVm): { siteId: number; clusterId: number } {
    const placement = this.sites.get(vm.site) ?? { site: this.site, cluster: this.cluster };
    return { siteId: numericId(placement.site), clusterId: numericId(placement.cluster) };
  }

  /** Registers what NetBox must not hand out on a netbox-addressed network, and where it allocates from. */
  private prepareAllocation(network: TopologyNetwork, tags: string[], provider?: TerraformProvider): void {
    const withLength = (address: string): string => `${address}/${network.prefixLength}`;
    const held: TerraformResource[] = network.held.map((range) =>
      range.start === range.end
        ? new IpAddress(this, `Held-${network.name}-${range.start}`, { provider, ipAddress: withLength(range.start), status: "reserved", description: range.description, tags })
        : new IpRange(this, `Held-${network.name}-${range.start}`, {
            provider,
            startAddress: withLength(range.start),
            endAddress: withLength(range.end),
            status: "reserved",
            // A populated range counts as used, so NetBox never allocates from it.
            markPopulated: true,
            description: range.description,
            tags,
          }),
    );
    if (network.netboxRange) {
      const range = new IpRange(this, `Range-${network.name}`, {
        provider,
        startAddress: withLength(network.netboxRange.start),
        endAddress: withLength(network.netboxRange.end),
        status: "active",
        description: `VM addresses of ${network.name}, allocated by NetBox`,
        tags,
      });
      this.allocationSources.set(network.name, { ipRangeId: numericId(range), held });
      return;
    }
    const prefix = this.prefixes.get(network.cidr);
    this.allocationSources.set(network.name, { ...(prefix ? { prefixId: numericId(prefix) } : {}), held });
  }

  /** Allocates the VM's addresses from NetBox, assigned to its interface, and makes them primary. */
  private allocate(scope: Construct, vm: TopologyVm, nic: InterfaceResource, dnsName: string, tags: string[], provider?: TerraformProvider): void {
    const source = this.allocationSources.get(vm.nic.network)!;
    const record = this.virtualMachines.get(vm.name)!;
    const ipv4 = new AvailableIpAddress(scope, "Ipv4", {
      provider,
      ...(source.ipRangeId !== undefined ? { ipRangeId: source.ipRangeId } : { prefixId: source.prefixId }),
      status: "active",
      virtualMachineInterfaceId: numericId(nic),
      dnsName,
      tags,
      dependsOn: source.held,
    });
    new PrimaryIp(scope, "PrimaryIpv4", { provider, ipAddressId: numericId(ipv4), virtualMachineId: numericId(record), ipAddressVersion: 4 });
    let ipv6: AvailableIpAddress | undefined;
    const network = vm.nic.ipv6 ? this.prefixes.get(this.ipv6PrefixOf(vm)) : undefined;
    if (network) {
      ipv6 = new AvailableIpAddress(scope, "Ipv6", { provider, prefixId: numericId(network), status: "active", virtualMachineInterfaceId: numericId(nic), dnsName, tags });
      new PrimaryIp(scope, "PrimaryIpv6", { provider, ipAddressId: numericId(ipv6), virtualMachineId: numericId(record), ipAddressVersion: 6 });
    }
    this.addresses.set(vm.name, { ipv4: ipv4.ipAddress, ...(ipv6 ? { ipv6: ipv6.ipAddress } : {}) });
  }

  private ipv6PrefixOf(vm: TopologyVm): string {
    return this.topologyNetworks.find((network) => network.name === vm.nic.network)?.ipv6?.prefix ?? "";
  }
}
