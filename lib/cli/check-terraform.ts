import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import type { Command } from "commander";
import { checkTerraform, formatReports, listStacks, StackReport } from "../terraform-check/runner";
import { findTerraform, TerraformNotInstalledError } from "../terraform-check/terraform";
import { collect } from "./options";
import { StateBackendError, StateOverrideInput, parseStateOverride, requireStateCredentials } from "../state/override";

/** Validates the override against each environment and requires its backend's credentials. */
function checkStateCredentials(environments: readonly string[] | undefined, state: StateOverrideInput): void {
  const { resolveTarget, selectEnvironments } = require("../../app/targets") as typeof import("../../app/targets");
  for (const target of selectEnvironments(environments)) {
    const topology = resolveTarget(target);
    requireStateCredentials(topology.environment, parseStateOverride(state, topology.state) ?? topology.state, process.env);
  }
}

/** Options of `homelab check-terraform`. */
export interface CheckTerraformCommandOptions {
  readonly all?: boolean;
  readonly plan?: boolean;
  readonly json?: boolean;
  readonly outdir?: string;
  /** `--state-backend`: plan against this backend (the stacks' real state) instead of a scratch state. */
  readonly stateBackend?: string;
  /** `--state-config key=value`, repeatable. */
  readonly stateConfig?: string[];
}

/**
 * Synthesizes the picked environments (all when none is named or with --all), then runs
 * terraform init/validate/plan on each stack against the stand-in provider. Returns the reports.
 */
export async function runCheckTerraform(env: string | undefined, options: CheckTerraformCommandOptions): Promise<StackReport[]> {
  if (!findTerraform()) throw new TerraformNotInstalledError(process.env.TERRAFORM_BINARY ?? "terraform");
  const scratch = options.outdir ? undefined : fs.mkdtempSync(path.join(os.tmpdir(), "homelab-synth-"));
  const outdir = options.outdir ?? scratch!;
  try {
    // Loaded here, not at start-up: cdktf and the bindings cost every other command half a second.
    const { synthesize } = require("../../app/synth") as typeof import("../../app/synth");
    const state = { backend: options.stateBackend, config: options.stateConfig };
    const stackBackend = Boolean(options.stateBackend || options.stateConfig?.length);
    const environments = env && !options.all ? [env] : undefined;
    // Credentials are checked before synthesizing, so nothing runs without them.
    if (stackBackend) checkStateCredentials(environments, state);
    const synthesized = synthesize({ environments, outdir, state });
    const stacks = listStacks(outdir, synthesized.map((s) => s.stack));
    return await checkTerraform({ stacks, plan: options.plan !== false, stackBackend });
  } finally {
    if (scratch) fs.rmSync(scratch, { recursive: true, force: true });
  }
}

export function registerCheckTerraform(program: Command): void {
  program
    .command("check-terraform")
    .description("synthesize, then run terraform init, validate and plan on every stack against the stand-in provider (no registry access)")
    .argument("[env]", "environment name or path to a .json/.yaml environment file; every shipped environment when omitted")
    .option("--all", "check every shipped environment")
    .option("--no-plan", "stop after terraform validate")
    .option("--json", "print the reports as JSON")
    .option("--outdir <dir>", "synthesize into this directory (kept) instead of a temporary one")
    .option("--state-backend <name>", "plan against the stacks' state in this backend (local, pg, s3, http) instead of a scratch state")
    .option("--state-config <key=value>", "a setting of that backend (repeatable), e.g. bucket=homelab-state", collect, [])
    .action(async (env: string | undefined, options: CheckTerraformCommandOptions) => {
      try {
        const reports = await runCheckTerraform(env, options);
        process.stdout.write(options.json ? `${JSON.stringify(reports, null, 2)}\n` : `${formatReports(reports)}\n`);
        if (reports.some((r) => !r.ok)) process.exitCode = 1;
      } catch (error) {
        if (error instanceof StateBackendError) {
          process.stderr.write(`homelab check-terraform: ${error.message}\n`);
          process.exitCode = 2;
          return;
        }
        if (error instanceof TerraformNotInstalledError) {
          process.stderr.write(`homelab check-terraform: ${error.message}\n`);
          process.exitCode = 2;
          return;
        }
        throw error;
      }
    });
}
