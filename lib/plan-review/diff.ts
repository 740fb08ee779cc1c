/**
 * A masked attribute diff of one change, one entry per changed leaf attribute, printed in the
 * lines GitHub colours in a ```diff block: `+` added, `-` removed, `!` changed.
 *
 * Sensitive values are replaced where Terraform marks them (`before_sensitive` /
 * `after_sensitive`, at any depth), where the attribute's name says secret (plans of older
 * Terraform carry no markers; see {@link DEFAULT_SECRET_PATTERNS}) and where a string holds a
 * PEM private key, before anything is formatted, so a secret never reaches a string. Values
 * unknown until apply (`after_unknown`) read `(known after apply)`.
 *
 * Readability, the way Terraform prints a plan:
 * - multi-line strings (cloud-init, scripts, YAML) are diffed line by line, unchanged runs folded;
 * - JSON strings are pretty-printed with sorted keys and diffed the same way, so a change reads by key;
 * - lists of objects are matched by content, not position: without provider schemas a set-typed
 *   block cannot be told from a list, and an unchanged block must not look changed because another
 *   one before it was added or removed. A reordered list of objects therefore shows no change.
 */
import { diffArrays } from "diff";
import type { Change } from "./plan";

/** Shown instead of any value Terraform marks sensitive or this renderer masks. */
export const SENSITIVE_TEXT = "(sensitive value)";
/** Shown for a value that is unknown until apply. */
export const UNKNOWN_TEXT = "(known after apply)";

/**
 * Attribute and output names whose values are masked even without a sensitivity marker
 * (case-insensitive regular expressions, matched anywhere in the name). Override with
 * `homelab plan-comment --secret-pattern` (see docs/plan-review.md).
 */
export const DEFAULT_SECRET_PATTERNS: readonly string[] = [
  "passw(or)?d",
  "passphrase",
  "secret",
  "token",
  "private_?key",
  "api_?key",
  "access_?key",
  "credential",
  "client_key",
  "kubeconfig",
];

/** A PEM block of a private key anywhere in a string. */
const PEM_PRIVATE_KEY = /-----BEGIN [A-Z0-9 ]*PRIVATE KEY( BLOCK)?-----/;

/** How values are masked beyond Terraform's own markers. */
export interface MaskOptions {
  /**
   * Name patterns whose values are masked.
   * @default DEFAULT_SECRET_PATTERNS
   */
  readonly secretPatterns?: readonly string[];
}

/** The compiled name rule of {@link MaskOptions}; undefined masks by markers alone. */
export function secretNameRule(options: MaskOptions = {}): RegExp | undefined {
  const patterns = options.secretPatterns ?? DEFAULT_SECRET_PATTERNS;
  if (patterns.length === 0) return undefined;
  return new RegExp(patterns.map((p) => `(?:${p})`).join("|"), "i");
}

/** A multi-line value shown as a line diff under its entry. */
export interface DiffBlock {
  /** Opens the value: `<<EOT` or `jsonencode(`. */
  readonly open: string;
  readonly close: string;
  /** Lines, each starting with `+`, `-` or four spaces. */
  readonly lines: readonly string[];
}

/** One changed leaf. `from`/`to` are display texts; `block` replaces them for multi-line values. */
export interface DiffEntry {
  readonly op: "+" | "-" | "!";
  readonly path: string;
  readonly from?: string;
  readonly to?: string;
  readonly block?: DiffBlock;
}

/** Longest value text shown before it is cut. */
export const MAX_VALUE_CHARS = 240;
/** Unchanged lines kept around each change in a multi-line diff. */
export const CONTEXT_LINES = 3;
/** Lines of one multi-line value shown before the rest is cut. */
export const MAX_BLOCK_LINES = 200;

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
  // `true` marks the whole value (a resource Terraform marks sensitive as a whole, an unknown
  // object): every part of it is marked too, or its attributes would print in clear text.
  if (marker === true) return true;
  if (marker === false || marker === undefined || marker === null) return undefined;
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

function isSecretString(value: unknown): boolean {
  // A PEM block is at least its two armour lines long; shorter strings need no search.
  return typeof value === "string" && value.length > 60 && value.includes("-----BEGIN") && PEM_PRIVATE_KEY.test(value);
}

/** Tests attribute names against a secret-name rule, remembering the answers: names repeat across resources. */
class SecretNames {
  private readonly seen = new Map<string, boolean>();
  constructor(readonly rule: RegExp | undefined) {}

  test(name: string): boolean {
    if (this.rule === undefined) return false;
    let answer = this.seen.get(name);
    if (answer === undefined) {
      answer = this.rule.test(name);
      this.seen.set(name, answer);
    }
    return answer;
  }
}

const cachedRules = new WeakMap<RegExp, SecretNames>();

/** One {@link SecretNames} per rule, so a whole comment shares its answers. */
function secretNames(rule: RegExp | undefined): SecretNames {
  if (rule === undefined) return noSecretNames;
  let names = cachedRules.get(rule);
  if (!names) {
    names = new SecretNames(rule);
    cachedRules.set(rule, names);
  }
  return names;
}

const noSecretNames = new SecretNames(undefined);

/** A copy of one (small) subtree with sensitive, secret-named and unknown values replaced by their texts. */
function masked(value: unknown, sensitive: Marker, unknown: Marker, secret: SecretNames): unknown {
  if (sensitive === true || isSecretString(value)) return SENSITIVE_TEXT;
  if (unknown === true) return UNKNOWN_TEXT;
  if (Array.isArray(value)) return value.map((item, i) => masked(item, child(sensitive, i), child(unknown, i), secret));
  if (isPlainObject(value)) {
    const copy: Record<string, unknown> = {};
    for (const key of Object.keys(value)) {
      const hidden = secret.test(key) && !isAbsent(value[key]);
      copy[key] = masked(value[key], hidden ? true : child(sensitive, key), child(unknown, key), secret);
    }
    return copy;
  }
  return value;
}

/** Display text of a value; `sensitive`/`unknown` are the markers mirroring it. */
export function formatValue(value: unknown, sensitive?: Marker, unknown?: Marker, secret?: RegExp): string {
  if (sensitive === true || isSecretString(value)) return SENSITIVE_TEXT;
  if (unknown === true) return UNKNOWN_TEXT;
  if (typeof value === "string") {
    return value.length > MAX_VALUE_CHARS ? `${JSON.stringify(value.slice(0, MAX_VALUE_CHARS))}… (${value.length} chars)` : JSON.stringify(value);
  }
  if (value === undefined || value === null) return "null";
  if (typeof value !== "object") return String(value);
  const text = JSON.stringify(masked(value, sensitive, unknown, secretNames(secret)), (_key, v: unknown) => (v === SENSITIVE_TEXT || v === UNKNOWN_TEXT ? `\u0000${v}\u0000` : v));
  // Markers were wrapped so they print without JSON quotes: `{"password":(sensitive value)}`.
  return cut(text.replace(/"\\u0000(\([a-z ]+\))\\u0000"/g, "$1"));
}

function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (isAbsent(a) && isAbsent(b)) return true;
  if (typeof a !== "object" || typeof b !== "object") return false;
  return JSON.stringify(a) === JSON.stringify(b);
}

/** JSON text with object keys sorted at every level, so equal content gives equal text. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (!isPlainObject(v)) return v;
    const sorted: Record<string, unknown> = {};
    for (const key of Object.keys(v).sort()) sorted[key] = v[key];
    return sorted;
  });
}

interface Walk {
  readonly out: DiffEntry[];
  /** Report `null` ⇄ `[]`/`{}` (an update's drift), not in creates and destroys. */
  readonly keepEmpty: boolean;
  readonly secret: RegExp | undefined;
  readonly names: SecretNames;
}

/** Walks before (`b`, marked by `bs`) and after (`a`, marked by `as`, unknowns `u`) in step. */
function walk(path: string, b: unknown, bs: Marker, a: unknown, as: Marker, u: Marker, w: Walk): void {
  const afterUnknown = u === true;
  if (bs === true || as === true || isSecretString(b) || isSecretString(a)) {
    if (!afterUnknown && sameValue(b, a)) return;
    const from = isAbsent(b) ? undefined : SENSITIVE_TEXT;
    const to = afterUnknown ? UNKNOWN_TEXT : isAbsent(a) ? undefined : SENSITIVE_TEXT;
    emit(path, from, to, w.out);
    return;
  }
  if (afterUnknown) {
    emit(path, isAbsent(b) ? undefined : formatValue(b, bs, undefined, w.secret), UNKNOWN_TEXT, w.out);
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
      if (bl && al && isObjectList(bl) && isObjectList(al)) {
        walkObjectSet(path, bl, bs, al, as, ul, w);
        return;
      }
      const length = Math.max(bl?.length ?? 0, al?.length ?? 0, ul?.length ?? 0);
      for (let i = 0; i < length; i++) walk(joinPath(path, i), bl?.[i], child(bs, i), al?.[i], child(as, i), ul?.[i], w);
      emptyChange(path, b, a, length === 0 && w.keepEmpty, w.out);
      return;
    }
    if (bothMaps) {
      const keys = walkMap(path, isPlainObject(b) ? b : undefined, bs, isPlainObject(a) ? a : undefined, as, isPlainObject(u) ? u : undefined, w);
      emptyChange(path, b, a, keys === 0 && w.keepEmpty, w.out);
      return;
    }
  }
  if (sameValue(b, a)) return;
  if ((typeof b === "string" || isAbsent(b)) && (typeof a === "string" || isAbsent(a))) {
    const block = stringBlock(b as string | undefined, a as string | undefined, w.names);
    if (block) {
      w.out.push({ op: isAbsent(b) ? "+" : isAbsent(a) ? "-" : "!", path: path === "" ? "(value)" : path, block });
      return;
    }
  }
  emit(path, isAbsent(b) ? undefined : formatValue(b, bs, undefined, w.secret), isAbsent(a) ? undefined : formatValue(a, as, u, w.secret), w.out);
}

/** Walks the keys of two maps; returns how many keys there were. */
function walkMap(
  path: string,
  bm: Record<string, unknown> | undefined,
  bs: Marker,
  am: Record<string, unknown> | undefined,
  as: Marker,
  um: Record<string, unknown> | undefined,
  w: Walk,
  changed?: Set<string>,
): number {
  let keys = 0;
  const visit = (key: string, b: unknown, a: unknown, u: unknown): void => {
    keys++;
    const secret = w.names.test(key);
    const before = w.out.length;
    walk(joinPath(path, key), b, secret ? true : child(bs, key), a, secret ? true : child(as, key), u, w);
    if (changed && w.out.length > before) changed.add(key);
  };
  if (bm) for (const key in bm) visit(key, bm[key], am?.[key], um?.[key]);
  if (am) {
    for (const key in am) {
      if (bm && key in bm) continue;
      visit(key, undefined, am[key], um?.[key]);
    }
  }
  if (um) {
    for (const key in um) {
      if ((bm && key in bm) || (am && key in am)) continue;
      visit(key, undefined, undefined, um[key]);
    }
  }
  return keys;
}

function isObjectList(list: readonly unknown[]): boolean {
  return list.length > 0 && list.every(isPlainObject);
}

/**
 * Two lists of objects, matched by content: equal elements (at any position) are unchanged; the
 * rest are paired in order and diffed, and what is left over is added or removed. Paths use the
 * after index (the before index for removed elements).
 */
function walkObjectSet(path: string, bl: readonly unknown[], bs: Marker, al: readonly unknown[], as: Marker, ul: readonly unknown[] | undefined, w: Walk): void {
  if (bl.length === al.length) {
    // Same length: by position first, which is right for a single block and for anything unchanged.
    const mark = w.out.length;
    for (let i = 0; i < bl.length; i++) walk(joinPath(path, i), bl[i], child(bs, i), al[i], child(as, i), ul?.[i], w);
    if (w.out.length === mark || bl.length === 1) return;
    w.out.length = mark;
  }
  const settled = (j: number): boolean => ul?.[j] === undefined || ul[j] === false || (isPlainObject(ul[j]) && Object.keys(ul[j] as object).length === 0);
  // Elements equal at the same position need no content matching (the common case).
  const leftBefore: number[] = [];
  const leftAfter: number[] = [];
  const length = Math.max(bl.length, al.length);
  for (let i = 0; i < length; i++) {
    if (i < bl.length && i < al.length && settled(i) && sameValue(bl[i], al[i])) continue;
    if (i < bl.length) leftBefore.push(i);
    if (i < al.length) leftAfter.push(i);
  }
  let pairs: Array<[number, number]> = [];
  let removed = leftBefore;
  let added = leftAfter;
  if (leftBefore.length > 1 || leftAfter.length > 1) {
    // Match what is left by content: an element that only moved is unchanged.
    const byContent = new Map<string, number[]>();
    for (const j of leftAfter) {
      if (!settled(j)) continue;
      const key = canonical(al[j]);
      byContent.set(key, [...(byContent.get(key) ?? []), j]);
    }
    const matched = new Set<number>();
    removed = [];
    for (const i of leftBefore) {
      const j = byContent.get(canonical(bl[i]))?.shift();
      if (j === undefined) removed.push(i);
      else matched.add(j);
    }
    added = leftAfter.filter((j) => !matched.has(j));
  }
  const paired = Math.min(removed.length, added.length);
  pairs = removed.slice(0, paired).map((i, k) => [i, added[k]]);
  for (const [i, j] of pairs) walk(joinPath(path, j), bl[i], child(bs, i), al[j], child(as, j), ul?.[j], w);
  for (const i of removed.slice(paired)) walk(joinPath(path, i), bl[i], child(bs, i), undefined, undefined, undefined, w);
  for (const j of added.slice(paired)) walk(joinPath(path, j), undefined, undefined, al[j], child(as, j), ul?.[j], w);
}

/** True when the first non-blank character opens a JSON object or array. */
function looksLikeJson(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 32 || c === 9 || c === 10 || c === 13) continue;
    return c === 123 || c === 91;
  }
  return false;
}

/** Parses a string that holds a JSON object or array; undefined for anything else. */
function parseJsonString(text: string): unknown {
  if (!looksLikeJson(text)) return undefined;
  try {
    const value: unknown = JSON.parse(text);
    return isContainer(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A JSON value in the layout Terraform uses inside `jsonencode(...)`: one key or element per line,
 * keys sorted, `key = value` without commas and a comma after every list element, so adding an
 * element or a key changes only its own line.
 */
function pretty(value: unknown, secret: SecretNames): string[] {
  const lines: string[] = [];
  const put = (v: unknown, indent: string, lead: string, tail: string): void => {
    if (Array.isArray(v) && v.length > 0) {
      lines.push(`${indent}${lead}[`);
      for (const item of v) put(item, `${indent}  `, "", ",");
      lines.push(`${indent}]${tail}`);
    } else if (isPlainObject(v) && Object.keys(v).length > 0) {
      lines.push(`${indent}${lead}{`);
      for (const key of Object.keys(v).sort()) put(v[key], `${indent}  `, `${identifier.test(key) ? key : JSON.stringify(key)} = `, "");
      lines.push(`${indent}}${tail}`);
    } else {
      const text = v === SENSITIVE_TEXT || v === UNKNOWN_TEXT ? v : JSON.stringify(v);
      lines.push(`${indent}${lead}${text}${tail}`);
    }
  };
  put(masked(value, undefined, undefined, secret), "", "", "");
  return lines;
}

/**
 * A line diff of two strings when either holds several lines or both (present ones) hold JSON:
 * like Terraform's heredoc and `jsonencode(...)` diffs. Undefined for plain one-line strings.
 */
function stringBlock(before: string | undefined, after: string | undefined, secret: SecretNames): DiffBlock | undefined {
  const plain = (s: string | undefined): boolean => typeof s !== "string" || (!s.includes("\n") && !looksLikeJson(s));
  if (plain(before) && plain(after)) return undefined;
  const present = [before, after].filter((s): s is string => typeof s === "string");
  const parsed = present.map(parseJsonString);
  if (parsed.every((value) => value !== undefined)) {
    const [b, a] = [before, after].map((s) => (s === undefined || s === null ? [] : pretty(parseJsonString(s), secret)));
    return { open: "jsonencode(", close: ")", lines: lineDiff(b, a) };
  }
  if (!present.some((s) => s.includes("\n"))) return undefined;
  const split = (s: string | undefined): string[] => (s === undefined || s === null ? [] : s.replace(/\n$/, "").split("\n"));
  return { open: "<<EOT", close: "EOT", lines: lineDiff(split(before), split(after)) };
}

/** Line diff with unchanged runs folded to {@link CONTEXT_LINES} around each change. */
export function lineDiff(before: readonly string[], after: readonly string[]): string[] {
  const lines: string[] = [];
  // A value created or destroyed is all added or all removed lines: no diff to compute.
  const parts =
    before.length === 0 || after.length === 0
      ? [{ added: after.length > 0, removed: before.length > 0, value: before.length > 0 ? before : after }]
      : diffArrays(before as string[], after as string[]);
  parts.forEach((part, index) => {
    if (part.added || part.removed) {
      for (const line of part.value) lines.push(`${part.added ? "+" : "-"}   ${line}`);
      return;
    }
    const keepHead = index === 0 ? 0 : CONTEXT_LINES;
    const keepTail = index === parts.length - 1 ? 0 : CONTEXT_LINES;
    const value = part.value;
    if (value.length <= keepHead + keepTail + 1) {
      for (const line of value) lines.push(`    ${line}`);
      return;
    }
    for (const line of value.slice(0, keepHead)) lines.push(`    ${line}`);
    const folded = value.length - keepHead - keepTail;
    lines.push(`    # (${folded} unchanged line${folded === 1 ? "" : "s"} hidden)`);
    for (const line of value.slice(value.length - keepTail)) lines.push(`    ${line}`);
  });
  if (lines.length > MAX_BLOCK_LINES) {
    const left = lines.length - MAX_BLOCK_LINES;
    lines.length = MAX_BLOCK_LINES;
    lines.push(`    # (${left} more line${left === 1 ? "" : "s"} not shown)`);
  }
  return lines;
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
  else out.push({ op: "!", path: where, from, to });
}

/** A change's diff entries and, for an object changed in place, what it leaves out. */
export interface ChangeDiff {
  readonly entries: DiffEntry[];
  /** Unchanged identifying attributes (name, id, vm_id) shown as context, like Terraform. */
  readonly context: ReadonlyArray<readonly [string, string]>;
  /** Unchanged top-level attributes not shown. */
  readonly hidden: number;
}

/** Unchanged attributes Terraform-style diffs keep as context. */
export const IDENTIFYING_ATTRIBUTES: readonly string[] = ["id", "name", "vm_id"];

/**
 * The changed leaves of a change, masked. `root` prefixes every path (an output's name, which is
 * itself checked against the secret names; empty for a resource, whose top-level attributes
 * become the paths).
 */
export function diffChange(change: Change, root = "", options: MaskOptions = {}): DiffEntry[] {
  return describeChange(change, root, options).entries;
}

/** {@link diffChange} with the unchanged context and hidden count of an in-place object. */
export function describeChange(change: Change, root = "", options: MaskOptions = {}, rule?: RegExp | null): ChangeDiff {
  // `rule` is the compiled name rule when the caller has one (null: none); else it comes from `options`.
  const secret = rule === undefined ? secretNameRule(options) : (rule ?? undefined);
  const out: DiffEntry[] = [];
  const keepEmpty = !isAbsent(change.before) && !isAbsent(change.after);
  const w: Walk = { out, keepEmpty, secret, names: secretNames(secret) };
  const { before, after, after_unknown: unknown } = change;
  const rootSecret = root !== "" && w.names.test(root);
  if (root === "" && keepEmpty && isPlainObject(before) && isPlainObject(after) && (isAbsent(unknown) || isPlainObject(unknown) || unknown === false)) {
    const changed = new Set<string>();
    const total = walkMap("", before, change.before_sensitive, after, change.after_sensitive, isPlainObject(unknown) ? unknown : undefined, w, changed);
    const context: Array<readonly [string, string]> = [];
    for (const key of IDENTIFYING_ATTRIBUTES) {
      const value = after[key] ?? before[key];
      if (changed.has(key) || isAbsent(value) || !(key in before)) continue;
      context.push([key, formatValue(value, child(change.after_sensitive, key) ?? child(change.before_sensitive, key), undefined, secret)]);
    }
    return { entries: out, context, hidden: total - changed.size - context.length };
  }
  walk(root, before, rootSecret ? true : change.before_sensitive, after, rootSecret ? true : change.after_sensitive, unknown, w);
  return { entries: out, context: [], hidden: 0 };
}

/** The changed leaves under one top-level attribute of a resource (e.g. a VM's `disk`). */
export function diffAttribute(change: Change, attribute: string): DiffEntry[] {
  const out: DiffEntry[] = [];
  const pick = (value: unknown): unknown => (isPlainObject(value) ? value[attribute] : undefined);
  walk(attribute, pick(change.before), child(change.before_sensitive, attribute), pick(change.after), child(change.after_sensitive, attribute), child(change.after_unknown, attribute), { out, keepEmpty: true, secret: undefined, names: noSecretNames });
  return out;
}

/**
 * The diff lines of one entry. No line starts with a backtick or tilde fence or with fewer than
 * four spaces before content, so none can close the code block it is printed in.
 */
export function formatEntryLines(entry: DiffEntry, forcesReplacement: boolean): string[] {
  const note = forcesReplacement ? "   # forces replacement" : "";
  if (entry.block) {
    return [`${entry.op} ${entry.path}: ${entry.block.open}${note}`, ...entry.block.lines, `  ${entry.block.close}`];
  }
  if (entry.op === "+") return [`+ ${entry.path}: ${entry.to}${note}`];
  if (entry.op === "-") return [`- ${entry.path}: ${entry.from}${note}`];
  return [`! ${entry.path}: ${entry.from} -> ${entry.to}${note}`];
}

/** {@link formatEntryLines} joined into one text. */
export function formatEntry(entry: DiffEntry, forcesReplacement: boolean): string {
  return formatEntryLines(entry, forcesReplacement).join("\n");
}
