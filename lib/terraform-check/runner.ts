import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { startDaemon, StandinDaemon } from "../terraform-standin/daemon";
import { formatDiagnostic, mapDiagnostic, MappedDiagnostic, StackJson, TerraformDiagnostic, TerraformPhase } from "./diagnostics";
import { offlineCliConfig, requireTerraform, runTerraform, TerraformRun, tempDir } from "./terraform";

/** A synthesized stack: cdktf.out/stacks/<name>/cdk.tf.json. */
export interface SynthesizedStack {
  readonly stack: string;
  readonly dir: string;
}

/** What one stack's Terraform run found. */
export interface StackReport {
  readonly stack: string;
  readonly dir: string;
  /** No error diagnostics and every Terraform step exited 0. */
  readonly ok: boolean;
  readonly diagnostics: MappedDiagnostic[];
  /** `terraform show -json` of the plan, when asked for. */
  readonly planJson?: unknown;
  readonly timingsMs: Partial<Record<TerraformPhase | "show", number>>;
}

/** Options for {@link checkTerraform}. */
export interface CheckTerraformOptions {
  /** The stacks to check; see {@link listStacks} for a cdktf.out directory. */
  readonly stacks: readonly SynthesizedStack[];
  /** Also run `terraform plan` (after a clean validate). @default true */
  readonly plan?: boolean;
  /** Keep `terraform show -json` of each plan in the report. @default false */
  readonly planJson?: boolean;
  /** A TF_REATTACH_PROVIDERS value of a running stand-in; when absent one is started for this call. */
  readonly reattach?: string;
  /** Stacks checked at once. @default the number of CPUs */
  readonly concurrency?: number;
  /** The terraform binary. @default TERRAFORM_BINARY or `terraform` */
  readonly terraform?: string;
  /** Plan against the backend each stack names (its real state) instead of a scratch local state. @default false */
  readonly stackBackend?: boolean;
}

/** The stacks under a cdktf output directory (its `stacks/<name>/cdk.tf.json`), by name. */
export function listStacks(outdir: string, only?: readonly string[]): SynthesizedStack[] {
  const stacksDir = fs.existsSync(path.join(outdir, "stacks")) ? path.join(outdir, "stacks") : outdir;
  if (!fs.existsSync(stacksDir)) throw new Error(`no synthesized stacks: ${stacksDir} does not exist (run synth first)`);
  const found = fs
    .readdirSync(stacksDir)
    .filter((name) => fs.existsSync(path.join(stacksDir, name, "cdk.tf.json")))
    .sort()
    .map((stack) => ({ stack, dir: path.join(stacksDir, stack) }));
  if (!only) return found;
  const missing = only.filter((s) => !found.some((f) => f.stack === s));
  if (missing.length) throw new Error(`no synthesized stack named ${missing.join(", ")} in ${stacksDir} (found: ${found.map((f) => f.stack).join(", ") || "none"})`);
  return found.filter((f) => only.includes(f.stack));
}

/**
 * The environment every Terraform run gets: the stand-in, no checkpoint, no prompts, a private CLI
 * config. `keepBackendCredentials` keeps the http backend's TF_HTTP_* (the only TF_ variables a
 * state backend reads) for runs against a stack's real backend.
 */
export function standinEnv(reattach: string, cliConfig: string, keepBackendCredentials = false): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const key of Object.keys(env)) if (key.startsWith("TF_") && !(keepBackendCredentials && key.startsWith("TF_HTTP_"))) delete env[key];
  return {
    ...env,
    TF_REATTACH_PROVIDERS: reattach,
    TF_CLI_CONFIG_FILE: cliConfig,
    CHECKPOINT_DISABLE: "1",
    TF_IN_AUTOMATION: "1",
    TF_INPUT: "0",
  };
}

/** Placeholder values for variables the stack declares without a default (credentials come from the environment in real runs). */
export function placeholderVariables(stack: StackJson & { variable?: Record<string, { type?: string; default?: unknown }> }): Record<string, string> {
  const vars: Record<string, string> = {};
  for (const [name, decl] of Object.entries(stack.variable ?? {})) {
    if (decl && "default" in decl) continue;
    const type = (decl?.type ?? "string").replace(/\s/g, "");
    if (type === "number") vars[`TF_VAR_${name}`] = "0";
    else if (type === "bool") vars[`TF_VAR_${name}`] = "false";
    else if (type === "string" || type === "any") vars[`TF_VAR_${name}`] = "standin-placeholder";
  }
  return vars;
}

/** Diagnostics from `terraform validate -json` output. */
function validateDiagnostics(run: TerraformRun): TerraformDiagnostic[] {
  try {
    return (JSON.parse(run.stdout) as { diagnostics: TerraformDiagnostic[] }).diagnostics ?? [];
  } catch {
    return [];
  }
}

/** Diagnostics from `terraform plan -json` (one JSON message a line). */
function streamDiagnostics(run: TerraformRun): TerraformDiagnostic[] {
  const result: TerraformDiagnostic[] = [];
  for (const line of run.stdout.split("\n")) {
    if (!line.startsWith("{")) continue;
    try {
      const message = JSON.parse(line) as { type?: string; diagnostic?: TerraformDiagnostic };
      if (message.type === "diagnostic" && message.diagnostic) result.push(message.diagnostic);
    } catch {
      // not a JSON UI line
    }
  }
  return result;
}

function failure(phase: TerraformPhase, run: TerraformRun): TerraformDiagnostic {
  const text = (run.stderr || run.stdout).replace(/\u001b\[[0-9;]*m/g, "").trim();
  return { severity: "error", summary: `terraform ${phase} failed (exit ${run.code})`, detail: text.slice(0, 4000) };
}

/** A working copy of a stack: its JSON and assets, never its state or .terraform. */
export function copyStack(dir: string, into: string): void {
  fs.cpSync(dir, into, {
    recursive: true,
    filter: (src) => {
      const base = path.basename(src);
      return base !== ".terraform" && !base.endsWith(".tfstate") && !base.endsWith(".tfstate.backup") && base !== ".terraform.lock.hcl";
    },
  });
}

/** Runs init, validate and (optionally) plan for one stack in a scratch copy. */
export async function checkStack(
  stack: SynthesizedStack,
  context: { binary: string; env: NodeJS.ProcessEnv; plan: boolean; planJson: boolean; workRoot: string; statePath?: string; stackBackend?: boolean },
): Promise<StackReport> {
  const json = JSON.parse(fs.readFileSync(path.join(stack.dir, "cdk.tf.json"), "utf8")) as StackJson;
  const work = path.join(context.workRoot, stack.stack);
  copyStack(stack.dir, work);
  // Never the user's state: an override file points whatever backend the stack names at a scratch
  // state (Terraform merges *_override.tf.json files last and their backend replaces the original).
  if (!context.stackBackend) {
    fs.writeFileSync(
      path.join(work, "standin_override.tf.json"),
      JSON.stringify({ terraform: { backend: { local: { path: context.statePath ?? path.join(work, "terraform.tfstate") } } } }),
    );
  }
  const env = { ...context.env, ...placeholderVariables(json) };
  const diagnostics: MappedDiagnostic[] = [];
  const timingsMs: StackReport["timingsMs"] = {};
  const collect = (phase: TerraformPhase, raws: TerraformDiagnostic[]) => diagnostics.push(...raws.map((d) => mapDiagnostic(d, stack.stack, json, phase)));
  const finish = (ok: boolean, planJson?: unknown): StackReport => ({
    stack: stack.stack,
    dir: stack.dir,
    ok: ok && !diagnostics.some((d) => d.severity === "error"),
    diagnostics,
    planJson,
    timingsMs,
  });

  const init = await runTerraform(context.binary, ["init", "-input=false", "-no-color"], work, env);
  timingsMs.init = init.ms;
  if (init.code !== 0) {
    collect("init", [failure("init", init)]);
    return finish(false);
  }
  const validate = await runTerraform(context.binary, ["validate", "-json", "-no-color"], work, env);
  timingsMs.validate = validate.ms;
  const validateDiags = validateDiagnostics(validate);
  collect("validate", validateDiags.length || validate.code === 0 ? validateDiags : [failure("validate", validate)]);
  if (validate.code !== 0 || !context.plan) return finish(validate.code === 0);

  const planFile = path.join(work, "tfplan");
  const plan = await runTerraform(context.binary, ["plan", "-input=false", "-lock=false", "-json", "-no-color", `-out=${planFile}`], work, env);
  timingsMs.plan = plan.ms;
  const planDiags = streamDiagnostics(plan);
  collect("plan", planDiags.length || plan.code === 0 ? planDiags : [failure("plan", plan)]);
  if (plan.code !== 0 || !context.planJson) return finish(plan.code === 0);
  const show = await runTerraform(context.binary, ["show", "-json", "-no-color", planFile], work, env);
  timingsMs.show = show.ms;
  if (show.code !== 0) {
    collect("plan", [failure("plan", show)]);
    return finish(false);
  }
  return finish(true, JSON.parse(show.stdout));
}

/** Runs tasks with at most `limit` in flight, keeping result order. */
async function pool<T, R>(items: readonly T[], limit: number, task: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await task(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return results;
}

/**
 * Puts Terraform in the loop: for each synthesized stack, `terraform init` (backend only: the
 * providers are the stand-in's, reattached), `terraform validate -json` and `terraform plan`, with
 * every diagnostic traced back to the construct behind it.
 */
export async function checkTerraform(options: CheckTerraformOptions): Promise<StackReport[]> {
  const binary = requireTerraform(options.terraform).path;
  let daemon: StandinDaemon | undefined;
  const reattach = options.reattach ?? (daemon = await startDaemon()).reattach;
  const workRoot = tempDir("homelab-check-terraform-");
  try {
    const env = standinEnv(reattach, offlineCliConfig(workRoot), options.stackBackend);
    const context = { binary, env, plan: options.plan ?? true, planJson: options.planJson ?? false, workRoot, stackBackend: options.stackBackend };
    return await pool(options.stacks, options.concurrency ?? os.cpus().length, (stack) => checkStack(stack, context));
  } finally {
    if (daemon) await daemon.close();
    fs.rmSync(workRoot, { recursive: true, force: true });
  }
}

/** A human summary: one line a stack, then one line a diagnostic. */
export function formatReports(reports: readonly StackReport[]): string {
  const lines: string[] = [];
  for (const r of reports) {
    const t = r.timingsMs;
    const ms = (t.init ?? 0) + (t.validate ?? 0) + (t.plan ?? 0);
    const errors = r.diagnostics.filter((d) => d.severity === "error").length;
    lines.push(`${r.ok ? "✓" : "✗"} ${r.stack}: ${r.ok ? "valid, plan ok" : `${errors} error(s)`} (${ms} ms)`);
    for (const d of r.diagnostics) lines.push(`  ${formatDiagnostic(d)}`);
  }
  return lines.join("\n");
}
