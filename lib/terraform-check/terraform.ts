import { execFile, spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

/** Thrown when no terraform binary can be run; the message says how to get one. */
export class TerraformNotInstalledError extends Error {
  constructor(binary: string) {
    super(
      `terraform is not installed (could not run "${binary}"). Install Terraform >= 1.11 and put it on PATH, ` +
        `or set TERRAFORM_BINARY to its path; the check needs no registry access.`,
    );
    this.name = "TerraformNotInstalledError";
  }
}

/** A terraform binary that answered `terraform version -json`. */
export interface TerraformBinary {
  readonly path: string;
  readonly version: string;
}

const cache = new Map<string, TerraformBinary | null>();

/** The terraform binary to use: TERRAFORM_BINARY, else `terraform` on PATH; null when none runs. */
export function findTerraform(binary: string = process.env.TERRAFORM_BINARY ?? "terraform"): TerraformBinary | null {
  if (cache.has(binary)) return cache.get(binary)!;
  const result = spawnSync(binary, ["version", "-json"], { encoding: "utf8", env: { ...process.env, CHECKPOINT_DISABLE: "1" } });
  let found: TerraformBinary | null = null;
  if (result.status === 0) {
    try {
      found = { path: binary, version: (JSON.parse(result.stdout) as { terraform_version: string }).terraform_version };
    } catch {
      found = null;
    }
  }
  cache.set(binary, found);
  return found;
}

/** Like {@link findTerraform}, but throws {@link TerraformNotInstalledError} when there is none. */
export function requireTerraform(binary?: string): TerraformBinary {
  const found = findTerraform(binary);
  if (!found) throw new TerraformNotInstalledError(binary ?? process.env.TERRAFORM_BINARY ?? "terraform");
  return found;
}

/** The outcome of one terraform invocation. */
export interface TerraformRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  readonly ms: number;
}

/** Runs terraform asynchronously (the stand-in may live in this same process, so never block it). */
export function runTerraform(binary: string, args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<TerraformRun> {
  const started = Date.now();
  return new Promise((resolve) => {
    execFile(binary, args, { cwd, env, maxBuffer: 256 << 20, encoding: "utf8" }, (error, stdout, stderr) => {
      const code = error ? (typeof (error as { code?: unknown }).code === "number" ? ((error as { code: number }).code) : 1) : 0;
      resolve({ code, stdout, stderr, ms: Date.now() - started });
    });
  });
}

/**
 * A private Terraform CLI configuration: installation only from an empty filesystem mirror, so a
 * provider without a pinned schema fails at once instead of reaching for the registry, and no
 * checkpoint calls. The user's own CLI config (dev_overrides, credentials) is left out.
 */
export function offlineCliConfig(dir: string): string {
  const mirror = path.join(dir, "empty-mirror");
  fs.mkdirSync(mirror, { recursive: true });
  const file = path.join(dir, "terraformrc");
  fs.writeFileSync(file, `disable_checkpoint = true\nprovider_installation {\n  filesystem_mirror {\n    path = ${JSON.stringify(mirror)}\n  }\n}\n`);
  return file;
}

/** A fresh temporary directory under the OS temp dir. */
export function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}
