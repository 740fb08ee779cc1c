import * as fs from "fs";
import * as path from "path";
import { environments } from "../environments";
import { ConfigError } from "../lib/config/errors";
import { ENVIRONMENT_FILE_EXTENSIONS, EnvironmentFileError, readEnvironmentFile } from "../lib/config/load";
import { checkCapacityBeforePlanning, resolveEnvironment } from "../lib/topology";
import type { Topology } from "../lib/topology/types";

/*
 * Turning what a user names (a shipped environment, or a JSON/YAML file of the same shape) into a
 * Topology. Every entry point goes through here: the cdktf app (main.ts, HOMELAB_ENVIRONMENTS) and
 * every `homelab` subcommand that takes an environment. This module loads neither cdktf nor the
 * provider bindings, so commands that only need a Topology (validate, inventory, gobgp-config)
 * stay fast to start.
 *
 * The environments folder holds TypeScript environments (listed in environments/index.ts) and may
 * hold JSON/YAML ones beside them (`environments/my-lab.yaml`): those are named by their file name
 * and rendered by `npm run synth` like the TypeScript ones.
 */

/**
 * The environments folder of the source tree. This module runs from app/ (jest) or dist/app (the
 * built app), so the folder is the first one up holding environments/index.ts.
 */
export function environmentsDir(): string {
  const candidates = [path.join(__dirname, "..", "environments"), path.join(__dirname, "..", "..", "environments")];
  return candidates.find((dir) => fs.existsSync(path.join(dir, "index.ts"))) ?? candidates[0];
}

/** The JSON/YAML environments in the environments folder, by name (the file name without its extension). */
export function fileEnvironments(dir = environmentsDir()): Map<string, string> {
  const found = new Map<string, string>();
  if (!fs.existsSync(dir)) return found;
  for (const entry of fs.readdirSync(dir).sort()) {
    const extension = path.extname(entry).toLowerCase();
    if (!ENVIRONMENT_FILE_EXTENSIONS.includes(extension)) continue;
    const name = entry.slice(0, -extension.length);
    // A TypeScript environment wins over a file of the same name, and the first file over later ones.
    if (!Object.prototype.hasOwnProperty.call(environments, name) && !found.has(name)) found.set(name, path.join(dir, entry));
  }
  return found;
}

/** The shipped environments' names: environments/index.ts order, then the folder's JSON/YAML files. */
export function shippedEnvironmentNames(): string[] {
  return [...Object.keys(environments), ...fileEnvironments().keys()];
}

/** True when `target` names a shipped environment (a name wins over a file of the same name). */
export function isShippedEnvironment(target: string): boolean {
  return Object.prototype.hasOwnProperty.call(environments, target) || fileEnvironments().has(target);
}

/** A target that is neither a shipped environment nor an existing file: a usage error, not a bug. */
export class UnknownEnvironmentError extends Error {
  constructor(readonly target: string) {
    super(
      `unknown environment "${target}": neither a shipped environment (${shippedEnvironmentNames().join(", ")}; environments/) ` +
        `nor an existing .json/.yaml/.yml file; pass one of those names or the path to an environment file`,
    );
    this.name = "UnknownEnvironmentError";
  }
}

function unknownTarget(target: string): Error {
  return new UnknownEnvironmentError(target);
}

/** A path as a user would type it again: relative to the working directory when inside it. */
function displayPath(file: string): string {
  const relative = path.relative(process.cwd(), file);
  return relative && !relative.startsWith("..") && !path.isAbsolute(relative) ? relative : file;
}

/** An input error's message, led by the file it came from when it came from one (`lab.yaml: environment "lab" is invalid: ...`). */
export function describeInputError(error: Error): string {
  return error instanceof ConfigError && error.source ? `${error.source}: ${error.message}` : error.message;
}

/** Runs `load` for an environment file; a ConfigError it throws remembers the file, so every command can name it. */
function fromFile<T>(file: string, load: () => T): T {
  try {
    return load();
  } catch (error) {
    if (error instanceof ConfigError) error.source ??= displayPath(file);
    throw error;
  }
}

/** An environment as read, not yet planned: the raw input, and the file it came from when it came from one. */
export interface LoadedTarget {
  readonly input: unknown;
  /** The shipped TypeScript environment's name; a file's environment is named by its own `name` field. */
  readonly label?: string;
  readonly file?: string;
}

/**
 * Reads a shipped environment by name (TypeScript, or a JSON/YAML file in environments/), or an
 * environment file (.json, .yaml, .yml) by path, once; {@link planTarget} plans it.
 *
 * @throws UnknownEnvironmentError naming the known environments when `nameOrFile` is neither;
 *   EnvironmentFileError (or a ConfigError naming the file) when the file cannot be read.
 */
export function loadTarget(nameOrFile: string): LoadedTarget {
  if (Object.prototype.hasOwnProperty.call(environments, nameOrFile)) return { input: environments[nameOrFile], label: nameOrFile };
  const file = fileEnvironments().get(nameOrFile) ?? (fs.existsSync(nameOrFile) ? nameOrFile : undefined);
  if (!file) throw unknownTarget(nameOrFile);
  return { input: fromFile(file, () => readEnvironmentFile(file)), file };
}

/** Plans a loaded environment; a file's Topology remembers the file (the inventory header names it). */
export function planTarget(target: LoadedTarget): Topology {
  const { file } = target;
  if (!file) return resolveEnvironment(target.input, target.label);
  return fromFile(file, () => ({ ...resolveEnvironment(target.input), source: displayPath(file) }));
}

/**
 * Resolves a shipped environment by name or an environment file by path to its Topology
 * ({@link loadTarget}, then {@link planTarget}).
 *
 * @throws UnknownEnvironmentError naming the known environments when `nameOrFile` is neither; ConfigError (every
 *   problem, with path, value and fix) when the environment is invalid; EnvironmentFileError when the file cannot be read.
 */
export function resolveTarget(nameOrFile: string): Topology {
  return planTarget(loadTarget(nameOrFile));
}

/**
 * Answers a loaded target whose pools are far beyond its Proxmox nodes (see
 * `checkPoolsFarBeyondCapacity`) from counts and sizes alone, before anything is planned; the
 * synth runs it on every selected target first.
 */
export function checkTargetBeforePlanning(target: LoadedTarget): void {
  if (!target.file) return checkCapacityBeforePlanning(target.input);
  fromFile(target.file, () => checkCapacityBeforePlanning(target.input));
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

/**
 * True for the errors bad input causes (an unknown name, an unreadable file, an invalid
 * environment): they are answered with their message and exit code 1; anything else is a bug and
 * keeps its stack trace.
 */
export function isInputError(error: unknown): error is Error {
  return error instanceof ConfigError || error instanceof UnknownEnvironmentError || error instanceof EnvironmentFileError;
}
