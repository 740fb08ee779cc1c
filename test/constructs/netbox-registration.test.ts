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
import type { Topology } from "../../lib/topology/types";
import { planTiny } from "../support/tiny-environment";

/*
 * Behaviour asserted through the public NetboxRegistration construct and the resources it
 * synthesizes only, so these tests hold however the construct is split inside.
 */

const lan = { name: "lan", bridge: "vmbr0", cidr: "10.0.0.0/24", gateway: "10.0.0.1", dns: ["10.0.0.1"], domain: "tiny.lab", ipv6: { prefix: "2001:db8:1000::/64", gateway: "2001:db8:1000::1" } };

/**
 * The tiny environment registered in NetBox: a dual-stack network (tagged with VLAN 30 unless
 * `tagged` is false), a router and a NetBox VM next to the k3s server (three VMs, three roles),
 * and a guest and an IPv6 allocation prefix beyond the network's own.
 */
function tinyTopology({ tagged }: { tagged: boolean }): Topology {
  return planTiny({
    networks: [tagged ? { ...lan, vlan: 30 } : lan],
    vms: [
      { name: "tiny-router", role: "router", vmId: 200, node: "pve1", cores: 1, memoryMiB: 1024, diskGiB: 10, network: "lan", address: "10.0.0.2" },
      { name: "tiny-netbox", role: "netbox", vmId: 500, node: "pve1", cores: 4, memoryMiB: 8192, diskGiB: 100, network: "lan", address: "10.0.0.50" },
    ],
    netbox: {
      url: "http://10.0.0.50:8000",
      allowInsecureHttp: true,
      site: { name: "Tiny-Lab", slug: "tiny-lab" },
      prefixes: [{ prefix: "192.168.200.0/24", description: "guest" }, { prefix: "2001:db8::/48" }],
    },
  });
}

function synthesize(topology: Topology): string {
  return Testing.synthScope((scope) => {
    new NetboxRegistration(scope, "Netbox", { topology, netbox: topology.netbox! });
  });
}

/** Every resource of one Terraform type in a synthesized scope. */
function resourcesOf(synthesized: string, type: string): Record<string, any>[] {
  return Object.values(JSON.parse(synthesized).resource[type] ?? {});
}

describe("NetboxRegistration", () => {
  const tagged = synthesize(tinyTopology({ tagged: true }));

  it("creates the environment's NetBox site", () => {
    expect(tagged).toHaveResourceWithProperties(Site, { name: "Tiny-Lab", slug: "tiny-lab", status: "active" });
  });

  it("registers the network's IPv4 and IPv6 prefixes and the extra ones", () => {
    for (const prefix of ["10.0.0.0/24", "2001:db8:1000::/64", "192.168.200.0/24", "2001:db8::/48"]) {
      expect(tagged).toHaveResourceWithProperties(Prefix, { prefix, status: "active" });
    }
  });

  it("creates a VLAN for a tagged network and links its prefix to it", () => {
    expect(tagged).toHaveResourceWithProperties(Vlan, { vid: 30, name: "lan" });
    expect(tagged).toHaveResourceWithProperties(Prefix, { prefix: "10.0.0.0/24", vlan_id: expect.stringMatching(/netbox_vlan\..*\.id/) });
  });

  it("creates no VLAN for an untagged network", () => {
    expect(synthesize(tinyTopology({ tagged: false }))).not.toHaveResource(Vlan);
  });

  it("creates one VM role per role, marked as a VM role and scoped to the environment", () => {
    expect(tagged).toHaveResourceWithProperties(DeviceRole, { slug: "tiny-netbox", vm_role: true });
    expect(resourcesOf(tagged, "netbox_device_role").map((role) => role.slug).sort()).toEqual(["tiny-netbox", "tiny-router", "tiny-server"]);
  });

  it("registers each VM with its size", () => {
    expect(tagged).toHaveResourceWithProperties(VirtualMachine, { name: "tiny-netbox", vcpus: 4, memory_mb: 8192, disk_size_mb: 102400, status: "active" });
    expect(resourcesOf(tagged, "netbox_virtual_machine").map((vm) => vm.name).sort()).toEqual(["tiny-k3s-server-1", "tiny-netbox", "tiny-router"]);
  });

  it("gives each VM one interface, eth0", () => {
    expect(tagged).toHaveResourceWithProperties(InterfaceResource, { name: "eth0" });
    expect(resourcesOf(tagged, "netbox_interface")).toHaveLength(3);
  });

  it("assigns the VM's IPv4 address, with its DNS name, to its interface", () => {
    expect(tagged).toHaveResourceWithProperties(IpAddress, { ip_address: "10.0.0.50/24", dns_name: "tiny-netbox.tiny.lab", virtual_machine_interface_id: expect.stringMatching(/netbox_interface\./) });
  });

  it("assigns the VM's IPv6 address as well", () => {
    expect(tagged).toHaveResourceWithProperties(IpAddress, { ip_address: "2001:db8:1000::50/64" });
  });

  it("makes each VM's IPv4 and IPv6 address primary", () => {
    expect(tagged).toHaveResourceWithProperties(PrimaryIp, { ip_address_version: 6 });
    expect(resourcesOf(tagged, "netbox_primary_ip").map((primary) => primary.ip_address_version ?? 4).sort()).toEqual([4, 4, 4, 6, 6, 6]);
  });
});
