/**
 * Snapshots of whole comments, read and reviewed by a person when they change (a safety net: the
 * behaviours are asserted one by one in the other tests).
 */
import * as fs from "fs";
import * as path from "path";
import { lookupEnvironment } from "../../lib/cli/plan-comment";
import { renderPlanComment } from "../../lib/plan-review/markdown";
import type { TerraformPlan } from "../../lib/plan-review/plan";
import { parsePlan } from "../../lib/plan-review/plan";
import { productionAddsAgent, productionServers3To1 } from "./helpers/crafted-plans";
import { structureProblems } from "./helpers/markdown-check";

const fixtures = path.join(__dirname, "..", "fixtures", "terraform-plans");
const fixture = (file: string): TerraformPlan => parsePlan(fs.readFileSync(path.join(fixtures, file), "utf8"), file);

const cases: Array<[string, () => string]> = [
  ["a heredoc and a jsonencode update (Terraform 1.11)", () => renderPlanComment([{ name: "lab", plan: fixture("tf111-heredoc-jsonencode-update.json") }]).parts.join("\n")],
  ["forget, create-before-destroy and replace (Terraform 1.11)", () => renderPlanComment([{ name: "lab", plan: fixture("tf111-forget-replace-cbd.json") }]).parts.join("\n")],
  ["resources in modules", () => renderPlanComment([{ name: "lab", plan: fixture("tfjson-sensitive-values-modules.json") }]).parts.join("\n")],
  ["drift and mixed actions", () => renderPlanComment([{ name: "lab", plan: fixture("snyk-mixed-actions-drift.json") }]).parts.join("\n")],
  [
    "production adds an agent, with capacity",
    () => renderPlanComment([{ name: "production-infra", plan: productionAddsAgent(), capacity: lookupEnvironment("production") }], { maxChars: 200000 }).parts.join("\n"),
  ],
  [
    "production's servers from 3 to 1, with capacity",
    () => renderPlanComment([{ name: "production-infra", plan: productionServers3To1(), capacity: lookupEnvironment("production") }], { maxChars: 200000 }).parts.join("\n"),
  ],
];

describe.each(cases)("the comment for %s", (_name, render) => {
  const text = render();

  it("is balanced Markdown", () => {
    expect(structureProblems(text)).toEqual([]);
  });

  it("matches its reviewed snapshot", () => {
    expect(text).toMatchSnapshot();
  });
});
