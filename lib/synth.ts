import { App } from "cdktf";
import { environments } from "../environments";
import { InfraStack } from "../constructs/infra-stack";
import { PlatformStack } from "../constructs/platform-stack";
import { skipTokenStackTraces } from "./token-stack-traces";
import { selectEnvironments } from "./environments";
import { resolveEnvironment } from "./topology";
import type { Topology } from "./topology/types";

/*
 * The one place that turns environments into stacks: main.ts (the cdktf app), the CLI and the tests
 * all go through it, so they synthesize the same thing.
 */

export { selectEnvironments, topologyOf } from "./environments";

/** Adds `<env>-infra` and `<env>-platform` for a Topology to an app. */
export function addEnvironmentStacks(app: App, topology: Topology): { infra: InfraStack; platform: PlatformStack } {
  skipTokenStackTraces();
  const infra = new InfraStack(app, `${topology.environment}-infra`, { topology });
  const platform = new PlatformStack(app, `${topology.environment}-platform`, { topology });
  return { infra, platform };
}

export interface SynthesizeOptions {
  /** Environments to render. @default every shipped environment */
  readonly environments?: readonly string[];
  /** Output folder; stacks land in <outdir>/stacks/<stack>/cdk.tf.json. @default "cdktf.out" */
  readonly outdir?: string;
}

/**
 * Validates and plans every selected environment first (so a bad one writes nothing), then
 * synthesizes their stacks. Returns each stack's name and folder.
 */
export function synthesize(options: SynthesizeOptions = {}): { stack: string; dir: string }[] {
  const topologies = selectEnvironments(options.environments).map((name) => resolveEnvironment(environments[name], name));
  const outdir = options.outdir ?? "cdktf.out";
  const app = new App({ outdir, skipValidation: false });
  for (const topology of topologies) addEnvironmentStacks(app, topology);
  app.synth();
  return app.node.children
    .filter((child) => child.node.id.endsWith("-infra") || child.node.id.endsWith("-platform"))
    .map((child) => ({ stack: child.node.id, dir: `${outdir}/stacks/${child.node.id}` }));
}
