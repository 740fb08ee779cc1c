#!/usr/bin/env node
"use strict";
/*
 * Derives pinned provider schemas (`terraform providers schema -json` format) for the providers we
 * take prebuilt — @cdktf/provider-helm, @cdktf/provider-kubernetes and @cdktf/provider-random — from facts the packages
 * carry themselves, offline. The generated JavaScript of each binding is machine-written and
 * regular, and states per attribute:
 *
 *   - its Terraform name, whether it is an attribute or a block, and its collection kind
 *     (`synthesizeHclAttributes` / `<struct>ToHclTerraform`: isBlock, type, storageClassType);
 *   - whether it is optional (a `reset<Name>()` method exists) or required (none);
 *   - computed-only attributes (a getter reading `get<Type>Attribute('name')` with no setter);
 *   - max one block (the block is held in an OutputReference rather than a List).
 *
 * What the bindings cannot tell, and so the derived schema does not claim: optional+computed
 * (except `id`, which every SDKv2 resource computes), "forces replacement", sensitivity, and
 * whether a plugin-framework nested attribute was a block (it is written as a block with the same
 * JSON shape). Descriptions come from the packages' .jsii documentation.
 *
 * Run: node providers/derive-prebuilt-schemas.js   (writes providers/hashicorp-{helm,kubernetes,random}.schema.json)
 *      node providers/derive-prebuilt-schemas.js --check   (exit 1 when the committed files differ)
 */
const fs = require("fs");
const path = require("path");

const PACKAGES = [
  { pkg: "@cdktf/provider-helm", out: "hashicorp-helm.schema.json" },
  { pkg: "@cdktf/provider-kubernetes", out: "hashicorp-kubernetes.schema.json" },
  { pkg: "@cdktf/provider-random", out: "hashicorp-random.schema.json" },
];

const ATTR_RE = /(\w+): \{\s*value: ([^\n]*),\s*isBlock: (true|false),\s*type: "(\w+)",\s*storageClassType: "(\w+)",\s*\}/g;
const GETTER_RE = /\n {4}get (\w+)\(\) \{\s*return ([^;]*);\s*\}/g;
const FIELD_RE = /this\._(\w+) = new ([\w.]+)\(this, "(\w+)"(?:, (true|false))?\)/g;

function upperFirst(s) {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
function lowerFirst(s) {
  return s.charAt(0).toLowerCase() + s.slice(1);
}

function listJs(dir) {
  const out = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...listJs(full));
    else if (entry.name.endsWith(".js")) out.push(full);
  }
  return out;
}

function parseAttrs(body) {
  const attrs = [];
  for (const m of body.matchAll(ATTR_RE)) {
    const [, name, value, isBlock, type, storage] = m;
    const camel = (/(?:struct|this\._?)\.?_?(\w+)(?:\.internalValue)?\)*$/.exec(value.replace(/\s/g, "")) || [])[1];
    attrs.push({ name, value, isBlock: isBlock === "true", type, storage, camel: camel ? camel.replace(/^_/, "") : undefined });
  }
  return attrs;
}

/** Every class and struct converter of one package, by name. */
function parsePackage(root) {
  const classes = new Map();
  const converters = new Map();
  const tfTypes = new Map();
  for (const file of listJs(path.join(root, "lib"))) {
    if (/lib\/(index|lazy-index)\.js$/.test(file)) continue;
    const text = fs.readFileSync(file, "utf8");
    for (const m of text.matchAll(/\nfunction (\w+)ToHclTerraform\(struct\) \{([\s\S]*?)\n\}/g)) converters.set(m[1], parseAttrs(m[2]));
    for (const m of text.matchAll(/\nclass (\w+) extends cdktf\.(\w+) \{([\s\S]*?)\n\}\nexports\.\1 = \1;/g)) {
      const [, name, base, body] = m;
      const getters = new Map();
      for (const g of body.matchAll(GETTER_RE)) getters.set(g[1], g[2]);
      const setters = new Set([...body.matchAll(/\n {4}set (\w+)\(/g)].map((s) => s[1]));
      const resets = new Set([...body.matchAll(/\n {4}reset(\w+)\(\) \{/g)].map((s) => lowerFirst(s[1])));
      const fields = new Map();
      for (const f of body.matchAll(FIELD_RE)) fields.set(f[1], { cls: f[2], tfName: f[3], wrapsSet: f[4] === "true" });
      const synth = /synthesizeHclAttributes\(\) \{([\s\S]*?)\n {4}\}/.exec(body);
      classes.set(name, { name, base, getters, setters, resets, fields, attrs: synth ? parseAttrs(synth[1]) : [] });
    }
    for (const m of text.matchAll(/\n(\w+)\.tfResourceType = "(\w+)";/g)) tfTypes.set(m[1], m[2]);
  }
  return { classes, converters, tfTypes };
}

/** Descriptions from the .jsii docs: fqn of a config struct → camel property → text. */
function jsiiDocs(root) {
  const file = path.join(root, ".jsii");
  if (!fs.existsSync(file)) return new Map();
  const types = JSON.parse(fs.readFileSync(file, "utf8")).types || {};
  const byName = new Map();
  for (const t of Object.values(types)) {
    if (t.kind !== "interface" || !t.datatype) continue;
    const props = new Map();
    for (const p of t.properties || []) {
      const summary = (p.docs && p.docs.summary) || "";
      if (/^Docs at Terraform Registry|^\w+ block\.$/.test(summary)) continue;
      props.set(p.name, summary.replace(/\{@link [^}]*\}/g, "").trim());
    }
    byName.set(t.name, props);
  }
  return byName;
}

function simpleType(getterExpr) {
  const m = /^(cdktf\.Token\.asNumberList\()?(cdktf\.Fn\.tolist\()?this\.get(\w+)Attribute\('(\w+)'\)/.exec(getterExpr);
  if (!m) return undefined;
  const asSet = Boolean(m[2]);
  switch (m[3]) {
    case "String":
      return { tfName: m[4], type: "string" };
    case "Number":
      return { tfName: m[4], type: "number" };
    case "Boolean":
      return { tfName: m[4], type: "bool" };
    case "List":
      return { tfName: m[4], type: [asSet ? "set" : "list", "string"] };
    case "NumberList":
      return { tfName: m[4], type: [asSet ? "set" : "list", "number"] };
    case "StringMap":
      return { tfName: m[4], type: ["map", "string"] };
    case "NumberMap":
      return { tfName: m[4], type: ["map", "number"] };
    case "BooleanMap":
      return { tfName: m[4], type: ["map", "bool"] };
    case "AnyMap":
      return { tfName: m[4], type: "dynamic" };
    default:
      return undefined;
  }
}

function settableType(attr) {
  if (attr.storage === "anyMap") return "dynamic";
  const element = { stringList: "string", numberList: "number", booleanList: "bool" }[attr.storage];
  if (attr.type === "simple") return { string: "string", number: "number", boolean: "bool" }[attr.storage] || "dynamic";
  if (attr.type === "list" || attr.type === "set") return [attr.type, element || "string"];
  if (attr.type === "map") return ["map", { stringMap: "string", numberMap: "number", booleanMap: "bool" }[attr.storage] || "string"];
  return "dynamic";
}

function sortKeys(obj) {
  return Object.fromEntries(Object.keys(obj).sort().map((k) => [k, obj[k]]));
}

function deriver(parsed, docs) {
  const { classes, converters } = parsed;

  /** The object type of a computed-only struct: every getter of its OutputReference. */
  function computedObjectType(struct, seen) {
    const cls = classes.get(`${struct}OutputReference`);
    const attrs = {};
    if (!cls || seen.has(struct)) return ["object", attrs];
    for (const [getter, expr] of cls.getters) {
      if (getter.endsWith("Input") || getter === "internalValue") continue;
      const t = computedType(cls, getter, expr, new Set([...seen, struct]));
      if (t) attrs[t.tfName] = t.type;
    }
    return ["object", sortKeys(attrs)];
  }

  function computedType(cls, getter, expr, seen) {
    const simple = simpleType(expr);
    if (simple) return simple;
    const field = cls.fields.get(getter);
    if (!field) return undefined;
    if (field.cls === "cdktf.StringMap") return { tfName: field.tfName, type: ["map", "string"] };
    let m = /^(\w+)List$/.exec(field.cls);
    if (m) return { tfName: field.tfName, type: [field.wrapsSet ? "set" : "list", computedObjectType(m[1], seen)] };
    m = /^(\w+)OutputReference$/.exec(field.cls);
    if (m) return { tfName: field.tfName, type: computedObjectType(m[1], seen) };
    return undefined;
  }

  /**
   * A block: settable attributes and blocks from the converter's attrs, computed-only attributes
   * from the getters of `cls` (the resource class, or a struct's OutputReference).
   */
  function block(attrs, cls, docProps, isTopLevel) {
    const attributes = {};
    const blockTypes = {};
    const settable = new Set();
    for (const a of attrs) {
      if (a.name === "alias" && cls && cls.base === "TerraformProvider") continue;
      if (a.camel) settable.add(a.camel);
      const optional = cls ? cls.resets.has(a.camel) || cls.base === "TerraformProvider" : true;
      const description = docProps && a.camel ? docProps.get(a.camel) : undefined;
      if (a.isBlock) {
        const struct = a.type === "struct" ? a.storage : a.storage.replace(/List$/, "");
        const structCls = classes.get(`${struct}OutputReference`);
        const nested = block(converters.get(lowerFirst(struct)) || [], structCls, docs.get(struct), false);
        const field = cls && a.camel ? cls.fields.get(a.camel) : undefined;
        const bt = { nesting_mode: a.type === "struct" ? "single" : a.type, block: nested };
        if (a.type !== "struct") {
          if (!optional) bt.min_items = 1;
          if (field && /OutputReference$/.test(field.cls)) bt.max_items = 1;
        }
        if (description) bt.block.description = description;
        blockTypes[a.name] = bt;
        continue;
      }
      const attr = { type: settableType(a) };
      if (description) attr.description = description;
      if (a.name === "id" && isTopLevel) {
        attr.optional = true;
        attr.computed = true;
      } else if (optional) attr.optional = true;
      else attr.required = true;
      attributes[a.name] = attr;
    }
    if (cls) {
      for (const [getter, expr] of cls.getters) {
        if (settable.has(getter) || getter.endsWith("Input") || getter === "internalValue" || cls.setters.has(getter)) continue;
        const t = computedType(cls, getter, expr, new Set());
        if (!t || attributes[t.tfName] || blockTypes[t.tfName]) continue;
        attributes[t.tfName] = { type: t.type, computed: true };
      }
    }
    const result = {};
    if (Object.keys(attributes).length) result.attributes = sortKeys(attributes);
    if (Object.keys(blockTypes).length) result.block_types = sortKeys(blockTypes);
    return result;
  }

  return (cls) => ({ version: 0, block: block(cls.attrs, cls, docs.get(`${cls.name}Config`), true) });
}

/**
 * Sensitivity the bindings cannot show, read from the providers' documentation: without it the
 * stand-in would let a generated secret through to plan JSON unmarked.
 */
const SENSITIVE_FACTS = {
  random_password: ["bcrypt_hash", "result"],
};

function markSensitive(resources) {
  for (const [type, names] of Object.entries(SENSITIVE_FACTS)) {
    const attributes = resources[type] && resources[type].block.attributes;
    if (!attributes) continue;
    for (const name of names) if (attributes[name]) attributes[name].sensitive = true;
  }
}

function derive(pkg) {
  const root = path.dirname(require.resolve(`${pkg}/package.json`));
  const meta = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8"));
  const provider = meta.cdktf && meta.cdktf.provider;
  if (!provider) throw new Error(`${pkg}: package.json has no cdktf.provider metadata`);
  const parsed = parsePackage(root);
  const schemaOf = deriver(parsed, jsiiDocs(root));
  const resources = {};
  const dataSources = {};
  let providerSchema;
  for (const cls of parsed.classes.values()) {
    const tfType = parsed.tfTypes.get(cls.name);
    if (cls.base === "TerraformProvider") providerSchema = schemaOf(cls);
    else if (cls.base === "TerraformResource" && tfType) resources[tfType] = schemaOf(cls);
    else if (cls.base === "TerraformDataSource" && tfType) dataSources[tfType] = schemaOf(cls);
  }
  if (!providerSchema) throw new Error(`${pkg}: no provider class found`);
  markSensitive(resources);
  return {
    address: provider.name,
    version: provider.version,
    file: {
      format_version: "1.0",
      provider_schemas: {
        [provider.name]: { provider: providerSchema, resource_schemas: sortKeys(resources), data_source_schemas: sortKeys(dataSources) },
      },
    },
    source: `${pkg}@${meta.version}`,
  };
}

function main() {
  const check = process.argv.includes("--check");
  let drift = false;
  for (const { pkg, out } of PACKAGES) {
    const derived = derive(pkg);
    const target = path.join(__dirname, out);
    const text = `${JSON.stringify(derived.file, null, 2)}\n`;
    const counts = derived.file.provider_schemas[derived.address];
    const summary = `${out}: ${derived.address} v${derived.version} from ${derived.source} (${Object.keys(counts.resource_schemas).length} resources, ${Object.keys(counts.data_source_schemas).length} data sources)`;
    if (check) {
      const current = fs.existsSync(target) ? fs.readFileSync(target, "utf8") : "";
      if (current !== text) {
        drift = true;
        process.stderr.write(`drift: ${summary} differs from the committed file; run node providers/derive-prebuilt-schemas.js\n`);
      }
    } else {
      fs.writeFileSync(target, text);
      process.stdout.write(`wrote ${summary}\n`);
    }
  }
  if (drift) process.exit(1);
}

if (require.main === module) main();

module.exports = { derive, PACKAGES };
