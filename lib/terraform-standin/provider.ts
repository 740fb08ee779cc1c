import type { SchemaAttribute, SchemaBlock, SchemaEntry, SchemaNestedType } from "../provider-schema/types";
import { PinnedProvider, replacementRule } from "./schema";
import {
  blockElements,
  decodeValue,
  encodeValue,
  fillUnknownsInBlock,
  isUnknown,
  jsonStateToValue,
  ObjectValue,
  stableHash,
  unknownValue,
  Value,
  valuesEqual,
} from "./values";

/** One step of an attribute path, in the protocol's message shape. */
export type PathStep = { attribute_name: string } | { element_key_string: string } | { element_key_int: number };

/** A diagnostic in the protocol's message shape. */
export interface Diagnostic {
  severity: "ERROR" | "WARNING";
  summary: string;
  detail: string;
  attribute?: { steps: PathStep[] };
}

interface DynamicValue {
  msgpack?: Buffer;
  json?: Buffer;
}

const NESTING: Record<string, string> = { single: "SINGLE", list: "LIST", set: "SET", map: "MAP", group: "GROUP" };

function kind(description_kind: string | undefined): string {
  return description_kind === "markdown" ? "MARKDOWN" : "PLAIN";
}

function attributeMessage(name: string, attr: SchemaAttribute): Record<string, unknown> {
  return {
    name,
    type: attr.type !== undefined ? Buffer.from(JSON.stringify(attr.type)) : Buffer.alloc(0),
    nested_type: attr.nested_type ? nestedTypeMessage(attr.nested_type) : undefined,
    description: attr.description ?? "",
    description_kind: kind(attr.description_kind),
    required: attr.required ?? false,
    optional: attr.optional ?? false,
    computed: attr.computed ?? false,
    sensitive: attr.sensitive ?? false,
    deprecated: attr.deprecated ?? false,
    write_only: attr.write_only ?? false,
  };
}

function nestedTypeMessage(nested: SchemaNestedType): Record<string, unknown> {
  return {
    attributes: Object.entries(nested.attributes).map(([n, a]) => attributeMessage(n, a)),
    nesting: NESTING[nested.nesting_mode],
  };
}

function blockMessage(block: SchemaBlock, version = 0): Record<string, unknown> {
  return {
    version,
    attributes: Object.entries(block.attributes ?? {}).map(([n, a]) => attributeMessage(n, a)),
    block_types: Object.entries(block.block_types ?? {}).map(([typeName, bt]) => ({
      type_name: typeName,
      block: blockMessage(bt.block),
      nesting: NESTING[bt.nesting_mode],
      min_items: bt.min_items ?? 0,
      max_items: bt.max_items ?? 0,
    })),
    description: block.description ?? "",
    description_kind: kind(block.description_kind),
    deprecated: block.deprecated ?? false,
  };
}

/** A pinned schema in the protocol's Schema message shape. */
export function schemaMessage(schema: SchemaEntry): Record<string, unknown> {
  return { version: schema.version ?? 0, block: blockMessage(schema.block, schema.version ?? 0) };
}

function pathSteps(path: (string | number)[]): { steps: PathStep[] } {
  return {
    steps: path.map((step) =>
      typeof step === "number" ? { element_key_int: step } : step.startsWith("[") ? { element_key_string: step.slice(1, -1) } : { attribute_name: step },
    ),
  };
}

function readValue(dv: DynamicValue | undefined | null): Value {
  if (!dv) return null;
  if (dv.msgpack && dv.msgpack.length > 0) return decodeValue(dv.msgpack);
  if (dv.json && dv.json.length > 0) return JSON.parse(dv.json.toString("utf8"));
  return null;
}

function error(summary: string, detail: string, path?: (string | number)[]): Diagnostic {
  return { severity: "ERROR", summary, detail, attribute: path ? pathSteps(path) : undefined };
}

/** Marks computed attributes left null as unknown, through every nested block: what a real provider plans on create. */
function markComputedUnknown(block: SchemaBlock, value: ObjectValue): ObjectValue {
  const out: ObjectValue = { ...value };
  for (const [name, attr] of Object.entries(block.attributes ?? {})) {
    if (attr.computed && (out[name] === null || out[name] === undefined)) out[name] = unknownValue();
  }
  for (const [name, bt] of Object.entries(block.block_types ?? {})) {
    const current = out[name];
    if (current === null || current === undefined || isUnknown(current)) continue;
    if (bt.nesting_mode === "list" || bt.nesting_mode === "set") {
      out[name] = (current as ObjectValue[]).map((v) => (isUnknown(v) ? v : markComputedUnknown(bt.block, v)));
    } else if (bt.nesting_mode === "map") {
      const mapped: ObjectValue = {};
      for (const [k, v] of Object.entries(current as Record<string, ObjectValue>)) mapped[k] = markComputedUnknown(bt.block, v);
      out[name] = mapped;
    } else {
      out[name] = markComputedUnknown(bt.block, current as ObjectValue);
    }
  }
  return out;
}

/** Paths whose change forces replacement, comparing prior and planned values under the pinned schema's facts. */
function replacePaths(block: SchemaBlock, prior: ObjectValue | null, planned: ObjectValue | null, at: (string | number)[]): (string | number)[][] {
  const result: (string | number)[][] = [];
  for (const [name, attr] of Object.entries(block.attributes ?? {})) {
    const rule = replacementRule(attr.description);
    if (!rule) continue;
    if (rule.unlessTrue && planned?.[rule.unlessTrue] === true) continue;
    const before = prior?.[name] ?? null;
    const after = planned?.[name] ?? null;
    // A computed attribute the configuration leaves alone keeps its prior value; only a real change counts.
    if (!valuesEqual(before, after) && !(before === null && after === null)) result.push([...at, name]);
  }
  for (const [name, bt] of Object.entries(block.block_types ?? {})) {
    const before = prior?.[name] ?? null;
    const after = planned?.[name] ?? null;
    if (replacementRule(bt.block.description) && !valuesEqual(before, after)) {
      result.push([...at, name]);
      continue;
    }
    const priorElements = blockElements(bt.nesting_mode, before);
    const plannedElements = blockElements(bt.nesting_mode, after);
    if (bt.nesting_mode === "set") {
      // Set elements have no stable index; a changed element is a change of the whole block.
      const changed = !valuesEqual(before, after) && hasReplacementFacts(bt.block);
      if (changed) result.push([...at, name]);
      continue;
    }
    const keys = new Set<string | number>([...priorElements.map((e) => e.key), ...plannedElements.map((e) => e.key)]);
    for (const key of keys) {
      const p = priorElements.find((e) => e.key === key)?.value ?? null;
      const n = plannedElements.find((e) => e.key === key)?.value ?? null;
      const step: (string | number)[] = key === -1 ? [...at, name] : [...at, name, typeof key === "number" ? key : `[${key}]`];
      result.push(...replacePaths(bt.block, p, n, step));
    }
  }
  return result;
}

function hasReplacementFacts(block: SchemaBlock): boolean {
  if (replacementRule(block.description)) return true;
  if (Object.values(block.attributes ?? {}).some((a) => replacementRule(a.description))) return true;
  return Object.values(block.block_types ?? {}).some((bt) => hasReplacementFacts(bt.block));
}

/** Values set on computed-only attributes, which real providers reject at validation. */
function readOnlyViolations(block: SchemaBlock, value: ObjectValue | null, at: (string | number)[]): Diagnostic[] {
  if (!value) return [];
  const result: Diagnostic[] = [];
  for (const [name, attr] of Object.entries(block.attributes ?? {})) {
    if (attr.computed && !attr.optional && !attr.required && value[name] !== null && value[name] !== undefined) {
      result.push(
        error(
          "Invalid Configuration for Read-Only Attribute",
          `Cannot set value for this attribute as the provider has marked it as read-only. Remove the configuration line setting the value.\n\nAttribute "${[...at, name].filter((s) => typeof s === "string").join(".")}" is decided by the provider.`,
          [...at, name],
        ),
      );
    }
  }
  for (const [name, bt] of Object.entries(block.block_types ?? {})) {
    for (const element of blockElements(bt.nesting_mode, value[name])) {
      if (isUnknown(element.value)) continue;
      const step: (string | number)[] = element.key === -1 ? [...at, name] : [...at, name, typeof element.key === "number" ? element.key : `[${element.key}]`];
      result.push(...readOnlyViolations(bt.block, element.value, step));
    }
  }
  return result;
}

/**
 * The provider service for one pinned schema. Terraform core does the real work (parsing, types,
 * block counts, references, unknowns, sensitivity); this answers the RPCs as the real provider would
 * for a fresh or fixture state, without talking to any API.
 */
export class StandinProvider {
  private readonly resources: Readonly<Record<string, SchemaEntry>>;
  private readonly dataSources: Readonly<Record<string, SchemaEntry>>;
  private schemaResponse?: Record<string, unknown>;

  constructor(readonly pinned: PinnedProvider) {
    this.resources = pinned.schema.resource_schemas ?? {};
    this.dataSources = pinned.schema.data_source_schemas ?? {};
  }

  /** The gRPC handlers of the tfplugin6.Provider service, keyed by RPC name. */
  handlers(): Record<string, (request: Record<string, unknown>) => Record<string, unknown>> {
    return {
      GetProviderSchema: () => this.getProviderSchema(),
      ValidateProviderConfig: () => ({ diagnostics: [] }),
      ValidateResourceConfig: (r) => this.validateResourceConfig(r.type_name as string, r.config as DynamicValue),
      ValidateDataResourceConfig: (r) => this.validateDataResourceConfig(r.type_name as string),
      UpgradeResourceState: (r) => this.upgradeResourceState(r.type_name as string, r.raw_state as { json?: Buffer }),
      ConfigureProvider: () => ({ diagnostics: [] }),
      ReadResource: (r) => ({ new_state: r.current_state, private: r.private, diagnostics: [] }),
      PlanResourceChange: (r) => this.planResourceChange(r),
      ApplyResourceChange: (r) => this.applyResourceChange(r),
      ReadDataSource: (r) => this.readDataSource(r.type_name as string, r.config as DynamicValue),
      StopProvider: () => ({ Error: "" }),
    };
  }

  private getProviderSchema(): Record<string, unknown> {
    if (!this.schemaResponse) {
      const resources: Record<string, unknown> = {};
      for (const [name, schema] of Object.entries(this.resources)) resources[name] = schemaMessage(schema);
      const dataSources: Record<string, unknown> = {};
      for (const [name, schema] of Object.entries(this.dataSources)) dataSources[name] = schemaMessage(schema);
      this.schemaResponse = {
        // A dump without a provider block describes a provider that takes no configuration.
        provider: schemaMessage(this.pinned.schema.provider ?? { block: {} }),
        resource_schemas: resources,
        data_source_schemas: dataSources,
        diagnostics: [],
        server_capabilities: { plan_destroy: true, get_provider_schema_optional: false, move_resource_state: false },
      };
    }
    return this.schemaResponse;
  }

  private resourceSchema(typeName: string): SchemaEntry | undefined {
    return this.resources[typeName];
  }

  private unsupported(typeName: string, what: string): Record<string, unknown> {
    return { diagnostics: [error(`Unsupported ${what} type`, `The stand-in for ${this.pinned.address} has no pinned schema for ${what} type "${typeName}".`)] };
  }

  private validateResourceConfig(typeName: string, config: DynamicValue): Record<string, unknown> {
    const schema = this.resourceSchema(typeName);
    if (!schema) return this.unsupported(typeName, "resource");
    return { diagnostics: readOnlyViolations(schema.block, readValue(config) as ObjectValue, []) };
  }

  private validateDataResourceConfig(typeName: string): Record<string, unknown> {
    if (!this.dataSources[typeName]) return this.unsupported(typeName, "data source");
    return { diagnostics: [] };
  }

  private upgradeResourceState(typeName: string, raw: { json?: Buffer } | undefined): Record<string, unknown> {
    const schema = this.resourceSchema(typeName);
    if (!schema) return this.unsupported(typeName, "resource");
    const json = raw?.json && raw.json.length > 0 ? (JSON.parse(raw.json.toString("utf8")) as Record<string, unknown>) : null;
    return { upgraded_state: { msgpack: encodeValue(jsonStateToValue(schema.block, json)) }, diagnostics: [] };
  }

  private planResourceChange(request: Record<string, unknown>): Record<string, unknown> {
    const typeName = request.type_name as string;
    const schema = this.resourceSchema(typeName);
    if (!schema) return this.unsupported(typeName, "resource");
    const prior = readValue(request.prior_state as DynamicValue) as ObjectValue | null;
    const proposed = readValue(request.proposed_new_state as DynamicValue) as ObjectValue | null;
    if (proposed === null) {
      return { planned_state: { msgpack: encodeValue(null) }, requires_replace: [], planned_private: request.prior_private, diagnostics: [] };
    }
    if (prior === null) {
      const planned = markComputedUnknown(schema.block, proposed);
      return { planned_state: { msgpack: encodeValue(planned) }, requires_replace: [], diagnostics: [] };
    }
    const replace = replacePaths(schema.block, prior, proposed, []);
    return {
      planned_state: { msgpack: encodeValue(proposed) },
      requires_replace: replace.map(pathSteps),
      planned_private: request.prior_private,
      diagnostics: [],
    };
  }

  private applyResourceChange(request: Record<string, unknown>): Record<string, unknown> {
    const typeName = request.type_name as string;
    const schema = this.resourceSchema(typeName);
    if (!schema) return this.unsupported(typeName, "resource");
    const plannedDv = request.planned_state as DynamicValue;
    const planned = readValue(plannedDv) as ObjectValue | null;
    if (planned === null) return { new_state: { msgpack: encodeValue(null) }, diagnostics: [] };
    // Seeded by type and planned value, so the same configuration applies to the same fixture state.
    const seed = stableHash(typeName, plannedDv.msgpack ?? Buffer.alloc(0));
    return { new_state: { msgpack: encodeValue(fillUnknownsInBlock(schema.block, planned, seed)) }, private: request.planned_private, diagnostics: [] };
  }

  private readDataSource(typeName: string, config: DynamicValue): Record<string, unknown> {
    const schema = this.dataSources[typeName];
    if (!schema) return this.unsupported(typeName, "data source");
    const value = readValue(config) as ObjectValue;
    const seed = stableHash(typeName, config.msgpack ?? Buffer.alloc(0));
    const read = fillUnknownsInBlock(schema.block, markComputedUnknown(schema.block, value), seed);
    return { state: { msgpack: encodeValue(read) }, diagnostics: [] };
  }
}
