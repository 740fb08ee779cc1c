/**
 * The subset of Terraform's machine-readable plan (`terraform show -json PLANFILE`) that plan
 * review reads, and a loader that checks just enough of its shape to fail with a clear message.
 *
 * Format reference: https://developer.hashicorp.com/terraform/internals/json-format
 */

/** One element of a change's `actions` list. */
export type PlanAction = "no-op" | "create" | "read" | "update" | "delete" | "forget";

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
  readonly address: string;
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

function checkChanges(list: unknown, field: string, source: string): void {
  if (list === undefined || list === null) return;
  if (!Array.isArray(list)) throw new Error(`${source}: "${field}" is not a list; ${showJsonHint}.`);
  for (let i = 0; i < list.length; i++) {
    const entry: unknown = list[i];
    const where = `${source}: ${field}[${i}]`;
    if (!isObject(entry) || typeof entry.address !== "string") throw new Error(`${where} has no "address"; ${showJsonHint}.`);
    if (!isObject(entry.change) || !Array.isArray(entry.change.actions)) {
      throw new Error(`${where} (${entry.address}) has no "change.actions" list; ${showJsonHint}.`);
    }
  }
}

/**
 * Parses and shape-checks a plan. `source` names the input in error messages (usually its path).
 * The values are used as parsed, never copied: plans of thousands of resources stay cheap.
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
    const why = error instanceof Error ? error.message : String(error);
    throw new Error(`${source} is not JSON (${why}); ${showJsonHint} (the binary plan file cannot be read directly).`);
  }
  if (!isObject(data)) throw new Error(`${source} does not hold a JSON object; ${showJsonHint}.`);
  if (!("format_version" in data) && !("resource_changes" in data) && !("planned_values" in data) && !("errored" in data)) {
    throw new Error(`${source} does not look like a Terraform plan (no format_version, planned_values or resource_changes); ${showJsonHint}.`);
  }
  checkChanges(data.resource_changes, "resource_changes", source);
  checkChanges(data.resource_drift, "resource_drift", source);
  if (data.output_changes !== undefined && data.output_changes !== null) {
    if (!isObject(data.output_changes)) throw new Error(`${source}: "output_changes" is not an object; ${showJsonHint}.`);
    for (const [name, change] of Object.entries(data.output_changes)) {
      if (!isObject(change) || !Array.isArray(change.actions)) {
        throw new Error(`${source}: output_changes.${name} has no "actions" list; ${showJsonHint}.`);
      }
    }
  }
  return data as TerraformPlan;
}
