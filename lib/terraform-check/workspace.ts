import * as fs from "fs";
import * as path from "path";
import { copyStack, placeholderVariables, standinEnv } from "./runner";
import { offlineCliConfig, requireTerraform, runTerraform, TerraformRun, tempDir } from "./terraform";

/**
 * One stack's scratch Terraform directory against the stand-in, with a state that survives config
 * swaps: plan, apply into the state, swap in changed JSON, plan again. Used to record plan fixtures
 * (a fresh apply, then a change against the applied state).
 */
export class StandinWorkspace {
  readonly dir: string;
  private readonly env: NodeJS.ProcessEnv;
  private readonly binary: string;
  private readonly statePath: string;

  constructor(reattach: string, options: { terraform?: string } = {}) {
    this.binary = requireTerraform(options.terraform).path;
    this.dir = tempDir("homelab-standin-ws-");
    this.statePath = path.join(this.dir, "terraform.tfstate");
    this.env = standinEnv(reattach, offlineCliConfig(this.dir));
  }

  /** Puts a stack's synthesized directory in place (replacing the previous config, keeping the state) and runs init. */
  async load(stackDir: string): Promise<void> {
    const work = path.join(this.dir, "stack");
    fs.rmSync(work, { recursive: true, force: true });
    copyStack(stackDir, work);
    fs.writeFileSync(path.join(work, "standin_override.tf.json"), JSON.stringify({ terraform: { backend: { local: { path: this.statePath } } } }));
    const json = JSON.parse(fs.readFileSync(path.join(work, "cdk.tf.json"), "utf8")) as Parameters<typeof placeholderVariables>[0];
    Object.assign(this.env, placeholderVariables(json));
    await this.run(["init", "-input=false", "-no-color", "-reconfigure"]);
  }

  /** `terraform validate` of the loaded config (moved blocks included); throws with Terraform's diagnostics when it fails. */
  async validate(): Promise<void> {
    await this.run(["validate", "-no-color"]);
  }

  /** `terraform plan -out` then `terraform show -json` of it. */
  async plan(): Promise<Record<string, unknown>> {
    const planFile = path.join(this.dir, "tfplan");
    await this.run(["plan", "-input=false", "-lock=false", "-no-color", `-out=${planFile}`]);
    return JSON.parse((await this.run(["show", "-json", "-no-color", planFile])).stdout) as Record<string, unknown>;
  }

  /** Applies the last plan into the workspace's state (the stand-in fills in what the provider would decide). */
  async apply(): Promise<void> {
    await this.run(["apply", "-input=false", "-lock=false", "-no-color", "-auto-approve", path.join(this.dir, "tfplan")]);
  }

  /** Removes the scratch directory. */
  dispose(): void {
    fs.rmSync(this.dir, { recursive: true, force: true });
  }

  private async run(args: string[]): Promise<TerraformRun> {
    const result = await runTerraform(this.binary, args, path.join(this.dir, "stack"), this.env);
    if (result.code !== 0) throw new Error(`terraform ${args[0]} failed in ${this.dir}:\n${result.stderr || result.stdout}`);
    return result;
  }
}
