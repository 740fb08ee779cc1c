import { ChildProcess, spawn } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { copyStack, placeholderVariables } from "../terraform-check/runner";

/*
 * Terraform on one synthesized stack, in a working directory of its own, against whatever backend
 * the stack names (its state is never in the working directory unless the backend is local). Used
 * by `homelab deploy`/`destroy` and the state-backend tests; every byte Terraform prints goes to the
 * phase's log file, and the caller gets it back too.
 */

/** One terraform invocation's outcome. */
export interface TerraformResult {
  readonly code: number;
  /** stdout and stderr, interleaved as they came. */
  readonly output: string;
}

/** Options of {@link StackTerraform}. */
export interface StackTerraformOptions {
  /** The synthesized stack folder (holding cdk.tf.json). */
  readonly stackDir: string;
  /** Where Terraform runs; the stack is copied in (never its state). The stack folder itself runs Terraform in place (local state then lands where `cdktf deploy` keeps it). */
  readonly workDir: string;
  /** The terraform binary. */
  readonly binary: string;
  /** Terraform's environment (credentials, TF_REATTACH_PROVIDERS under simulation). */
  readonly env: NodeJS.ProcessEnv;
  /** Fill variables without a default with placeholders (simulation only: real runs read TF_VAR_*). @default false */
  readonly placeholderVariables?: boolean;
  /** Receives everything Terraform prints (the phase log). */
  readonly log?: (chunk: string) => void;
}

/** Terraform's message when another run holds the state lock. */
export const LOCK_ERROR = /Error acquiring the state lock/;

/** A stack's Terraform working directory. */
export class StackTerraform {
  private readonly env: NodeJS.ProcessEnv;

  constructor(private readonly options: StackTerraformOptions) {
    if (path.resolve(options.workDir) !== path.resolve(options.stackDir)) {
      fs.rmSync(options.workDir, { recursive: true, force: true });
      copyStack(options.stackDir, options.workDir);
    }
    const json = JSON.parse(fs.readFileSync(path.join(options.workDir, "cdk.tf.json"), "utf8")) as Parameters<typeof placeholderVariables>[0];
    this.env = { ...options.env, ...(options.placeholderVariables ? withoutSet(placeholderVariables(json), options.env) : {}) };
  }

  /** The working directory. */
  get dir(): string {
    return this.options.workDir;
  }

  /** Runs terraform with `args` in the working directory. */
  run(args: readonly string[]): Promise<TerraformResult> {
    const log = this.options.log;
    log?.(`$ terraform ${args.join(" ")}\n`);
    return new Promise((resolve) => {
      const child = spawn(this.options.binary, args, { cwd: this.options.workDir, env: this.env, stdio: ["ignore", "pipe", "pipe"] });
      let output = "";
      const take = (chunk: Buffer) => {
        const text = chunk.toString("utf8");
        output += text;
        log?.(text);
      };
      child.stdout.on("data", take);
      child.stderr.on("data", take);
      child.on("error", (error) => resolve({ code: 127, output: `${output}${error.message}\n` }));
      child.on("close", (code) => resolve({ code: code ?? 1, output }));
    });
  }

  /** Starts terraform with `args` and stdin open, for a caller that drives it (e.g. `terraform console`, which holds the state lock while it runs). */
  start(args: readonly string[]): ChildProcess {
    return spawn(this.options.binary, args, { cwd: this.options.workDir, env: this.env, stdio: ["pipe", "pipe", "pipe"] });
  }

  /** Like {@link run}, but a non-zero exit is an error carrying Terraform's output. */
  async must(args: readonly string[]): Promise<TerraformResult> {
    const result = await this.run(args);
    if (result.code !== 0) throw new TerraformFailed(args, result);
    return result;
  }

  /** `terraform init` against the stack's backend. */
  init(): Promise<TerraformResult> {
    return this.must(["init", "-input=false", "-no-color", "-reconfigure"]);
  }

  /** `terraform plan -out=tfplan`; `changes` is false when the plan is empty (-detailed-exitcode 0). */
  async plan(extra: readonly string[] = []): Promise<{ changes: boolean; planFile: string; output: string }> {
    const planFile = path.join(this.options.workDir, "tfplan");
    const result = await this.run(["plan", "-input=false", "-no-color", "-detailed-exitcode", `-out=${planFile}`, ...extra]);
    if (result.code !== 0 && result.code !== 2) throw new TerraformFailed(["plan", ...extra], result);
    return { changes: result.code === 2, planFile, output: result.output };
  }

  /** `terraform show -json` of a saved plan. */
  async showPlan(planFile: string): Promise<PlanJson> {
    return JSON.parse((await this.must(["show", "-json", "-no-color", planFile])).output) as PlanJson;
  }

  /** Applies a saved plan. */
  applyPlan(planFile: string, extra: readonly string[] = []): Promise<TerraformResult> {
    return this.must(["apply", "-input=false", "-no-color", "-auto-approve", ...extra, planFile]);
  }

  /** An output's raw value (strings as they are, sensitive ones included: the caller must keep it off disk and out of logs). */
  async outputRaw(name: string): Promise<string> {
    const log = this.options.log;
    return new Promise((resolve, reject) => {
      // Not through run(): the value may be a secret and must not reach the log.
      log?.(`$ terraform output -raw ${name}\n`);
      const child = spawn(this.options.binary, ["output", "-no-color", "-raw", name], { cwd: this.options.workDir, env: this.env, stdio: ["ignore", "pipe", "pipe"] });
      let out = "";
      let err = "";
      child.stdout.on("data", (c: Buffer) => (out += c.toString("utf8")));
      child.stderr.on("data", (c: Buffer) => (err += c.toString("utf8")));
      child.on("error", reject);
      child.on("close", (code) => (code === 0 ? resolve(out) : reject(new TerraformFailed(["output", name], { code: code ?? 1, output: err }))));
    });
  }

  /** `terraform destroy`. */
  destroy(): Promise<TerraformResult> {
    return this.must(["destroy", "-input=false", "-no-color", "-auto-approve"]);
  }
}

/** The part of `terraform show -json` a plan summary reads. */
export interface PlanJson {
  readonly resource_changes?: readonly { readonly address: string; readonly change: { readonly actions: readonly string[] } }[];
}

/** Addresses a plan would change (anything but no-op and read), by action. */
export function planChanges(plan: PlanJson): { address: string; actions: readonly string[] }[] {
  return (plan.resource_changes ?? [])
    .filter((rc) => rc.change.actions.some((a) => a !== "no-op" && a !== "read"))
    .map((rc) => ({ address: rc.address, actions: rc.change.actions }));
}

/** A Terraform command that exited non-zero. */
export class TerraformFailed extends Error {
  constructor(
    readonly args: readonly string[],
    readonly result: TerraformResult,
  ) {
    super(`terraform ${args[0]} failed (exit ${result.code})`);
    this.name = "TerraformFailed";
  }
}

function withoutSet(vars: Record<string, string>, env: NodeJS.ProcessEnv): Record<string, string> {
  return Object.fromEntries(Object.entries(vars).filter(([key]) => env[key] === undefined));
}
