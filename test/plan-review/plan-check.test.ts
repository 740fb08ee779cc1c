/**
 * Every plan renders: entries without an address (Terraform 1.0.x drift) get one, malformed
 * entries are reported and skipped, and an unknown format version is a warning.
 */
import * as fs from "fs";
import * as path from "path";
import { checkPlan, composeAddress, parsePlan } from "../../lib/plan-review/plan";
import type { TerraformPlan } from "../../lib/plan-review/plan";
import { renderPlanComment } from "../../lib/plan-review/markdown";
import { structureProblems } from "./helpers/markdown-check";

const fixtures = path.join(__dirname, "..", "fixtures", "terraform-plans");
const render = (plan: TerraformPlan): string => renderPlanComment([{ name: "s", plan }]).parts.join("\n");

/** A Terraform 1.0.x plan: its resource_drift entries carry no address. */
function terraform10Plan(): TerraformPlan {
  const snyk = JSON.parse(fs.readFileSync(path.join(fixtures, "snyk-mixed-actions-drift.json"), "utf8")) as Record<string, unknown>;
  const drift = (snyk.resource_drift as Array<Record<string, unknown>>).map(({ address: _address, ...rest }) => rest);
  return parsePlan(
    JSON.stringify({
      ...snyk,
      format_version: "0.2",
      terraform_version: "1.0.11",
      resource_drift: [
        ...drift,
        { module_address: "module.lab.module.vms", mode: "managed", type: "proxmox_virtual_environment_vm", name: "vm", index: "k3s-agent-1", change: { actions: ["update"], before: { memory: 1 }, after: { memory: 2 } } },
        { mode: "data", type: "netbox_prefix", name: "lab", index: 0, change: { actions: ["update"], before: { x: 1 }, after: { x: 2 } } },
      ],
    }),
    "terraform-1.0.json",
  );
}

describe("composeAddress", () => {
  it("writes a module path, a data prefix and a string key as Terraform does", () => {
    expect(composeAddress({ module_address: "module.a.module.b", mode: "data", type: "t", name: "n", index: "k" })).toBe('module.a.module.b.data.t.n["k"]');
  });

  it("writes a count index as a number", () => {
    expect(composeAddress({ mode: "managed", type: "t", name: "n", index: 2 })).toBe("t.n[2]");
  });

  it("gives up without a type or name", () => {
    expect(composeAddress({ mode: "managed", type: "t" })).toBeUndefined();
  });
});

describe("a Terraform 1.0.x plan whose drift has no addresses", () => {
  const plan = terraform10Plan();
  const text = render(plan);

  it("renders instead of refusing the plan", () => {
    expect(text).toContain("#### Changed outside Terraform (drift) in `s`");
    expect(structureProblems(text)).toEqual([]);
  });

  it("shows each drifted resource under its composed address", () => {
    expect(text).toContain('`module.lab.module.vms.proxmox_virtual_environment_vm.vm["k3s-agent-1"]`');
    expect(text).toContain("`data.netbox_prefix.lab[0]`");
    expect(checkPlan(plan).plan.resource_drift?.every((rc) => typeof rc.address === "string")).toBe(true);
  });

  it("warns that format 0.x is not the version it reads", () => {
    expect(text).toContain("> **Format:** the plan's format_version is 0.2; this renderer reads format 1.x");
  });
});

describe("a plan with malformed entries", () => {
  const plan = parsePlan(
    JSON.stringify({
      format_version: "1.2",
      resource_changes: [
        { address: "a.ok", type: "a", name: "ok", change: { actions: ["create"], before: null, after: { x: 1 } } },
        { address: "a.no_actions", type: "a", name: "no_actions", change: {} },
        "not an object",
        { type: "a", change: { actions: ["create"] } },
      ],
      output_changes: { good: { actions: ["create"], before: null, after: 1 }, bad: { before: 1 } },
    }),
    "broken.json",
  );
  const text = render(plan);

  it("renders the readable entries", () => {
    expect(text).toContain("🟢 **create** `a.ok`");
    expect(text).toContain("output `good`");
  });

  it("reports every skipped entry in the comment, where it sits in the plan", () => {
    expect(text).toContain("> **4 plan entries could not be read and are not shown;**");
    expect(text).toContain('> - resource_changes[1] (a.no_actions) has no "change.actions" list of strings');
    expect(text).toContain("> - resource_changes[2] is not an object");
    expect(text).toContain('> - resource_changes[3] has no "address" and no type and name to compose one from');
    expect(text).toContain('> - output_changes.bad has no "actions" list of strings');
  });

  it("never says a plan with only unreadable entries has no changes", () => {
    const only = parsePlan(JSON.stringify({ format_version: "1.2", resource_changes: [{ address: "x.y", change: { actions: "create" } }] }), "x.json");
    expect(render(only)).not.toMatch(/no changes/i);
  });

  it("still refuses what is not a plan at all", () => {
    expect(() => parsePlan(JSON.stringify({ resource_changes: {} }), "odd.json")).toThrow(/"resource_changes" is not a list/);
  });
});

describe("the format version", () => {
  it("warns in the comment when the major version is not 1", () => {
    const plan: TerraformPlan = { format_version: "2.0", resource_changes: [] };
    expect(checkPlan(plan).warnings).toEqual([expect.stringContaining("format_version is 2.0")]);
    expect(render(plan)).toContain("> [!WARNING]\n> **Format:** the plan's format_version is 2.0");
  });

  it("says nothing for 1.x", () => {
    expect(checkPlan({ format_version: "1.2" }).warnings).toEqual([]);
  });
});
