import { IssueLog } from "../../../lib/config/errors";
import { checkCapacity } from "../../../lib/topology/stages/capacity";
import { indexNodes, siteInputs } from "../../../lib/topology/stages/sites";
import type { TopologyVm } from "../../../lib/topology/types";
import { lab, node } from "./given";

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
