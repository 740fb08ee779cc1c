import { defaultSchemaFiles, loadProviderSchemaFile, loadProviderSchemas, schemaFilesIn } from "../provider-schema/load";
import type { ProviderSchema, SchemaAttribute, SchemaNestedType, SchemaType } from "../provider-schema/types";

/*
 * What the stand-in needs beyond the provider-schema check's types and loader: which providers to
 * serve (with the file each came from), and the facts Terraform derives from a schema (implied
 * types, replacement rules). The schema types and the reading of the pinned dumps are
 * lib/provider-schema's, so the checker and the stand-in can never disagree about a dump.
 */

/** A provider the stand-in can serve: its registry address, schema, and where the schema came from. */
export interface PinnedProvider {
  /** Full registry address, e.g. registry.terraform.io/bpg/proxmox. */
  readonly address: string;
  readonly schema: ProviderSchema;
  /** The pinned `*.schema.json` file (absolute path) that defines it. */
  readonly file: string;
}

/**
 * Every provider in the pinned `*.schema.json` files of a folder; one file may hold several
 * providers. Throws as {@link loadProviderSchemas} does (bad JSON, another format_version, a
 * provider pinned twice).
 *
 * @param dir folder of pinned schema dumps. @default the package's providers/
 */
export function loadPinnedProviders(dir?: string): PinnedProvider[] {
  const files = dir === undefined ? defaultSchemaFiles() : schemaFilesIn(dir);
  // The merged load refuses a provider pinned in two files; the per-file loads (cached, so each
  // file is parsed once) say which file each provider came from.
  loadProviderSchemas(files);
  return files.flatMap((file) =>
    Object.entries(loadProviderSchemaFile(file).provider_schemas).map(([address, schema]) => ({ address, schema, file })),
  );
}

/** "registry.terraform.io/bpg/proxmox" → "proxmox": the provider's local type name. */
export function providerTypeName(address: string): string {
  const parts = address.split("/");
  return parts[parts.length - 1];
}

/** The type implied by a nested attribute type, as Terraform derives it. */
export function nestedTypeImpliedType(nested: SchemaNestedType): SchemaType {
  const attrs: Record<string, SchemaType> = {};
  for (const [name, attr] of Object.entries(nested.attributes)) attrs[name] = attributeType(attr);
  const object: SchemaType = ["object", attrs];
  switch (nested.nesting_mode) {
    case "list":
      return ["list", object];
    case "set":
      return ["set", object];
    case "map":
      return ["map", object];
    default:
      // "single" (and "group", which the dump never writes for nested attributes).
      return object;
  }
}

/** The value type of an attribute, whether it is given by `type` or `nested_type`. */
export function attributeType(attr: SchemaAttribute): SchemaType {
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
