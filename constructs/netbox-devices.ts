import type { Construct } from "constructs";
import { TerraformProvider } from "cdktf";
import { Manufacturer } from "../.gen/providers/netbox/manufacturer";
import { DeviceType } from "../.gen/providers/netbox/device-type";
import { DeviceRole } from "../.gen/providers/netbox/device-role";
import { Rack } from "../.gen/providers/netbox/rack";
import { Device } from "../.gen/providers/netbox/device";
import { DeviceInterface } from "../.gen/providers/netbox/device-interface";
import { DevicePrimaryIp } from "../.gen/providers/netbox/device-primary-ip";
import { IpAddress } from "../.gen/providers/netbox/ip-address";
import type { TopologyNetboxDevice } from "../lib/topology/types";
import type { NetboxSites } from "./netbox-sites";
import { numericId } from "./netbox-id";
import { slugOf } from "../lib/topology/netbox-devices";

export interface NetboxDevicesProps {
  /** The Proxmox nodes and bare-metal hosts as NetBox devices, as the Topology resolved them. */
  readonly devices: readonly TopologyNetboxDevice[];
  /** The environment's NetBox sites and clusters: each device joins its site's cluster. */
  readonly sites: NetboxSites;
  /** @default the stack's default netbox provider */
  readonly provider?: TerraformProvider;
}

/**
 * The physical side in NetBox: one manufacturer and device type per model, one Hypervisor device
 * role, a rack per (site, rack name), and a device per Proxmox node attached to its site's
 * virtualization cluster. A device with a primary interface (every bare-metal host) gets that
 * interface, its IPv4 address on it, and the address as the device's primary IPv4. Like
 * {@link NetboxSites} it adds its resources to the scope it is given.
 */
export class NetboxDevices {
  /** The devices by Proxmox node or host name. */
  readonly devices = new Map<string, Device>();
  /** The addresses on the devices' primary interfaces, by device name. */
  readonly addresses = new Map<string, { readonly network: string; readonly record: IpAddress }>();

  constructor(scope: Construct, props: NetboxDevicesProps) {
    const { devices, sites, provider } = props;
    const tags = sites.tags;
    const manufacturers = new Map<string, Manufacturer>();
    const deviceTypes = new Map<string, DeviceType>();
    const racks = new Map<string, Rack>();
    const roles = new Map<string, DeviceRole>();
    for (const device of devices) {
      const placement = sites.placementOf(device.site);
      const manufacturer = manufacturers.get(device.manufacturer.slug) ?? new Manufacturer(scope, `Manufacturer-${device.manufacturer.slug}`, { provider, name: device.manufacturer.name, slug: device.manufacturer.slug });
      manufacturers.set(device.manufacturer.slug, manufacturer);
      const typeKey = `${device.manufacturer.slug}-${device.deviceType.slug}`;
      const deviceType =
        deviceTypes.get(typeKey) ??
        new DeviceType(scope, `DeviceType-${typeKey}`, { provider, model: device.deviceType.model, slug: device.deviceType.slug, manufacturerId: numericId(manufacturer), tags });
      deviceTypes.set(typeKey, deviceType);
      const isHost = device.kind === "host";
      // The Hypervisor role keeps its construct id (and Terraform address) from before hosts were devices.
      const role =
        roles.get(device.role.slug) ??
        new DeviceRole(scope, isHost ? `DeviceRole-${device.role.slug}` : "HypervisorRole", { provider, name: device.role.name, slug: device.role.slug, colorHex: device.role.colour, vmRole: false, tags });
      roles.set(device.role.slug, role);
      let rack: Rack | undefined;
      if (device.rack) {
        const rackKey = `${device.site}-${slugOf(device.rack)}`;
        rack = racks.get(rackKey) ?? new Rack(scope, `Rack-${rackKey}`, { provider, name: device.rack, siteId: numericId(placement.site), status: "active", tags });
        racks.set(rackKey, rack);
      }
      const record = new Device(scope, `Device-${device.name}`, {
        provider,
        name: device.name,
        deviceTypeId: numericId(deviceType),
        roleId: numericId(role),
        siteId: numericId(placement.site),
        // A bare-metal host is no member of the site's virtualization (Proxmox) cluster.
        ...(isHost ? {} : { clusterId: numericId(placement.cluster) }),
        ...(rack ? { rackId: numericId(rack) } : {}),
        ...(device.serial ? { serial: device.serial } : {}),
        status: "active",
        comments: device.comments ?? `Proxmox VE node ${device.name}`,
        tags,
      });
      this.devices.set(device.name, record);
      const primary = device.primaryInterface;
      if (!primary) continue;
      const nic = new DeviceInterface(scope, `DeviceInterface-${device.name}`, { provider, deviceId: numericId(record), name: primary.name, type: primary.type, enabled: true, tags });
      const address = new IpAddress(scope, `DeviceIpv4-${device.name}`, { provider, ipAddress: primary.cidr, status: "active", deviceInterfaceId: numericId(nic), dnsName: primary.dnsName, tags });
      new DevicePrimaryIp(scope, `DevicePrimaryIpv4-${device.name}`, { provider, deviceId: numericId(record), ipAddressId: numericId(address), ipAddressVersion: 4 });
      this.addresses.set(device.name, { network: primary.network, record: address });
    }
  }
}
