import * as fs from "fs";
import * as os from "os";
import * as path from "path";

/*
 * Terraform-in-the-loop benchmark: the production stacks (infra + platform) through terraform
 * init, validate and plan against the stand-in daemon, started once (reattach, no TLS). Target:
 * validate + plan under 2 s. Prints wall times and the peak RSS of this process (the daemon runs
 * in it; terraform's own memory is its child processes').
 */

const TARGET_MS = 2000;

async function main(): Promise<void> {
  const { findTerraform } = require("../lib/terraform-check/terraform") as typeof import("../lib/terraform-check/terraform");
  if (!findTerraform()) {
    console.log("terraform is not installed: skipping the terraform benchmark");
    if (process.env.CI === "true") process.exitCode = 1;
    return;
  }
  const { synthesize } = require("../app/synth") as typeof import("../app/synth");
  const { checkTerraform, listStacks } = require("../lib/terraform-check/runner") as typeof import("../lib/terraform-check/runner");
  const { startDaemon } = require("../lib/terraform-standin/daemon") as typeof import("../lib/terraform-standin/daemon");

  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), "homelab-bench-terraform-"));
  const daemonStart = performance.now();
  const daemon = await startDaemon();
  const daemonMs = performance.now() - daemonStart;
  try {
    synthesize({ environments: ["production"], outdir });
    const stacks = listStacks(outdir);
    // One warm-up run (first schema encoding), then the measured run.
    await checkTerraform({ stacks, reattach: daemon.reattach });
    const started = performance.now();
    const reports = await checkTerraform({ stacks, reattach: daemon.reattach });
    const wallMs = performance.now() - started;
    for (const r of reports) {
      const t = r.timingsMs;
      console.log(`${r.stack.padEnd(22)} init ${String(t.init).padStart(5)} ms  validate ${String(t.validate).padStart(5)} ms  plan ${String(t.plan).padStart(5)} ms  ${r.ok ? "ok" : "FAILED"}`);
    }
    const validatePlanMs = Math.max(...reports.map((r) => (r.timingsMs.validate ?? 0) + (r.timingsMs.plan ?? 0)));
    console.log(`daemon start ${daemonMs.toFixed(0)} ms; production stacks wall (init+validate+plan, ${os.cpus().length} in parallel) ${wallMs.toFixed(0)} ms`);
    console.log(`validate + plan (slowest stack) ${validatePlanMs} ms, target < ${TARGET_MS} ms: ${validatePlanMs < TARGET_MS ? "ok" : "OVER"}`);
    console.log(`peak RSS (bench + daemon) ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
    if (reports.some((r) => !r.ok)) process.exitCode = 1;
  } finally {
    await daemon.close();
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
