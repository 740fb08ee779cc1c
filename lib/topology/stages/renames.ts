import type { Environment } from "../../config/schema";
import type { IssueLog } from "../../config/errors";
import type { PlannedTopologyVm } from "../types";

/*
 * Renaming a VM renames its construct ids, which are its Terraform addresses: without a `moved`
 * block Terraform would destroy the deployed VM and create a new one. `renamedVms` lists the old
 * names; this stage checks them against the planned VMs and hands each renamed VM its former name,
 * from which the infra stack derives the moved blocks. Chains of renames go from the oldest name
 * straight to the current one.
 */

/** The planned VMs, each renamed one carrying its `formerName`; reports every entry that cannot be a move (one naming no VM is a warning). */
export function applyRenames(env: Pick<Environment, "renamedVms">, vms: readonly PlannedTopologyVm[], issues: IssueLog): PlannedTopologyVm[] {
  const names = new Set(vms.map((vm) => vm.name));
  const formerNames = new Map<string, string>();
  const seenFrom = new Map<string, number>();
  const seenTo = new Map<string, number>();
  env.renamedVms.forEach(({ from, to }, index) => {
    const path = `renamedVms[${index}]`;
    let ok = true;
    if (from === to) {
      issues.error(`${path}.from`, from, `is the same as to; a VM that keeps its name needs no entry, so remove it`);
      return;
    }
    if (names.has(from)) {
      issues.error(`${path}.from`, from, `is the name of a VM of this environment; from is the name the VM was deployed under, which no VM may carry any more (or its addresses would collide)`);
      ok = false;
    }
    if (!names.has(to)) {
      // A warning, not an error: shrinking a pool leaves the removed VMs' entries behind, and they
      // are harmless (the VM deployed as `from` is destroyed, as the shrink asks).
      const example = vms[0] ? ` such as ${vms[0].name}` : "";
      issues.warn(`${path}.to`, to, `is no VM of this environment, so the entry moves nothing: a VM deployed as ${from} is destroyed and none is renamed; write the VM's name now (a pool or extra VM${example}), or remove the entry when the VM is gone`);
      ok = false;
    }
    if (seenFrom.has(from)) {
      issues.error(`${path}.from`, from, `is renamed already in renamedVms[${seenFrom.get(from)}]; one deployed VM becomes one VM, so keep one entry`);
      ok = false;
    }
    if (seenTo.has(to)) {
      issues.error(`${path}.to`, to, `is the target of renamedVms[${seenTo.get(to)}] already; Terraform moves a VM from one former address, so keep the entry of the name it is deployed under`);
      ok = false;
    }
    seenFrom.set(from, seenFrom.get(from) ?? index);
    seenTo.set(to, seenTo.get(to) ?? index);
    if (ok) formerNames.set(to, from);
  });
  return vms.map((vm) => (formerNames.has(vm.name) ? { ...vm, formerName: formerNames.get(vm.name)! } : vm));
}
