import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { findTerraform } from "../../lib/terraform-check/terraform";
import { REATTACH_ENV } from "./global-setup";

/** The running stand-in daemon's TF_REATTACH_PROVIDERS value (started by the jest global setup). */
export function reattach(): string {
  const value = process.env[REATTACH_ENV];
  if (!value) throw new Error(`${REATTACH_ENV} is not set: the jest globalSetup (test/terraform/global-setup.ts) did not run`);
  return value;
}

/**
 * Whether terraform can run here. Where it is absent the caller returns early after a loud
 * warning; in CI (CI=true) its absence is a failure, never a pass.
 */
export function terraformPresent(): boolean {
  if (findTerraform()) return true;
  const message = "terraform is not installed: Terraform-in-the-loop checks did NOT run. Install Terraform >= 1.11 on PATH.";
  if (process.env.CI === "true" || process.env.CI === "1") throw new Error(`${message} (CI requires it)`);
  process.stderr.write(`\n${"!".repeat(100)}\n!!! ${message}\n${"!".repeat(100)}\n\n`);
  return false;
}

/** A synthesized-stack JSON document, loosely typed for tests that break it on purpose. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type StackDoc = Record<string, any>;

/** The valid demo-infra stack fixture, a fresh copy each call. */
export function demoInfra(): StackDoc {
  return JSON.parse(fs.readFileSync(path.join(__dirname, "..", "fixtures", "standin", "demo-infra", "cdk.tf.json"), "utf8")) as StackDoc;
}

/** Writes stacks into a fresh cdktf.out-like directory (stacks/<name>/cdk.tf.json) and returns its path. */
export function writeStacks(stacks: Record<string, StackDoc>): string {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), "standin-test-"));
  for (const [name, doc] of Object.entries(stacks)) {
    fs.mkdirSync(path.join(outdir, "stacks", name), { recursive: true });
    fs.writeFileSync(path.join(outdir, "stacks", name, "cdk.tf.json"), JSON.stringify(doc, null, 2));
  }
  return outdir;
}
