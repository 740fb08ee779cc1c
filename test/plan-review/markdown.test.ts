import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { constructPathOf, constructPathsFromSynth, loadConstructPaths } from "../../lib/plan-review/construct-paths";
import { renderPlanComment } from "../../lib/plan-review/markdown";
import { readPartMarker } from "../../lib/plan-review/markers";
import type { TerraformPlan } from "../../lib/plan-review/plan";
import { structureProblems } from "./helpers/markdown-check";
import { planOf, vmChange } from "./helpers/proxmox-plan";

const fixture = (file: string): TerraformPlan => JSON.parse(fs.readFileSync(path.join(__dirname, "..", "fixtures", "terraform-plans", file), "utf8")) as TerraformPlan;

const synth = {
  resource: {
    proxmox_virtual_environment_vm: { orion_vm_Resource_1A2B: { "//": { metadata: { path: "dev-infra/orion/vm/Resource", uniqueId: "orion_vm_Resource_1A2B" } }, name: "orion" } },
  },
  data: { proxmox_virtual_environment_nodes: { nodes: { "//": { metadata: { path: "dev-infra/nodes", uniqueId: "nodes" } } } } },
};

describe("construct paths", () => {
  const paths = constructPathsFromSynth(synth);

  it("resolves a resource instance address to its construct path", () => {
    expect(constructPathOf(paths, 'proxmox_virtual_environment_vm.orion_vm_Resource_1A2B["a"]')).toBe("dev-infra/orion/vm/Resource");
  });

  it("resolves a data source address", () => {
    expect(constructPathOf(paths, "data.proxmox_virtual_environment_nodes.nodes")).toBe("dev-infra/nodes");
  });

  it("reads a stack from cdktf.out/stacks/<stack>/cdk.tf.json", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "synth-"));
    fs.mkdirSync(path.join(dir, "stacks", "dev-infra"), { recursive: true });
    fs.writeFileSync(path.join(dir, "stacks", "dev-infra", "cdk.tf.json"), JSON.stringify(synth));
    expect(loadConstructPaths(dir, "dev-infra").get("proxmox_virtual_environment_vm.orion_vm_Resource_1A2B")).toBe("dev-infra/orion/vm/Resource");
    fs.rmSync(dir, { recursive: true });
  });

  it("names the places it looked when a stack is not synthesized", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "synth-"));
    expect(() => loadConstructPaths(dir, "prod-infra")).toThrow(/no synthesized stack "prod-infra" \(looked for .*stacks\/prod-infra\/cdk\.tf\.json/);
    fs.rmSync(dir, { recursive: true });
  });

  it("shows each resource's construct path in the comment", () => {
    const rc = { ...vmChange("orion", ["create"]), address: "proxmox_virtual_environment_vm.orion_vm_Resource_1A2B" };
    const [text] = renderPlanComment([{ name: "dev-infra", plan: planOf(rc), constructPaths: constructPathsFromSynth(synth) }]).parts;
    expect(text).toContain("construct `dev-infra/orion/vm/Resource`");
  });
});

describe("renderPlanComment", () => {
  it("gives each stack its own header, marker and counts", () => {
    const [text] = renderPlanComment([
      { name: "dev-infra", plan: fixture("tpc-delete.json") },
      { name: "dev-platform", plan: fixture("tpc-empty-no-changes.json") },
    ]).parts;
    expect(text).toMatch(/stack="dev-infra" -->\n### ⚠️ `dev-infra`\n\n\*\*0\*\* to add · \*\*0\*\* to change · \*\*2\*\* to destroy/);
    expect(text).toMatch(/stack="dev-platform" -->\n### ✅ `dev-platform`: no changes/);
  });

  it("keys the comment by its sorted stack names", () => {
    const { key, parts } = renderPlanComment([
      { name: "b", plan: fixture("tpc-empty-no-changes.json") },
      { name: "a", plan: fixture("tpc-empty-no-changes.json") },
    ]);
    expect(key).toBe("a+b");
    expect(readPartMarker(parts[0])).toEqual({ key: "a+b", part: 1 });
  });

  it("rejects two plans with the same stack name", () => {
    const plan = fixture("tpc-empty-no-changes.json");
    expect(() => renderPlanComment([{ name: "x", plan }, { name: "x", plan }])).toThrow(/two plans are named "x"/);
  });

  it("shows the reason Terraform gives for an action", () => {
    expect(renderPlanComment([{ name: "s", plan: fixture("tfjson-replace-tainted.json") }]).parts[0]).toContain("because the object is tainted (`replace_because_tainted`)");
  });

  it("shows the moved-from address", () => {
    expect(renderPlanComment([{ name: "s", plan: fixture("tpc-moved.json") }]).parts[0]).toContain("moved from `local_file.before`");
  });

  it("shows the import ID", () => {
    expect(renderPlanComment([{ name: "s", plan: fixture("tpc-import.json") }]).parts[0]).toMatch(/📥 \*\*import\*\* .*\n.*imported from ID `/);
  });

  it("gives output changes and drift their own sections", () => {
    const text = renderPlanComment([{ name: "s", plan: fixture("snyk-mixed-actions-drift.json") }]).parts[0];
    expect(text).toContain("#### Changed outside Terraform (drift) in `s`");
    expect(renderPlanComment([{ name: "s", plan: fixture("tfreveal-output-changes.json") }]).parts[0]).toContain("#### Output changes in `s`");
  });

  it("cuts a resource whose diff alone exceeds the limit and keeps its code block closed", () => {
    const after: Record<string, string> = {};
    for (let i = 0; i < 2000; i++) after[`attr_${i}`] = `value number ${i}`;
    const plan: TerraformPlan = { resource_changes: [{ address: "null_resource.huge", type: "null_resource", change: { actions: ["create"], before: null, after, after_unknown: {} } }] };
    const { parts } = renderPlanComment([{ name: "s", plan }], { maxChars: 5000 });
    const all = parts.join("\n");
    expect(all).toMatch(/… \d+ more lines not shown \(comment size limit\)/);
    for (const part of parts) {
      expect(part.length).toBeLessThanOrEqual(5000);
      expect(structureProblems(part)).toEqual([]);
    }
  });

  it("masks an output the plan flags sensitive only in planned_values or prior_state", () => {
    const plan: TerraformPlan = {
      format_version: "1.2",
      output_changes: { token: { actions: ["update"], before: "old-secret-value", after: "new-secret-value", after_unknown: false, before_sensitive: false, after_sensitive: false } },
      planned_values: { outputs: { token: { sensitive: true, value: "new-secret-value" } } },
      prior_state: { values: { outputs: { token: { sensitive: true, value: "old-secret-value" } } } },
    };
    const text = renderPlanComment([{ name: "s", plan }]).parts[0];
    expect(text).toContain("output `token` (sensitive)");
    expect(text).not.toContain("secret-value");
  });

  it("shows an errored plan with changes planned before the error as failed, never as no changes", () => {
    const plan: TerraformPlan = { ...planOf(vmChange("w1", ["create"])), errored: true };
    const text = renderPlanComment([{ name: "s", plan }]).parts[0];
    expect(text).toContain("### ❌ `s`: plan failed");
    expect(text).toContain("Changes planned before the error: **1** to add");
    expect(text).not.toMatch(/no changes/i);
    const empty = renderPlanComment([{ name: "s", plan: { format_version: "1.2", errored: true } }]).parts[0];
    expect(empty).toContain("plan failed");
    expect(empty).not.toMatch(/no changes/i);
  });

  it("refuses a --max-chars too small for a summary and a resource", () => {
    expect(() => renderPlanComment([{ name: "s", plan: fixture("tpc-delete.json") }], { maxChars: 500 })).toThrow(/--max-chars 500 is too small/);
  });
});
