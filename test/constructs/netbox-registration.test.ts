import { Testing } from "cdktf";
import { Site } from "../../.gen/providers/netbox/site";
import { Prefix } from "../../.gen/providers/netbox/prefix";
import { Vlan } from "../../.gen/providers/netbox/vlan";
import { DeviceRole } from "../../.gen/providers/netbox/device-role";
import { VirtualMachine } from "../../.gen/providers/netbox/virtual-machine";
import { IpAddress } from "../../.gen/providers/netbox/ip-address";
import { PrimaryIp } from "../../.gen/providers/netbox/primary-ip";
import { InterfaceResource } from "../../.gen/providers/netbox/interface-resource";
import { NetboxRegistration } from "../../constructs/netbox-registration";
import { topologyOf } from "../support/environments";

function synth(environment: string): string {
  const topology = topologyOf(environment);
  return Testing.synthScope((scope) => {
    new NetboxRegistration(scope, "Netbox", { topology, netbox: topology.netbox! });
  });
}

describe("NetboxRegistration", () => {
  const orion = synth("orion");
  const parsed = JSON.parse(orion);

  it("creates the ORION site", () => {
    expect(orion).toHaveResourceWithProperties(Site, { name: "ORION-Datacenter", slug: "orion-datacenter", status: "active" });
  });

  it("registers the LAN, guest and IPv6 prefixes", () => {
    for (const prefix of ["192.168.100.0/24", "192.168.200.0/24", "2602:f674::/48", "2602:f674:1000::/64", "2602:f674:2000::/64"]) {
      expect(orion).toHaveResourceWithProperties(Prefix, { prefix, status: "active" });
    }
  });

  it("creates a VLAN for a tagged network and links its prefix to it", () => {
    const production = synth("production");
    expect(production).toHaveResourceWithProperties(Vlan, { vid: 30, name: "production" });
    expect(production).toHaveResourceWithProperties(Prefix, { prefix: "10.20.30.0/24", vlan_id: expect.stringMatching(/netbox_vlan\..*\.id/) });
  });

  it("creates one VM role per role, marked as a VM role and scoped to the environment", () => {
    expect(orion).toHaveResourceWithProperties(DeviceRole, { slug: "orion-netbox", vm_role: true });
    expect(Object.keys(parsed.resource.netbox_device_role)).toHaveLength(5);
  });

  it("registers each VM with its size", () => {
    expect(orion).toHaveResourceWithProperties(VirtualMachine, { name: "orion-netbox", vcpus: 4, memory_mb: 8192, disk_size_mb: 102400, status: "active" });
  });

  it("assigns the VM's addresses to its interface and makes them primary", () => {
    expect(orion).toHaveResourceWithProperties(IpAddress, { ip_address: "192.168.100.50/24", dns_name: "orion-netbox.orion.lab", virtual_machine_interface_id: expect.stringMatching(/netbox_interface\./) });
    expect(orion).toHaveResourceWithProperties(IpAddress, { ip_address: "2602:f674:1000::50/64" });
    expect(orion).toHaveResourceWithProperties(PrimaryIp, { ip_address_version: 6 });
    expect(Object.keys(parsed.resource.netbox_primary_ip)).toHaveLength(14);
    expect(Object.keys(parsed.resource.netbox_interface)).toHaveLength(7);
    expect(orion).toHaveResourceWithProperties(InterfaceResource, { name: "eth0" });
  });
});
