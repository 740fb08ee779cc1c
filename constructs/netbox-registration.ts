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
import type { Topology, TopologyNetbox, TopologyVm } from "../lib/topology/types";

export interface NetboxRegistrationProps {
  readonly topology: Topology;
  readonly netbox: TopologyNetbox;
  /** @default the stack's default netbox provider */
  readonly provider?: TerraformProvider;
}

/** NetBox ids are strings in state and numbers where referenced; Terraform converts between them. */
function numericId(resource: TerraformResource & { id: string }): number {
  return Token.asNumber(resource.id);
}

/** Colours NetBox shows per role; any other role gets grey. */
const ROLE_COLOURS: Record<string, string> = { server: "2196f3", agent: "4caf50", router: "ff9800", netbox: "9c27b0" };

/**
 * Records the environment in NetBox: site, tag, VLANs, prefixes, the cluster, a VM role per role,
 * and per VM its record, interface, addresses and primary IPs (static addressing: addresses come
 * from the Topology). Objects NetBox keeps globally (tags, roles, cluster types) carry the
 * environment in their slug, so several environments can share one NetBox.
 */
export class NetboxRegistration extends Construct {
  readonly site: Site;
  readonly cluster: Cluster;
  /** The VM records by VM name. */
  readonly virtualMachines = new Map<string, VirtualMachine>();

  constructor(scope: Construct, id: string, props: NetboxRegistrationProps) {
    super(scope, id);
    const { topology, netbox, provider } = props;
    const env = topology.environment;

    const tag = new Tag(this, "Tag", { provider, name: `env:${env}`, slug: `env-${env}`, colorHex: "607d8b", description: `homelab-cdktf environment ${env}` });
    const tags = [tag.name];
    this.site = new Site(this, "Site", { provider, name: netbox.site.name, slug: netbox.site.slug, status: "active", tags });

    const vlans = new Map<string, Vlan>();
    for (const network of topology.networks) {
      if (network.vlan === undefined) continue;
      vlans.set(
        network.name,
        new Vlan(this, `Vlan-${network.name}`, { provider, name: network.name, vid: network.vlan, siteId: numericId(this.site), status: "active", tags }),
      );
    }
    netbox.prefixes.forEach((prefix) => {
      const vlan = prefix.network ? vlans.get(prefix.network) : undefined;
      new Prefix(this, `Prefix-${prefix.prefix}`, {
        provider,
        prefix: prefix.prefix,
        status: "active",
        description: prefix.description,
        siteId: numericId(this.site),
        vlanId: vlan ? numericId(vlan) : undefined,
        tags,
      });
    });

    const clusterType = new ClusterType(this, "ClusterType", { provider, name: `${netbox.clusterType} (${env})`, slug: `proxmox-${env}` });
    this.cluster = new Cluster(this, "Cluster", {
      provider,
      name: netbox.clusterName,
      clusterTypeId: numericId(clusterType),
      siteId: numericId(this.site),
      tags,
    });
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
      clusterId: numericId(this.cluster),
      siteId: numericId(this.site),
      roleId: numericId(role),
      vcpus: vm.cores,
      memoryMb: vm.memoryMiB,
      diskSizeMb: vm.diskGiB * 1024,
      status: "active",
      comments: `Proxmox VMID ${vm.vmId} on node ${vm.node}`,
      tags,
    });
    this.virtualMachines.set(vm.name, record);
    const nic = new InterfaceResource(scope, "Interface", { provider, name: "eth0", virtualMachineId: numericId(record), enabled: true, tags });
    const addresses: { version: 4 | 6; cidr: string }[] = [{ version: 4, cidr: `${vm.nic.ipv4.address}/${vm.nic.ipv4.prefixLength}` }];
    if (vm.nic.ipv6) addresses.push({ version: 6, cidr: `${vm.nic.ipv6.address}/${vm.nic.ipv6.prefixLength}` });
    for (const { version, cidr } of addresses) {
      const address = new IpAddress(scope, `Ipv${version}`, {
        provider,
        ipAddress: cidr,
        status: "active",
        virtualMachineInterfaceId: numericId(nic),
        dnsName: vm.dns.domain ? `${vm.name}.${vm.dns.domain}` : vm.name,
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
}
