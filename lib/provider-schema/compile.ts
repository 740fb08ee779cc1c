import type {
  NestingMode,
  ProviderSchema,
  ProviderSchemas,
  SchemaAttribute,
  SchemaBlock,
  SchemaType,
} from "./types";

/**
 * Lookup-ready forms of the schema dump. The checker walks stacks of thousands of resources, so
 * every name lookup is a Map hit and every type is parsed once per schema set, not per value.
 */

/** A type constraint parsed once; `label` is the short human spelling used in messages. */
export type CompiledType =
  | { readonly kind: "string" | "number" | "bool" | "dynamic"; readonly label: string }
  | { readonly kind: "list" | "set" | "map"; readonly elem: CompiledType; readonly label: string }
  | {
      readonly kind: "object";
      readonly attrs: ReadonlyMap<string, CompiledType>;
      /** Keys that may be left out; provider schemas have none, Terraform variables may. */
      readonly optional: ReadonlySet<string>;
      readonly label: string;
    }
  | { readonly kind: "tuple"; readonly elems: readonly CompiledType[]; readonly label: string }
  | {
      readonly kind: "nested";
      readonly mode: NestingMode;
      readonly body: CompiledBlock;
      readonly minItems: number;
      readonly maxItems: number;
      readonly label: string;
    };

/** One attribute with its flags resolved. */
export interface CompiledAttribute {
  readonly type: CompiledType;
  readonly required: boolean;
  /** Set by the provider only (computed and not optional): a configured value is an error. */
  readonly computedOnly: boolean;
}

/** A nested block type. `maxItems` is Infinity when unlimited. */
export interface CompiledBlockType {
  readonly mode: NestingMode;
  readonly block: CompiledBlock;
  readonly minItems: number;
  readonly maxItems: number;
}

/** A block body with its required names listed up front. */
export interface CompiledBlock {
  readonly attributes: ReadonlyMap<string, CompiledAttribute>;
  readonly blockTypes: ReadonlyMap<string, CompiledBlockType>;
  readonly requiredAttributes: readonly string[];
  /** Block types with min_items > 0 (or nesting single/group with min_items 1). */
  readonly requiredBlocks: readonly string[];
}

/** One provider's schemas, ready for lookups. */
export interface CompiledProvider {
  readonly address: string;
  readonly provider: CompiledBlock;
  readonly resources: ReadonlyMap<string, CompiledBlock>;
  readonly dataSources: ReadonlyMap<string, CompiledBlock>;
}

/** All providers, by full address and by `namespace/type` (a host-agnostic fallback). */
export interface CompiledSchemas {
  readonly byAddress: ReadonlyMap<string, CompiledProvider>;
  readonly byShortAddress: ReadonlyMap<string, CompiledProvider>;
}

/** Address of Terraform's built-in provider (terraform_data, terraform_remote_state). */
export const BUILTIN_PROVIDER_ADDRESS = "terraform.io/builtin/terraform";

/**
 * Terraform's built-in provider, which no registry dump contains. cdktf emits
 * `terraform_remote_state` for cross-stack references, so the checker has to know it.
 */
const BUILTIN_PROVIDER: ProviderSchema = {
  provider: { block: {} },
  resource_schemas: {
    terraform_data: {
      block: {
        attributes: {
          id: { type: "string", computed: true },
          input: { type: "dynamic", optional: true },
          output: { type: "dynamic", computed: true },
          triggers_replace: { type: "dynamic", optional: true },
        },
      },
    },
  },
  data_source_schemas: {
    terraform_remote_state: {
      block: {
        attributes: {
          backend: { type: "string", required: true },
          config: { type: "dynamic", optional: true },
          defaults: { type: "dynamic", optional: true },
          outputs: { type: "dynamic", computed: true },
          workspace: { type: "string", optional: true },
        },
      },
    },
  },
};

const PRIMITIVES = new Map<string, CompiledType>(
  (["string", "number", "bool", "dynamic"] as const).map((kind) => [kind, { kind, label: kind }]),
);

function compileType(type: SchemaType, where: string): CompiledType {
  if (typeof type === "string") {
    const primitive = PRIMITIVES.get(type);
    if (!primitive) throw new Error(`${where}: unknown type ${JSON.stringify(type)}`);
    return primitive;
  }
  if (!Array.isArray(type)) throw new Error(`${where}: malformed type ${JSON.stringify(type)}`);
  const [kind] = type;
  switch (kind) {
    case "list":
    case "set":
    case "map": {
      const elem = compileType(type[1] as SchemaType, where);
      return { kind, elem, label: `${kind}(${elem.kind === "object" ? "object" : elem.label})` };
    }
    case "object": {
      const shape = type[1] as Readonly<Record<string, SchemaType>>;
      const attrs = new Map<string, CompiledType>();
      for (const [name, attrType] of Object.entries(shape)) attrs.set(name, compileType(attrType, `${where}.${name}`));
      return { kind, attrs, optional: new Set((type[2] as readonly string[] | undefined) ?? []), label: "object" };
    }
    case "tuple": {
      const elems = (type[1] as readonly SchemaType[]).map((elem, i) => compileType(elem, `${where}[${i}]`));
      return { kind, elems, label: "tuple" };
    }
    default:
      throw new Error(`${where}: unknown type ${JSON.stringify(type)}`);
  }
}

function compileAttribute(attr: SchemaAttribute, where: string): CompiledAttribute {
  let type: CompiledType;
  if (attr.nested_type) {
    const nested = attr.nested_type;
    const body = compileBlock({ attributes: nested.attributes }, where);
    const mode = nested.nesting_mode;
    type = {
      kind: "nested",
      mode,
      body,
      minItems: nested.min_items ?? 0,
      maxItems: nested.max_items || Infinity,
      label: mode === "single" || mode === "group" ? "object" : `${mode}(object)`,
    };
  } else if (attr.type !== undefined) {
    type = compileType(attr.type, where);
  } else {
    throw new Error(`${where}: attribute has neither type nor nested_type`);
  }
  return { type, required: attr.required === true, computedOnly: attr.computed === true && attr.optional !== true && attr.required !== true };
}

function compileBlock(block: SchemaBlock, where: string): CompiledBlock {
  const attributes = new Map<string, CompiledAttribute>();
  const requiredAttributes: string[] = [];
  for (const [name, attr] of Object.entries(block.attributes ?? {})) {
    const compiled = compileAttribute(attr, `${where}.${name}`);
    attributes.set(name, compiled);
    if (compiled.required) requiredAttributes.push(name);
  }
  const blockTypes = new Map<string, CompiledBlockType>();
  const requiredBlocks: string[] = [];
  for (const [name, blockType] of Object.entries(block.block_types ?? {})) {
    const single = blockType.nesting_mode === "single" || blockType.nesting_mode === "group";
    const compiled: CompiledBlockType = {
      mode: blockType.nesting_mode,
      block: compileBlock(blockType.block, `${where}.${name}`),
      minItems: blockType.min_items ?? 0,
      maxItems: single ? 1 : blockType.max_items || Infinity,
    };
    blockTypes.set(name, compiled);
    if (compiled.minItems > 0) requiredBlocks.push(name);
  }
  return { attributes, blockTypes, requiredAttributes, requiredBlocks };
}

function compileProvider(address: string, schema: ProviderSchema): CompiledProvider {
  const entries = (map: ProviderSchema["resource_schemas"], kind: string) =>
    new Map(Object.entries(map ?? {}).map(([type, entry]) => [type, compileBlock(entry.block, `${address} ${kind} ${type}`)]));
  return {
    address,
    provider: compileBlock(schema.provider?.block ?? {}, `${address} provider`),
    resources: entries(schema.resource_schemas, "resource"),
    dataSources: entries(schema.data_source_schemas, "data source"),
  };
}

/** `namespace/type` of a full address, the part that is the same on every registry host. */
export function shortAddress(address: string): string {
  return address.split("/").slice(-2).join("/");
}

const compiledMemo = new WeakMap<ProviderSchemas, CompiledSchemas>();

/** Compiles a schema set once; later calls with the same object return the cached result. */
export function compileSchemas(schemas: ProviderSchemas): CompiledSchemas {
  const cached = compiledMemo.get(schemas);
  if (cached) return cached;
  const byAddress = new Map<string, CompiledProvider>();
  const byShortAddress = new Map<string, CompiledProvider>();
  const all: [string, ProviderSchema][] = [
    [BUILTIN_PROVIDER_ADDRESS, BUILTIN_PROVIDER],
    ...Object.entries(schemas.provider_schemas ?? {}),
  ];
  for (const [address, schema] of all) {
    const compiled = compileProvider(address, schema);
    byAddress.set(address, compiled);
    byShortAddress.set(shortAddress(address), compiled);
  }
  const result = { byAddress, byShortAddress };
  compiledMemo.set(schemas, result);
  return result;
}
