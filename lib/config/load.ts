import * as fs from "fs";
import * as path from "path";
import YAML from "yaml";
import { ConfigError, ConfigIssue, formatPath } from "./errors";
import { messageFor } from "./issue-messages";
import { jsonSyntaxError } from "./json-position";
import { decodeTextFile } from "./text-file";
import { Environment, environmentSchema } from "./schema";

function valueAt(input: unknown, segments: readonly PropertyKey[]): unknown {
  let current: unknown = input;
  for (const segment of segments) {
    if (current === null || typeof current !== "object") return undefined;
    current = (current as Record<PropertyKey, unknown>)[segment];
  }
  return current;
}

/** Removes the value at `segments` from a cloned document; an array element becomes a hole so later indexes keep their meaning. */
function removeAt(document: unknown, segments: readonly PropertyKey[]): boolean {
  if (segments.length === 0) return false;
  let parent: unknown = document;
  for (const segment of segments.slice(0, -1)) {
    if (parent === null || typeof parent !== "object") return false;
    parent = (parent as Record<PropertyKey, unknown>)[segment];
  }
  if (parent === null || typeof parent !== "object") return false;
  const last = segments[segments.length - 1];
  if (!(last in (parent as object))) return false;
  delete (parent as Record<PropertyKey, unknown>)[last];
  return true;
}

/**
 * The part of an invalid environment that does validate: each bad value is removed (and, when
 * removing it leaves a required field missing, the object holding it), until the rest parses.
 * The planner runs on it so one run reports the schema's problems and the topology's together.
 * Returns the parsed environment and the config paths that were removed; undefined when nothing
 * useful is left after a few rounds.
 */
export function parseBestEffort(input: unknown): { environment: Environment; removed: string[] } | undefined {
  if (input === null || typeof input !== "object") return undefined;
  const document = structuredClone(input) as Record<string, unknown>;
  const removed: string[] = [];
  for (let round = 0; round < 8; round++) {
    const result = environmentSchema.safeParse(document);
    if (result.success) return { environment: result.data, removed };
    let progressed = false;
    for (const issue of result.error.issues) {
      const segments = issue.path as PropertyKey[];
      if (issue.code === "unrecognized_keys") {
        for (const key of issue.keys) progressed = removeAt(document, [...segments, key]) || progressed;
        continue;
      }
      // A missing field cannot be removed; remove what holds it instead.
      const target = valueAt(document, segments) === undefined ? segments.slice(0, -1) : segments;
      if (removeAt(document, target)) {
        removed.push(formatPath(target));
        progressed = true;
      }
    }
    if (!progressed) return undefined;
  }
  return undefined;
}

/** Validates the shape of an environment and fills in defaults; throws {@link ConfigError} naming every bad field. */
export function parseEnvironment(input: unknown, label?: string): Environment {
  const result = environmentSchema.safeParse(input);
  if (result.success) return result.data;
  const name =
    label ?? (typeof (input as { name?: unknown })?.name === "string" ? (input as { name: string }).name : "(unnamed)");
  const issues: ConfigIssue[] = result.error.issues.map((issue) => {
    const segments = issue.path as PropertyKey[];
    // For unknown keys the message names them; the whole enclosing object would only be noise.
    const found = valueAt(input, segments);
    const value = issue.code === "unrecognized_keys" ? undefined : found;
    if (typeof value === "string" && /PRIVATE KEY/.test(value)) {
      // Never echo key material into a terminal or CI log.
      return { path: formatPath(segments), message: "looks like a private key; never put private keys in an environment, paste the public key (.pub) instead" };
    }
    return { path: formatPath(segments), value, message: messageFor(issue, found, environmentSchema, input) };
  });
  throw new ConfigError(name, issues);
}

/**
 * A problem with an environment file itself (missing, a folder, empty, not text, not parseable,
 * not a mapping, too deep): one line naming the file and, for syntax errors, the line and column.
 */
export class EnvironmentFileError extends Error {
  constructor(
    readonly file: string,
    readonly problem: string,
    readonly position?: { readonly line: number; readonly col: number },
  ) {
    super(`${file}${position ? `:${position.line}:${position.col}` : ""}: ${problem}`);
    this.name = "EnvironmentFileError";
  }
}

/** The file types an environment can be written in. */
export const ENVIRONMENT_FILE_EXTENSIONS: readonly string[] = [".json", ".yaml", ".yml"];

/**
 * Deeper than any real environment (the deepest shipped one nests 7 levels); a limit keeps a
 * pathological file from exhausting the stack of every recursive walk after the parse.
 */
export const MAX_ENVIRONMENT_DEPTH = 32;

/**
 * A YAML alias may expand to at most this many nodes (uses of an anchor times the nodes each use
 * expands to): a lab that merges one `&vm` defaults mapping into hundreds of VMs stays below it,
 * a "billion laughs" file needs millions.
 */
const MAX_ALIAS_COUNT = 1000;

/** A hint that turns the YAML parser's complaint into the fix, by its error code. */
const YAML_ERROR_FIXES: Readonly<Record<string, string>> = {
  DUPLICATE_KEY: "; each key may appear once in a mapping",
  TAB_AS_INDENT: "; indent with spaces (YAML forbids tabs there), e.g. two per level",
};

/** The parser's messages that would send a reader to its API, in the words of an environment file. */
const YAML_ERROR_MESSAGES: Readonly<Record<string, string>> = {
  MULTIPLE_DOCS: "holds several YAML documents (a --- line starts another); an environment is one document: remove the --- or keep one environment per file",
};

function depthOf(value: unknown, limit: number): number {
  if (value === null || typeof value !== "object") return 0;
  if (limit <= 0) return 1;
  let deepest = 0;
  for (const child of Object.values(value as Record<string, unknown>)) {
    deepest = Math.max(deepest, depthOf(child, limit - 1));
    if (deepest >= limit) break;
  }
  return deepest + 1;
}

/**
 * Parses YAML text (or JSON, which YAML 1.2 reads the same) strictly: duplicate keys and alias
 * bombs are errors. `<<: *defaults` merge keys are read as YAML 1.1 defines them (the anchored
 * mapping's fields, overridden by the ones written beside it): common in hand-written labs, and
 * JSON has no `<<` key a merge could be confused with, since .json files are checked as JSON first.
 */
function parseYamlText(file: string, text: string, merge: boolean): unknown {
  const lineCounter = new YAML.LineCounter();
  const document = YAML.parseDocument(text, { uniqueKeys: true, merge, lineCounter });
  const first = document.errors[0];
  if (first) {
    const [line, col] = first.linePos?.[0] ? [first.linePos[0].line, first.linePos[0].col] : [0, 0];
    const message = YAML_ERROR_MESSAGES[first.code] ?? first.message.split("\n")[0].replace(/ at line \d+, column \d+:?$/, "");
    throw new EnvironmentFileError(file, `${message}${YAML_ERROR_FIXES[first.code] ?? ""}`, line ? { line, col } : undefined);
  }
  // An alias of an anchor not (yet) defined is found here, with its line: resolving a merge key
  // would otherwise report it as a merge of something that is not a mapping.
  const anchors = new Set<string>();
  let unresolved: { source: string; offset: number } | undefined;
  YAML.visit(document, (_key, node) => {
    if (YAML.isAlias(node) && !anchors.has(node.source)) {
      unresolved = { source: node.source, offset: node.range?.[0] ?? 0 };
      return YAML.visit.BREAK;
    }
    if ((YAML.isScalar(node) || YAML.isCollection(node)) && node.anchor) anchors.add(node.anchor);
    return undefined;
  });
  if (unresolved) {
    const { line, col } = lineCounter.linePos(unresolved.offset);
    throw new EnvironmentFileError(file, `the alias *${unresolved.source} names no anchor defined before it; define &${unresolved.source} first (on the mapping or value to reuse), or fix the name`, { line, col });
  }
  try {
    return document.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (/Excessive alias count/.test(message)) {
      throw new EnvironmentFileError(file, `its YAML aliases expand to too many nodes (more than ${MAX_ALIAS_COUNT} per alias); write the values out instead of nesting anchors`);
    }
    // Anchors and merge keys resolve only here, after the parse: their errors carry no position.
    if (/^Merge sources/.test(message)) throw new EnvironmentFileError(file, "a merge key (<<) takes an anchored mapping, `<<: *defaults`, or a list of them, never a list of values or a scalar");
    if (/^Unresolved alias/.test(message)) throw new EnvironmentFileError(file, `${message.split("\n")[0]}; define the anchor (&name) before its alias (*name)`);
    throw new EnvironmentFileError(file, `${message.split("\n")[0]}; check the file's anchors (&name), aliases (*name) and merge keys (<<)`);
  }
}

/**
 * Reads an environment from a .json, .yaml or .yml file (same shape as environments/*.ts).
 * Returns the parsed mapping, unvalidated (parseEnvironment checks its shape).
 *
 * @throws EnvironmentFileError for every file-level problem, one line each.
 */
export function readEnvironmentFile(file: string): unknown {
  const extension = path.extname(file).toLowerCase();
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch {
    throw new EnvironmentFileError(file, "no such file; check the path, or name a shipped environment");
  }
  if (stat.isDirectory()) throw new EnvironmentFileError(file, "is a directory; pass an environment file (.json, .yaml or .yml)");
  if (!ENVIRONMENT_FILE_EXTENSIONS.includes(extension)) {
    throw new EnvironmentFileError(file, `unsupported file type "${extension}"; an environment file ends in .json, .yaml or .yml`);
  }
  const decoded = decodeTextFile(fs.readFileSync(file));
  if ("problem" in decoded) {
    const problem = /binary/.test(decoded.problem) ? "is a binary file, not JSON or YAML text; pass the environment's text file" : decoded.problem;
    throw new EnvironmentFileError(file, problem);
  }
  const text = decoded.text;
  if (text.trim() === "") throw new EnvironmentFileError(file, "is empty; an environment needs at least name, proxmox, networks, image and sshPublicKeys (npx homelab init NAME writes a starter)");

  // JSON is checked strictly first (with the line and column), then read by the YAML parser as
  // well, which rejects duplicate keys (JSON.parse silently keeps the last one).
  if (extension === ".json") {
    const syntax = jsonSyntaxError(text);
    if (syntax) throw new EnvironmentFileError(file, `not valid JSON: ${syntax.message}`, syntax);
  }
  const data = parseYamlText(file, text, extension !== ".json");
  if (data === null || typeof data !== "object" || Array.isArray(data)) {
    const found = data === null ? "nothing" : Array.isArray(data) ? "a list" : `a ${typeof data} (${JSON.stringify(data)})`;
    throw new EnvironmentFileError(file, `the top level is ${found}; an environment is a mapping of fields (name, proxmox, networks, ...)`);
  }
  if (extension !== ".json") {
    // Top-level `x-` keys are extension fields, as in Compose files: a place to define anchors
    // (`x-vm: &vm {...}`) that VMs then merge; they are not part of the environment.
    for (const key of Object.keys(data)) if (key.startsWith("x-")) delete (data as Record<string, unknown>)[key];
  }
  if (depthOf(data, MAX_ENVIRONMENT_DEPTH + 1) > MAX_ENVIRONMENT_DEPTH) {
    throw new EnvironmentFileError(file, `nests deeper than ${MAX_ENVIRONMENT_DEPTH} levels, deeper than any environment can; check for runaway indentation or generated input`);
  }
  return data;
}
