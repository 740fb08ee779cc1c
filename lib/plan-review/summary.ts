/** What a plan does, counted the way the comment header reports it. */
import type { Change, ResourceChange, TerraformPlan } from "./plan";

/**
 * The one action a reviewer reads for a resource change, named after Terraform's plan actions:
 * `replace` is delete-then-create (`-/+`), `create-then-delete` is create_before_destroy (`+/-`),
 * `create-then-forget` a replacement whose old object is kept (`destroy = false`). `unknown` is
 * an action list this renderer does not know; it is shown raw, never as "no changes".
 */
export type ChangeKind = "create" | "update" | "delete" | "replace" | "create-then-delete" | "create-then-forget" | "read" | "forget" | "no-op" | "unknown";

/** Counts shown in a stack's header. Replacements are counted on their own, not in add or destroy. */
export interface ChangeCounts {
  add: number;
  change: number;
  destroy: number;
  replace: number;
  import: number;
  move: number;
  forget: number;
  read: number;
  /** Changes with an action list this renderer does not know. */
  unknown: number;
}

/** Header labels in display order; `unknown` is shown only when above zero. */
export const countLabels: ReadonlyArray<readonly [keyof ChangeCounts, string]> = [
  ["add", "to add"],
  ["change", "to change"],
  ["destroy", "to destroy"],
  ["replace", "to replace"],
  ["import", "to import"],
  ["move", "to move"],
  ["forget", "to forget"],
  ["read", "data reads"],
  ["unknown", "with unknown actions"],
];

const kindsByActions: ReadonlyMap<string, ChangeKind> = new Map<string, ChangeKind>([
  ["no-op", "no-op"],
  ["create", "create"],
  ["read", "read"],
  ["update", "update"],
  ["delete", "delete"],
  ["delete,create", "replace"],
  ["create,delete", "create-then-delete"],
  ["forget", "forget"],
  ["create,forget", "create-then-forget"],
]);

/** Reduces an `actions` list to one kind; a list Terraform does not document is `unknown`. */
export function changeKind(change: Change): ChangeKind {
  const actions = change.actions;
  let kind: ChangeKind | undefined;
  if (actions.length === 1) kind = kindsByActions.get(actions[0]);
  else if (actions.length === 2) kind = kindsByActions.get(`${actions[0]},${actions[1]}`);
  return kind ?? "unknown";
}

/** True for the three ways Terraform replaces an object. */
export function isReplace(kind: ChangeKind): boolean {
  return kind === "replace" || kind === "create-then-delete" || kind === "create-then-forget";
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
  return { add: 0, change: 0, destroy: 0, replace: 0, import: 0, move: 0, forget: 0, read: 0, unknown: 0 };
}

const kindCount: Record<ChangeKind, keyof ChangeCounts | undefined> = {
  create: "add",
  update: "change",
  delete: "destroy",
  replace: "replace",
  "create-then-delete": "replace",
  "create-then-forget": "replace",
  read: "read",
  forget: "forget",
  unknown: "unknown",
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

/**
 * Terraform's own summary line, as `terraform plan` prints it (1.11): replacements count in add
 * and destroy, a kept replacement (`create-then-forget`) in add only, forgets in neither, data
 * reads nowhere; imports lead the line when there are any.
 */
export function terraformSummary(plan: TerraformPlan): string {
  let add = 0;
  let change = 0;
  let destroy = 0;
  let imports = 0;
  for (const rc of plan.resource_changes ?? []) {
    const kind = changeKind(rc.change);
    if (kind === "create" || isReplace(kind)) add++;
    if (kind === "delete" || kind === "replace" || kind === "create-then-delete") destroy++;
    if (kind === "update") change++;
    if (isImport(rc)) imports++;
  }
  return `Plan: ${imports > 0 ? `${imports} to import, ` : ""}${add} to add, ${change} to change, ${destroy} to destroy.`;
}

/** True when no count is above zero. */
export function hasNoCounts(counts: ChangeCounts): boolean {
  return countLabels.every(([key]) => counts[key] === 0);
}

/** Output changes other than no-ops. */
export function changedOutputs(plan: TerraformPlan): Array<[string, Change]> {
  return Object.entries(plan.output_changes ?? {}).filter(([, change]) => changeKind(change) !== "no-op");
}
