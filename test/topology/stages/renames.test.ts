import { IssueLog } from "../../../lib/config/errors";
import { applyRenames } from "../../../lib/topology/stages/renames";
import { cluster, lab, planLabPools } from "./given";

/** The lab's two servers (k3s-server-1, -2) and one agent, renamed as `renamedVms` says. */
function renamed(renamedVms: { from: string; to: string }[]) {
  const env = lab({ cluster: cluster({ count: 2 }, { count: 1 }), renamedVms });
  const { servers, agents } = planLabPools(env);
  const issues = new IssueLog();
  return { vms: applyRenames(env, [...servers, ...agents], issues), issues };
}

describe("the renames stage", () => {
  it("gives each renamed VM the name it was deployed under and leaves the others alone", () => {
    const { vms, issues } = renamed([{ from: "old-server-2", to: "k3s-server-2" }]);

    expect(issues.errors).toEqual([]);
    expect(vms.map((vm) => [vm.name, vm.formerName])).toEqual([
      ["k3s-server-1", undefined],
      ["k3s-server-2", "old-server-2"],
      ["k3s-agent-1", undefined],
    ]);
  });

  it("warns about a rename to a VM the environment does not have (a typo, or a VM a shrunk pool removed) and moves nothing", () => {
    const { vms, issues } = renamed([{ from: "old-server-1", to: "k3s-server-9" }]);

    expect(vms.every((vm) => vm.formerName === undefined)).toBe(true);
    expect(issues.errors).toEqual([]);
    expect(issues.warnings).toEqual([
      {
        path: "renamedVms[0].to",
        value: "k3s-server-9",
        message:
          "is no VM of this environment, so the entry moves nothing: a VM deployed as old-server-1 is destroyed and none is renamed; write the VM's name now (a pool or extra VM such as k3s-server-1), or remove the entry when the VM is gone",
      },
    ]);
  });

  it("rejects a former name a VM still carries, since both would claim the same addresses", () => {
    const { issues } = renamed([{ from: "k3s-agent-1", to: "k3s-server-1" }]);

    expect(issues.errors).toEqual([expect.objectContaining({ path: "renamedVms[0].from", value: "k3s-agent-1", message: expect.stringMatching(/^is the name of a VM of this environment; from is the name the VM was deployed under/) })]);
  });

  it("rejects two former names for one VM, and one former name for two VMs", () => {
    const { issues } = renamed([
      { from: "old-1", to: "k3s-server-1" },
      { from: "old-2", to: "k3s-server-1" },
      { from: "old-1", to: "k3s-server-2" },
    ]);

    expect(issues.errors.map((issue) => [issue.path, issue.value])).toEqual([
      ["renamedVms[1].to", "k3s-server-1"],
      ["renamedVms[2].from", "old-1"],
    ]);
    expect(issues.errors[0].message).toMatch(/is the target of renamedVms\[0\] already; Terraform moves a VM from one former address/);
  });

  it("rejects an entry that renames a VM to the name it has", () => {
    const { issues } = renamed([{ from: "k3s-server-1", to: "k3s-server-1" }]);

    expect(issues.errors).toEqual([{ path: "renamedVms[0].from", value: "k3s-server-1", message: "is the same as to; a VM that keeps its name needs no entry, so remove it" }]);
  });
});
