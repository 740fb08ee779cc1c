import { App } from "cdktf";
import { InfraStack } from "../constructs/infra-stack";
import { PlatformStack } from "../constructs/platform-stack";
import { ConfigError } from "../lib/config/errors";
import type { StateSettings } from "../lib/config/state";
import { parseStateOverride, StateBackendError, StateOverrideInput, stateOverrideFromEnv } from "../lib/state/override";
import type { Topology } from "../lib/topology/types";
import { resolveTarget, selectEnvironments, targetsFromEnv, UnknownEnvironmentError } from "./targets";
import { skipTokenStackTraces } from "./token-stack-traces";
import { printWarnings } from "./warnings";

/*
 * App assembly: the one place that turns environments into stacks. main.ts (the cdktf app), the CLI,
 * the bench, the fixture scripts and the tests all go through it, so they synthesize the same thing.
 * It sits above constructs/ (and may read environments/); lib/ never imports it.
 */

export { resolveTarget, selectEnvironments, targetsFromEnv, UnknownEnvironmentError } from "./targets";

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
  const topologies = selectEnvironments(options.environments).map(resolveTarget);
  // A bad override fails here, with the environments, before the App creates anything.
  const states = topologies.map((topology) => (options.state ? parseStateOverride(options.state, topology.state) : undefined));
  printWarnings(topologies, options.warn);
  // The App creates its outdir, so it comes only after every environment resolved.
  const app = new App({ outdir: options.outdir });
  topologies.forEach((topology, index) => addEnvironmentStacks(app, topology, states[index]));
  app.synth();
  return app.node.children
    .filter((child) => child.node.id.endsWith("-infra") || child.node.id.endsWith("-platform"))
    .map((child) => ({ stack: child.node.id, dir: `${app.outdir}/stacks/${child.node.id}` }));
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
    synthesize({ environments: targetsFromEnv(env.HOMELAB_ENVIRONMENTS), outdir: env.CDKTF_OUTDIR, warn: write, state: stateOverrideFromEnv(env) });
    return 0;
  } catch (error) {
    if (error instanceof ConfigError || error instanceof UnknownEnvironmentError || error instanceof StateBackendError) {
      write(`error: ${error.message}\n`);
      return 1;
    }
    throw error;
  }
}
