import * as fs from "fs";
import * as path from "path";

/** A Terraform type constraint in its JSON form: "string", ["list","string"], ["object",{...}], "dynamic". */
export type TfType = string | [string, unknown];

/** One attribute in `terraform providers schema -json` format. */
export interface SchemaAttribute {
  readonly type?: TfType;
  readonly nested_type?: NestedType;
  readonly description?: string;
  readonly description_kind?: string;
  readonly required?: boolean;
  readonly optional?: boolean;
  readonly computed?: boolean;
  readonly sensitive?: boolean;
  readonly deprecated?: boolean;
  readonly write_only?: boolean;
}

/** A nested attribute type (plugin framework), `nested_type` in the JSON format. */
export interface NestedType {
  readonly attributes: Record<string, SchemaAttribute>;
  readonly nesting_mode: "single" | "list" | "set" | "map";
  readonly min_items?: number;
  readonly max_items?: number;
}

/** A nested block type. */
export interface SchemaBlockType {
  readonly nesting_mode: "single" | "list" | "set" | "map" | "group";
  readonly block: SchemaBlock;
  readonly min_items?: number;
  readonly max_items?: number;
}

/** A block: attributes plus nested block types. */
export interface SchemaBlock {
  readonly attributes?: Record<string, SchemaAttribute>;
  readonly block_types?: Record<string, SchemaBlockType>;
  readonly description?: string;
  readonly description_kind?: string;
  readonly deprecated?: boolean;
}

/** A versioned schema of a provider, resource or data source. */
export interface Schema {
  readonly version: number;
  readonly block: SchemaBlock;
}

/** One provider's entry under `provider_schemas`. */
export interface ProviderSchema {
  readonly provider: Schema;
  readonly resource_schemas?: Record<string, Schema>;
  readonly data_source_schemas?: Record<string, Schema>;
}

/** A pinned schema file as written by `terraform providers schema -json`. */
export interface ProviderSchemaFile {
  readonly format_version: string;
  readonly provider_schemas: Record<string, ProviderSchema>;
}

/** A provider the stand-in can serve: its registry address, schema, and where the schema came from. */
export interface PinnedProvider {
  /** Full registry address, e.g. registry.terraform.io/bpg/proxmox. */
  readonly address: string;
  readonly schema: ProviderSchema;
  readonly file: string;
}

/**
 * Finds the repository's providers/ directory from wherever this module runs (tools/ in the
 * source tree, dist/tools/ once built).
 */
export function defaultProvidersDir(): string {
  let dir = __dirname;
  for (let i = 0; i < 6; i++) {
    const candidate = path.join(dir, "providers");
    if (fs.existsSync(path.join(dir, "package.json")) && fs.existsSync(candidate)) return candidate;
    dir = path.dirname(dir);
  }
  throw new Error(`terraform-standin: no providers/ directory above ${__dirname}`);
}

/** Reads every pinned `*.schema.json` in a directory; one file may hold several providers. */
export function loadPinnedProviders(dir: string = defaultProvidersDir()): PinnedProvider[] {
  const result: PinnedProvider[] = [];
  for (const name of fs.readdirSync(dir).filter((f) => f.endsWith(".schema.json")).sort()) {
    const file = path.join(dir, name);
    const parsed = JSON.parse(fs.readFileSync(file, "utf8")) as ProviderSchemaFile;
    for (const [address, schema] of Object.entries(parsed.provider_schemas ?? {})) {
      result.push({ address, schema, file });
    }
  }
  return result;
}

/** "registry.terraform.io/bpg/proxmox" → "proxmox": the provider's local type name. */
export function providerTypeName(address: string): string {
  const parts = address.split("/");
  return parts[parts.length - 1];
}

/** The type implied by a nested attribute type, as Terraform derives it. */
export function nestedTypeImpliedType(nested: NestedType): TfType {
  const attrs: Record<string, TfType> = {};
  for (const [name, attr] of Object.entries(nested.attributes)) attrs[name] = attributeType(attr);
  const object: TfType = ["object", attrs];
  switch (nested.nesting_mode) {
    case "single":
      return object;
    case "list":
      return ["list", object];
    case "set":
      return ["set", object];
    case "map":
      return ["map", object];
  }
}

/** The value type of an attribute, whether it is given by `type` or `nested_type`. */
export function attributeType(attr: SchemaAttribute): TfType {
  if (attr.type !== undefined) return attr.type;
  if (attr.nested_type) return nestedTypeImpliedType(attr.nested_type);
  return "dynamic";
}

/**
 * Replacement facts the pinned schemas state in prose: "Changing it forces replacement", and the
 * conditional "A change migrates the VM when migrate=true, otherwise it forces replacement".
 */
export interface ReplacementRule {
  /** Replacement is skipped when this sibling attribute is true in the planned value. */
  readonly unlessTrue?: string;
}

/** Reads a replacement rule out of a description, or undefined when the description states none. */
export function replacementRule(description: string | undefined): ReplacementRule | undefined {
  if (!description || !/forces replacement/i.test(description)) return undefined;
  const conditional = /when (\w+)\s*=\s*true, otherwise it forces replacement/i.exec(description);
  return conditional ? { unlessTrue: conditional[1] } : {};
}
