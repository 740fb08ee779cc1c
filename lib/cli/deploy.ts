import type { Command } from "commander";
import { ConfigError } from "../config/errors";
import { StateBackendError } from "../state/override";
import { DEPLOY_PHASES, DeployUsageError, DESTROY_PHASES } from "../deploy/phases";
import type { DeployApp, DeployOptions, DeployResult } from "../deploy/deploy";
import { collect } from "./options";

/** Flags of `homelab deploy` / `homelab destroy`, as commander hands them over. */
interface DeployFlags {
  simulate?: boolean;
  yes?: boolean;
  from?: string;
  skip: string[];
  stateBackend?: string;
  stateConfig: string[];
  sshTimeout?: string;
  confirm?: string;
}

function options(target: string, flags: DeployFlags): DeployOptions {
  const sshTimeoutSeconds = flags.sshTimeout === undefined ? undefined : Number(flags.sshTimeout);
  if (sshTimeoutSeconds !== undefined && !(sshTimeoutSeconds > 0)) throw new DeployUsageError(`--ssh-timeout = "${flags.sshTimeout}": must be a number of seconds above 0`);
  return {
    target,
    simulate: flags.simulate,
    yes: flags.yes,
    from: flags.from,
    skip: flags.skip,
    state: { backend: flags.stateBackend, config: flags.stateConfig },
    sshTimeoutSeconds,
    confirm: flags.confirm,
  };
}

/** Runs deploy or destroy; a usage or config error is one message and exit code 2, a failed phase exit code 1. */
async function run(action: (options: DeployOptions, app: DeployApp) => Promise<DeployResult>, command: string, target: string, flags: DeployFlags): Promise<void> {
  try {
    // Loaded here, not at start-up: the app assembly pulls in cdktf and the provider bindings.
    const { resolveTarget, synthesize } = require("../../app/synth") as typeof import("../../app/synth");
    const result = await action(options(target, flags), { resolveTarget, synthesize });
    if (!result.ok) process.exitCode = 1;
  } catch (error) {
    const { UnknownEnvironmentError } = require("../../app/targets") as typeof import("../../app/targets");
    if (error instanceof DeployUsageError || error instanceof StateBackendError || error instanceof ConfigError || error instanceof UnknownEnvironmentError) {
      process.stderr.write(`homelab ${command}: ${error.message}\nnothing was run\n`);
      process.exitCode = 2;
      return;
    }
    throw error;
  }
}

function common(command: Command, phases: readonly string[]): Command {
  return command
    .argument("<env>", "environment name or path to a .json/.yaml environment file")
    .option("--simulate", "run the whole flow against the Terraform stand-in: no Proxmox, no SSH, Ansible only lists its tasks")
    .option("--yes", "apply without asking")
    .option("--from <phase>", `resume at this phase (${phases.join(", ")})`)
    .option("--skip <phase>", "do not run this phase (repeatable)", collect, [])
    .option("--state-backend <name>", "keep the state in this backend (local, pg, s3, http) instead of the environment's")
    .option("--state-config <key=value>", "a setting of that backend (repeatable), e.g. bucket=homelab-state", collect, []);
}

/** `homelab deploy ENV` and `homelab destroy ENV`. */
export function registerDeploy(program: Command): void {
  common(program.command("deploy"), DEPLOY_PHASES)
    .description(`bring an environment up: ${DEPLOY_PHASES.join(" → ")} (docs/deploy.md)`)
    .option("--ssh-timeout <seconds>", "how long to wait for SSH on every host", "600")
    .action(async (target: string, flags: DeployFlags) => {
      const { deploy } = require("../deploy/deploy") as typeof import("../deploy/deploy");
      await run(deploy, "deploy", target, flags);
    });
  common(program.command("destroy"), DESTROY_PHASES)
    .description("tear an environment down in reverse: the platform stack, then the infra stack")
    .option("--confirm <env>", "with --yes: the environment's name, typed back")
    .action(async (target: string, flags: DeployFlags) => {
      const { destroy } = require("../deploy/deploy") as typeof import("../deploy/deploy");
      await run(destroy, "destroy", target, flags);
    });
}
