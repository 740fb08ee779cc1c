import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as readline from "readline";
import type { StateSettings } from "../config/state";
import { parseStateOverride, requireStateCredentials, StateOverrideInput } from "../state/override";
import { standinEnv } from "../terraform-check/runner";
import { offlineCliConfig, requireTerraform } from "../terraform-check/terraform";
import { startDaemon, StandinDaemon } from "../terraform-standin/daemon";
import type { Topology } from "../topology/types";
import { runCommand, toolVersion, waitForSsh } from "./commands";
import { inventoryHosts } from "./inventory-hosts";
import { PhaseLog } from "./phase-log";
import { DEPLOY_PHASES, DeployPhase, DeployUsageError, DESTROY_PHASES, DestroyPhase, PHASE_TITLES, selectPhases } from "./phases";
import { checkProxmox } from "./preflight";
import { Progress, progressFor } from "./progress";
import { planChanges, StackTerraform, TerraformFailed } from "./stack-terraform";

/*
 * `homelab deploy ENV` and `homelab destroy ENV`: the phases of DESIGN.md "Stacks and deploy
 * phases", in order, each resumable (`--from`) and, where it makes sense, skippable (`--skip`).
 * Everything that can be checked without running is checked first (environment, phases, state
 * backend, its credentials), so bad input changes nothing.
 *
 * `--simulate` runs the same flow with Terraform against the stand-in provider (the state in the
 * environment's backend, or under .homelab/simulate/<env>/ for local state), SSH waits skipped and
 * Ansible only listing its tasks: it never touches a Proxmox host or the machine it runs on beyond
 * its .homelab folder.
 */

/** Options of {@link deploy} and {@link destroy}. */
export interface DeployOptions {
  /** Environment name or environment file. */
  readonly target: string;
  /** Stand-in provider, no SSH, `ansible-playbook --list-tasks`. @default false */
  readonly simulate?: boolean;
  /** Apply without asking. @default false */
  readonly yes?: boolean;
  /** Resume at this phase. */
  readonly from?: string;
  /** Phases not to run. */
  readonly skip?: readonly string[];
  /** `--state-backend` / `--state-config`. */
  readonly state?: StateOverrideInput;
  /** Where .homelab/ (logs, working dirs) and, for a real deploy, cdktf.out/ go. @default the current directory */
  readonly root?: string;
  /** How long to wait for SSH on every host. @default 600 */
  readonly sshTimeoutSeconds?: number;
  /** destroy: the environment name typed back (`--confirm`), needed with `--yes`. */
  readonly confirm?: string;
  /** Progress output. @default a spinner on a terminal, timestamped lines elsewhere */
  readonly progress?: Progress;
  /** Asks a question and returns the answer. @default a prompt on stdin/stderr */
  readonly ask?: (question: string) => Promise<string>;
  /** The process environment (credentials). @default process.env */
  readonly env?: NodeJS.ProcessEnv;
}

/**
 * What deploy needs from the app assembly (app/), handed in by the CLI so lib/ never imports
 * upward: resolving the target and synthesizing its stacks.
 */
export interface DeployApp {
  /** app/targets resolveTarget. */
  resolveTarget(target: string): Topology;
  /** app/synth synthesize. */
  synthesize(options: { environments: string[]; outdir: string; state?: StateOverrideInput; warn: (line: string) => void }): unknown;
}

/** How one phase went. */
export interface PhaseOutcome {
  readonly phase: string;
  readonly status: "done" | "skipped" | "failed";
  readonly detail: string;
  /** The phase's log file, when it wrote one. */
  readonly log?: string;
}

/** What a deploy or destroy did. */
export interface DeployResult {
  ok: boolean;
  readonly phases: PhaseOutcome[];
  /** Whether the infra phase found changes to make (undefined when it did not run). */
  infraChanges?: boolean;
  /** Where to resume after a failure. */
  resumeFrom?: string;
}

/** The repository root (holding ansible/playbooks), from source or from dist/. */
export function projectRoot(): string {
  for (let dir = __dirname; dir !== path.dirname(dir); dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, "ansible", "playbooks", "site.yml"))) return dir;
  }
  throw new Error(`cannot find ansible/playbooks/site.yml above ${__dirname}`);
}

/** Everything a run needs, worked out (and checked) before any phase runs. */
interface RunContext {
  readonly options: DeployOptions;
  readonly app: DeployApp;
  readonly topology: Topology;
  readonly state?: StateSettings;
  readonly env: NodeJS.ProcessEnv;
  readonly root: string;
  /** Where the stacks are synthesized and Terraform runs: the root, or .homelab/simulate/<env>. */
  readonly base: string;
  readonly started: Date;
  readonly progress: Progress;
  readonly project: string;
  stacks?: { infra: string; platform: string };
  daemon?: StandinDaemon;
  inventoryFile?: string;
}

function prepare(options: DeployOptions, app: DeployApp): RunContext {
  // Nobody could answer a prompt: refuse now rather than hang (CI) or apply unasked.
  if (!options.yes && !options.ask && !process.stdin.isTTY) {
    throw new DeployUsageError("stdin is not a terminal, so nobody can confirm the plan; pass --yes (destroy: --yes --confirm ENV)");
  }
  const topology = app.resolveTarget(options.target);
  const env = options.env ?? process.env;
  const state = parseStateOverride(options.state ?? {}, topology.state) ?? topology.state;
  requireStateCredentials(topology.environment, state, env);
  const root = path.resolve(options.root ?? process.cwd());
  const base = options.simulate ? path.join(root, ".homelab", "simulate", topology.environment) : root;
  return { options, app, topology, state, env, root, base, started: new Date(), progress: options.progress ?? progressFor(), project: projectRoot() };
}

/** Synthesizes the environment's two stacks (with the chosen backend) into `<base>/cdktf.out`. */
function synth(ctx: RunContext): { infra: string; platform: string } {
  if (ctx.stacks) return ctx.stacks;
  const outdir = path.join(ctx.base, "cdktf.out");
  fs.mkdirSync(ctx.base, { recursive: true });
  ctx.app.synthesize({ environments: [ctx.options.target], outdir, state: ctx.options.state, warn: () => undefined });
  const dir = (stack: string) => path.join(outdir, "stacks", stack);
  ctx.stacks = { infra: dir(`${ctx.topology.environment}-infra`), platform: dir(`${ctx.topology.environment}-platform`) };
  return ctx.stacks;
}

async function terraformFor(ctx: RunContext, stackDir: string, log: PhaseLog): Promise<StackTerraform> {
  const binary = requireTerraform().path;
  let env: NodeJS.ProcessEnv;
  if (ctx.options.simulate) {
    ctx.daemon ??= await startDaemon();
    env = { ...standinEnv(ctx.daemon.reattach, offlineCliConfig(path.join(ctx.base, "terraform-cli")), true) };
    for (const key of ["PG_CONN_STR", "PGHOST"]) if (ctx.env[key]) env[key] = ctx.env[key];
  } else {
    env = { ...ctx.env, CHECKPOINT_DISABLE: "1", TF_IN_AUTOMATION: "1", TF_INPUT: "0" };
  }
  const tf = new StackTerraform({ stackDir, workDir: stackDir, binary, env, placeholderVariables: ctx.options.simulate, log: log.write });
  await tf.init();
  return tf;
}

function summarize(changes: { address: string; actions: readonly string[] }[]): string {
  const count = (action: string) => changes.filter((c) => c.actions.includes(action)).length;
  return `${count("create")} to add, ${changes.filter((c) => c.actions.includes("update")).length} to change, ${count("delete")} to destroy`;
}

async function ask(ctx: RunContext, question: string): Promise<string> {
  ctx.progress.pause();
  try {
    if (ctx.options.ask) return await ctx.options.ask(question);
    const rl = readline.createInterface({ input: process.stdin, output: process.stderr });
    try {
      return await new Promise((resolve) => rl.question(question, resolve));
    } finally {
      rl.close();
    }
  } finally {
    ctx.progress.resume();
  }
}

/** init, plan, show the plan, confirm (unless --yes), apply. Returns whether there were changes. */
async function applyStack(ctx: RunContext, stackDir: string, log: PhaseLog): Promise<{ changes: boolean; detail: string }> {
  const tf = await terraformFor(ctx, stackDir, log);
  const plan = await tf.plan();
  if (!plan.changes) return { changes: false, detail: "no changes" };
  const changes = planChanges(await tf.showPlan(plan.planFile));
  const summary = summarize(changes);
  ctx.progress.note(`  ${path.basename(stackDir)}: ${summary}\n${changes.map((c) => `    ${c.actions.join("/")} ${c.address}`).join("\n")}`);
  if (!ctx.options.yes) {
    const answer = await ask(ctx, `Apply these changes to ${path.basename(stackDir)}? [y/N] `);
    if (!/^y(es)?$/i.test(answer.trim())) throw new Error(`not applied: the plan was not confirmed (${summary})`);
  }
  await tf.applyPlan(plan.planFile);
  return { changes: true, detail: `applied: ${summary}` };
}

async function playbook(ctx: RunContext, name: string, log: PhaseLog, extraEnv: Record<string, string> = {}): Promise<string> {
  if (!ctx.inventoryFile || !fs.existsSync(ctx.inventoryFile)) {
    throw new Error(`no inventory at ${ctx.inventoryFile ?? "(none)"}; run the inventory phase (--from inventory)`);
  }
  const args = ["-i", ctx.inventoryFile, path.join("ansible", "playbooks", name), ...(ctx.options.simulate ? ["--list-tasks"] : [])];
  // The join token is handed over in the child's environment only: never an argument, a file or a log line.
  const result = await runCommand("ansible-playbook", args, { cwd: ctx.project, env: { ...ctx.env, ...extraEnv }, log: log.write });
  if (result.code !== 0) throw new Error(`ansible-playbook ${name} failed (exit ${result.code})`);
  const tasks = result.output.split("\n").filter((line) => /^\s{6}\S.*TAGS:/.test(line)).length;
  return ctx.options.simulate ? `would run ${tasks} tasks (--list-tasks)` : `${name} ran`;
}

function inventoryFile(ctx: RunContext): string {
  return ctx.options.simulate
    ? path.join(ctx.base, "inventory", `${ctx.topology.environment}.yml`)
    : path.join(ctx.root, "ansible", "inventory", `${ctx.topology.environment}.yml`);
}

/** Variables the stacks declare without a default: a real run needs each as TF_VAR_<name>. */
function requiredVariables(stackDir: string): string[] {
  const json = JSON.parse(fs.readFileSync(path.join(stackDir, "cdk.tf.json"), "utf8")) as { variable?: Record<string, { default?: unknown }> };
  return Object.entries(json.variable ?? {}).filter(([, v]) => !("default" in v)).map(([name]) => name);
}

async function preflight(ctx: RunContext, log: PhaseLog, destroying: boolean): Promise<string> {
  const problems: string[] = [];
  const terraform = requireTerraform();
  const versions = [`terraform ${terraform.version}`];
  const ansible = destroying ? "not needed" : await toolVersion("ansible-playbook");
  if (!ansible) problems.push("ansible-playbook is not installed (Debian package ansible)");
  else if (!destroying) versions.push(ansible);
  const stacks = synth(ctx);
  if (!ctx.options.simulate) {
    if (!ctx.env.PROXMOX_VE_API_TOKEN && !(ctx.env.PROXMOX_VE_USERNAME && ctx.env.PROXMOX_VE_PASSWORD)) {
      problems.push("PROXMOX_VE_API_TOKEN is not set; export it (user@realm!tokenid=secret), never put it in the environment");
    }
    for (const name of [...requiredVariables(stacks.infra), ...requiredVariables(stacks.platform)]) {
      if (!ctx.env[`TF_VAR_${name}`]) problems.push(`TF_VAR_${name} is not set; export it (a sensitive Terraform variable of the stacks)`);
    }
    if (ctx.env.PROXMOX_VE_API_TOKEN) problems.push(...(await checkProxmox(ctx.topology, ctx.env.PROXMOX_VE_API_TOKEN)));
    if (!destroying) {
      const agent = await runCommand("ssh-add", ["-l"], { cwd: ctx.root, env: ctx.env, log: log.write });
      if (agent.code !== 0) problems.push("the SSH agent holds no key (ssh-add -l); `ssh-add` the key for the Proxmox nodes and the VMs");
    }
  }
  log.write(`${versions.join("\n")}\n${problems.join("\n")}\n`);
  if (problems.length) throw new Error(`pre-flight found ${problems.length} problem(s):\n${problems.map((p) => `  - ${p}`).join("\n")}`);
  return `${versions.join(", ")}${ctx.options.simulate ? ", simulated (stand-in provider, no Proxmox)" : ""}`;
}

type PhaseBody = (ctx: RunContext, log: PhaseLog, result: DeployResult) => Promise<string | { skipped: string }>;

const DEPLOY_BODIES: Readonly<Record<DeployPhase, PhaseBody>> = {
  preflight: (ctx, log) => preflight(ctx, log, false),
  infra: async (ctx, log, result) => {
    const outcome = await applyStack(ctx, synth(ctx).infra, log);
    result.infraChanges = outcome.changes;
    return outcome.detail;
  },
  inventory: async (ctx, log) => {
    const tf = await terraformFor(ctx, synth(ctx).infra, log);
    const yaml = await tf.outputRaw("ansible_inventory");
    const file = inventoryFile(ctx);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(`${file}.tmp`, yaml);
    fs.renameSync(`${file}.tmp`, file);
    ctx.inventoryFile = file;
    const count = inventoryHosts(yaml).length;
    return `${count} host${count === 1 ? "" : "s"} in ${path.relative(ctx.root, file)}`;
  },
  ssh: async (ctx, log) => {
    if (ctx.options.simulate) return { skipped: "simulated: no hosts to reach" };
    const hosts = inventoryHosts(fs.readFileSync(ctx.inventoryFile!, "utf8"));
    const seconds = ctx.options.sshTimeoutSeconds ?? 600;
    const late = await waitForSsh(hosts, { timeoutMs: seconds * 1000, log: log.write });
    if (late.length) throw new Error(`no SSH after ${seconds}s from ${late.join(", ")}; check the VM console in Proxmox, then resume`);
    return `${hosts.length} hosts answer`;
  },
  configure: async (ctx, log) => {
    const stacks = synth(ctx);
    const outputs = Object.keys((JSON.parse(fs.readFileSync(path.join(stacks.infra, "cdk.tf.json"), "utf8")) as { output?: object }).output ?? {});
    const extra: Record<string, string> = {};
    if (outputs.includes("k3s_token")) {
      const tf = await terraformFor(ctx, stacks.infra, log);
      extra.HOMELAB_K3S_TOKEN = await tf.outputRaw("k3s_token");
    } else if (outputs.some((o) => o.startsWith("k3s_token_"))) {
      log.write("several clusters: their join tokens come from Ansible Vault (vault_k3s_token per cluster group, docs/ansible.md)\n");
    }
    return playbook(ctx, "site.yml", log, extra);
  },
  platform: async (ctx, log) => {
    if (!ctx.options.simulate) {
      const kubeconfig = ctx.topology.kubeconfigPath.replace(/^~(?=\/)/, os.homedir());
      if (!fs.existsSync(kubeconfig)) throw new Error(`no kubeconfig at ${kubeconfig}; the configuration phase writes it (--from configure)`);
    }
    return (await applyStack(ctx, synth(ctx).platform, log)).detail;
  },
  validate: (ctx, log) => playbook(ctx, "validate.yml", log),
};

const DESTROY_BODIES: Readonly<Record<DestroyPhase, PhaseBody>> = {
  preflight: (ctx, log) => preflight(ctx, log, true),
  platform: async (ctx, log) => {
    await (await terraformFor(ctx, synth(ctx).platform, log)).destroy();
    return "destroyed";
  },
  infra: async (ctx, log) => {
    await (await terraformFor(ctx, synth(ctx).infra, log)).destroy();
    return "destroyed";
  },
};

async function runPhases<P extends string>(ctx: RunContext, command: string, all: readonly P[], selected: readonly P[], bodies: Readonly<Record<P, PhaseBody>>): Promise<DeployResult> {
  const result: DeployResult = { ok: true, phases: [] };
  ctx.inventoryFile = inventoryFile(ctx);
  try {
    for (const phase of all) {
      if (!selected.includes(phase)) {
        const why = ctx.options.from && all.indexOf(phase) < all.indexOf(ctx.options.from as P) ? `before --from ${ctx.options.from}` : "--skip";
        ctx.progress.skip(phase, why);
        result.phases.push({ phase, status: "skipped", detail: why });
        continue;
      }
      const title = (PHASE_TITLES[phase as DeployPhase] ?? phase).replace("<env>", ctx.topology.environment);
      ctx.progress.start(phase, command === "destroy" && phase !== "preflight" ? `destroy <env>-${phase}`.replace("<env>", ctx.topology.environment) : title);
      const log = new PhaseLog(ctx.root, ctx.topology.environment, ctx.started, phase);
      try {
        const outcome = await bodies[phase](ctx, log, result);
        if (typeof outcome === "object") {
          ctx.progress.succeed(outcome.skipped);
          result.phases.push({ phase, status: "skipped", detail: outcome.skipped, log: log.file });
        } else {
          ctx.progress.succeed(outcome);
          result.phases.push({ phase, status: "done", detail: outcome, log: log.file });
        }
      } catch (error) {
        const message = error instanceof TerraformFailed ? `${error.message}` : (error as Error).message;
        log.write(`\n${message}\n`);
        ctx.progress.fail(message.split("\n")[0]);
        ctx.progress.note(`\n--- last lines of ${path.relative(ctx.root, log.file)} ---\n${log.tail(20)}\n---`);
        ctx.progress.note(`resume with: homelab ${command} ${ctx.options.target} --from ${phase}${ctx.options.simulate ? " --simulate" : ""}`);
        result.phases.push({ phase, status: "failed", detail: message, log: log.file });
        result.ok = false;
        result.resumeFrom = phase;
        return result;
      } finally {
        log.close();
      }
    }
    return result;
  } finally {
    await ctx.daemon?.close();
  }
}

/**
 * `homelab deploy`: from an empty environment (or from `--from`) to a validated cluster.
 *
 * @throws ConfigError, UnknownEnvironmentError, StateBackendError or DeployUsageError before anything runs.
 */
export async function deploy(options: DeployOptions, app: DeployApp): Promise<DeployResult> {
  const selected = selectPhases(DEPLOY_PHASES, options.from, options.skip);
  const ctx = prepare(options, app);
  const result = await runPhases(ctx, "deploy", DEPLOY_PHASES, selected, DEPLOY_BODIES);
  if (result.ok) {
    const infra = result.infraChanges === undefined ? "" : result.infraChanges ? "infrastructure changed" : "no infrastructure changes";
    ctx.progress.note(`${ctx.topology.environment}: deployed${options.simulate ? " (simulated)" : ""}${infra ? `, ${infra}` : ""}; logs in ${path.relative(ctx.root, path.join(ctx.root, ".homelab", "logs", ctx.topology.environment))}`);
  }
  return result;
}

/**
 * `homelab destroy`: the platform stack, then the infra stack. Asks for the environment's name,
 * or takes `--yes` with `--confirm ENV`.
 *
 * @throws as {@link deploy}, and DeployUsageError when the confirmation does not match.
 */
export async function destroy(options: DeployOptions, app: DeployApp): Promise<DeployResult> {
  const selected = selectPhases(DESTROY_PHASES, options.from, options.skip, new Set(["preflight", "platform"]));
  const ctx = prepare(options, app);
  const name = ctx.topology.environment;
  if (options.yes) {
    if (options.confirm !== name) throw new DeployUsageError(`--confirm = ${JSON.stringify(options.confirm ?? null)}: with --yes, destroy needs --confirm ${name} (the environment's name)`);
  } else {
    const answer = await ask(ctx, `This destroys every VM and release of "${name}". Type the environment name to confirm: `);
    if (answer.trim() !== name) throw new DeployUsageError(`destroy not confirmed: typed "${answer.trim()}", expected "${name}"`);
  }
  return runPhases(ctx, "destroy", DESTROY_PHASES, selected, DESTROY_BODIES);
}
