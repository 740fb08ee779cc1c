import { IssueLog } from "../../../lib/config/errors";
import { checkCapacity, checkPoolsFarBeyondCapacity } from "../../../lib/topology/stages/capacity";
import { checkCapacityBeforePlanning, planTopology } from "../../../lib/topology/plan";
import { indexNodes, siteInputs } from "../../../lib/topology/stages/sites";
import type { TopologyVm } from "../../../lib/topology/types";
import { cluster, lab, node } from "./given";

const vm = (name: string, nodeName: string, cores: number, memoryMiB: number) => ({ name, node: nodeName, cores, memoryMiB }) as TopologyVm;

/** Checks the capacity of two nodes of the given sizes for `vms`. */
function check(nodes: Record<string, unknown>[], vms: TopologyVm[], overcommit?: Record<string, number>) {
  const issues = new IssueLog();
  const env = lab({ proxmox: { endpoint: "https://pve.example:8006/", nodes, ...(overcommit ? { overcommit } : {}) } });
  const sites = siteInputs(env, issues);
  checkCapacity(sites, indexNodes(sites, issues), vms, issues);
  return issues;
}

describe("the capacity stage", () => {
  it("accepts three VMs that fit two nodes", () => {
    const issues = check([node("pve1", 8, 16384), node("pve2", 8, 16384)], [vm("a", "pve1", 4, 8192), vm("b", "pve1", 4, 8192), vm("c", "pve2", 8, 16384)]);

    expect(issues.errors).toEqual([]);
    expect(issues.warnings).toEqual([]);
  });

  it("refuses VMs needing more vCPUs than the nodes they use offer together", () => {
    const issues = check([node("pve1", 4, 65536), node("pve2", 4, 65536)], [vm("a", "pve1", 4, 1024), vm("b", "pve2", 4, 1024), vm("c", "pve2", 2, 1024)]);

    expect(issues.errors).toEqual([
      { path: "proxmox.nodes", value: "pve1, pve2", message: "VMs need 10 vCPUs but the Proxmox nodes they use offer 8 cores; add nodes or cores, or shrink the VMs" },
    ]);
  });

  it("accepts vCPUs beyond the cores when the overcommit ratio allows them, as Proxmox shares cores (the HA-cluster seed runs 54 vCPUs on 32 cores)", () => {
    const issues = check([node("pve1", 4, 65536), node("pve2", 4, 65536)], [vm("a", "pve1", 4, 1024), vm("b", "pve2", 4, 1024), vm("c", "pve2", 2, 1024)], { cpuRatio: 2 });

    expect(issues.errors).toEqual([]);
  });

  it("refuses vCPUs beyond the cores times the overcommit ratio", () => {
    const issues = check([node("pve1", 4, 65536), node("pve2", 4, 65536)], [vm("a", "pve1", 8, 1024), vm("b", "pve2", 8, 1024), vm("c", "pve2", 2, 1024)], { cpuRatio: 2 });

    expect(issues.errors).toEqual([
      { path: "proxmox.nodes", value: "pve1, pve2", message: "VMs need 18 vCPUs but the Proxmox nodes they use offer 8 cores (16 with proxmox.overcommit.cpuRatio 2); add nodes or cores, or shrink the VMs" },
    ]);
  });

  it("counts only the nodes VMs run on as supply", () => {
    const issues = check([node("pve1", 16, 8192), node("pve2", 16, 65536)], [vm("a", "pve1", 2, 8192), vm("b", "pve1", 2, 4096)], { memoryRatio: 2 });

    expect(issues.errors).toEqual([
      { path: "proxmox.nodes", value: "pve1", message: "VMs need 12288 MiB of memory but the Proxmox nodes they use offer 8192 MiB; add nodes or memory, or shrink the VMs" },
    ]);
  });

  it("warns about a node carrying more vCPUs than its overcommit ratio allows, though the sum fits", () => {
    const issues = check([node("pve1", 4, 65536), node("pve2", 16, 65536)], [vm("a", "pve1", 4, 1024), vm("b", "pve1", 4, 1024), vm("c", "pve2", 1, 1024)], { cpuRatio: 1.5 });

    expect(issues.errors).toEqual([]);
    expect(issues.warnings).toEqual([
      { path: "proxmox.nodes[0].cores", value: 4, message: "pve1 carries 8 vCPUs, above 1.5x its cores; spread VMs or raise proxmox.overcommit.cpuRatio" },
    ]);
  });
});

describe("the early capacity check", () => {
  /** Runs the early check on a lab of the given nodes and cluster. */
  function early(nodes: Record<string, unknown>[], clusterParts: Record<string, unknown>, overcommit?: Record<string, number>) {
    const issues = new IssueLog();
    const env = lab({ proxmox: { endpoint: "https://pve.example:8006/", nodes, ...(overcommit ? { overcommit } : {}) }, cluster: clusterParts });
    const stopped = checkPoolsFarBeyondCapacity(env, siteInputs(env, issues), issues);
    return { stopped, issues };
  }

  it("lets pools up to twice the allowed capacity through to the placed check, which keeps its own message", () => {
    // 2 nodes of 4 cores: 16 vCPUs is exactly twice, 8192 MiB twice the memory
    const { stopped, issues } = early([node("pve1", 4, 2048), node("pve2", 4, 2048)], cluster({ count: 1, cores: 8, memoryMiB: 4096 }, { count: 1, cores: 8, memoryMiB: 4096 }));

    expect(stopped).toBe(false);
    expect(issues.errors).toEqual([]);
  });

  it("stops on vCPUs beyond twice the cores, naming the largest pool's count, what it needs and what the nodes offer", () => {
    const { stopped, issues } = early([node("pve1", 4, 65536), node("pve2", 4, 65536)], cluster({ count: 1, cores: 1, memoryMiB: 1024 }, { count: 1000, cores: 2, memoryMiB: 64 }));

    expect(stopped).toBe(true);
    expect(issues.errors).toEqual([
      {
        path: "cluster.agents.count",
        value: 1000,
        message:
          "1000 VMs need 2000 vCPUs (2001 with the other pool of this environment), but the Proxmox nodes they may use (pve1, pve2) offer 8 cores, more than 2 times what they can carry, so planning stopped before placing a VM; lower the count, add Proxmox nodes or cores, or raise proxmox.overcommit.cpuRatio",
      },
    ]);
  });

  it("allows the overcommit ratio before the factor applies: 17 vCPUs on 4 cores stop at cpuRatio 2, not at 3", () => {
    const nodes = [node("pve1", 4, 65536)];
    const pools = cluster({ count: 17, cores: 1, memoryMiB: 1024, vmIdRange: { start: 1100, end: 1199 } });

    expect(early(nodes, pools, { cpuRatio: 2 }).issues.errors[0].message).toMatch(/^17 VMs need 17 vCPUs, but the Proxmox nodes they may use \(pve1\) offer 4 cores \(8 with proxmox\.overcommit\.cpuRatio 2\), more than 2 times/);
    expect(early(nodes, pools, { cpuRatio: 3 }).stopped).toBe(false);
  });

  it("counts the overridden VMs at their own size", () => {
    // 3 VMs of 1 GiB are within 2x of 4 GiB; one overridden to 16 GiB is not
    const nodes = [node("pve1", 64, 4096)];
    const small = cluster({ count: 3, cores: 1, memoryMiB: 1024 });

    expect(early(nodes, small).stopped).toBe(false);
    expect(early(nodes, { ...small, servers: { ...(small.servers as object), overrides: [{ memoryMiB: 16384 }] } }).issues.errors).toEqual([
      expect.objectContaining({ path: "cluster.servers.count", value: 3, message: expect.stringMatching(/^3 VMs need 18432 MiB of memory, but the Proxmox nodes they may use \(pve1\) offer 4096 MiB, more than 2 times .*; lower the count or the VMs' memoryMiB, or add Proxmox nodes or memory$/) }),
    ]);
  });

  it("measures a pool against the nodes its pools may use, not every node of the site", () => {
    const nodes = [node("pve1", 2, 65536), node("pve2", 64, 65536)];

    expect(early(nodes, cluster({ count: 5, cores: 1, memoryMiB: 1024, nodes: ["pve1"] })).issues.errors).toEqual([expect.objectContaining({ path: "cluster.servers.count", message: expect.stringMatching(/\(pve1\) offer 2 cores/) })]);
    expect(early(nodes, cluster({ count: 5, cores: 1, memoryMiB: 1024 })).stopped).toBe(false);
  });

  it("runs alone on raw input: throws for a pool far beyond, stays quiet for one within reach or input the schema rejects", () => {
    const input = (count: unknown) => ({
      name: "lab",
      proxmox: { endpoint: "https://pve.example:8006/", nodes: [node("pve1", 4, 8192)] },
      networks: [{ name: "lan", bridge: "vmbr0", cidr: "10.0.0.0/24", gateway: "10.0.0.1", dns: ["10.0.0.1"] }],
      image: { kind: "template", templateVmId: 9000 },
      cluster: cluster({ count, cores: 2, memoryMiB: 2048 }),
      sshPublicKeys: ["ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAILLPNgFlDZIioosD2zXg3aTvCT08JOFK1WQv21xH83yX admin@example"],
    });

    expect(() => checkCapacityBeforePlanning(input(1000))).toThrow(/cluster\.servers\.count = 1000: 1000 VMs need 2000 vCPUs/);
    expect(checkCapacityBeforePlanning(input(4))).toBeUndefined();
    expect(checkCapacityBeforePlanning(input("many"))).toBeUndefined();
  });

  it("stops resolveEnvironment before placing VMs: a pool far too large is not also reported out of VMIDs and addresses", () => {
    const env = lab({ proxmox: { endpoint: "https://pve.example:8006/", nodes: [node("pve1", 4, 8192)] }, cluster: cluster({ count: 100000, cores: 2, memoryMiB: 2048 }) });

    expect(() => planTopology(env)).toThrow(/^environment "lab" is invalid:\n {2}- cluster\.servers\.count = 100000: 100000 VMs need 200000 vCPUs[^\n]*\n {2}- cluster\.servers\.count = 100000: 100000 VMs need 204800000 MiB of memory[^\n]*$/);
  });
});
