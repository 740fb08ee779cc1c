import { resolveEnvironment } from "../../lib/topology";
import type { EnvironmentInput } from "../../lib/config/schema";
import { tinyEnvironment as tiny, tinyInNetboxAddressing } from "../support/tiny";

/*
 * The seam every consumer reads: a VM's address list, DNS name and template, a network's NetBox
 * pool, and the NetBox record names. Each test plans the tiny environment (test/support/tiny.ts),
 * changed where the test says.
 */

function vmOf(environment: EnvironmentInput) {
  return resolveEnvironment(environment, "tiny").vms[0];
}

describe("a VM's addresses, DNS name and template in the Topology", () => {
  it("gives a VM on a network with a domain the fqdn <name>.<domain> as its DNS name", () => {
    // given a VM "dns" on a network with the domain lab.test
    // when the environment is planned
    const vm = vmOf(tiny());
    // then its DNS name is qualified by the domain
    expect(vm.dnsName).toBe("dns.lab.test");
  });

  it("gives a VM on a network without a domain its bare name as DNS name", () => {
    const vm = vmOf(tiny((environment) => delete environment.networks![0].domain));
    expect(vm.dnsName).toBe("dns");
  });

  it("lists a statically addressed VM's IPv4 with its prefix length and gateway", () => {
    const vm = vmOf(tiny());
    expect(vm.addresses).toEqual([{ addressing: "static", family: 4, address: "10.0.0.10", prefixLength: 24, cidr: "10.0.0.10/24", gateway: "10.0.0.1" }]);
  });

  it("lists the derived IPv6 after the IPv4 when the network has an IPv6 prefix", () => {
    const vm = vmOf(tiny((environment) => (environment.networks![0].ipv6 = { prefix: "fd00::/64" })));
    expect(vm.addresses.map((address) => [address.family, address.addressing === "static" ? address.cidr : undefined])).toEqual([
      [4, "10.0.0.10/24"],
      [6, "fd00::10/64"],
    ]);
  });

  it("marks a netbox-addressed VM's address as allocated by NetBox from the network's prefix", () => {
    // given a network in netbox addressing and a VM without an address
    // when the environment is planned
    const vm = vmOf(tinyInNetboxAddressing());
    // then the address list says where NetBox allocates it, and holds no address
    expect(vm.addresses).toEqual([{ addressing: "netbox", family: 4, prefixLength: 24, gateway: "10.0.0.1", network: "lan", prefix: "10.0.0.0/24", fromRange: false }]);
  });

  it("marks an allocation from the network's NetBox range as such", () => {
    const vm = vmOf(tinyInNetboxAddressing((environment) => (environment.networks![0].netboxRange = { start: "10.0.0.100", end: "10.0.0.149" })));
    expect(vm.addresses[0]).toMatchObject({ addressing: "netbox", fromRange: true });
  });

  it("clones from the configured template node", () => {
    const vm = vmOf(tiny((environment) => (environment.image = { kind: "template", templateVmId: 9000, templateNode: "pve" })));
    expect(vm.clone).toEqual({ vmId: 9000, nodeName: "pve" });
  });

  it("clones from the site's first node when the template names no node", () => {
    expect(vmOf(tiny()).clone).toEqual({ vmId: 9000, nodeName: "pve" });
  });

  it("clones nothing when the environment boots a cloud image", () => {
    const vm = vmOf(
      tiny((environment) => (environment.image = { kind: "cloudImage", url: "https://images.test/noble.img", fileName: "noble.img", datastore: "local" } as EnvironmentInput["image"])),
    );
    expect(vm.clone).toBeUndefined();
  });
});

describe("a VM's descriptions in the Topology", () => {
  it("describes a VM without a description of its own by its role and tags in Proxmox", () => {
    expect(vmOf(tiny()).proxmoxDescription).toBe("dns of dns, tiny; managed by homelab-cdktf");
  });

  it("keeps a VM's own description for Proxmox", () => {
    expect(vmOf(tiny((environment) => (environment.vms![0].description = "resolver"))).proxmoxDescription).toBe("resolver");
  });

  it("tells NetBox the VM's VMID and Proxmox node", () => {
    expect(vmOf(tiny()).netboxComments).toBe("Proxmox VMID 100 on node pve");
  });
});

describe("a network's NetBox pool in the Topology", () => {
  it("has none on a statically addressed network", () => {
    expect(resolveEnvironment(tiny(), "tiny").networks[0].netboxPool).toBeUndefined();
  });

  it("holds the gateway as one address and a reserved range as a range, in CIDR form", () => {
    const topology = resolveEnvironment(
      tinyInNetboxAddressing((environment) => (environment.networks![0].reserved = [{ start: "10.0.0.200", end: "10.0.0.254", description: "DHCP" }])),
      "tiny",
    );
    expect(topology.networks[0].netboxPool).toEqual({
      prefix: "10.0.0.0/24",
      held: [
        { start: "10.0.0.1", startAddress: "10.0.0.1/24", description: "gateway of lan" },
        { start: "10.0.0.200", startAddress: "10.0.0.200/24", endAddress: "10.0.0.254/24", description: "DHCP" },
      ],
    });
  });

  it("names the NetBox range VM addresses come from, in CIDR form", () => {
    const topology = resolveEnvironment(tinyInNetboxAddressing((environment) => (environment.networks![0].netboxRange = { start: "10.0.0.100", end: "10.0.0.149" })), "tiny");
    expect(topology.networks[0].netboxPool?.range).toEqual({ startAddress: "10.0.0.100/24", endAddress: "10.0.0.149/24", description: "VM addresses of lan, allocated by NetBox" });
  });
});

describe("whether NetBox allocates in the Topology", () => {
  it("says no for a statically addressed environment", () => {
    expect(resolveEnvironment(tiny(), "tiny").allocatedByNetbox).toBe(false);
  });

  it("says yes when a network is netbox-addressed", () => {
    expect(resolveEnvironment(tinyInNetboxAddressing(), "tiny").allocatedByNetbox).toBe(true);
  });
});

describe("NetBox record names in the Topology", () => {
  const netbox = resolveEnvironment(tiny(), "tiny").netbox!;

  it("puts the environment in the tag's name and slug", () => {
    expect(netbox.tag).toEqual({ name: "env:tiny", slug: "env-tiny", colour: "607d8b", description: "homelab-cdktf environment tiny" });
  });

  it("puts the environment in the cluster type's name and slug", () => {
    expect(netbox.clusterTypeRecord.slug).toBe("proxmox-tiny");
    expect(netbox.clusterTypeRecord.name).toMatch(/\(tiny\)$/);
  });

  it("puts the environment in each role's slug and greys out a role without a colour of its own", () => {
    expect(netbox.roleRecords).toEqual([{ role: "dns", name: "dns (tiny)", slug: "tiny-dns", colour: "9e9e9e" }]);
  });

  it("gives a known role its own colour", () => {
    const routed = resolveEnvironment(tiny((environment) => (environment.vms![0].role = "router")), "tiny").netbox!;
    expect(routed.roleRecords[0]).toMatchObject({ slug: "tiny-router", colour: "ff9800" });
  });
});
