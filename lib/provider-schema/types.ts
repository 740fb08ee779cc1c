/**
 * Types of the `terraform providers schema -json` document (format_version 1.0) and of the
 * problems the checker reports. The checker and the Terraform stand-in (lib/terraform-standin,
 * which serves these schemas back to Terraform) share them; only the fields one of them reads are
 * typed, the rest of a real dump passes through untouched.
 */

/**
 * A Terraform type constraint as the schema dump writes it: a primitive name, or a
 * `[kind, element]` pair for collections, `["object", attrs, optionalAttrs?]` for objects and
 * `["tuple", elements]` for tuples. `"dynamic"` accepts any value.
 */
export type SchemaType =
  | "string"
  | "number"
  | "bool"
  | "dynamic"
  | readonly ["list" | "set" | "map", SchemaType]
  | readonly ["object", Readonly<Record<string, SchemaType>>]
  | readonly ["object", Readonly<Record<string, SchemaType>>, readonly string[]]
  | readonly ["tuple", readonly SchemaType[]];

/** How a block type or a nested attribute type repeats. */
export type NestingMode = "single" | "group" | "list" | "set" | "map";

/** A nested attribute type (protocol 6 providers): an attribute whose value has attributes of its own. */
export interface SchemaNestedType {
  readonly attributes: Readonly<Record<string, SchemaAttribute>>;
  /** Nested attributes never use `group`; the dump writes one of the other modes. */
  readonly nesting_mode: NestingMode;
  readonly min_items?: number;
  readonly max_items?: number;
}

/** One attribute of a block. Exactly one of `type` and `nested_type` is set. */
export interface SchemaAttribute {
  readonly type?: SchemaType;
  readonly nested_type?: SchemaNestedType;
  readonly required?: boolean;
  readonly optional?: boolean;
  readonly computed?: boolean;
  readonly sensitive?: boolean;
  readonly deprecated?: boolean;
  /** Accepted in configuration but never stored in state (Terraform 1.11+). */
  readonly write_only?: boolean;
  readonly description?: string;
  /** `"plain"` or `"markdown"`: how `description` is formatted. */
  readonly description_kind?: string;
}

/** A nested block type and how many of it may appear. */
export interface SchemaBlockType {
  readonly nesting_mode: NestingMode;
  readonly block: SchemaBlock;
  readonly min_items?: number;
  readonly max_items?: number;
}

/** A block body: its attributes and the block types nested in it. */
export interface SchemaBlock {
  readonly attributes?: Readonly<Record<string, SchemaAttribute>>;
  readonly block_types?: Readonly<Record<string, SchemaBlockType>>;
  readonly description?: string;
  /** `"plain"` or `"markdown"`: how `description` is formatted. */
  readonly description_kind?: string;
  readonly deprecated?: boolean;
}

/** A versioned block schema, as used for the provider, each resource and each data source. */
export interface SchemaEntry {
  readonly version?: number;
  readonly block: SchemaBlock;
}

/** The schemas of one provider. */
export interface ProviderSchema {
  readonly provider?: SchemaEntry;
  readonly resource_schemas?: Readonly<Record<string, SchemaEntry>>;
  readonly data_source_schemas?: Readonly<Record<string, SchemaEntry>>;
}

/**
 * Provider schemas keyed by fully qualified provider address
 * (`registry.terraform.io/bpg/proxmox`), exactly as `terraform providers schema -json` prints them;
 * several dumps merged into one document are the same shape.
 */
export interface ProviderSchemas {
  readonly format_version: string;
  readonly provider_schemas: Readonly<Record<string, ProviderSchema>>;
}

/** One way the synthesized Terraform JSON disagrees with the provider schemas. */
export interface SchemaProblem {
  /**
   * Where in the Terraform JSON, as dotted keys with `[i]` for array elements, starting at the
   * top-level section, e.g. `resource.proxmox_virtual_environment_vm.router_Resource_1234.cpu[0].cores`
   * or `provider.proxmox[0].ssh[0].username`. It follows the JSON as written: a block cdktf emits
   * as a single object has no `[0]`.
   */
  readonly path: string;
  /** The cdktf construct path from the block's `"//".metadata.path`, when cdktf recorded one. */
  readonly constructPath?: string;
  /** What is wrong and what would be right. */
  readonly message: string;
}
