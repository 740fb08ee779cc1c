import { environments } from "../environments";
import { resolveEnvironment } from "./topology";
import type { Topology } from "./topology/types";

/*
 * Looking up shipped environments by name, without loading cdktf or the provider bindings: the CLI
 * commands that only need a Topology (validate, inventory, gobgp-config) stay fast to start.
 */

/** Names of the environments to render: every shipped one unless some are picked. */
export function selectEnvironments(names?: readonly string[]): string[] {
  const known = Object.keys(environments);
  if (!names || names.length === 0) return known;
  for (const name of names) {
    if (!known.includes(name)) {
      throw new Error(`unknown environment "${name}"; known environments are ${known.join(", ")} (environments/index.ts)`);
    }
  }
  return [...names];
}

/** Resolves a shipped environment's Topology by name. */
export function topologyOf(name: string): Topology {
  const [selected] = selectEnvironments([name]);
  return resolveEnvironment(environments[selected], selected);
}
