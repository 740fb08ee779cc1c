/**
 * The pipelines users copy (.github/workflows, .gitlab-ci.yml, atlantis.yaml): lint-clean YAML,
 * the plan → comment order, credentials only from secrets, and one Atlantis project per stack
 * this repository synthesizes.
 */
import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";
import { environments } from "../../environments";
import { requireTool, run } from "../support/tools";

const root = path.join(__dirname, "..", "..");
const files = [".github/workflows/plan.yml", ".github/workflows/apply.yml", ".gitlab-ci.yml", "atlantis.yaml"];
const text = (file: string): string => fs.readFileSync(path.join(root, file), "utf8");
const load = (file: string): Record<string, any> => parse(text(file), { merge: true }) as Record<string, any>;

/** Every stack `npm run synth` writes to cdktf.out/stacks/. */
const stacks = Object.keys(environments).flatMap((env) => [`${env}-infra`, `${env}-platform`]);

/** Secrets the pipelines may read; nothing else, and never a literal credential. */
const allowedSecrets = new Set([
  "PROXMOX_VE_API_TOKEN",
  "TF_VAR_netbox_api_token",
  "TF_VAR_grafana_admin_password",
  "TF_VAR_rancher_bootstrap_password",
  "GITHUB_TOKEN",
  "KUBECONFIG",
  "ANSIBLE_SSH_PRIVATE_KEY",
  "ANSIBLE_VAULT_PASSWORD",
  // The state backends' own variables (lib/state/override.ts): pg, s3, http.
  "PG_CONN_STR",
  "AWS_ACCESS_KEY_ID",
  "AWS_SECRET_ACCESS_KEY",
  "TF_HTTP_USERNAME",
  "TF_HTTP_PASSWORD",
]);

/** Positions of the commands a plan pipeline must run, in this order. */
function order(script: string, commands: readonly RegExp[]): number[] {
  return commands.map((command) => script.search(command));
}
const planSteps = [/npm ci/, /terraform -chdir="\$\w+" init/, /plan -out=tfplan/, /show -json tfplan/, /npx homelab plan-comment/];

describe("the pipeline files", () => {
  it("pass yamllint --strict with its default rules", () => {
    requireTool("yamllint", "yamllint");
    // run() throws with yamllint's report on a non-zero exit; a clean run prints nothing.
    expect(run("yamllint", ["--strict", "-d", "default", ...files], { cwd: root })).toBe("");
  });

  it.each(files)("%s reads credentials only from secrets, never from a literal", (file) => {
    const content = text(file);
    for (const [, name] of content.matchAll(/secrets\.(\w+)/g)) expect(allowedSecrets).toContain(name);
    expect(content).not.toMatch(/NETBOX_API_TOKEN|PROXMOX_VE_PASSWORD|PROXMOX_VE_ENDPOINT/);
    expect(content).not.toMatch(/(token|password)\s*[:=]\s*["']?[A-Za-z0-9]{12,}/i);
  });
});

describe("GitHub Actions", () => {
  const plan = load(".github/workflows/plan.yml");
  const apply = load(".github/workflows/apply.yml");
  const script = (job: Record<string, any>): string => (job.steps as Array<{ run?: string }>).map((step) => step.run ?? "").join("\n");

  it("plans on pull requests: synth, then per stack init, plan -out, show -json and the comment", () => {
    expect(Object.keys(plan.on)).toEqual(["pull_request"]);
    expect(script(plan.jobs.synth)).toMatch(/npm ci[\s\S]*npm run synth/);
    const steps = order(script(plan.jobs.plan), planSteps);
    expect(steps.every((at) => at >= 0)).toBe(true);
    expect([...steps].sort((a, b) => a - b)).toEqual(steps);
    expect(script(plan.jobs.plan)).toContain("--post github");
    expect(plan.jobs.plan.env.STACK_DIR).toBe("cdktf.out/stacks/${{ matrix.stack }}");
    expect(plan.permissions["pull-requests"]).toBe("write");
  });

  it("posts a failed plan as errored, never skips the comment", () => {
    const steps = plan.jobs.plan.steps as Array<{ run?: string; if?: string }>;
    const comment = steps.find((step) => step.run?.includes("plan-comment"))!;
    expect(comment.if).toBe("always()");
    expect(script(plan.jobs.plan)).toContain('"errored":true');
  });

  it("applies on merge to main behind the production environment, one stack at a time", () => {
    expect(apply.on.push.branches).toEqual(["main"]);
    for (const job of ["infra", "ansible", "platform"]) expect(apply.jobs[job].environment).toBe("production");
    for (const job of [plan.jobs.plan, apply.jobs.infra, apply.jobs.platform]) {
      expect(job.concurrency).toEqual({ group: "terraform-${{ matrix.stack }}", "cancel-in-progress": false });
    }
    expect(script(apply.jobs.infra)).toMatch(/init[\s\S]*plan -out=tfplan[\s\S]*apply tfplan/);
  });
});

describe("GitLab CI", () => {
  const ci = load(".gitlab-ci.yml");

  it("validates, plans with a merge request note, and applies by hand", () => {
    expect(ci.stages).toEqual(["validate", "plan", "apply"]);
    expect(ci.validate.script.join("\n")).toMatch(/npm run synth[\s\S]*terraform -chdir="\$dir" validate/);
    const planScript = [...ci.plan.before_script, ...ci.plan.script].join("\n");
    const steps = order(planScript, planSteps);
    expect(steps.every((at) => at >= 0)).toBe(true);
    expect([...steps].sort((a, b) => a - b)).toEqual(steps);
    expect(planScript).toContain("--post gitlab");
    expect(ci.plan.rules).toEqual([{ if: '$CI_PIPELINE_SOURCE == "merge_request_event"' }]);
    expect(ci.apply.rules).toEqual([{ if: "$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH", when: "manual" }]);
    expect(ci.apply.environment.name).toBe("production");
    expect(ci.plan.resource_group).toBe(ci.apply.resource_group);
  });
});

describe("Atlantis", () => {
  const atlantis = load("atlantis.yaml");
  const projects = atlantis.projects as Array<Record<string, any>>;

  it("has one project per synthesized stack directory", () => {
    expect(projects.map((p) => p.name).sort()).toEqual([...stacks].sort());
    for (const project of projects) expect(project.dir).toBe(`cdktf.out/stacks/${project.name}`);
  });

  it("synthesizes before plan and apply, and needs approved and mergeable to apply", () => {
    for (const project of projects) {
      expect(project.workflow).toBe("cdktf");
      expect(project.apply_requirements).toEqual(["approved", "mergeable"]);
      expect(project.execution_order_group).toBe(project.name.endsWith("-infra") ? 1 : 2);
    }
    expect(atlantis.workflows.cdktf.plan.steps).toEqual([{ run: "cd ../../.. && npm run synth" }, "init", "plan"]);
    expect(atlantis.workflows.cdktf.apply.steps).toEqual([{ run: "cd ../../.. && npm run synth" }, "apply"]);
  });

  it("is explained in the docs: the synth pre-workflow hook and untracked files", () => {
    const docs = text("docs/plan-review.md");
    expect(docs).toContain("pre_workflow_hooks");
    expect(docs).toContain("--include-git-untracked-files");
  });
});
