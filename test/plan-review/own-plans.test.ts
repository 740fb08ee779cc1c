/**
 * The comment for real plans of this project's own stacks (test/fixtures/plans, recorded by
 * tools/plan-fixtures.ts through Terraform and the stand-in provider): the banners a reviewer
 * must see are asserted on these, not only on hand-written JSON.
 */
import * as fs from "fs";
import * as path from "path";
import { App } from "cdktf";
import { environments } from "../../environments";
import { addEnvironmentStacks } from "../../app/synth";
import { resolveEnvironment } from "../../lib/topology";
import { loadConstructPaths } from "../../lib/plan-review/construct-paths";
import type { StackPlan } from "../../lib/plan-review/markdown";
import { renderPlanComment } from "../../lib/plan-review/markdown";
import type { TerraformPlan } from "../../lib/plan-review/plan";
import { parsePlan } from "../../lib/plan-review/plan";
import { tempDir } from "../support/tools";
import { structureProblems } from "./helpers/markdown-check";
import { sensitiveValues } from "./helpers/sensitive";

const dir = path.join(__dirname, "..", "fixtures", "plans");
const load = (file: string): TerraformPlan => parsePlan(fs.readFileSync(path.join(dir, file), "utf8"), file);

const fresh = load("orion-infra.fresh.plan.json");
const router = load("orion-infra.router-vendor-data.plan.json");
const shrink = load("production-infra.servers-3-to-1.plan.json");

const render = (name: string, plan: TerraformPlan, maxChars?: number): readonly string[] => renderPlanComment([{ name, plan }], { maxChars }).parts;
const whole = (name: string, plan: TerraformPlan): string => render(name, plan).join("\n");

/** Lines of the first part up to the first resource section: the stack's summary and banners. */
function summaryOf(part: string): string {
  const end = part.indexOf("\n#### ");
  return end < 0 ? part : part.slice(0, end);
}

/** A `> ` line right after a `> - ` list item that is neither an item nor a blank `>` continues the item. */
function lazyContinuations(markdown: string): string[] {
  const lines = markdown.split("\n");
  const found: string[] = [];
  for (let i = 1; i < lines.length; i++) {
    if (lines[i - 1].startsWith("> - ") && lines[i].startsWith("> ") && !lines[i].startsWith("> - ")) found.push(lines[i]);
  }
  return found;
}

/** Values in the plan that must never be printed, though the plan JSON holds them in clear. */
function secretsOf(plan: TerraformPlan & { variables?: Record<string, { value?: unknown }> }): string[] {
  const secrets = new Set<string>();
  for (const value of sensitiveValues(plan)) if (typeof value === "string" && value.length >= 6) secrets.add(value);
  for (const [name, output] of Object.entries(plan.prior_state?.values?.outputs ?? {})) {
    if (output.sensitive === true && typeof output.value === "string") secrets.add(output.value);
    if (name === "k3s_token" && typeof output.value === "string") secrets.add(output.value);
  }
  // Variable values (the NetBox token) sit in the plan's `variables`, which the comment never reads.
  const token = plan.variables?.netbox_api_token?.value;
  if (typeof token === "string") secrets.add(token);
  return [...secrets];
}

describe.each([
  ["orion-infra", "fresh apply", fresh],
  ["orion-infra", "router vendor-data change", router],
  ["production-infra", "servers 3 → 1", shrink],
])("the comment for %s (%s)", (name, _scenario, plan) => {
  it("prints no sensitive value, no sensitive output and no variable value", () => {
    const text = whole(name, plan);
    const secrets = secretsOf(plan);
    expect(secrets.length).toBeGreaterThan(0);
    for (const secret of secrets) expect(text).not.toContain(secret);
  });

  it.each([65536, 4000])("keeps each part within %i characters, balanced, with the summary first", (maxChars) => {
    const parts = render(name, plan, maxChars);
    for (const [i, part] of parts.entries()) {
      expect(part.length).toBeLessThanOrEqual(maxChars);
      expect(structureProblems(part)).toEqual([]);
      expect(part.startsWith(`<!-- homelab-plan-comment key="${name}" part="${i + 1}" -->`)).toBe(true);
    }
    expect(parts[0]).toContain(`<!-- homelab-plan-comment stack="${name}" -->`);
    expect(parts[0]).toMatch(/\*\*\d+\*\* to add · \*\*\d+\*\* to change · \*\*\d+\*\* to destroy · \*\*\d+\*\* to replace/);
  });

  it("keeps every banner section out of the list before it", () => {
    expect(lazyContinuations(whole(name, plan))).toEqual([]);
  });
});

describe("orion's fresh apply", () => {
  const text = whole("orion-infra", fresh);
  const outdir = tempDir("plan-review-synth");

  it("counts 75 resources to add and nothing else", () => {
    expect(text).toContain("**75** to add · **0** to change · **0** to destroy · **0** to replace · **0** to import · **0** to move · **0** to forget · **0** data reads");
  });

  it("shows no warning banner", () => {
    expect(text).not.toMatch(/\[!(WARNING|CAUTION)\]/);
  });

  it("shows the k3s token output as sensitive and values known only after apply as such", () => {
    expect(text).toContain("🟢 **create** output `k3s_token` (sensitive)");
    expect(text).toMatch(/\+ k3s_token: \(known after apply\)|\+ k3s_token: \(sensitive value\)/);
    expect(text).toContain("+ result: (known after apply)");
  });

  it("splits into numbered parts at a small limit, every resource in exactly one", () => {
    const parts = render("orion-infra", fresh, 8000);
    expect(parts.length).toBeGreaterThan(1);
    parts.forEach((part, i) => expect(part).toContain(`**Terraform plan, part ${i + 1} of ${parts.length}**`));
    const all = parts.join("\n");
    for (const rc of fresh.resource_changes ?? []) expect(all.split(`\`${rc.address}\``).length - 1).toBe(1);
  });

  it("shows each resource's construct path from the synthesized stack", () => {
    // Synthesized the way `npm run synth` does, then read the way `--synth cdktf.out` reads it.
    const app = new App({ outdir });
    addEnvironmentStacks(app, resolveEnvironment(environments.orion, "orion"));
    app.synth();
    const constructPaths = loadConstructPaths(outdir, "orion-infra");
    const stackPlan: StackPlan = { name: "orion-infra", plan: fresh, constructPaths };
    const withPaths = renderPlanComment([stackPlan]).parts.join("\n");
    expect(withPaths).toMatch(/`proxmox_virtual_environment_vm\.Vm-orion-router_D9B40BC9`<br>\nconstruct `orion-infra\/Vm-orion-router\/[^`]*`/);
    for (const rc of fresh.resource_changes ?? []) expect(constructPaths.has(rc.address)).toBe(true);
  });
});

describe("orion's router vendor-data change", () => {
  const [part] = render("orion-infra", router);
  const summary = summaryOf(part);

  it("counts the snippet and the VM as replaced", () => {
    expect(summary).toContain("**0** to add · **0** to change · **0** to destroy · **2** to replace");
  });

  it("raises the strong banner naming the attribute that forces the VM's replacement and the snippet behind it", () => {
    expect(summary).toContain("> [!CAUTION]");
    expect(summary).toContain("> **1 Proxmox VM replaced:**");
    expect(summary).toContain(
      "> - `proxmox_virtual_environment_vm.Vm-orion-router_D9B40BC9`: forced by `initialization[0].vendor_data_file_id` (its cloud-init snippet `proxmox_virtual_environment_file.VendorData-router-r730_EB47A9D6` changes)",
    );
  });

  it("does not claim quorum loss for a router", () => {
    expect(part).not.toContain("Quorum loss");
  });

  it("gives the reason and the forcing attribute on the resource itself", () => {
    expect(part).toContain(
      "♻️ **-/+ destroy and then create replacement** `proxmox_virtual_environment_vm.Vm-orion-router_D9B40BC9` because an attribute cannot be updated in place (`replace_because_cannot_update`); forced by `initialization[0].vendor_data_file_id`",
    );
    expect(part).toMatch(/! initialization\[0\]\.vendor_data_file_id: "[^"]+" -> \(known after apply\)   # forces replacement/);
  });
});

describe("production's servers shrinking from 3 to 1", () => {
  const [part] = render("production-infra", shrink);
  const summary = summaryOf(part);

  it("counts 15 resources to destroy (two VMs with their NetBox records)", () => {
    expect(summary).toContain("**0** to add · **0** to change · **15** to destroy · **0** to replace");
  });

  it("says the cluster loses quorum, naming the two control-plane VMs", () => {
    expect(summary).toContain("> [!CAUTION]");
    expect(summary).toContain("> **🛑 Quorum loss:** this plan destroys or replaces 2 of the 3 control-plane VMs of cluster `prod-k3s`");
    expect(summary).toContain("> - `proxmox_virtual_environment_vm.Vm-microk8s-master-2_3CF98052`");
    expect(summary).toContain("> - `proxmox_virtual_environment_vm.Vm-microk8s-master-3_A3BBAAF9`");
  });

  it("says the VMs are destroyed with their disks, and warns about the other destroys", () => {
    expect(summary).toContain("> **2 Proxmox VMs destroyed**, with their disks:");
    expect(summary).toContain("> [!WARNING]");
    expect(summary).toContain("`netbox_interface.Netbox-Registration_Vm-microk8s-master-2_Interface_1ED7DC68` (destroy)");
    expect(summary).toContain("> - … and 3 more");
  });

  it("gives Terraform's reason for each destroy", () => {
    expect(part).toContain("🔴 **destroy** `proxmox_virtual_environment_vm.Vm-microk8s-master-2_3CF98052` because it is no longer in the configuration (`delete_because_no_resource_config`)");
  });

  it("lists the output changes in their own section", () => {
    expect(part).toContain("#### Output changes in `production-infra`");
    expect(part).not.toContain("output `k3s_token`");
  });
});
