import { Testing } from "cdktf";
import type { Construct } from "constructs";
import { IpAddress } from "../../.gen/providers/netbox/ip-address";
import { VirtualMachine } from "../../.gen/providers/netbox/virtual-machine";
import { AvailableIpAddress } from "../../.gen/providers/netbox/available-ip-address";
import { PrimaryIp } from "../../.gen/providers/netbox/primary-ip";
import { NetboxSites } from "../../constructs/netbox-sites";
import { NetboxNetworks } from "../../constructs/netbox-networks";
import { NetboxRoles } from "../../constructs/netbox-roles";
import { NetboxVm } from "../../constructs/netbox-vm";
import { resolveEnvironment } from "../../lib/topology";
import type { EnvironmentInput } from "../../lib/config/schema";
import type { Topology } from "../../lib/topology/types";
import { tinyEnvironment, tinyInNetboxAddressing } from "../support/tiny";

/*
 * NetboxVm: one VM's record, interface, addresses and primary IPs, synthesized from the tiny
 * environment (test/support/tiny.ts), changed where the test says.
 */

type Doc = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

function plan(environment: EnvironmentInput): Topology {
  return resolveEnvironment(environment, "tiny");
}

/** Every NetBox part of the topology, in the order NetboxRegistration adds them, into one scope. */
function addAll(scope: Construct, topology: Topology, only?: (vm: NetboxVm) => void): void {
  const netbox = topology.netbox!;
  const sites = new NetboxSites(scope, { netbox, implicitSite: true });
  const networks = new NetboxNetworks(scope, { networks: topology.networks, prefixes: netbox.prefixes, sites });
  const roles = new NetboxRoles(scope, { roles: netbox.roleRecords, tags: sites.tags });
  for (const vm of topology.vms) {
    const record = new NetboxVm(scope, `Vm-${vm.name}`, {
      vm,
      role: roles.roleOf(vm.role),
      placement: sites.placementOf(vm.site),
      tags: sites.tags,
      allocationSource: (address) => networks.allocationSource(address),
    });
    only?.(record);
  }
}

describe("NetboxVm", () => {
  it("records a statically addressed VM with its planned address, DNS name and size", () => {
    // given the VM dns at 10.0.0.10 on a network with the domain lab.test
    const topology = plan(tinyEnvironment());
    // when it is registered
    let cidrs: NetboxVm["cidrs"] | undefined;
    const synthesized = Testing.synthScope((scope) => addAll(scope, topology, (vm) => (cidrs = vm.cidrs)));
    // then its record, address and primary IP are NetBox's view of the plan
    expect(synthesized).toHaveResourceWithProperties(VirtualMachine, { name: "dns", vcpus: 1, memory_mb: 1024, disk_size_mb: 10240, comments: "Proxmox VMID 100 on node pve" });
    expect(synthesized).toHaveResourceWithProperties(IpAddress, { ip_address: "10.0.0.10/24", dns_name: "dns.lab.test", status: "active" });
    expect(synthesized).toHaveResourceWithProperties(PrimaryIp, { ip_address_version: 4 });
    expect(synthesized).not.toHaveResource(AvailableIpAddress);
    expect(cidrs).toEqual({ ipv4: "10.0.0.10/24" });
  });

  it("has NetBox allocate a netbox-addressed VM's address after what the network holds", () => {
    // given the VM dns on a netbox-addressed network
    const topology = plan(tinyInNetboxAddressing());
    // when it is registered
    let cidrs: NetboxVm["cidrs"] | undefined;
    const synthesized = Testing.synthScope((scope) => addAll(scope, topology, (vm) => (cidrs = vm.cidrs)));
    // then its address is allocated from the prefix once the gateway is held, and read back as a reference
    const allocation = Object.values((JSON.parse(synthesized) as Doc).resource.netbox_available_ip_address)[0] as Doc;
    expect(allocation).toMatchObject({ prefix_id: expect.stringMatching(/netbox_prefix\..*\.id/), dns_name: "dns.lab.test", depends_on: [expect.stringMatching(/^netbox_ip_address\./)] });
    expect(synthesized).toHaveResourceWithProperties(PrimaryIp, { ip_address_version: 4, ip_address_id: expect.stringMatching(/netbox_available_ip_address\./) });
    expect(cidrs?.ipv4).toMatch(/^\$\{TfToken/);
  });

  it("allocates IPv6 from the network's IPv6 prefix without waiting for the IPv4 holds", () => {
    const topology = plan(tinyInNetboxAddressing((environment) => (environment.networks![0].ipv6 = { prefix: "fd00::/64" })));
    const allocations = Object.values((JSON.parse(Testing.synthScope((scope) => addAll(scope, topology))) as Doc).resource.netbox_available_ip_address) as Doc[];
    expect(allocations).toHaveLength(2);
    expect(allocations[1].depends_on).toBeUndefined();
  });

  it("refuses a netbox-addressed VM without an allocation source", () => {
    const topology = plan(tinyInNetboxAddressing());
    Testing.synthScope((scope) => {
      const sites = new NetboxSites(scope, { netbox: topology.netbox!, implicitSite: true });
      const roles = new NetboxRoles(scope, { roles: topology.netbox!.roleRecords, tags: sites.tags });
      const vm = topology.vms[0];
      expect(() => new NetboxVm(scope, "Vm", { vm, role: roles.roleOf(vm.role), placement: sites.placementOf(vm.site), tags: sites.tags })).toThrow(/pass allocationSource/);
    });
  });
});
