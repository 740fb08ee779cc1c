import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import type { Command } from "commander";
import { checkTerraform, formatReports, listStacks, StackReport } from "../terraform-check/runner";
import { findTerraform, TerraformNotInstalledError } from "../terraform-check/terraform";

/** Options of `homelab check-terraform`. */
export interface CheckTerraformCommandOptions {
  readonly all?: boolean;
  readonly plan?: boolean;
  readonly json?: boolean;
  readonly outdir?: string;
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
    const synthesized = synthesize({ environments: env && !options.all ? [env] : undefined, outdir });
    const stacks = listStacks(outdir, synthesized.map((s) => s.stack));
    return await checkTerraform({ stacks, plan: options.plan !== false });
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
    .action(async (env: string | undefined, options: CheckTerraformCommandOptions) => {
      try {
        const reports = await runCheckTerraform(env, options);
        process.stdout.write(options.json ? `${JSON.stringify(reports, null, 2)}\n` : `${formatReports(reports)}\n`);
        if (reports.some((r) => !r.ok)) process.exitCode = 1;
      } catch (error) {
        if (error instanceof TerraformNotInstalledError) {
          process.stderr.write(`homelab check-terraform: ${error.message}\n`);
          process.exitCode = 2;
          return;
        }
        throw error;
      }
    });
}
