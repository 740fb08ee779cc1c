import * as path from "path";
import { environments } from "../../environments";
import { readEnvironmentFile } from "../../lib/config/load";
import { resolveTarget as topologyOf } from "../../app/targets";
import { resolveEnvironment } from "../../lib/topology";
import type { Topology } from "../../lib/topology/types";

/** The environment file fixture the CLI tests also use. */
export const MINIMAL_YAML = path.join(__dirname, "..", "fixtures", "environments", "minimal.yaml");

/** Every shipped environment's Topology plus the minimal YAML file's, by label. */
export function everyTopology(): [string, Topology][] {
  return [...Object.keys(environments).map((name): [string, Topology] => [name, topologyOf(name)]), ["minimal.yaml", resolveEnvironment(readEnvironmentFile(MINIMAL_YAML))]];
}

/** A Topology with its environment name and description replaced (HTML/DOT injection tests). */
export function withText(topology: Topology, environment: string, description: string): Topology {
  return { ...topology, environment, description };
}
