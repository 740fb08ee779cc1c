/** One odd field in one entry never stops the comment: the entry is shown as well as it can be, or skipped and reported. */
import { renderPlanComment } from "../../lib/plan-review/markdown";
import type { TerraformPlan } from "../../lib/plan-review/plan";
import { parsePlan } from "../../lib/plan-review/plan";

const good = { address: "a.good", type: "a", name: "good", mode: "managed", change: { actions: ["update"], before: { x: 1 }, after: { x: 2 }, after_unknown: {} } };

const oddities: Array<[string, Record<string, unknown>]> = [
  ["a numeric address", { address: 5, type: "a", name: "n" }],
  ["a null type", { type: null }],
  ["a string as before", { change: { actions: ["update"], before: "str", after: { x: 1 } } }],
  ["a string as after_unknown", { change: { actions: ["update"], before: { x: 1 }, after: { x: 2 }, after_unknown: "x" } }],
  ["replace_paths that is not a list of paths", { change: { actions: ["delete", "create"], before: { x: 1 }, after: { x: 2 }, replace_paths: "x" } }],
  ["replace_paths with a non-list entry", { change: { actions: ["delete", "create"], before: { x: 1 }, after: { x: 2 }, replace_paths: [5, null] } }],
  ["a numeric importing", { change: { actions: ["no-op"], before: { x: 1 }, after: { x: 1 }, importing: 5 } }],
  ["a numeric import id", { change: { actions: ["no-op"], before: { x: 1 }, after: { x: 1 }, importing: { id: 42 } } }],
  ["a numeric deposed key", { deposed: 7 }],
  ["a numeric action_reason", { action_reason: 3 }],
  ["a numeric module_address", { module_address: 4 }],
  ["an object previous_address", { previous_address: {} }],
  ["an array of nulls as actions", { change: { actions: [null] } }],
  ["sensitive markers of the wrong shape", { change: { actions: ["update"], before: { x: [1] }, after: { x: [2] }, before_sensitive: "yes", after_sensitive: [true] } }],
];

describe.each(oddities)("a plan with an entry that has %s", (_what, patch) => {
  const odd = { ...good, address: "a.odd", name: "odd", ...patch, change: { ...good.change, ...((patch.change as object | undefined) ?? {}) } };
  const plan: TerraformPlan = parsePlan(JSON.stringify({ format_version: "1.2", resource_changes: [good, odd], resource_drift: [odd] }), "odd.json");

  it("still renders the comment with the good entry", () => {
    const text = renderPlanComment([{ name: "s", plan }]).parts.join("\n");
    expect(text).toContain("`a.good`");
  });
});
