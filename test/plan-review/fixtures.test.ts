/**
 * Every real plan in test/fixtures/terraform-plans (see its SOURCES.md) rendered, and checked
 * against facts computed here from the plan JSON itself.
 */
import * as fs from "fs";
import * as path from "path";
import { renderPlanComment } from "../../lib/plan-review/markdown";
import type { ResourceChange, TerraformPlan } from "../../lib/plan-review/plan";
import { parsePlan } from "../../lib/plan-review/plan";
import { structureProblems } from "./helpers/markdown-check";
import { sensitiveValues } from "./helpers/sensitive";

const dir = path.join(__dirname, "..", "fixtures", "terraform-plans");
const files = fs.readdirSync(dir).filter((file) => file.endsWith(".json")).sort();
const load = (file: string): TerraformPlan => parsePlan(fs.readFileSync(path.join(dir, file), "utf8"), file);
const stackName = (file: string): string => file.replace(/\.json$/, "");

/** Counts straight from resource_changes, written apart from the renderer's own counting. */
function expectedCounts(changes: readonly ResourceChange[]): Record<string, number> {
  const counts: Record<string, number> = { "to add": 0, "to change": 0, "to destroy": 0, "to replace": 0, "to import": 0, "to move": 0, "to forget": 0, "data reads": 0 };
  for (const rc of changes) {
    const actions = rc.change.actions.join(",");
    if (actions === "create") counts["to add"]++;
    else if (actions === "update") counts["to change"]++;
    else if (actions === "delete") counts["to destroy"]++;
    else if (actions === "delete,create" || actions === "create,delete") counts["to replace"]++;
    else if (actions === "read") counts["data reads"]++;
    else if (actions.includes("forget")) counts["to forget"]++;
    if (rc.change.importing) counts["to import"]++;
    if (rc.previous_address && rc.previous_address !== rc.address) counts["to move"]++;
  }
  return counts;
}

function renderedCounts(markdown: string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const match of markdown.matchAll(/\*\*(\d+)\*\* (to add|to change|to destroy|to replace|to import|to move|to forget|data reads)/g)) counts[match[2]] = Number(match[1]);
  return counts;
}

describe.each(files)("the comment for %s", (file) => {
  const plan = load(file);
  const changes = plan.resource_changes ?? [];
  const whole = renderPlanComment([{ name: stackName(file), plan }]).parts.join("\n");

  const hasChanges = Object.values(expectedCounts(changes)).some((n) => n > 0);
  if (plan.errored !== true && hasChanges) {
    it("shows the counts computed from resource_changes", () => {
      expect(renderedCounts(whole)).toEqual(expectedCounts(changes));
    });
  }

  it("names every changed resource address", () => {
    const changed = changes.filter((rc) => rc.change.actions.join() !== "no-op" || rc.change.importing || (rc.previous_address && rc.previous_address !== rc.address));
    for (const rc of changed) expect(whole).toContain(rc.address);
  });

  it("contains no value that sits under a sensitive marker", () => {
    // Shorter values would match by accident; long strings must not appear even unquoted.
    const values = sensitiveValues(plan);
    const strings = values.filter((value): value is string => typeof value === "string" && value.length >= 3);
    const numbers = values.filter((value): value is number => typeof value === "number" && String(value).length >= 3);
    for (const value of strings) expect(whole).not.toContain(JSON.stringify(value));
    for (const value of strings.filter((each) => each.length >= 6)) expect(whole).not.toContain(value);
    for (const value of numbers) expect(whole).not.toMatch(new RegExp(`[:→] ${value}\\b`));
  });

  it.each([65536, 4000])("keeps every part within %i characters with balanced fences and details", (maxChars) => {
    const { parts } = renderPlanComment([{ name: stackName(file), plan }], { maxChars });
    for (const part of parts) {
      expect(part.length).toBeLessThanOrEqual(maxChars);
      expect(structureProblems(part)).toEqual([]);
    }
  });

  it("opens every part with the stack's hidden marker and puts the summary first", () => {
    const { parts } = renderPlanComment([{ name: stackName(file), plan }], { maxChars: 4000 });
    parts.forEach((part, i) => expect(part.startsWith(`<!-- homelab-plan-comment key="${stackName(file)}" part="${i + 1}" -->`)).toBe(true));
    expect(parts[0]).toContain(`<!-- homelab-plan-comment stack="${stackName(file)}" -->`);
  });
});

describe("the fixture collection", () => {
  it("keeps its SOURCES.md attribution next to the plans", () => {
    const sources = fs.readFileSync(path.join(dir, "SOURCES.md"), "utf8");
    for (const file of files) expect(sources).toContain(file);
  });
});

describe("the 300-resource plan", () => {
  const plan = load("tpc-create-300-foreach.json");

  it("splits into several numbered parts at GitHub's limit", () => {
    const { parts } = renderPlanComment([{ name: "big", plan }]);
    expect(parts.length).toBeGreaterThan(1);
    parts.forEach((part, i) => expect(part).toContain(`part ${i + 1} of ${parts.length}`));
  });

  it("puts the summary with the counts in the first part only", () => {
    const { parts } = renderPlanComment([{ name: "big", plan }]);
    expect(parts[0]).toContain("**300** to add");
    for (const part of parts.slice(1)) expect(part).not.toContain("to add");
  });

  it("repeats the stack's name where a part continues its resources", () => {
    const { parts } = renderPlanComment([{ name: "big", plan }]);
    for (const part of parts.slice(1)) expect(part).toContain("#### `big` (continued)");
  });

  it("lists each resource exactly once across the parts", () => {
    const { parts } = renderPlanComment([{ name: "big", plan }]);
    const all = parts.join("\n");
    for (const rc of plan.resource_changes ?? []) expect(all.split(`\`${rc.address}\``).length - 1).toBe(1);
  });
});

describe("the errored plan", () => {
  const plan = load("tf-showjson-errored-plan.json");
  const [comment] = renderPlanComment([{ name: "broken", plan }]).parts;

  it("is reported as failed", () => {
    expect(comment).toMatch(/❌ `broken`: plan failed/);
  });

  it("is never reported as having no changes", () => {
    expect(comment).not.toMatch(/no changes/i);
  });
});

describe("the empty plan", () => {
  it("says there are no changes", () => {
    const [comment] = renderPlanComment([{ name: "quiet", plan: load("tpc-empty-no-changes.json") }]).parts;
    expect(comment).toContain("✅ `quiet`: no changes");
  });
});
