import * as fs from "fs";
import * as path from "path";
import { App } from "cdktf";
import { InfraStack } from "../constructs/infra-stack";
import { PlatformStack } from "../constructs/platform-stack";
import type { StateSettings } from "../lib/config/state";
import { parseStateOverride, StateBackendError, StateOverrideInput, stateOverrideFromEnv } from "../lib/state/override";
import type { Topology } from "../lib/topology/types";
import { checkTargetBeforePlanning, describeInputError, isInputError, loadTarget, planTarget, selectEnvironments, targetsFromEnv } from "./targets";
import { skipTokenStackTraces } from "./token-stack-traces";
import { printWarnings } from "./warnings";

/*
 * App assembly: the one place that turns environments into stacks. main.ts (the cdktf app), the CLI,
 * the bench, the fixture scripts and the tests all go through it, so they synthesize the same thing.
 * It sits above constructs/ (and may read environments/); lib/ never imports it.
 */

export { isInputError, resolveTarget, selectEnvironments, targetsFromEnv, UnknownEnvironmentError } from "./targets";

/** The two stacks of one environment. */
export interface EnvironmentStacks {
  readonly infra: InfraStack;
  readonly platform: PlatformStack;
}

/** Adds `<env>-infra` and `<env>-platform` for a Topology to an app; `state` overrides the environment's backend. */
export function addEnvironmentStacks(app: App, topology: Topology, state?: StateSettings): EnvironmentStacks {
  skipTokenStackTraces();
  const infra = new InfraStack(app, `${topology.environment}-infra`, { topology, state });
  const platform = new PlatformStack(app, `${topology.environment}-platform`, { topology, state });
  return { infra, platform };
}

/** Options of {@link synthesize}. */
export interface SynthesizeOptions {
  /** Environments to render: shipped names or paths to environment files. @default every shipped environment */
  readonly environments?: readonly string[];
  /**
   * Output folder; stacks land in `<outdir>/stacks/<stack>/cdk.tf.json`.
   * @default CDKTF_OUTDIR when the cdktf CLI sets it, else "cdktf.out"
   */
  readonly outdir?: string;
  /** Where warning lines go. @default stderr */
  readonly warn?: (line: string) => void;
  /** A run-time state backend override (`--state-backend`, HOMELAB_STATE_BACKEND), applied to every environment. @default each environment's own */
  readonly state?: StateOverrideInput;
  /**
   * Where progress lines go (environments planned, stacks written), for runs long enough to
   * wonder about. @default stderr when it is a terminal and the run is large, else nowhere
   */
  readonly progress?: (line: string) => void;
  /** Show progress once a run holds more VMs than this. @default PROGRESS_THRESHOLD_VMS */
  readonly progressAboveVms?: number;
}

/** Above this many VMs in one run, synth takes more than a few seconds: progress is shown on a terminal. */
export const PROGRESS_THRESHOLD_VMS = 2000;

/** Progress to stderr, only when it is a terminal (never into a CI log or a pipe). */
function terminalProgress(): ((line: string) => void) | undefined {
  return process.stderr.isTTY ? (line) => process.stderr.write(`${line}\n`) : undefined;
}

/** One synthesized stack: its name and folder. */
export interface SynthesizedStack {
  readonly stack: string;
  readonly dir: string;
}

/**
 * Validates and plans every selected environment first (so a bad one writes nothing), prints their
 * warnings, then synthesizes their stacks. Returns each stack's name and folder.
 */
export function synthesize(options: SynthesizeOptions = {}): SynthesizedStack[] {
  const progress = options.progress ?? terminalProgress();
  const threshold = options.progressAboveVms ?? PROGRESS_THRESHOLD_VMS;
  const started = Date.now();
  const seconds = () => `${((Date.now() - started) / 1000).toFixed(1)} s`;
  let vmCount = 0;
  // Each target is read once. A pool far beyond its nodes is answered before any environment is
  // planned (and before any progress line), not after the others took their seconds.
  const targets = selectEnvironments(options.environments).map((nameOrFile) => {
    const target = loadTarget(nameOrFile);
    checkTargetBeforePlanning(target);
    return target;
  });
  const topologies = targets.map((target) => {
    const topology = planTarget(target);
    vmCount += topology.vms.length;
    if (vmCount > threshold) progress?.(`homelab: planned ${topology.environment} (${topology.vms.length} VMs) at ${seconds()}`);
    return topology;
  });
  // A bad override fails here, with the environments, before the App creates anything.
  const states = topologies.map((topology) => (options.state ? parseStateOverride(options.state, topology.state) : undefined));
  const report = vmCount > threshold ? progress : undefined;
  printWarnings(topologies, options.warn);
  // The App creates its outdir, so it comes only after every environment resolved.
  const app = new App({ outdir: options.outdir });
  for (const [index, topology] of topologies.entries()) {
    addEnvironmentStacks(app, topology, states[index]);
    report?.(`homelab: built the stacks of ${topology.environment} at ${seconds()}`);
  }
  report?.(`homelab: writing ${topologies.length * 2} stacks to ${app.outdir}/stacks ...`);
  app.synth();
  report?.(`homelab: wrote ${topologies.map((topology) => `${topology.environment}-infra, ${topology.environment}-platform`).join(", ")} at ${seconds()}`);
  const written = app.node.children
    .filter((child) => child.node.id.endsWith("-infra") || child.node.id.endsWith("-platform"))
    .map((child) => ({ stack: child.node.id, dir: `${app.outdir}/stacks/${child.node.id}` }));
  markStaleStacks(app.outdir, new Set(written.map((stack) => stack.stack)));
  return written;
}

/** The one line a finished synth prints: how many stacks, for which environments, and where. */
export function synthesisSummary(stacks: readonly SynthesizedStack[]): string {
  const environments = [...new Set(stacks.map((stack) => stack.stack.replace(/-(infra|platform)$/, "")))];
  const folder = stacks.length > 0 ? path.dirname(stacks[0].dir) : "the output folder";
  return `synthesized ${stacks.length} stacks for ${environments.length} environment${environments.length === 1 ? "" : "s"} (${environments.join(", ")}) into ${folder}`;
}

/** The file that marks a stack folder this synth did not write. */
export const STALE_MARKER = "STALE";

/**
 * A subset synth (HOMELAB_ENVIRONMENTS=dev) leaves the other environments' stack folders from an
 * earlier run. They are kept (deleting them would break a `cdktf deploy` someone is about to run)
 * but marked: each gets a STALE file saying it was not written by the latest synth, and a folder
 * written again loses its marker. cdktf.out/manifest.json lists only the stacks of the latest synth.
 */
export function markStaleStacks(outdir: string, written: ReadonlySet<string>, now = new Date()): string[] {
  const stacksDir = path.join(outdir, "stacks");
  if (!fs.existsSync(stacksDir)) return [];
  const stale: string[] = [];
  for (const entry of fs.readdirSync(stacksDir, { withFileTypes: true })) {
    if (!entry.isDirectory()) continue;
    const marker = path.join(stacksDir, entry.name, STALE_MARKER);
    if (written.has(entry.name)) {
      fs.rmSync(marker, { force: true });
      continue;
    }
    stale.push(entry.name);
    if (!fs.existsSync(marker)) {
      fs.writeFileSync(
        marker,
        `This stack was not written by the synth of ${now.toISOString()} (it rendered ${[...written].join(", ")}); ` +
          `its cdk.tf.json is from an earlier run. Run \`npm run synth\` (or include its environment in HOMELAB_ENVIRONMENTS) to refresh it.\n`,
      );
    }
  }
  return stale.sort();
}

/**
 * The cdktf app's whole run (main.ts calls only this): synthesizes the environments
 * HOMELAB_ENVIRONMENTS names (all when unset), with the state backend HOMELAB_STATE_BACKEND /
 * HOMELAB_STATE_CONFIG override (see lib/state/override.ts). A bad environment or an unknown name is answered
 * with the same message `homelab validate` prints and exit code 1, not a stack trace; anything
 * else is a bug and keeps its trace.
 */
export function runApp(env: NodeJS.ProcessEnv = process.env, write: (text: string) => void = (text) => process.stderr.write(text)): number {
  try {
    // CDKTF_OUTDIR is set by `cdktf synth`; read here (not by the App) so the whole run follows `env`.
    const stacks = synthesize({ environments: targetsFromEnv(env.HOMELAB_ENVIRONMENTS), outdir: env.CDKTF_OUTDIR, warn: write, state: stateOverrideFromEnv(env) });
    write(`${synthesisSummary(stacks)}\n`);
    return 0;
  } catch (error) {
    if (isInputError(error) || error instanceof StateBackendError) {
      write(`error: ${describeInputError(error)}\n`);
      return 1;
    }
    throw error;
  }
}
