import { Testing } from "cdktf";
import { VirtualEnvironmentVm } from "../../../.gen/providers/proxmox/virtual-environment-vm";
import { InterfaceResource } from "../../../.gen/providers/netbox/interface-resource";
import { IpAddress } from "../../../.gen/providers/netbox/ip-address";
import { ProxmoxVm } from "../../../constructs/proxmox-vm";
import { NetboxSites } from "../../../constructs/netbox-sites";
import { NetboxNetworks } from "../../../constructs/netbox-networks";
import { NetboxRoles } from "../../../constructs/netbox-roles";
import { NetboxVm } from "../../../constructs/netbox-vm";
import { inventoryData } from "../../../lib/inventory";
import type { Topology, TopologyVm } from "../../../lib/topology/types";
import { planTiny } from "../../support/tiny-environment";

/*
 * Several NICs per VM: the primary NIC (network/address) stays the VM's address, default route
 * and ansible_host; `nics` adds net1, net2, ... each with its network's bridge and VLAN, a static
 * address or DHCP, an MTU and the firewall flag, carried into Proxmox, NetBox and the inventory.
 */

type Doc = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** The tiny lan plus a tagged dual-stack uplink network and a jumbo-frame storage network. */
const NETWORKS = [
  { name: "lan", bridge: "vmbr0", cidr: "10.0.0.0/24", gateway: "10.0.0.1", dns: ["10.0.0.1"] },
  { name: "uplink", bridge: "vmbr2", vlan: 40, cidr: "172.16.0.0/29", gateway: "172.16.0.1", dns: ["172.16.0.1"], ipv6: { prefix: "2001:db8:40::/64" } },
  { name: "storage", bridge: "vmbr3", cidr: "10.9.0.0/24", gateway: "10.9.0.1", dns: ["10.9.0.1"] },
];

const ROUTER = {
  name: "tiny-router", role: "router", vmId: 200, node: "pve1", cores: 1, memoryMiB: 1024, diskGiB: 10, network: "lan", address: "10.0.0.2",
  nics: [
    { network: "uplink", address: "172.16.0.2", firewall: true },
    { network: "storage", dhcp: true, mtu: 9000 },
  ],
};

function plan(overrides: Record<string, unknown> = {}): Topology {
  return planTiny({ networks: NETWORKS, vms: [ROUTER], ...overrides });
}

function vmOf(topology: Topology, name: string): TopologyVm {
  return topology.vms.find((vm) => vm.name === name)!;
}

describe("a VM with several NICs", () => {
  describe("given a router with an uplink NIC (static, firewalled) and a DHCP storage NIC (MTU 9000)", () => {
    const topology = plan();
    const router = vmOf(topology, "tiny-router");

    it("lists every interface, the primary one first, with its network's bridge and VLAN", () => {
      expect(router.interfaces.map(({ name, nic }) => [name, nic.network, nic.bridge, nic.vlan, nic.mtu, nic.dhcp ?? false])).toEqual([
        ["eth0", "lan", "vmbr0", undefined, undefined, false],
        ["eth1", "uplink", "vmbr2", 40, undefined, false],
        ["eth2", "storage", "vmbr3", undefined, 9000, true],
      ]);
    });

    it("keeps the primary NIC's addresses as the VM's addresses", () => {
      expect(router.addresses.map((address) => address.addressing === "static" && address.cidr)).toEqual(["10.0.0.2/24"]);
    });

    it("gives a static secondary NIC an IPv6 address that reads like its IPv4 one, and a DHCP NIC none", () => {
      expect(router.interfaces[1].addresses.map((address) => address.addressing === "static" && address.cidr)).toEqual(["172.16.0.2/29", "2001:db8:40::2/64"]);
      expect(router.interfaces[2].addresses).toEqual([]);
    });

    it("puts the VM's node on every network it has a NIC on", () => {
      expect(topology.networks.map((network) => [network.name, network.nodes])).toEqual([
        ["lan", ["pve1"]],
        ["uplink", ["pve1"]],
        ["storage", ["pve1"]],
      ]);
    });

    it("renders one Proxmox network_device per NIC, with every key of the list(object) filled", () => {
      const synth = Testing.synthScope((scope) => {
        new ProxmoxVm(scope, "Vm", { vm: router, topology, vendorDataFileId: "local:snippets/tiny-router-vendor.yaml" });
      });
      const resource = Object.values((JSON.parse(synth) as Doc).resource.proxmox_virtual_environment_vm)[0] as Doc;
      expect(resource.network_device).toEqual([
        { bridge: "vmbr0", disconnected: null, enabled: true, firewall: false, mac_address: null, model: "virtio", mtu: null, queues: null, rate_limit: null, trunks: null, vlan_id: null },
        { bridge: "vmbr2", disconnected: null, enabled: true, firewall: true, mac_address: null, model: "virtio", mtu: null, queues: null, rate_limit: null, trunks: null, vlan_id: 40 },
        { bridge: "vmbr3", disconnected: null, enabled: true, firewall: false, mac_address: null, model: "virtio", mtu: 9000, queues: null, rate_limit: null, trunks: null, vlan_id: null },
      ]);
    });

    it("renders one cloud-init ip_config per NIC, the default route on the primary one only", () => {
      const synth = Testing.synthScope((scope) => {
        new ProxmoxVm(scope, "Vm", { vm: router, topology, vendorDataFileId: "local:snippets/tiny-router-vendor.yaml" });
      });
      expect(synth).toHaveResourceWithProperties(VirtualEnvironmentVm, {
        initialization: expect.objectContaining({
          ip_config: [
            { ipv4: { address: "10.0.0.2/24", gateway: "10.0.0.1" } },
            { ipv4: { address: "172.16.0.2/29" }, ipv6: { address: "2001:db8:40::2/64" } },
            { ipv4: { address: "dhcp" } },
          ],
        }),
      });
    });

    it("registers one NetBox interface per NIC and each static address on its own interface", () => {
      const withNetbox = plan({ netbox: { url: "https://netbox.tiny.example/", site: { name: "Tiny", slug: "tiny" } } });
      const synth = Testing.synthScope((scope) => {
        const netbox = withNetbox.netbox!;
        const sites = new NetboxSites(scope, { netbox, implicitSite: true });
        new NetboxNetworks(scope, { networks: withNetbox.networks, prefixes: netbox.prefixes, sites });
        const roles = new NetboxRoles(scope, { roles: netbox.roleRecords, tags: sites.tags });
        const router = vmOf(withNetbox, "tiny-router");
        new NetboxVm(scope, "Router", { vm: router, role: roles.roleOf("router"), placement: sites.placementOf(router.site), tags: sites.tags });
      });
      for (const name of ["eth0", "eth1", "eth2"]) expect(synth).toHaveResourceWithProperties(InterfaceResource, { name });
      expect(synth).toHaveResourceWithProperties(InterfaceResource, { name: "eth2", mtu: 9000 });
      const addresses = (JSON.parse(synth) as Doc).resource.netbox_ip_address as Doc;
      const byAddress = Object.fromEntries(Object.values(addresses).map((record: Doc) => [record.ip_address, record.virtual_machine_interface_id]));
      expect(Object.keys(byAddress).sort()).toEqual(["10.0.0.2/24", "172.16.0.2/29", "2001:db8:40::2/64"]);
      expect(byAddress["172.16.0.2/29"]).toMatch(/Interface1/);
      expect(byAddress["2001:db8:40::2/64"]).toMatch(/Interface1/);
      expect(synth).toHaveResourceWithProperties(IpAddress, { ip_address: "10.0.0.2/24" });
    });

    it("lists every interface as a host var and keeps ansible_host on the primary address", () => {
      const host = (inventoryData(topology).all.children!.router.hosts as Record<string, Doc>)["tiny-router"];
      expect(host.ansible_host).toBe("10.0.0.2");
      expect(host.interfaces).toEqual([
        { name: "eth0", network: "lan", bridge: "vmbr0", ipv4_address: "10.0.0.2/24", ipv4_gateway: "10.0.0.1" },
        { name: "eth1", network: "uplink", bridge: "vmbr2", vlan: 40, ipv4_address: "172.16.0.2/29", ipv6_address: "2001:db8:40::2/64" },
        { name: "eth2", network: "storage", bridge: "vmbr3", dhcp: true, mtu: 9000 },
      ]);
    });

    it("lists no interfaces host var for a VM with one NIC, so single-NIC inventories stay as they were", () => {
      const server = (inventoryData(topology).all.children!.k3s_cluster.children!.server.hosts as Record<string, Doc>)["tiny-k3s-server-1"];
      expect(server.interfaces).toBeUndefined();
    });
  });

  describe("given a pool with a storage NIC", () => {
    const topology = planTiny({
      networks: NETWORKS,
      cluster: { servers: { count: 2, nics: [{ network: "storage", addressStart: "10.9.0.11", mtu: 9000 }] } },
    });

    it("gives the n-th VM of the pool addressStart + n on that network", () => {
      expect(topology.vms.map((vm) => [vm.name, vm.interfaces.map((each) => each.addresses.map((address) => address.addressing === "static" && address.address))])).toEqual([
        ["tiny-k3s-server-1", [["10.0.0.11"], ["10.9.0.11"]]],
        ["tiny-k3s-server-2", [["10.0.0.12"], ["10.9.0.12"]]],
      ]);
    });
  });

  describe("the collision checks cover every NIC address", () => {
    it("rejects a secondary NIC on an address another VM holds, naming both", () => {
      expect(() =>
        plan({ cluster: { servers: { nics: [{ network: "uplink", addressStart: "172.16.0.2" }] } } }),
      ).toThrow(/cluster\.servers\.nics\[0\]\.addressStart = "172\.16\.0\.2": collides with tiny-router \(vms\[0\]\.nics\[0\]\.address\)/);
    });

    it("rejects a secondary NIC on its network's gateway", () => {
      expect(() => plan({ vms: [{ ...ROUTER, nics: [{ network: "uplink", address: "172.16.0.1" }] }] })).toThrow(
        /vms\[0\]\.nics\[0\]\.address = "172\.16\.0\.1": collides with the gateway of network uplink/,
      );
    });

    it("rejects a secondary NIC address outside its network", () => {
      expect(() => plan({ vms: [{ ...ROUTER, nics: [{ network: "uplink", address: "10.0.0.9" }] }] })).toThrow(/vms\[0\]\.nics\[0\]\.address = "10\.0\.0\.9": tiny-router's address is outside network uplink/);
    });

    it("rejects a NIC with neither an address nor dhcp, and one with both", () => {
      expect(() => plan({ vms: [{ ...ROUTER, nics: [{ network: "uplink" }] }] })).toThrow(/vms\[0\]\.nics\[0\]\.address: is missing; give the NIC a static address in 172\.16\.0\.0\/29 or set dhcp: true/);
      expect(() => plan({ vms: [{ ...ROUTER, nics: [{ network: "uplink", address: "172.16.0.2", dhcp: true }] }] })).toThrow(/vms\[0\]\.nics\[0\]\.address = "172\.16\.0\.2": is set together with dhcp: true/);
    });

    it("rejects a second NIC on the network the VM is already on, and an unknown network", () => {
      expect(() => plan({ vms: [{ ...ROUTER, nics: [{ network: "lan", address: "10.0.0.3" }] }] })).toThrow(/vms\[0\]\.nics\[0\]\.network = "lan": already has a NIC of tiny-router on it/);
      expect(() => plan({ vms: [{ ...ROUTER, nics: [{ network: "wan", dhcp: true }] }] })).toThrow(/vms\[0\]\.nics\[0\]\.network = "wan": is not a declared network; use one of lan, uplink, storage/);
    });
  });
});

describe("a VM as its network's gateway", () => {
  /** The router VM at lan's gateway 10.0.0.1, with an uplink NIC. */
  const gatewayRouter = { ...ROUTER, address: "10.0.0.1", nics: [{ network: "uplink", address: "172.16.0.2" }] };
  const withGatewayVm = (lan: Record<string, unknown>, vms: unknown[] = [gatewayRouter]) => planTiny({ networks: [{ ...NETWORKS[0], ...lan }, NETWORKS[1]], vms });

  it("given gatewayVm names the router, accepts the router's address equal to the gateway", () => {
    const router = vmOf(withGatewayVm({ gatewayVm: "tiny-router" }), "tiny-router");
    expect(router.nic.ipv4).toEqual({ address: "10.0.0.1", prefixLength: 24, gateway: "10.0.0.1" });
  });

  it("routes the gateway VM out of its uplink NIC, not through its own address", () => {
    const topology = withGatewayVm({ gatewayVm: "tiny-router" });
    const synth = Testing.synthScope((scope) => {
      new ProxmoxVm(scope, "Vm", { vm: vmOf(topology, "tiny-router"), topology, vendorDataFileId: "local:snippets/tiny-router-vendor.yaml" });
    });
    expect(synth).toHaveResourceWithProperties(VirtualEnvironmentVm, {
      initialization: expect.objectContaining({
        ip_config: [{ ipv4: { address: "10.0.0.1/24" } }, { ipv4: { address: "172.16.0.2/29", gateway: "172.16.0.1" }, ipv6: { address: "2001:db8:40::2/64" } }],
      }),
    });
  });

  it("given no gatewayVm, still rejects the router on the gateway address", () => {
    expect(() => withGatewayVm({})).toThrow(/vms\[0\]\.address = "10\.0\.0\.1": collides with the gateway of network lan/);
  });

  it("still rejects any other VM on the gateway address", () => {
    expect(() => withGatewayVm({ gatewayVm: "tiny-router" }, [{ ...gatewayRouter, address: "10.0.0.2" }, { ...gatewayRouter, name: "tiny-other", vmId: 201, address: "10.0.0.1", nics: [] }])).toThrow(
      /vms\[1\]\.address = "10\.0\.0\.1": collides with the gateway of network lan/,
    );
  });

  it("rejects a gatewayVm that is not on the network", () => {
    expect(() => planTiny({ networks: [NETWORKS[0], { ...NETWORKS[1], gatewayVm: "tiny-router" }], vms: [{ ...ROUTER, nics: [] }] })).toThrow(
      /networks\[1\]\.gatewayVm = "tiny-router": has no NIC on network uplink; give tiny-router a NIC on uplink with address 172\.16\.0\.1/,
    );
  });

  it("rejects a gatewayVm on the network at another address, and one that names no VM", () => {
    expect(() => withGatewayVm({ gatewayVm: "tiny-router" }, [{ ...gatewayRouter, address: "10.0.0.2" }])).toThrow(/networks\[0\]\.gatewayVm = "tiny-router": is on network lan at 10\.0\.0\.2, not at its gateway 10\.0\.0\.1/);
    expect(() => withGatewayVm({ gatewayVm: "tiny-gw" }, [{ ...gatewayRouter, address: "10.0.0.2" }])).toThrow(/networks\[0\]\.gatewayVm = "tiny-gw": is not a VM of this environment/);
  });
});
