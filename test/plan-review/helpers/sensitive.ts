/**
 * Collects, independently of the renderer, every value a plan marks sensitive: values under a
 * `true` in before_sensitive / after_sensitive (at any depth) and sensitive outputs.
 */
import type { Change, TerraformPlan } from "../../../lib/plan-review/plan";

function leaves(value: unknown, into: unknown[]): void {
  if (Array.isArray(value)) for (const item of value) leaves(item, into);
  else if (typeof value === "object" && value !== null) for (const item of Object.values(value)) leaves(item, into);
  else if (value !== null && value !== undefined) into.push(value);
}

function underMarkers(value: unknown, marker: unknown, into: unknown[]): void {
  if (marker === true) {
    leaves(value, into);
    return;
  }
  if (typeof marker !== "object" || marker === null || typeof value !== "object" || value === null) return;
  for (const [key, child] of Object.entries(marker)) underMarkers((value as Record<string, unknown>)[key], child, into);
}

function outsideMarkers(value: unknown, marker: unknown, into: unknown[]): void {
  if (marker === true) return;
  if (Array.isArray(value)) value.forEach((item, i) => outsideMarkers(item, Array.isArray(marker) ? marker[i] : undefined, into));
  else if (typeof value === "object" && value !== null) {
    for (const [key, item] of Object.entries(value)) outsideMarkers(item, typeof marker === "object" && marker !== null ? (marker as Record<string, unknown>)[key] : undefined, into);
  } else if (value !== null && value !== undefined) into.push(value);
}

function fromChange(change: Change, into: unknown[]): void {
  underMarkers(change.before, change.before_sensitive, into);
  underMarkers(change.after, change.after_sensitive, into);
}

/**
 * Every sensitive leaf value of the plan that does not also occur unmarked in it (an unmarked
 * "bar" elsewhere may rightly be shown).
 */
export function sensitiveValues(plan: TerraformPlan): unknown[] {
  const plain = new Set<unknown>();
  const visit = (change: Change): void => {
    const values: unknown[] = [];
    outsideMarkers(change.before, change.before_sensitive, values);
    outsideMarkers(change.after, change.after_sensitive, values);
    for (const value of values) plain.add(value);
  };
  for (const rc of [...(plan.resource_changes ?? []), ...(plan.resource_drift ?? [])]) visit(rc.change);
  for (const change of Object.values(plan.output_changes ?? {})) visit(change);
  return allSensitiveValues(plan).filter((value) => !plain.has(value));
}

/** Every sensitive leaf value of the plan. */
export function allSensitiveValues(plan: TerraformPlan): unknown[] {
  const values: unknown[] = [];
  for (const rc of plan.resource_changes ?? []) fromChange(rc.change, values);
  for (const rc of plan.resource_drift ?? []) fromChange(rc.change, values);
  for (const change of Object.values(plan.output_changes ?? {})) fromChange(change, values);
  return values;
}
