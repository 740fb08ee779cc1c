import { environments } from "../../environments";
import type { SingleSiteEnvironmentInput } from "../../lib/config/schema";
import { buildDiagram } from "../../lib/diagram";
import { resolveTarget as topologyOf } from "../../app/targets";
import { resolveEnvironment } from "../../lib/topology";
import { ipPlan } from "../../lib/report";
import { everyTopology } from "../diagram/support";

describe("the IP plan", () => {
  const [orion] = ipPlan(topologyOf("orion"));
  const row = (start: string) => orion.rows.find((candidate) => candidate.start === start);

  it("names what holds each address: network, gateway, VMs, API VIP, LB pool, reserved ranges, broadcast", () => {
    expect(row("192.168.100.0")).toMatchObject({ kind: "network", count: 1 });
    // orion's router is the LAN's gateway: it holds .1 itself
    expect(row("192.168.100.1")).toMatchObject({ kind: "vm", holder: "orion-router", detail: "VM 200 · router on r730 · the network's gateway" });
    expect(row("192.168.100.2")).toMatchObject({ kind: "free" });
    expect(row("192.168.100.10")).toMatchObject({ kind: "api-vip", holder: "orion-k3s API VIP" });
    expect(row("192.168.100.40")).toMatchObject({ kind: "lb-pool", end: "192.168.100.49", count: 10, detail: "ingress controller at 192.168.100.49; announced as 192.168.100.40/29, 192.168.100.48/31" });
    expect(row("192.168.100.200")).toMatchObject({ kind: "reserved", end: "192.168.100.254", holder: "DHCP pool", count: 55 });
    expect(row("192.168.100.255")).toMatchObject({ kind: "broadcast" });
  });

  it("lists the free ranges between the holdings", () => {
    expect(orion.rows.filter((candidate) => candidate.kind === "free").map((candidate) => `${candidate.start}-${candidate.end}`)).toEqual([
      "192.168.100.2-192.168.100.9",
      "192.168.100.11-192.168.100.29",
      "192.168.100.31-192.168.100.39",
      "192.168.100.51-192.168.100.59",
      "192.168.100.64-192.168.100.199",
    ]);
    expect(orion.free).toBe(8 + 19 + 9 + 9 + 136);
    expect(orion.held + orion.free).toBe(256);
  });

  it("lists the IPv6 addresses of the gateway and the VMs in the prefix", () => {
    expect(orion.ipv6[0]).toEqual({ address: "2602:f674:1000::1", holder: "gateway" });
    expect(orion.ipv6.map((entry) => entry.holder)).toContain("orion-k3s-worker-3");
  });

  it.each(everyTopology())("of %s covers each network exactly once, in address order, with every VM in it", (_, topology) => {
    for (const plan of ipPlan(topology)) {
      const total = plan.rows.reduce((sum, candidate) => sum + candidate.count, 0);
      expect(total).toBe(plan.size);
      const vms = topology.vms.filter((vm) => vm.nic.network === plan.network.name && vm.nic.ipv4.address).map((vm) => vm.name).sort();
      expect(plan.rows.filter((candidate) => candidate.kind === "vm").map((candidate) => candidate.holder).sort()).toEqual(vms);
    }
  });
});

describe("the IP plan of a network whose VM addresses NetBox allocates", () => {
  const input = structuredClone(environments.production) as SingleSiteEnvironmentInput;
  input.addressing = "netbox";
  delete input.cluster!.servers.addressStart;
  delete input.cluster!.agents!.addressStart;
  const topology = resolveEnvironment(input, "production");
  const [plan] = ipPlan(topology);

  it("lists the VMs NetBox addresses at apply instead of inventing addresses for them", () => {
    expect(plan.netboxVms).toEqual(topology.vms.map((vm) => vm.name).sort());
    expect(plan.rows.some((row) => row.kind === "vm")).toBe(false);
    expect(plan.rows.filter((row) => row.kind === "gateway" || row.kind === "api-vip" || row.kind === "lb-pool")).toHaveLength(3);
  });

  it("is drawn with each VM's address marked as NetBox's", () => {
    const graph = buildDiagram(topology);
    for (const vm of topology.vms) expect(graph.nodes.find((node) => node.id === `vm:${vm.name}`)!.lines).toContain("production: address from NetBox");
  });
});
