import { Construct } from "constructs";
import { TerraformProvider } from "cdktf";
import { VirtualEnvironmentVm } from "../.gen/providers/proxmox/virtual-environment-vm";
import { VirtualEnvironmentHaresource } from "../.gen/providers/proxmox/virtual-environment-haresource";
import type { Topology, TopologyStaticAddress, TopologyVm, TopologyVmAddress } from "../lib/topology/types";
import { staticCidrs, type VmCidrs } from "../lib/topology/vm-addresses";
import { PROXMOX_NETWORK_DEVICE_KEYS, setObjectList } from "./object-list";

export interface ProxmoxVmProps {
  /** The VM as the Topology resolved it. */
  readonly vm: TopologyVm;
  /** Image, CPU type, login user, keys and (the VM's site's) pool shared by every VM of the environment. */
  readonly topology: Pick<Topology, "image" | "cpuType" | "vmUser" | "sshPublicKeys" | "proxmox">;
  /** Id of the vendor-data snippet on the VM's node. */
  readonly vendorDataFileId: string;
  /** Id of the downloaded cloud image on the VM's node, when the environment boots from one. */
  readonly cloudImageFileId?: string;
  /** @default the stack's default proxmox provider */
  readonly provider?: TerraformProvider;
  /**
   * The VM's addresses in CIDR form when NetBox allocates them (references resolved at apply).
   * @default the static addresses of `vm.addresses`
   */
  readonly addresses?: VmCidrs;
}

/** A Proxmox VM cloned from a template (or imported from a cloud image) and set up by cloud-init. */
export class ProxmoxVm extends Construct {
  readonly resource: VirtualEnvironmentVm;

  constructor(scope: Construct, id: string, props: ProxmoxVmProps) {
    super(scope, id);
    const { vm, topology } = props;
    const image = topology.image;
    const cidrs = props.addresses ?? staticCidrs(vm);
    if (!cidrs) {
      throw new Error(`ProxmoxVm ${vm.name}: its network uses netbox addressing, so pass addresses (the NetBox allocations)`);
    }
    // A network's gateway VM (gatewayVm) holds the gateway address itself: its default route leaves
    // through its first static secondary NIC (the uplink) instead.
    const isOwnGateway = (address: TopologyVmAddress | undefined): boolean => address?.addressing === "static" && address.address === address.gateway;
    const routesItself = isOwnGateway(vm.addresses.find((address) => address.family === 4));
    const gatewayOf = (family: 4 | 6): { gateway?: string } => {
      const address = vm.addresses.find((candidate) => candidate.family === family);
      return address?.gateway && !isOwnGateway(address) ? { gateway: address.gateway } : {};
    };
    const ipConfig = {
      ipv4: { address: cidrs.ipv4, ...gatewayOf(4) },
      ...(cidrs.ipv6 ? { ipv6: { address: cidrs.ipv6, ...gatewayOf(6) } } : {}),
    };
    // Secondary NICs (ipconfig1, ...) carry no gateway: the primary NIC keeps the default route,
    // unless the VM is its primary network's gateway (see above).
    const secondary = vm.interfaces.slice(1);
    const uplink = routesItself ? secondary.findIndex(({ nic }) => !nic.dhcp) : -1;
    const secondaryIpConfigs = secondary.map(({ nic, addresses }, index) => {
      if (nic.dhcp) return { ipv4: { address: "dhcp" } };
      const staticOf = (family: 4 | 6): TopologyStaticAddress | undefined => {
        const address = addresses.find((candidate) => candidate.family === family);
        return address?.addressing === "static" ? address : undefined;
      };
      const route = (address: TopologyStaticAddress): { gateway?: string } => (index === uplink && address.gateway ? { gateway: address.gateway } : {});
      // A NIC on an IPv6-only network has no IPv4 address: its ip_config carries ipv6 alone.
      const ipv4 = staticOf(4);
      const ipv6 = staticOf(6);
      return { ...(ipv4 ? { ipv4: { address: ipv4.cidr, ...route(ipv4) } } : {}), ...(ipv6 ? { ipv6: { address: ipv6.cidr, ...route(ipv6) } } : {}) };
    });

    this.resource = new VirtualEnvironmentVm(this, "Resource", {
      provider: props.provider,
      nodeName: vm.node,
      vmId: vm.vmId,
      name: vm.name,
      description: vm.proxmoxDescription,
      tags: [...vm.tags],
      onBoot: true,
      started: true,
      // Shut the guest down cleanly on destroy instead of waiting for an ACPI timeout.
      stopOnDestroy: true,
      poolId: topology.proxmox.pool,
      agent: { enabled: true },
      cpu: { cores: vm.cores, type: topology.cpuType },
      memory: { dedicated: vm.memoryMiB },
      operatingSystem: { type: "l26" },
      scsiHardware: "virtio-scsi-single",
      // Ubuntu and Debian cloud images expect a serial console.
      serialDevice: [{ device: "socket" }],
      clone: vm.clone ? { vmId: vm.clone.vmId, nodeName: vm.clone.nodeName, full: true } : undefined,
      disk: [
        {
          interface: "scsi0",
          datastoreId: vm.datastore,
          size: vm.diskGiB,
          discard: "on",
          iothread: true,
          ssd: true,
          importFromAttribute: image.kind === "cloudImage" ? props.cloudImageFileId : undefined,
        },
      ],
      initialization: {
        datastoreId: vm.datastore,
        dns: { servers: [...vm.dns.servers], domain: vm.dns.domain },
        ipConfig: [ipConfig, ...secondaryIpConfigs],
        userAccount: { username: topology.vmUser, keys: [...topology.sshPublicKeys] },
        vendorDataFileId: props.vendorDataFileId,
      },
    });
    // One network_device per NIC, in interface order (net0 is the primary NIC).
    setObjectList(this.resource, "network_device", PROXMOX_NETWORK_DEVICE_KEYS, [
      { bridge: vm.nic.bridge, model: "virtio", vlan_id: vm.nic.vlan, enabled: true, firewall: false },
      ...secondary.map(({ nic }) => ({ bridge: nic.bridge, model: "virtio", vlan_id: nic.vlan, mtu: nic.mtu, enabled: true, firewall: nic.firewall ?? false })),
    ]);

    if (vm.ha) {
      new VirtualEnvironmentHaresource(this, "HaResource", {
        provider: props.provider,
        resourceId: `vm:${vm.vmId}`,
        state: "started",
        comment: `${vm.name} (managed by homelab-cdktf)`,
        dependsOn: [this.resource],
      });
    }
  }
}
