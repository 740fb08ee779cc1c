import { inventoryData } from "../../lib/inventory";
import { planTiny } from "../support/tiny-environment";

/*
 * An IPv6-only network (no IPv4 cidr): an upstream hand-off that carries only IPv6. VMs join it
 * through a secondary NIC with a static IPv6 address; their primary NIC stays on an IPv4 network.
 */

const LAN = { name: "lan", bridge: "vmbr0", cidr: "10.0.0.0/24", gateway: "10.0.0.1", dns: ["10.0.0.1"] };
const UPLINK = { name: "uplink", bridge: "vmbr1", ipv6: { prefix: "2001:db8:f::/64", gateway: "2001:db8:f::ffff" } };
const router = (nics: unknown[]) => ({ name: "tiny-router", role: "router", vmId: 200, node: "pve1", cores: 1, memoryMiB: 1024, diskGiB: 10, network: "lan", address: "10.0.0.2", nics });

describe("an IPv6-only network", () => {
  it("gives a VM's NIC on it its IPv6 address and no IPv4", () => {
    const topology = planTiny({ networks: [LAN, UPLINK], vms: [router([{ network: "uplink", address: "2001:db8:f::1" }])] });
    const vm = topology.vms.find((each) => each.name === "tiny-router")!;
    expect(vm.extraNics).toEqual([{ network: "uplink", bridge: "vmbr1", addressing: "static", ipv6: { address: "2001:db8:f::1", prefixLength: 64, gateway: "2001:db8:f::ffff" }, firewall: false }]);
    expect(vm.interfaces[1].addresses.map((address) => address.family)).toEqual([6]);
  });

  it("is listed without IPv4 fields and registered in NetBox by its IPv6 prefix only", () => {
    const netbox = { url: "https://netbox.tiny.example/", site: { name: "Tiny", slug: "tiny" } };
    const topology = planTiny({ networks: [LAN, UPLINK], vms: [router([{ network: "uplink", address: "2001:db8:f::1" }])], netbox });
    const uplink = topology.networks.find((network) => network.name === "uplink")!;
    expect(uplink).not.toHaveProperty("cidr");
    expect(uplink).not.toHaveProperty("gateway");
    expect(uplink.dns).toEqual([]);
    expect(topology.netbox!.prefixes.filter((prefix) => prefix.network === "uplink").map((prefix) => prefix.prefix)).toEqual(["2001:db8:f::/64"]);
  });

  it("hands the inventory the NIC's IPv6 address alone", () => {
    const topology = planTiny({ networks: [LAN, UPLINK], vms: [router([{ network: "uplink", address: "2001:db8:f::1" }])] });
    const hosts = (inventoryData(topology).all.children!.router as { hosts: Record<string, { interfaces: unknown[] }> }).hosts;
    expect(hosts["tiny-router"].interfaces[1]).toEqual({ name: "eth1", network: "uplink", bridge: "vmbr1", ipv6_address: "2001:db8:f::1/64" });
  });

  it("counts a pool's NIC addresses up from addressStart, in IPv6 too", () => {
    const agents = { count: 2, cores: 2, memoryMiB: 4096, diskGiB: 40, vmIdRange: { start: 1200, end: 1209 }, addressStart: "10.0.0.21", nics: [{ network: "uplink", addressStart: "2001:db8:f::21" }] };
    const topology = planTiny({ networks: [LAN, UPLINK], cluster: { agents } });
    expect(topology.vms.filter((vm) => vm.kind === "agent").map((vm) => vm.extraNics![0].ipv6!.address)).toEqual(["2001:db8:f::21", "2001:db8:f::22"]);
  });

  it("rejects two NICs on the same IPv6 address, naming the first owner", () => {
    const other = { ...router([{ network: "uplink", address: "2001:db8:f::1" }]), name: "tiny-router-2", vmId: 201, address: "10.0.0.3" };
    expect(() => planTiny({ networks: [LAN, UPLINK], vms: [router([{ network: "uplink", address: "2001:db8:f::1" }]), other] })).toThrow(
      /vms\[1\]\.nics\[0\]\.address = "2001:db8:f::1": collides with tiny-router \(vms\[0\]\.nics\[0\]\.address\)/,
    );
  });

  it("rejects its IPv6 gateway as a NIC address", () => {
    expect(() => planTiny({ networks: [LAN, UPLINK], vms: [router([{ network: "uplink", address: "2001:db8:f::ffff" }])] })).toThrow(/vms\[0\]\.nics\[0\]\.address = "2001:db8:f::ffff": collides with the IPv6 gateway of network uplink/);
  });

  it("rejects an address outside its prefix", () => {
    expect(() => planTiny({ networks: [LAN, UPLINK], vms: [router([{ network: "uplink", address: "2001:db8:e::1" }])] })).toThrow(/vms\[0\]\.nics\[0\]\.address = "2001:db8:e::1": tiny-router's address is outside network uplink \(2001:db8:f::\/64\)/);
  });

  it("rejects DHCP on it: DHCP hands out IPv4", () => {
    expect(() => planTiny({ networks: [LAN, UPLINK], vms: [router([{ network: "uplink", dhcp: true }])] })).toThrow(/vms\[0\]\.nics\[0\]\.dhcp = true: asks for DHCPv4 on network uplink, which is IPv6-only \(no cidr\)/);
  });

  it("rejects a NIC without an address on it", () => {
    expect(() => planTiny({ networks: [LAN, UPLINK], vms: [router([{ network: "uplink" }])] })).toThrow(/vms\[0\]\.nics\[0\]\.address: is missing; network uplink is IPv6-only, so give the NIC an IPv6 address in 2001:db8:f::\/64/);
  });

  it("rejects an IPv6 address for a NIC on an IPv4 network", () => {
    const second = { name: "lan2", bridge: "vmbr2", cidr: "10.0.1.0/24", gateway: "10.0.1.1", dns: ["10.0.1.1"] };
    expect(() => planTiny({ networks: [LAN, second], vms: [router([{ network: "lan2", address: "2001:db8:f::1" }])] })).toThrow(/vms\[0\]\.nics\[0\]\.address = "2001:db8:f::1": is an IPv6 address; network lan2 has IPv4 \(10\.0\.1\.0\/24\)/);
  });

  it("cannot be a cluster's network", () => {
    expect(() => planTiny({ networks: [LAN, UPLINK], cluster: { network: "uplink" } })).toThrow(/cluster\.network = "uplink": is IPv6-only \(no cidr\), but cluster tiny-k3s needs an IPv4 address on its primary network/);
  });
});
