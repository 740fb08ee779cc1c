import * as fs from "fs";
import * as path from "path";
import YAML from "yaml";

const fixtures = path.join(__dirname, "..", "fixtures");

/** The small valid environment every invalid-environment rule breaks one thing of. */
export const MINIMAL_ENVIRONMENT_FILE = path.join(fixtures, "environments", "minimal.yaml");

/** The folder holding one rule file per validation rule. */
export const INVALID_ENVIRONMENTS_DIR = path.join(fixtures, "invalid-environments");

/**
 * Changes to a document, addressed by JSON pointers (RFC 6901: `/cluster/servers/0`, `~1` for `/`).
 * `set` replaces or adds the value at each pointer (its parent must exist); `delete` removes an
 * existing key or array element.
 */
export interface EnvironmentPatch {
  readonly set?: Readonly<Record<string, unknown>>;
  readonly delete?: readonly string[];
}

/** One file of test/fixtures/invalid-environments: what it breaks, how, and the message it must be rejected with. */
export interface InvalidEnvironmentRule {
  readonly description: string;
  readonly patch: EnvironmentPatch;
  /** A regular expression the validation error's message must match. */
  readonly expect: string;
}

function segmentsOf(pointer: string): string[] {
  if (!pointer.startsWith("/")) throw new Error(`"${pointer}" is not a JSON pointer; start it with "/"`);
  return pointer.slice(1).split("/").map((segment) => segment.replace(/~1/g, "/").replace(/~0/g, "~"));
}

/** The container holding the pointer's last segment, and that segment; throws naming the pointer when the parent is missing. */
function parentOf(document: unknown, pointer: string): { parent: Record<string, unknown> | unknown[]; key: string } {
  const segments = segmentsOf(pointer);
  const key = segments.pop()!;
  let current: unknown = document;
  for (const segment of segments) {
    if (current === null || typeof current !== "object" || !(segment in current)) {
      throw new Error(`${pointer}: "${segment}" does not exist in the document`);
    }
    current = (current as Record<string, unknown>)[segment];
  }
  if (current === null || typeof current !== "object") throw new Error(`${pointer}: the parent is not an object or array`);
  return { parent: current as Record<string, unknown> | unknown[], key };
}

/** A patched deep copy of `document`; the original is left as it was. */
export function applyPatch<T>(document: T, patch: EnvironmentPatch): T {
  const copy = structuredClone(document);
  for (const [pointer, value] of Object.entries(patch.set ?? {})) {
    const { parent, key } = parentOf(copy, pointer);
    (parent as Record<string, unknown>)[key] = structuredClone(value);
  }
  for (const pointer of patch.delete ?? []) {
    const { parent, key } = parentOf(copy, pointer);
    if (!(key in parent)) throw new Error(`${pointer}: nothing to delete`);
    if (Array.isArray(parent)) parent.splice(Number(key), 1);
    else delete parent[key];
  }
  return copy;
}

/** The file names (`duplicate-ip.yaml`, ...) of every invalid-environment rule. */
export function invalidEnvironmentRuleFiles(): string[] {
  return fs.readdirSync(INVALID_ENVIRONMENTS_DIR).filter((file) => file.endsWith(".yaml")).sort();
}

/** Reads one rule file; throws naming the file when a field is missing. */
export function readInvalidEnvironmentRule(file: string): InvalidEnvironmentRule {
  const full = path.isAbsolute(file) ? file : path.join(INVALID_ENVIRONMENTS_DIR, file);
  const rule = YAML.parse(fs.readFileSync(full, "utf8")) as Partial<InvalidEnvironmentRule> | null;
  for (const field of ["description", "patch", "expect"] as const) {
    if (!rule?.[field]) throw new Error(`${full}: needs "${field}" (see test/support/invalid-environments.ts)`);
  }
  return rule as InvalidEnvironmentRule;
}

/** The minimal environment with a rule's patch applied, as YAML text (what a user would hand to `homelab validate`). */
export function invalidEnvironmentYaml(file: string): string {
  const minimal = YAML.parse(fs.readFileSync(MINIMAL_ENVIRONMENT_FILE, "utf8")) as unknown;
  return YAML.stringify(applyPatch(minimal, readInvalidEnvironmentRule(file).patch));
}
