import * as fs from "fs";
import { environments } from "../environments";
import { readEnvironmentFile } from "../lib/config/load";
import { resolveEnvironment } from "../lib/topology";
import type { Topology } from "../lib/topology/types";

/*
 * Turning what a user names (a shipped environment, or a JSON/YAML file of the same shape) into a
 * Topology. Every entry point goes through here: the cdktf app (main.ts, HOMELAB_ENVIRONMENTS) and
 * every `homelab` subcommand that takes an environment. This module loads neither cdktf nor the
 * provider bindings, so commands that only need a Topology (validate, inventory, gobgp-config)
 * stay fast to start.
 */

/** The shipped environments' names, in environments/index.ts order. */
export function shippedEnvironmentNames(): string[] {
  return Object.keys(environments);
}

/** True when `target` names a shipped environment (a name wins over a file of the same name). */
export function isShippedEnvironment(target: string): boolean {
  return Object.prototype.hasOwnProperty.call(environments, target);
}

/** A target that is neither a shipped environment nor an existing file: a usage error, not a bug. */
export class UnknownEnvironmentError extends Error {
  constructor(readonly target: string) {
    super(
      `unknown environment "${target}": neither a shipped environment (${shippedEnvironmentNames().join(", ")}; environments/index.ts) ` +
        `nor an existing .json/.yaml/.yml file; pass one of those names or the path to an environment file`,
    );
    this.name = "UnknownEnvironmentError";
  }
}

function unknownTarget(target: string): Error {
  return new UnknownEnvironmentError(target);
}

/**
 * Resolves a shipped environment by name, or an environment file (.json, .yaml, .yml) by path, to
 * its Topology. A file's environment is named by its own `name` field.
 *
 * @throws UnknownEnvironmentError naming the known environments when `nameOrFile` is neither; ConfigError (every
 *   problem, with path, value and fix) when the environment is invalid.
 */
export function resolveTarget(nameOrFile: string): Topology {
  if (isShippedEnvironment(nameOrFile)) return resolveEnvironment(environments[nameOrFile], nameOrFile);
  if (fs.existsSync(nameOrFile)) return resolveEnvironment(readEnvironmentFile(nameOrFile));
  throw unknownTarget(nameOrFile);
}

/**
 * What to render: the given targets (names or files), or every shipped environment when none is
 * given. Fails on the first unknown target, before anything is resolved.
 */
export function selectEnvironments(targets?: readonly string[]): string[] {
  if (!targets || targets.length === 0) return shippedEnvironmentNames();
  for (const target of targets) {
    if (!isShippedEnvironment(target) && !fs.existsSync(target)) throw unknownTarget(target);
  }
  return [...targets];
}

/** The targets HOMELAB_ENVIRONMENTS lists (comma-separated names or paths); undefined when unset or empty. */
export function targetsFromEnv(value: string | undefined): string[] | undefined {
  const targets = value?.split(",").map((target) => target.trim()).filter(Boolean);
  return targets && targets.length > 0 ? targets : undefined;
}
