/** Every action list is named as Terraform names it, an unknown one is shown raw, and the counts read like the CLI. */
import * as fs from "fs";
import * as path from "path";
import { renderPlanComment } from "../../lib/plan-review/markdown";
import type { PlanAction, ResourceChange, TerraformPlan } from "../../lib/plan-review/plan";
import { parsePlan } from "../../lib/plan-review/plan";
import { countChanges, terraformSummary } from "../../lib/plan-review/summary";

const fixtures = path.join(__dirname, "..", "fixtures", "terraform-plans");
const load = (file: string): TerraformPlan => parsePlan(fs.readFileSync(path.join(fixtures, file), "utf8"), file);
const render = (plan: TerraformPlan): string => renderPlanComment([{ name: "s", plan }]).parts.join("\n");

function change(name: string, actions: PlanAction[], reason?: string): ResourceChange {
  return {
    address: `terraform_data.${name}`,
    type: "terraform_data",
    name,
    change: { actions, before: actions[0] === "create" && actions.length === 1 ? null : { input: "a" }, after: { input: "b" }, after_unknown: {} },
    action_reason: reason,
  };
}

describe("an action list the renderer does not know", () => {
  const plan: TerraformPlan = { format_version: "1.2", resource_changes: [change("odd", ["open", "renew"])] };
  const text = render(plan);

  it("is shown with its raw actions", () => {
    expect(text).toContain('❓ **unknown action `["open","renew"]`** `terraform_data.odd`');
  });

  it("is counted and never summarised as no changes", () => {
    expect(countChanges(plan).unknown).toBe(1);
    expect(text).toContain("**1** with unknown actions");
    expect(text).not.toMatch(/no changes/i);
    expect(text).toContain("1 change with an action list this renderer does not know");
  });
});

describe("replacements and forgets", () => {
  it("names delete-then-create as destroy and then create replacement", () => {
    expect(render({ resource_changes: [change("a", ["delete", "create"])] })).toContain("♻️ **-/+ destroy and then create replacement** `terraform_data.a`");
  });

  it("names create-then-delete as create replacement and then destroy", () => {
    expect(render({ resource_changes: [change("a", ["create", "delete"])] })).toContain("♻️ **+/- create replacement and then destroy** `terraform_data.a`");
  });

  it("names create-then-forget in Terraform's words, keeping the old object", () => {
    expect(render({ resource_changes: [change("a", ["create", "forget"])] })).toContain(
      "♻️ **create replacement** `terraform_data.a`: must be replaced, but the existing object will not be destroyed (destroy = false is set in the configuration)",
    );
  });

  it("names a forget as Terraform does for a removed block with destroy = false", () => {
    const text = render(load("tf111-forget-replace-cbd.json"));
    expect(text).toContain("✂️ **forget** `terraform_data.kept`: will no longer be managed by Terraform, but will not be destroyed (destroy = false is set in the configuration)");
    expect(fs.readFileSync(path.join(fixtures, "tf111-forget-replace-cbd.txt"), "utf8")).toContain(
      "# terraform_data.kept will no longer be managed by Terraform, but will not be destroyed\n # (destroy = false is set in the configuration)",
    );
  });

  it("names each action of the real Terraform 1.11 plan as its text output does", () => {
    const text = render(load("tf111-forget-replace-cbd.json"));
    const txt = fs.readFileSync(path.join(fixtures, "tf111-forget-replace-cbd.txt"), "utf8");
    expect(txt).toContain("+/- resource \"terraform_data\" \"cbd\"");
    expect(text).toContain("**+/- create replacement and then destroy** `terraform_data.cbd`");
    expect(txt).toContain("-/+ resource \"terraform_data\" \"plain\"");
    expect(text).toContain("**-/+ destroy and then create replacement** `terraform_data.plain`");
    expect(text).toContain("**-/+ destroy and then create replacement** `terraform_data.trig` because replacement was requested (-replace)");
  });
});

describe("Terraform's own summary line", () => {
  const withText = fs
    .readdirSync(fixtures)
    .filter((file) => file.endsWith(".txt"))
    .filter((file) => /^Plan: /m.test(fs.readFileSync(path.join(fixtures, file), "utf8")));

  it.each(withText)("matches the Plan: line of %s", (txtFile) => {
    const plan = load(txtFile.replace(/\.txt$/, ".json"));
    const expected = /^Plan: .*$/m.exec(fs.readFileSync(path.join(fixtures, txtFile), "utf8"))?.[0];
    expect(terraformSummary(plan)).toBe(expected);
    expect(render(plan)).toContain(`— \`${expected}\``);
  });
});

describe("the summary table", () => {
  it("counts resource changes per type and action", () => {
    const text = render(load("tfplan2md-azuredevops-read-delete-update.json"));
    const table = text.split("\n").filter((line) => line.startsWith("|"));
    expect(table[0]).toMatch(/^\| resource type \| /);
    const plan = load("tfplan2md-azuredevops-read-delete-update.json");
    const types = new Set((plan.resource_changes ?? []).filter((rc) => rc.change.actions.join() !== "no-op").map((rc) => (rc.mode === "data" ? `data.${rc.type}` : rc.type)));
    for (const type of types) expect(table.some((line) => line.startsWith(`| \`${type}\` |`))).toBe(true);
  });
});

describe("an action named like an object property", () => {
  it("is unknown, not mistaken for a known action", () => {
    const text = render({ resource_changes: [change("proto", ["constructor" as PlanAction])] });
    expect(text).toContain('**unknown action `["constructor"]`**');
  });
});
