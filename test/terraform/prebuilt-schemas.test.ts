import * as fs from "fs";
import * as path from "path";
import type { ProviderSchemas, SchemaBlock } from "../../lib/provider-schema/types";

/*
 * The helm and kubernetes schemas are derived from the prebuilt bindings' generated code
 * (providers/derive-prebuilt-schemas.js). This checks them against a second, independent source in
 * the same packages: the jsii type metadata of every resource's, data source's and provider's
 * config struct.
 */

const META_ARGUMENTS = new Set(["count", "dependsOn", "forEach", "lifecycle", "provider", "connection", "provisioners", "alias"]);

interface JsiiType {
  kind: string;
  name: string;
  fqn: string;
  datatype?: boolean;
  base?: string;
  properties?: { name: string; static?: boolean }[];
  docs?: { summary?: string };
}

/** cdktf's property names: snake_case attribute names in camelCase. */
function camel(name: string): string {
  return name.replace(/_([a-z0-9])/g, (_m, c: string) => c.toUpperCase());
}

/** Settable names of a block: non-computed-only attributes and nested block types. */
function settableNames(block: SchemaBlock): string[] {
  const attrs = Object.entries(block.attributes ?? {})
    .filter(([, a]) => a.required || a.optional)
    .map(([n]) => camel(n));
  return [...attrs, ...Object.keys(block.block_types ?? {}).map(camel)].sort();
}

function jsiiTypes(pkg: string): Record<string, JsiiType> {
  const root = path.dirname(require.resolve(`${pkg}/package.json`));
  return (JSON.parse(fs.readFileSync(path.join(root, ".jsii"), "utf8")) as { types: Record<string, JsiiType> }).types;
}

/** Terraform type name → settable jsii property names of its config struct. */
function configProperties(types: Record<string, JsiiType>): Map<string, string[]> {
  const result = new Map<string, string[]>();
  for (const t of Object.values(types)) {
    if (t.kind !== "class" || !["cdktf.TerraformResource", "cdktf.TerraformDataSource", "cdktf.TerraformProvider"].includes(t.base ?? "")) continue;
    const link = /\{@link https:\/\/registry\.terraform\.io\/providers\/[^ ]+ ([a-z0-9_]+)\}/.exec(t.docs?.summary ?? "");
    const config = types[`${t.fqn}Config`];
    if (!link || !config) continue;
    const key = t.base === "cdktf.TerraformDataSource" ? `data.${link[1]}` : t.base === "cdktf.TerraformProvider" ? "provider" : link[1];
    result.set(key, (config.properties ?? []).map((p) => p.name).filter((n) => !META_ARGUMENTS.has(n)).sort());
  }
  return result;
}

describe.each([
  ["@cdktf/provider-helm", "hashicorp-helm.schema.json", "registry.terraform.io/hashicorp/helm"],
  ["@cdktf/provider-kubernetes", "hashicorp-kubernetes.schema.json", "registry.terraform.io/hashicorp/kubernetes"],
  ["@cdktf/provider-random", "hashicorp-random.schema.json", "registry.terraform.io/hashicorp/random"],
])("%s and providers/%s", (pkg, file, address) => {
  const pinned = (JSON.parse(fs.readFileSync(path.join(__dirname, "..", "..", "providers", file), "utf8")) as ProviderSchemas).provider_schemas[address];
  const fromJsii = configProperties(jsiiTypes(pkg));

  it("were derived for the provider and version the package pins", () => {
    const meta = JSON.parse(fs.readFileSync(require.resolve(`${pkg}/package.json`), "utf8")) as { cdktf: { provider: { name: string; version: string } } };
    expect(meta.cdktf.provider.name).toBe(address);
    const linked = new Set<string>();
    for (const t of Object.values(jsiiTypes(pkg))) {
      const m = /registry\.terraform\.io\/providers\/hashicorp\/[a-z]+\/([0-9.]+)\//.exec(t.docs?.summary ?? "");
      if (m) linked.add(m[1]);
    }
    expect([...linked]).toEqual([meta.cdktf.provider.version]);
  });

  it("are exactly what providers/derive-prebuilt-schemas.js derives from the installed package", () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { derive } = require("../../providers/derive-prebuilt-schemas.js") as { derive: (pkg: string) => { file: unknown } };
    const committed = JSON.parse(fs.readFileSync(path.join(__dirname, "..", "..", "providers", file), "utf8")) as unknown;
    expect(derive(pkg).file).toEqual(committed);
  });

  it("cover every resource and data source of the bindings", () => {
    const pinnedTypes = [...Object.keys(pinned.resource_schemas ?? {}), ...Object.keys(pinned.data_source_schemas ?? {}).map((n) => `data.${n}`), "provider"].sort();
    expect(pinnedTypes).toEqual([...fromJsii.keys()].sort());
  });

  it("agree with the bindings' config structs on every settable attribute and block name", () => {
    const mismatches: string[] = [];
    const check = (key: string, block: SchemaBlock) => {
      const expected = fromJsii.get(key) ?? [];
      const actual = settableNames(block);
      if (JSON.stringify(expected) !== JSON.stringify(actual)) mismatches.push(`${key}: bindings ${expected.join(",")} / schema ${actual.join(",")}`);
    };
    check("provider", pinned.provider?.block ?? {});
    for (const [name, schema] of Object.entries(pinned.resource_schemas ?? {})) check(name, schema.block);
    for (const [name, schema] of Object.entries(pinned.data_source_schemas ?? {})) check(`data.${name}`, schema.block);
    expect(mismatches).toEqual([]);
  });
});
