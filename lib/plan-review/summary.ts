/** What a plan does, counted the way the comment header reports it. */
import type { Change, ResourceChange, TerraformPlan } from "./plan";

/** The one action a reviewer reads for a resource change. */
export type ChangeKind = "create" | "update" | "delete" | "replace" | "read" | "forget" | "no-op";

/** Counts shown in a stack's header. `replace` is counted on its own, not in add or destroy. */
export interface ChangeCounts {
  add: number;
  change: number;
  destroy: number;
  replace: number;
  import: number;
  move: number;
  forget: number;
  read: number;
}

/** Header labels in display order. */
export const countLabels: ReadonlyArray<readonly [keyof ChangeCounts, string]> = [
  ["add", "to add"],
  ["change", "to change"],
  ["destroy", "to destroy"],
  ["replace", "to replace"],
  ["import", "to import"],
  ["move", "to move"],
  ["forget", "to forget"],
  ["read", "data reads"],
];

/** Reduces an `actions` list to one kind: `["delete","create"]` and `["create","delete"]` are replaces. */
export function changeKind(change: Change): ChangeKind {
  const actions = change.actions;
  if (actions.includes("forget")) return "forget";
  const creates = actions.includes("create");
  const deletes = actions.includes("delete");
  if (creates && deletes) return "replace";
  if (creates) return "create";
  if (deletes) return "delete";
  if (actions.includes("update")) return "update";
  if (actions.includes("read")) return "read";
  return "no-op";
}

/** True when the resource is being imported. */
export function isImport(rc: ResourceChange): boolean {
  return rc.change.importing !== undefined && rc.change.importing !== null;
}

/** True when a moved block (or a refactoring) changes the resource's address. */
export function isMove(rc: ResourceChange): boolean {
  return typeof rc.previous_address === "string" && rc.previous_address !== rc.address;
}

/** True when the change belongs in the comment: anything but a plain no-op. */
export function isReported(rc: ResourceChange): boolean {
  return changeKind(rc.change) !== "no-op" || isImport(rc) || isMove(rc);
}

/** Zero counts. */
export function emptyCounts(): ChangeCounts {
  return { add: 0, change: 0, destroy: 0, replace: 0, import: 0, move: 0, forget: 0, read: 0 };
}

const kindCount: Record<ChangeKind, keyof ChangeCounts | undefined> = {
  create: "add",
  update: "change",
  delete: "destroy",
  replace: "replace",
  read: "read",
  forget: "forget",
  "no-op": undefined,
};

/** Counts the plan's `resource_changes` (drift is not a change of this plan). */
export function countChanges(plan: TerraformPlan): ChangeCounts {
  const counts = emptyCounts();
  for (const rc of plan.resource_changes ?? []) {
    const key = kindCount[changeKind(rc.change)];
    if (key) counts[key]++;
    if (isImport(rc)) counts.import++;
    if (isMove(rc)) counts.move++;
  }
  return counts;
}

/** True when no count is above zero. */
export function hasNoCounts(counts: ChangeCounts): boolean {
  return countLabels.every(([key]) => counts[key] === 0);
}

/** Output changes other than no-ops. */
export function changedOutputs(plan: TerraformPlan): Array<[string, Change]> {
  return Object.entries(plan.output_changes ?? {}).filter(([, change]) => changeKind(change) !== "no-op");
}
