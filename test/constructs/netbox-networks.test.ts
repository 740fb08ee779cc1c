import { Testing } from "cdktf";
import { Prefix } from "../../.gen/providers/netbox/prefix";
import { Vlan } from "../../.gen/providers/netbox/vlan";
import { IpAddress } from "../../.gen/providers/netbox/ip-address";
import { IpRange } from "../../.gen/providers/netbox/ip-range";
import { NetboxSites } from "../../constructs/netbox-sites";
import { NetboxNetworks } from "../../constructs/netbox-networks";
import { resolveEnvironment } from "../../lib/topology";
import type { EnvironmentInput } from "../../lib/config/schema";
import type { Topology } from "../../lib/topology/types";
import { tinyEnvironment, tinyInNetboxAddressing } from "../support/tiny";

/*
 * NetboxNetworks: VLANs, prefixes, and what a netbox-addressed network holds and allocates from,
 * synthesized from the tiny environment (test/support/tiny.ts), changed where the test says.
 */

function plan(environment: EnvironmentInput): Topology {
  return resolveEnvironment(environment, "tiny");
}

describe("NetboxNetworks", () => {
  function synthNetworks(topology: Topology): string {
    return Testing.synthScope((scope) => {
      const sites = new NetboxSites(scope, { netbox: topology.netbox!, implicitSite: true });
      new NetboxNetworks(scope, { networks: topology.networks, prefixes: topology.netbox!.prefixes, sites });
    });
  }

  it("registers each network's prefix, linked to its VLAN when it has one", () => {
    // given the LAN on VLAN 20
    const topology = plan(tinyEnvironment((environment) => (environment.networks![0].vlan = 20)));
    // when the networks are added
    const synthesized = synthNetworks(topology);
    // then the VLAN exists and the prefix points at it
    expect(synthesized).toHaveResourceWithProperties(Vlan, { name: "lan", vid: 20, status: "active" });
    expect(synthesized).toHaveResourceWithProperties(Prefix, { prefix: "10.0.0.0/24", vlan_id: expect.stringMatching(/netbox_vlan\..*\.id/) });
  });

  it("holds nothing on a statically addressed network", () => {
    const synthesized = synthNetworks(plan(tinyEnvironment()));
    expect(synthesized).not.toHaveResource(IpAddress);
    expect(synthesized).not.toHaveResource(IpRange);
  });

  it("holds the gateway as a reserved address and a reserved range as a populated range on a netbox-addressed network", () => {
    // given a netbox-addressed LAN with a DHCP range
    const topology = plan(tinyInNetboxAddressing((environment) => (environment.networks![0].reserved = [{ start: "10.0.0.200", end: "10.0.0.254", description: "DHCP" }])));
    // when the networks are added
    const synthesized = synthNetworks(topology);
    // then NetBox is told to leave both free
    expect(synthesized).toHaveResourceWithProperties(IpAddress, { ip_address: "10.0.0.1/24", status: "reserved", description: "gateway of lan" });
    expect(synthesized).toHaveResourceWithProperties(IpRange, { start_address: "10.0.0.200/24", end_address: "10.0.0.254/24", status: "reserved", mark_populated: true });
  });

  it("creates the active IP range a network's addresses are allocated from when it names one", () => {
    const topology = plan(tinyInNetboxAddressing((environment) => (environment.networks![0].netboxRange = { start: "10.0.0.100", end: "10.0.0.149" })));
    expect(synthNetworks(topology)).toHaveResourceWithProperties(IpRange, { start_address: "10.0.0.100/24", end_address: "10.0.0.149/24", status: "active" });
  });

  it("refuses to name an allocation source on a statically addressed network", () => {
    const topology = plan(tinyEnvironment());
    Testing.synthScope((scope) => {
      const sites = new NetboxSites(scope, { netbox: topology.netbox!, implicitSite: true });
      const networks = new NetboxNetworks(scope, { networks: topology.networks, prefixes: topology.netbox!.prefixes, sites });
      expect(() => networks.allocationSource({ addressing: "netbox", family: 4, prefixLength: 24, network: "lan", prefix: "10.0.0.0/24", fromRange: false })).toThrow(
        /network lan is not netbox-addressed/,
      );
    });
  });
});
