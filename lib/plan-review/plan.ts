/**
 * The subset of Terraform's machine-readable plan (`terraform show -json PLANFILE`) that plan
 * review reads, and a loader that checks just enough of its shape to fail with a clear message.
 *
 * Format reference: https://developer.hashicorp.com/terraform/internals/json-format
 */

import { jsonSyntaxError } from "../config/json-position";

/** One element of a change's `actions` list (a later Terraform may write others). */
export type PlanAction = "no-op" | "create" | "read" | "update" | "delete" | "forget" | (string & {});

/** Before/after values of one object plus the markers Terraform records beside them. */
export interface Change {
  readonly actions: readonly PlanAction[];
  readonly before?: unknown;
  readonly after?: unknown;
  /** Mirrors `after`; `true` marks a value that is only known after apply. */
  readonly after_unknown?: unknown;
  /** Mirrors `before`; `true` marks a sensitive value (present in clear in `before`). */
  readonly before_sensitive?: unknown;
  /** Mirrors `after`; `true` marks a sensitive value (present in clear in `after`). */
  readonly after_sensitive?: unknown;
  /** Attribute paths whose change forces the replacement. */
  readonly replace_paths?: ReadonlyArray<ReadonlyArray<string | number>>;
  readonly importing?: { readonly id?: string; readonly identity?: unknown };
}

/** An entry of `resource_changes` or `resource_drift`. */
export interface ResourceChange {
  /** Absent in `resource_drift` of plans written by Terraform 1.0.x; {@link checkPlan} composes it. */
  readonly address: string;
  /** `count` index (number) or `for_each` key (string). */
  readonly index?: string | number;
  readonly previous_address?: string;
  readonly module_address?: string;
  readonly mode?: "managed" | "data";
  readonly type: string;
  readonly name?: string;
  readonly deposed?: string;
  readonly change: Change;
  readonly action_reason?: string;
}

/** The top level of `terraform show -json PLANFILE`. */
export interface TerraformPlan {
  readonly format_version?: string;
  readonly terraform_version?: string;
  readonly resource_changes?: readonly ResourceChange[];
  readonly resource_drift?: readonly ResourceChange[];
  readonly output_changes?: Readonly<Record<string, Change>>;
  readonly deferred_changes?: ReadonlyArray<{ readonly reason?: string; readonly resource_change?: ResourceChange }>;
  readonly planned_values?: { readonly outputs?: Readonly<Record<string, OutputValue>> };
  readonly prior_state?: { readonly values?: { readonly root_module?: StateModule; readonly outputs?: Readonly<Record<string, OutputValue>> } };
  readonly errored?: boolean;
  readonly complete?: boolean;
}

/** An output in `planned_values.outputs` or `prior_state.values.outputs`. */
export interface OutputValue {
  readonly sensitive?: boolean;
  readonly value?: unknown;
}

/** A module in `prior_state.values`. */
export interface StateModule {
  readonly resources?: ReadonlyArray<{ readonly address: string; readonly type: string; readonly mode?: string; readonly values?: unknown }>;
  readonly child_modules?: readonly StateModule[];
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

const showJsonHint = "pass the output of `terraform show -json PLANFILE`";

/** Top-level fields only a plan has (a state has "values"); every plan has at least planned_values. */
const PLAN_FIELDS = ["planned_values", "resource_changes", "output_changes", "resource_drift", "prior_state", "errored", "configuration", "applyable"] as const;

/**
 * Where the JSON first goes wrong, as line and column, and whether it simply stops (a truncated
 * file); JSON.parse's own message when the position cannot be found.
 */
function syntaxErrorOf(text: string, error: unknown): string {
  // JSON.parse quotes the text around the error (`Unexpected token 'x', "…" is not valid JSON`):
  // keep its first clause only, on one line, so no value of the plan is echoed.
  const why = (error instanceof Error ? error.message : String(error)).split(/, "|\n/)[0];
  let found: ReturnType<typeof jsonSyntaxError>;
  try {
    found = jsonSyntaxError(text);
  } catch {
    // Nesting deep enough to exhaust the stack: JSON.parse's message is all there is.
    return why;
  }
  if (!found) return why;
  const truncated = /unexpected end of input/.test(found.message) ? "; the file ends early, it may be truncated" : "";
  return `line ${found.line}, column ${found.col}: ${found.message}${truncated}`;
}

/**
 * Parses a plan and checks its top-level shape. `source` names the input in error messages (usually
 * its path). Single entries are checked later, by {@link checkPlan}: one malformed entry is
 * reported and skipped, never a reason to refuse the whole plan. The values are used as parsed,
 * never copied: plans of thousands of resources stay cheap.
 */
export function parsePlan(text: string, source: string): TerraformPlan {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    const newline = text.indexOf("\n");
    const firstLine = newline < 0 ? text : text.slice(0, newline);
    if (/^\s*\{.*"@level"/.test(firstLine)) {
      throw new Error(`${source} is the log stream of \`terraform plan -json\`, not a plan; save the plan with \`terraform plan -out=PLANFILE\` and ${showJsonHint}.`);
    }
    if (text.trim() === "") throw new Error(`${source} is empty; ${showJsonHint} (did the command that wrote it fail?).`);
    throw new Error(`${source} is not JSON (${syntaxErrorOf(text, error)}); ${showJsonHint} (the binary plan file cannot be read directly).`);
  }
  if (!isObject(data)) throw new Error(`${source} does not hold a JSON object; ${showJsonHint}.`);
  if (!("format_version" in data) && !("resource_changes" in data) && !("planned_values" in data) && !("errored" in data)) {
    throw new Error(`${source} does not look like a Terraform plan (no format_version, planned_values or resource_changes); ${showJsonHint}.`);
  }
  // `terraform show -json` without a plan file prints the state: "values", or only the versions
  // when there is no state yet. Rendered as a plan, it would read as "no changes".
  if (!PLAN_FIELDS.some((field) => field in data)) {
    const what = "values" in data ? "a Terraform state (\"values\"), not a plan" : "no plan, only versions (an empty state?)";
    throw new Error(`${source} holds ${what}; write the plan with \`terraform plan -out=PLANFILE\` and ${showJsonHint}.`);
  }
  for (const field of ["resource_changes", "resource_drift"] as const) {
    const list = data[field];
    if (list !== undefined && list !== null && !Array.isArray(list)) throw new Error(`${source}: "${field}" is not a list; ${showJsonHint}.`);
  }
  if (data.output_changes !== undefined && data.output_changes !== null && !isObject(data.output_changes)) {
    throw new Error(`${source}: "output_changes" is not an object; ${showJsonHint}.`);
  }
  return data as TerraformPlan;
}

/** What {@link checkPlan} found: the plan to render and what the comment must say about it. */
export interface CheckedPlan {
  /** The plan with malformed entries left out and missing addresses composed. */
  readonly plan: TerraformPlan;
  /** One sentence per entry that was skipped, naming where it sits in the plan. */
  readonly skipped: readonly string[];
  /** Things the reviewer must know before trusting the rendering (an unknown format version). */
  readonly warnings: readonly string[];
}

/** Plan JSON format major version this renderer reads. */
export const SUPPORTED_FORMAT_MAJOR = 1;

/**
 * The address of a resource instance from its parts, as Terraform writes it:
 * `module.a.data.type.name["key"]`, `type.name[0]`.
 */
export function composeAddress(entry: { module_address?: unknown; mode?: unknown; type?: unknown; name?: unknown; index?: unknown }): string | undefined {
  if (typeof entry.type !== "string" || typeof entry.name !== "string" || entry.type === "" || entry.name === "") return undefined;
  let address = `${entry.mode === "data" ? "data." : ""}${entry.type}.${entry.name}`;
  if (typeof entry.index === "number") address += `[${entry.index}]`;
  else if (typeof entry.index === "string") address += `[${JSON.stringify(entry.index)}]`;
  if (typeof entry.module_address === "string" && entry.module_address !== "") address = `${entry.module_address}.${address}`;
  return address;
}

function isActionList(value: unknown): value is string[] {
  return Array.isArray(value) && value.length > 0 && value.every((action) => typeof action === "string");
}

function isPath(value: unknown): value is Array<string | number> {
  return Array.isArray(value) && value.every((step) => typeof step === "string" || typeof step === "number");
}

/**
 * The entry with its address, and with optional fields of the wrong type dropped or turned into
 * text, so one odd field is shown as well as it can be instead of stopping the comment. Returns
 * the parsed object itself when nothing needed fixing (the common case: no copy).
 */
function tidy(entry: Record<string, unknown>, address: string, change: Record<string, unknown>): ResourceChange {
  const fixes: Record<string, unknown> = {};
  const changeFixes: Record<string, unknown> = {};
  let changed = address !== entry.address;
  for (const key of ["action_reason", "module_address", "previous_address"] as const) {
    if (entry[key] !== undefined && typeof entry[key] !== "string") {
      fixes[key] = undefined;
      changed = true;
    }
  }
  if (entry.deposed !== undefined && typeof entry.deposed !== "string") {
    fixes.deposed = String(entry.deposed);
    changed = true;
  }
  const paths = change.replace_paths;
  if (paths !== undefined && paths !== null && !(Array.isArray(paths) && paths.every(isPath))) {
    changeFixes.replace_paths = Array.isArray(paths) ? paths.filter(isPath) : undefined;
  }
  const importing = change.importing;
  if (importing !== undefined && importing !== null) {
    if (!isObject(importing)) changeFixes.importing = {};
    else if (importing.id !== undefined && typeof importing.id !== "string") changeFixes.importing = { ...importing, id: String(importing.id) };
  }
  if (Object.keys(changeFixes).length > 0) {
    fixes.change = { ...change, ...changeFixes };
    changed = true;
  }
  if (!changed) return entry as unknown as ResourceChange;
  return { ...entry, address, ...fixes } as unknown as ResourceChange;
}

function checkEntries(list: readonly unknown[] | undefined, field: string, skipped: string[]): ResourceChange[] | undefined {
  if (!list) return undefined;
  let kept: ResourceChange[] | undefined;
  for (let i = 0; i < list.length; i++) {
    const entry = list[i];
    let fixed: ResourceChange | undefined;
    let problem: string | undefined;
    if (!isObject(entry)) {
      problem = `${field}[${i}] is not an object`;
    } else {
      const address = typeof entry.address === "string" && entry.address !== "" ? entry.address : composeAddress(entry);
      if (address === undefined) problem = `${field}[${i}] has no "address" and no type and name to compose one from`;
      else if (!isObject(entry.change) || !isActionList(entry.change.actions)) problem = `${field}[${i}] (${address}) has no "change.actions" list of strings`;
      else fixed = tidy(entry, address, entry.change);
    }
    if (problem !== undefined) skipped.push(problem);
    if (fixed === list[i] && kept === undefined) continue;
    // Copy only once something differs from the parsed list.
    kept ??= list.slice(0, i) as ResourceChange[];
    if (fixed) kept.push(fixed);
  }
  return kept ?? (list as ResourceChange[]);
}

/**
 * Checks every entry of a parsed plan: entries without an address get one composed from
 * module_address, mode, type, name and index (Terraform 1.0.x drift); entries that cannot be read
 * are left out and listed in `skipped`. A `format_version` whose major version is not 1 is a
 * warning: the fields may mean something else.
 */
export function checkPlan(plan: TerraformPlan): CheckedPlan {
  const skipped: string[] = [];
  const warnings: string[] = [];
  const version = plan.format_version;
  if (typeof version === "string" && Number(version.split(".")[0]) !== SUPPORTED_FORMAT_MAJOR) {
    warnings.push(`the plan's format_version is ${version}; this renderer reads format ${SUPPORTED_FORMAT_MAJOR}.x, so fields may be missing or misread. Compare with \`terraform show PLANFILE\`.`);
  }
  const changes = checkEntries(plan.resource_changes as readonly unknown[] | undefined, "resource_changes", skipped);
  const drift = checkEntries(plan.resource_drift as readonly unknown[] | undefined, "resource_drift", skipped);
  let outputs = plan.output_changes;
  if (outputs) {
    const bad = Object.entries(outputs).filter(([, change]) => !isObject(change) || !isActionList((change as unknown as Record<string, unknown>).actions));
    if (bad.length > 0) {
      for (const [name] of bad) skipped.push(`output_changes.${name} has no "actions" list of strings`);
      outputs = Object.fromEntries(Object.entries(outputs).filter(([name]) => !bad.some(([b]) => b === name)));
    }
  }
  if (changes === plan.resource_changes && drift === plan.resource_drift && outputs === plan.output_changes) return { plan, skipped, warnings };
  return { plan: { ...plan, resource_changes: changes, resource_drift: drift, output_changes: outputs }, skipped, warnings };
}
