import { cluster, lab, node, planLabPools as plan } from "./given";

/*
 * Per-VM pool overrides: `overrides[i]` changes the i-th VM of a pool (its name, labels, taints or
 * size), and `nameDigits` zero-pads generated names. Positions stay what they were, so VMIDs,
 * addresses and nodes never move because of an override.
 */

const twoNodes = { endpoint: "https://pve.example:8006/", nodes: [node("pve1"), node("pve2")] };

describe("per-VM pool overrides", () => {
  it("zero-pads generated names to nameDigits", () => {
    const { servers } = plan(lab({ cluster: cluster({ count: 3, namePrefix: "k3s-node", nameDigits: 2 }) }));

    expect(servers.map((vm) => vm.name)).toEqual(["k3s-node-01", "k3s-node-02", "k3s-node-03"]);
  });

  it("leaves names unpadded by default", () => {
    const { servers } = plan(lab({ cluster: cluster({ count: 2, namePrefix: "k3s-node" }) }));

    expect(servers.map((vm) => vm.name)).toEqual(["k3s-node-1", "k3s-node-2"]);
  });

  it("names the i-th VM from its override and keeps its VMID, address and node", () => {
    const { servers } = plan(lab({ proxmox: twoNodes, cluster: cluster({ count: 2, overrides: [{}, { name: "storage-1" }] }) }));

    expect(servers.map((vm) => [vm.name, vm.vmId, vm.nic.ipv4.address, vm.node])).toEqual([
      ["k3s-server-1", 1100, "10.0.0.11", "pve1"],
      ["storage-1", 1101, "10.0.0.12", "pve2"],
    ]);
  });

  it("merges the override's labels over the pool's, keeping the zone label", () => {
    const pool = { count: 2, labels: { "node-role": "general", tier: "a" }, overrides: [{}, { labels: { "node-role": "storage" } }] };

    const { servers } = plan(lab({ proxmox: twoNodes, cluster: cluster(pool) }));

    expect(servers.map((vm) => vm.labels)).toEqual([
      { "topology.kubernetes.io/zone": "pve1", "node-role": "general", tier: "a" },
      { "topology.kubernetes.io/zone": "pve2", "node-role": "storage", tier: "a" },
    ]);
  });

  it("adds the override's taints to the pool's, once each", () => {
    const pool = { count: 2, taints: ["dedicated=db:NoSchedule"], overrides: [{ taints: ["dedicated=db:NoSchedule", "gpu=true:NoExecute"] }] };

    const { servers } = plan(lab({ cluster: cluster(pool) }));

    expect(servers.map((vm) => vm.taints)).toEqual([["dedicated=db:NoSchedule", "gpu=true:NoExecute"], ["dedicated=db:NoSchedule"]]);
  });

  it("reports an override name another VM already has at the override's path", () => {
    const { servers, issues } = plan(lab({ cluster: cluster({ count: 2, overrides: [{}, { name: "k3s-server-1" }] }) }));

    expect(servers.map((vm) => vm.name)).toEqual(["k3s-server-1"]);
    expect(issues.errors).toEqual([expect.objectContaining({ path: "cluster.servers.overrides[1].name", value: "k3s-server-1" })]);
  });

  it("rejects a taint in an override that is not key=value:Effect", () => {
    expect(() => lab({ cluster: cluster({ count: 1, overrides: [{ taints: ["gpu"] }] }) })).toThrow(/cluster\.servers\.overrides\[0\]\.taints\[0\] = "gpu": must be key=value:Effect/);
  });
});
