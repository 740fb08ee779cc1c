/**
 * A compact, masked attribute diff of one change: one line per changed leaf attribute.
 *
 * Sensitive values are replaced where Terraform marks them (`before_sensitive` /
 * `after_sensitive`, at any depth) before anything is formatted, so a secret never reaches a
 * string. Values that are unknown until apply (`after_unknown`) read `(known after apply)`.
 */
import type { Change } from "./plan";

/** Shown instead of any value Terraform marks sensitive. */
export const SENSITIVE_TEXT = "(sensitive value)";
/** Shown for a value that is unknown until apply. */
export const UNKNOWN_TEXT = "(known after apply)";

/** One changed leaf: `+` added, `-` removed, `~` changed. `from`/`to` are display texts. */
export interface DiffEntry {
  readonly op: "+" | "-" | "~";
  readonly path: string;
  readonly from?: string;
  readonly to?: string;
}

/** Longest value text shown before it is cut. */
export const MAX_VALUE_CHARS = 240;

type Marker = unknown;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isContainer(value: unknown): value is Record<string, unknown> | unknown[] {
  return typeof value === "object" && value !== null;
}

function isAbsent(value: unknown): boolean {
  return value === undefined || value === null;
}

function child(marker: Marker, key: string | number): Marker {
  if (marker === true || marker === false || marker === undefined || marker === null) return undefined;
  if (Array.isArray(marker)) return typeof key === "number" ? marker[key] : undefined;
  if (typeof marker === "object") return (marker as Record<string, unknown>)[key as string];
  return undefined;
}

const identifier = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/** Appends a key or index to a Terraform-style attribute path: `disk[0].size`, `tags["a b"]`. */
export function joinPath(path: string, key: string | number): string {
  if (typeof key === "number") return `${path}[${key}]`;
  if (identifier.test(key)) return path === "" ? key : `${path}.${key}`;
  return `${path}[${JSON.stringify(key)}]`;
}

/** Formats a `replace_paths` entry the same way diff paths are formatted. */
export function formatPath(steps: ReadonlyArray<string | number>): string {
  let path = "";
  for (const step of steps) path = joinPath(path, step);
  return path;
}

function cut(text: string): string {
  if (text.length <= MAX_VALUE_CHARS) return text;
  return `${text.slice(0, MAX_VALUE_CHARS)}… (${text.length} chars)`;
}

/** A copy of one (small) subtree with sensitive and unknown values replaced by their texts. */
function masked(value: unknown, sensitive: Marker, unknown: Marker): unknown {
  if (sensitive === true) return SENSITIVE_TEXT;
  if (unknown === true) return UNKNOWN_TEXT;
  if (Array.isArray(value)) return value.map((item, i) => masked(item, child(sensitive, i), child(unknown, i)));
  if (isPlainObject(value)) {
    const copy: Record<string, unknown> = {};
    for (const key of Object.keys(value)) copy[key] = masked(value[key], child(sensitive, key), child(unknown, key));
    return copy;
  }
  return value;
}

/** Display text of a value; `sensitive`/`unknown` are the markers mirroring it. */
export function formatValue(value: unknown, sensitive?: Marker, unknown?: Marker): string {
  if (sensitive === true) return SENSITIVE_TEXT;
  if (unknown === true) return UNKNOWN_TEXT;
  if (typeof value === "string") {
    return value.length > MAX_VALUE_CHARS ? `${JSON.stringify(value.slice(0, MAX_VALUE_CHARS))}… (${value.length} chars)` : JSON.stringify(value);
  }
  if (value === undefined || value === null) return "null";
  if (typeof value !== "object") return String(value);
  const text = JSON.stringify(masked(value, sensitive, unknown), (_key, v: unknown) => (v === SENSITIVE_TEXT || v === UNKNOWN_TEXT ? `\u0000${v}\u0000` : v));
  // Markers were wrapped so they print without JSON quotes: `{"password":(sensitive value)}`.
  return cut(text.replace(/"\\u0000(\([a-z ]+\))\\u0000"/g, "$1"));
}

function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (isAbsent(a) && isAbsent(b)) return true;
  if (typeof a !== "object" || typeof b !== "object") return false;
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * Walks before (`b`, marked by `bs`) and after (`a`, marked by `as`, unknowns `u`) in step.
 * `keepEmpty`: report `null` ⇄ `[]`/`{}` (an update's drift), not in creates and destroys.
 */
function walk(path: string, b: unknown, bs: Marker, a: unknown, as: Marker, u: Marker, out: DiffEntry[], keepEmpty: boolean): void {
  const afterUnknown = u === true;
  if (bs === true || as === true) {
    if (!afterUnknown && sameValue(b, a)) return;
    const from = isAbsent(b) ? undefined : SENSITIVE_TEXT;
    const to = afterUnknown ? UNKNOWN_TEXT : isAbsent(a) ? undefined : SENSITIVE_TEXT;
    emit(path, from, to, out);
    return;
  }
  if (afterUnknown) {
    emit(path, isAbsent(b) ? undefined : formatValue(b, bs), UNKNOWN_TEXT, out);
    return;
  }
  const unknownIsContainer = isContainer(u);
  if (isContainer(b) || isContainer(a) || unknownIsContainer) {
    const bothLists = (Array.isArray(b) || isAbsent(b)) && (Array.isArray(a) || (isAbsent(a) && (Array.isArray(u) || !unknownIsContainer)));
    const bothMaps = (isPlainObject(b) || isAbsent(b)) && (isPlainObject(a) || (isAbsent(a) && (isPlainObject(u) || !unknownIsContainer)));
    if (bothLists && (Array.isArray(b) || Array.isArray(a) || Array.isArray(u))) {
      const bl = Array.isArray(b) ? b : undefined;
      const al = Array.isArray(a) ? a : undefined;
      const ul = Array.isArray(u) ? u : undefined;
      const length = Math.max(bl?.length ?? 0, al?.length ?? 0, ul?.length ?? 0);
      for (let i = 0; i < length; i++) walk(joinPath(path, i), bl?.[i], child(bs, i), al?.[i], child(as, i), ul?.[i], out, keepEmpty);
      emptyChange(path, b, a, length === 0 && keepEmpty, out);
      return;
    }
    if (bothMaps) {
      const bm = isPlainObject(b) ? b : undefined;
      const am = isPlainObject(a) ? a : undefined;
      const um = isPlainObject(u) ? u : undefined;
      let keys = 0;
      if (bm) {
        for (const key in bm) {
          keys++;
          walk(joinPath(path, key), bm[key], child(bs, key), am?.[key], child(as, key), um?.[key], out, keepEmpty);
        }
      }
      if (am) {
        for (const key in am) {
          if (bm && key in bm) continue;
          keys++;
          walk(joinPath(path, key), undefined, undefined, am[key], child(as, key), um?.[key], out, keepEmpty);
        }
      }
      if (um) {
        for (const key in um) {
          if ((bm && key in bm) || (am && key in am)) continue;
          keys++;
          walk(joinPath(path, key), undefined, undefined, undefined, undefined, um[key], out, keepEmpty);
        }
      }
      emptyChange(path, b, a, keys === 0 && keepEmpty, out);
      return;
    }
  }
  if (sameValue(b, a)) return;
  emit(path, isAbsent(b) ? undefined : formatValue(b, bs), isAbsent(a) ? undefined : formatValue(a, as, u), out);
}

/** Reports `null` becoming an empty list or map (or the reverse), which has no leaves to diff. */
function emptyChange(path: string, before: unknown, after: unknown, applies: boolean, out: DiffEntry[]): void {
  if (!applies || isAbsent(before) === isAbsent(after)) return;
  emit(path, isAbsent(before) ? "null" : JSON.stringify(before), isAbsent(after) ? "null" : JSON.stringify(after), out);
}

function emit(path: string, from: string | undefined, to: string | undefined, out: DiffEntry[]): void {
  const where = path === "" ? "(value)" : path;
  if (from === undefined && to === undefined) return;
  if (from === undefined) out.push({ op: "+", path: where, to });
  else if (to === undefined) out.push({ op: "-", path: where, from });
  else out.push({ op: "~", path: where, from, to });
}

/**
 * The changed leaves of a change, masked. `root` prefixes every path (an output's name; empty
 * for a resource, whose top-level attributes become the paths).
 */
export function diffChange(change: Change, root = ""): DiffEntry[] {
  const out: DiffEntry[] = [];
  const keepEmpty = !isAbsent(change.before) && !isAbsent(change.after);
  walk(root, change.before, change.before_sensitive, change.after, change.after_sensitive, change.after_unknown, out, keepEmpty);
  return out;
}

/** The changed leaves under one top-level attribute of a resource (e.g. a VM's `disk`). */
export function diffAttribute(change: Change, attribute: string): DiffEntry[] {
  const out: DiffEntry[] = [];
  const pick = (value: unknown): unknown => (isPlainObject(value) ? value[attribute] : undefined);
  walk(attribute, pick(change.before), child(change.before_sensitive, attribute), pick(change.after), child(change.after_sensitive, attribute), child(change.after_unknown, attribute), out, true);
  return out;
}

/** One diff line; never starts with a backtick or tilde fence, so it cannot close a code block. */
export function formatEntry(entry: DiffEntry, forcesReplacement: boolean): string {
  const note = forcesReplacement ? "   # forces replacement" : "";
  if (entry.op === "+") return `+ ${entry.path}: ${entry.to}${note}`;
  if (entry.op === "-") return `- ${entry.path}: ${entry.from}${note}`;
  return `~ ${entry.path}: ${entry.from} → ${entry.to}${note}`;
}
