import * as fs from "fs";
import * as path from "path";
import * as ts from "typescript";
import type { z } from "zod";
import { primitiveRegistry, type PrimitiveName } from "../lib/config/primitives";

/*
 * Renders docs/environment-reference.md: every field of an environment, its type as written in
 * YAML, whether it is required or its default, what it is for and an example. Two sources, walked
 * side by side:
 *
 * - the runtime zod schema (lib/config/schema.ts `environmentSchema`), which knows the nesting,
 *   the types, enums, ranges, optional fields and defaults;
 * - the TypeScript source of that schema, parsed with the compiler API, which holds the `/** ... *\/`
 *   doc comment of each property (with its `@default` and `@example` tags). Properties that name a
 *   schema declared elsewhere (`servers: vmPoolSchema`, `...secondaryNicFields`, an import from
 *   ./platform) are followed to that declaration, so every field finds its comment wherever it is.
 *
 * Examples come from an `@example` tag, else from the first shipped environment that sets the field.
 *
 *   node dist/tools/environment-reference.js           rewrite docs/environment-reference.md
 *   node dist/tools/environment-reference.js --check   exit 1 when it is stale or a field lacks a comment
 */

/** Where a schema expression is written: its file and the expression. */
interface SourceRef {
  readonly file: string;
  readonly expr: ts.Expression;
}

/** A property of an object schema in the source: its doc comment and where to find it. */
interface SourceProperty {
  readonly file: string;
  readonly line: number;
  /** The doc comment without tags, whitespace collapsed; undefined when the property has none. */
  readonly description?: string;
  readonly defaultTag?: string;
  readonly exampleTag?: string;
  /** The property's value, to follow into nested schemas. */
  readonly value?: SourceRef;
  /** The declaration the property sits in (`vmPoolSchema`), for messages. */
  readonly declaration?: string;
}

/** What a schema expression is, once its modifiers (`.optional()`, `.min(1)`, ...) are stripped. */
type SourceShape =
  | { readonly kind: "object"; readonly properties: ReadonlyMap<string, SourceProperty> }
  | { readonly kind: "array"; readonly element: SourceRef }
  | { readonly kind: "record"; readonly value: SourceRef }
  | { readonly kind: "union"; readonly options: readonly SourceRef[] }
  | { readonly kind: "leaf" };

/** Text of a JSDoc comment body or tag, `{@link x}` as `x` in code. */
function jsDocText(comment: string | ts.NodeArray<ts.JSDocComment> | undefined): string | undefined {
  const text = ts.getTextOfJSDocComment(comment);
  if (text === undefined) return undefined;
  const clean = text.replace(/\{@link\s+([^}\s]+)\s*\}/g, "`$1`").replace(/\s+/g, " ").trim();
  return clean === "" ? undefined : clean;
}

/**
 * The TypeScript files of a schema, parsed on demand (no type checker: the source is read, not
 * compiled). Follows top-level `const` declarations and relative named imports between them.
 */
export class SchemaSource {
  private readonly files = new Map<string, ts.SourceFile | undefined>();

  /** `read` returns a file's text, or undefined when there is no such file. */
  constructor(private readonly read: (file: string) => string | undefined = (file) => (fs.existsSync(file) ? fs.readFileSync(file, "utf8") : undefined)) {}

  private parse(file: string): ts.SourceFile | undefined {
    if (!this.files.has(file)) {
      const text = this.read(file);
      this.files.set(file, text === undefined ? undefined : ts.createSourceFile(file, text, ts.ScriptTarget.ES2022, true));
    }
    return this.files.get(file);
  }

  /** The initializer of the top-level `const name = ...` in `file`, or of the import it names. */
  declaration(file: string, name: string): SourceRef | undefined {
    const source = this.parse(file);
    if (!source) return undefined;
    for (const statement of source.statements) {
      if (ts.isVariableStatement(statement)) {
        for (const declaration of statement.declarationList.declarations) {
          if (ts.isIdentifier(declaration.name) && declaration.name.text === name && declaration.initializer) return { file, expr: declaration.initializer };
        }
      }
      if (ts.isImportDeclaration(statement) && ts.isStringLiteral(statement.moduleSpecifier) && statement.moduleSpecifier.text.startsWith(".")) {
        const bindings = statement.importClause?.namedBindings;
        if (!bindings || !ts.isNamedImports(bindings)) continue;
        const element = bindings.elements.find((each) => each.name.text === name);
        if (!element) continue;
        const target = path.resolve(path.dirname(file), `${statement.moduleSpecifier.text}.ts`);
        return this.declaration(target, (element.propertyName ?? element.name).text);
      }
    }
    return undefined;
  }

  /** The doc comment on the top-level `const name` of `file` (the primitives' rules are described there). */
  declarationDoc(file: string, name: string): string | undefined {
    const source = this.parse(file);
    for (const statement of source?.statements ?? []) {
      if (!ts.isVariableStatement(statement)) continue;
      if (!statement.declarationList.declarations.some((declaration) => ts.isIdentifier(declaration.name) && declaration.name.text === name)) continue;
      const docs = (statement as { jsDoc?: ts.JSDoc[] }).jsDoc ?? [];
      return jsDocText(docs[docs.length - 1]?.comment);
    }
    return undefined;
  }

  /** The name of the top-level const a schema expression is the initializer of, if any. */
  private declarationName(expr: ts.Node): string | undefined {
    for (let node: ts.Node | undefined = expr; node; node = node.parent) {
      if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name) && ts.isVariableStatement(node.parent.parent) && ts.isSourceFile(node.parent.parent.parent)) return node.name.text;
    }
    return undefined;
  }

  /** What `ref` is, looking through modifiers, parentheses and identifiers. */
  shape(ref: SourceRef | undefined): SourceShape {
    if (!ref) return { kind: "leaf" };
    const { file } = ref;
    let expr = ref.expr;
    while (ts.isParenthesizedExpression(expr) || ts.isAsExpression(expr) || ts.isSatisfiesExpression(expr)) expr = expr.expression;
    if (ts.isIdentifier(expr)) {
      const declared = this.declaration(file, expr.text);
      return declared ? this.shape(declared) : { kind: "leaf" };
    }
    if (ts.isObjectLiteralExpression(expr)) return { kind: "object", properties: this.properties(file, expr) };
    if (ts.isCallExpression(expr) && ts.isPropertyAccessExpression(expr.expression)) {
      const receiver = expr.expression.expression;
      const method = expr.expression.name.text;
      if (ts.isIdentifier(receiver) && receiver.text === "z") {
        const [first, second] = expr.arguments;
        if ((method === "strictObject" || method === "object" || method === "looseObject") && first && ts.isObjectLiteralExpression(first)) {
          return { kind: "object", properties: this.properties(file, first) };
        }
        if (method === "array" && first) return { kind: "array", element: { file, expr: first } };
        if (method === "record" && second) return { kind: "record", value: { file, expr: second } };
        const options = method === "discriminatedUnion" ? second : method === "union" ? first : undefined;
        if (options && ts.isArrayLiteralExpression(options)) return { kind: "union", options: options.elements.map((element) => ({ file, expr: element })) };
        return { kind: "leaf" };
      }
      const inner = this.shape({ file, expr: receiver });
      // .extend({...}) adds fields to the object it is called on (a later one wins, as in zod).
      if (method === "extend" && inner.kind === "object" && expr.arguments[0]) {
        const added = this.shape({ file, expr: expr.arguments[0] });
        if (added.kind === "object") return { kind: "object", properties: new Map([...inner.properties, ...added.properties]) };
      }
      // A modifier (.optional(), .default(...), .min(1), .superRefine(...)): the schema is its receiver.
      return inner;
    }
    return { kind: "leaf" };
  }

  /** The properties of an object literal by name, spreads followed, each with its doc comment. */
  private properties(file: string, literal: ts.ObjectLiteralExpression): Map<string, SourceProperty> {
    const out = new Map<string, SourceProperty>();
    const declaration = this.declarationName(literal);
    for (const property of literal.properties) {
      if (ts.isSpreadAssignment(property)) {
        const spread = this.shape({ file, expr: property.expression });
        if (spread.kind === "object") for (const [name, each] of spread.properties) out.set(name, each);
        continue;
      }
      if (!ts.isPropertyAssignment(property) && !ts.isShorthandPropertyAssignment(property)) continue;
      const name = property.name && (ts.isIdentifier(property.name) || ts.isStringLiteral(property.name)) ? property.name.text : undefined;
      if (name === undefined) continue;
      const docs = (property as { jsDoc?: ts.JSDoc[] }).jsDoc ?? [];
      const doc = docs[docs.length - 1];
      const tag = (tagName: string) => jsDocText(doc?.tags?.find((each) => each.tagName.text === tagName)?.comment);
      const description = jsDocText(doc?.comment);
      const defaultTag = tag("default");
      const exampleTag = tag("example");
      const source = property.getSourceFile();
      out.set(name, {
        file,
        line: source.getLineAndCharacterOfPosition(property.getStart(source)).line + 1,
        ...(description ? { description } : {}),
        ...(defaultTag ? { defaultTag } : {}),
        ...(exampleTag ? { exampleTag } : {}),
        value: { file, expr: ts.isPropertyAssignment(property) ? property.initializer : property.name },
        ...(declaration ? { declaration } : {}),
      });
    }
    return out;
  }
}

/** One field of an object table. */
export interface ReferenceRow {
  /** The field's path, arrays as `[]`: `clusters[].servers.count`. */
  readonly path: string;
  /** The type as a YAML author writes it: "whole number, at least 1", "list of IPv4 address", ... */
  readonly type: string;
  /** "required", or "optional" with the default: "default `false`", "default: the node name". */
  readonly presence: string;
  readonly description?: string;
  readonly example?: string;
  /** Where the field is declared (`lib/config/schema.ts:42`), for the "every field documented" check; undefined when the walk lost the source. */
  readonly source?: { readonly file: string; readonly line: number; readonly declaration?: string };
  /** The anchor of the table that details the field (an object, a list of objects, a union of objects). */
  readonly detail?: string;
}

/** The fields of one object (or one variant of a union): a table in the reference. */
export interface ReferenceTable {
  /** The object's path: "" for the environment itself, `proxmox.nodes[]`, `image`. */
  readonly path: string;
  /** Anchor of the table's heading. */
  readonly anchor: string;
  /** For a union variant: what selects it, e.g. `kind: "template"`. */
  readonly variant?: string;
  /** Set when this object is the very schema detailed at another path: that table's path and anchor. */
  readonly sameAs?: { readonly path: string; readonly anchor: string };
  readonly rows: readonly ReferenceRow[];
}

/** A document to take examples from: a shipped environment and its name. */
export interface ExampleSource {
  readonly name: string;
  readonly value: unknown;
}

type Def = z.core.$ZodTypes["_zod"]["def"];
const defOf = (schema: z.core.$ZodType): Def => (schema as z.core.$ZodTypes)._zod.def;

/** How each shared value rule reads in the reference. */
const PRIMITIVE_TYPES: Readonly<Record<PrimitiveName, string>> = {
  ipv4Address: "IPv4 address",
  ipv6Address: "IPv6 address",
  ipAddress: "IP address (IPv4 or IPv6)",
  cidrV4: "IPv4 CIDR",
  cidrV6: "IPv6 prefix (CIDR)",
  cidr: "CIDR (IPv4 or IPv6)",
  asn: "AS number",
  port: "port, 1 to 65535",
  dnsLabel: "DNS label",
  hostname: "DNS name",
  host: "DNS name or IP address",
  gitSource: "Git repository URL",
  kubernetesName: "Kubernetes object name",
};

/** A schema with its optional/default wrappers removed, and what they said. */
interface Unwrapped {
  readonly schema: z.core.$ZodType;
  readonly optional: boolean;
  readonly hasDefault: boolean;
  readonly defaultValue?: unknown;
  readonly prefault: boolean;
}

function unwrap(schema: z.core.$ZodType): Unwrapped {
  let current = schema;
  let optional = false;
  let hasDefault = false;
  let prefault = false;
  let defaultValue: unknown;
  for (;;) {
    if (primitiveRegistry.get(current as z.ZodType)) break;
    const def = defOf(current);
    if (def.type === "optional" || def.type === "nullable" || def.type === "readonly" || def.type === "nonoptional" || def.type === "catch") {
      if (def.type === "optional") optional = true;
      current = def.innerType;
    } else if (def.type === "default" || def.type === "prefault") {
      optional = true;
      if (!hasDefault) {
        hasDefault = true;
        prefault = def.type === "prefault";
        defaultValue = def.defaultValue;
      }
      current = def.innerType;
    } else if (def.type === "pipe") {
      current = def.in;
    } else {
      break;
    }
  }
  return { schema: current, optional, hasDefault, prefault, ...(hasDefault ? { defaultValue } : {}) };
}

/** A value in YAML flow style, as it would be written in the environment file. */
export function flow(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(flow).join(", ")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value);
    return entries.length === 0 ? "{}" : `{ ${entries.map(([key, each]) => `${key}: ${flow(each)}`).join(", ")} }`;
  }
  return typeof value === "string" ? JSON.stringify(value) : String(value);
}

/** The range a number's checks allow, in words. */
function numberRange(checks: readonly z.core.$ZodCheck[]): { int: boolean; range: string } {
  let int = false;
  let low: { value: number; inclusive: boolean } | undefined;
  let high: { value: number; inclusive: boolean } | undefined;
  for (const check of checks) {
    const def = check._zod.def as { check: string; format?: string; value?: number; inclusive?: boolean };
    if (def.check === "number_format" && (def.format === "safeint" || def.format === "int32" || def.format === "uint32")) int = true;
    if (def.check === "greater_than" && typeof def.value === "number") low = { value: def.value, inclusive: def.inclusive ?? false };
    if (def.check === "less_than" && typeof def.value === "number") high = { value: def.value, inclusive: def.inclusive ?? false };
  }
  // A whole number above 0 is at least 1: say it the way a reader counts.
  if (int && low && !low.inclusive) low = { value: Math.floor(low.value) + 1, inclusive: true };
  if (int && high && !high.inclusive) high = { value: Math.ceil(high.value) - 1, inclusive: true };
  const range =
    low && high
      ? `${low.value} to ${high.value}`
      : low
        ? `${low.inclusive ? "at least" : "above"} ${low.value}`
        : high
          ? `${high.inclusive ? "at most" : "below"} ${high.value}`
          : "";
  return { int, range };
}

/** The type of a (wrapper-free) schema as a YAML author reads it. */
export function typeName(schema: z.core.$ZodType): string {
  const primitive = primitiveRegistry.get(schema as z.ZodType);
  if (primitive) return PRIMITIVE_TYPES[primitive.primitive];
  const def = defOf(schema);
  switch (def.type) {
    case "string": {
      const format = (def as { format?: string }).format;
      if (format === "url") {
        const protocol = (def as { protocol?: RegExp }).protocol;
        return protocol && protocol.test("https") && !protocol.test("ftp") ? "URL (https://)" : "URL";
      }
      if (format === "email") return "e-mail address";
      return "string";
    }
    case "number": {
      const { int, range } = numberRange(def.checks ?? []);
      return `${int ? "whole number" : "number"}${range ? `, ${range}` : ""}`;
    }
    case "boolean":
      return "true or false";
    case "enum": {
      const values = Object.values(def.entries);
      return values.length === 1 ? `${JSON.stringify(values[0])} (only value)` : `one of ${values.map((each) => JSON.stringify(each)).join(" | ")}`;
    }
    case "literal":
      return def.values.length === 1 ? `${JSON.stringify(def.values[0])} (only value)` : `one of ${def.values.map((each) => JSON.stringify(each)).join(" | ")}`;
    case "array": {
      const element = typeName(unwrap(def.element).schema);
      return element.startsWith("one of") ? `list, each ${element}` : `list of ${plural(element)}`;
    }
    case "record":
      return `map of ${typeName(unwrap(def.keyType).schema)} to ${typeName(unwrap(def.valueType).schema)}`;
    case "object":
      return "object";
    case "union": {
      const discriminator = (def as { discriminator?: string }).discriminator;
      if (discriminator) return `object, one of ${def.options.length} kinds by \`${discriminator}\``;
      return def.options.map((option) => typeName(unwrap(option).schema)).join(" or ");
    }
    default:
      return def.type;
  }
}

/** "object" → "objects", "IPv4 address" → "IPv4 addresses", in a "list of ..." */
function plural(type: string): string {
  const comma = type.indexOf(",");
  if (comma > 0) return `${plural(type.slice(0, comma))}${type.slice(comma)}`;
  const paren = type.indexOf(" (");
  if (paren > 0 && !type.startsWith('"')) return `${plural(type.slice(0, paren))}${type.slice(paren)}`;
  if (type.startsWith("list of") || type.startsWith("map of") || type.startsWith("one of") || type.startsWith('"')) return type;
  if (/(s|sh|ch)$/.test(type)) return `${type}es`;
  return `${type}s`;
}

/** A variant of a discriminated union: the discriminator, its value and how a heading says it. */
interface Variant {
  readonly key: string;
  readonly value: unknown;
  readonly label: string;
}

/** The object options of a union, each with the literal value of its discriminator. */
function unionObjects(schema: z.core.$ZodType): { option: z.core.$ZodType; variant?: Variant }[] | undefined {
  const def = defOf(schema);
  if (def.type !== "union") return undefined;
  const discriminator = (def as { discriminator?: string }).discriminator;
  const options = def.options.map((option) => unwrap(option).schema);
  if (!options.every((option) => defOf(option).type === "object")) return undefined;
  return options.map((option) => {
    const shape = (defOf(option) as { shape: Record<string, z.core.$ZodType> }).shape;
    const selector = discriminator ? defOf(unwrap(shape[discriminator]).schema) : undefined;
    if (!discriminator || selector?.type !== "literal") return { option };
    const value = selector.values[0];
    return { option, variant: { key: discriminator, value, label: `${discriminator}: ${JSON.stringify(value)}` } };
  });
}

/** Every object at `segments` (`[]` meaning each element) in `value`. */
function objectsAt(value: unknown, segments: readonly string[]): Record<string, unknown>[] {
  if (value === null || typeof value !== "object") return [];
  if (segments.length === 0) return Array.isArray(value) ? [] : [value as Record<string, unknown>];
  const [head, ...rest] = segments;
  if (head === "[]") return Array.isArray(value) ? value.flatMap((element) => objectsAt(element, rest)) : [];
  return Array.isArray(value) ? [] : objectsAt((value as Record<string, unknown>)[head], rest);
}

/** `clusters[].servers` as segments: clusters, [], servers. */
function segmentsOf(tablePath: string): string[] {
  if (tablePath === "") return [];
  return tablePath.split(".").flatMap((part) => {
    const name = part.replace(/(\[\])+$/, "");
    const arrays = (part.length - name.length) / 2;
    return [name, ...Array.from({ length: arrays }, () => "[]")];
  });
}

/** A scalar, a list of scalars or a map of scalars as a short example; undefined for anything deeper. */
function exampleText(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  const scalars = (items: unknown[]) => items.every((each) => each === null || typeof each !== "object");
  if (typeof value === "object" && value !== null && !scalars(Array.isArray(value) ? value : Object.values(value))) return undefined;
  if (typeof value === "object" && value !== null && !Array.isArray(value) && Object.keys(value).length === 0) return undefined;
  const text = flow(value);
  return `\`${text.length > 60 ? `${text.slice(0, 57)}...` : text}\``;
}

/** A heading anchor for a table path: `proxmox.nodes[]` → `proxmox-nodes`. */
function anchorOf(tablePath: string, variant?: string): string {
  const base = tablePath === "" ? "environment" : tablePath.replace(/\[\]/g, "").replace(/[^A-Za-z0-9]+/g, "-").replace(/^-|-$/g, "").toLowerCase();
  return variant ? `${base}-${variant.replace(/[^A-Za-z0-9]+/g, "-").replace(/^-|-$/g, "").toLowerCase()}` : base;
}

/** Options of {@link referenceTables}. */
export interface ReferenceOptions {
  /** The source of the root schema: its file and the name of its const. Without it rows have no descriptions. */
  readonly source?: { readonly schemas: SchemaSource; readonly file: string; readonly name: string };
  /** Documents examples are taken from, in order of preference. */
  readonly examples?: readonly ExampleSource[];
  /** Paths whose examples may be taken from another path of the same schema: `cluster` → `clusters[]`. */
  readonly aliases?: Readonly<Record<string, readonly string[]>>;
}

/**
 * Every object of `root` as a table of its fields, the root first, each object's table followed by
 * the tables of the objects inside it. An object schema met again at another path (a pool used for
 * both servers and agents) is detailed once; the later table points at the first.
 */
export function referenceTables(root: z.core.$ZodType, options: ReferenceOptions = {}): ReferenceTable[] {
  const tables: ReferenceTable[] = [];
  const detailed = new Map<z.core.$ZodType, { path: string; anchor: string }>();
  const schemas = options.source?.schemas;
  const rootRef = options.source ? options.source.schemas.declaration(options.source.file, options.source.name) : undefined;
  if (options.source && !rootRef) throw new Error(`${options.source.file} has no top-level const ${options.source.name}`);

  const alternativesOf = (tablePath: string): string[] =>
    Object.entries(options.aliases ?? {}).flatMap(([prefix, others]) =>
      tablePath === prefix || tablePath.startsWith(`${prefix}.`) || tablePath.startsWith(`${prefix}[`) ? others.map((other) => other + tablePath.slice(prefix.length)) : [],
    );

  /** The objects of the example documents a table describes: at its path or an alias, of its variant only. */
  const exampleObjects = (tablePath: string, variant: { key: string; value: unknown } | undefined): { name: string; object: Record<string, unknown> }[] =>
    [tablePath, ...alternativesOf(tablePath)].flatMap((candidate) =>
      (options.examples ?? []).flatMap((document) =>
        objectsAt(document.value, segmentsOf(candidate))
          .filter((object) => !variant || object[variant.key] === variant.value)
          .map((object) => ({ name: document.name, object })),
      ),
    );

  /** The table(s) of an object, a union of objects or a list/map of them, at `tablePath`; returns the anchor to link to. */
  const detail = (schema: z.core.$ZodType, ref: SourceRef | undefined, tablePath: string): string | undefined => {
    const def = defOf(schema);
    if (primitiveRegistry.get(schema as z.ZodType)) return undefined;
    if (def.type === "object") return objectTable(schema, ref, tablePath);
    if (def.type === "array") {
      const element = schemas?.shape(ref);
      return detail(unwrap(def.element).schema, element?.kind === "array" ? element.element : undefined, `${tablePath}[]`);
    }
    if (def.type === "record") {
      const value = schemas?.shape(ref);
      return detail(unwrap(def.valueType).schema, value?.kind === "record" ? value.value : undefined, `${tablePath}{}`);
    }
    const variants = unionObjects(schema);
    if (!variants) return undefined;
    const sourceOptions = schemas?.shape(ref);
    const anchors = variants.map(({ option, variant }, index) =>
      objectTable(option, sourceOptions?.kind === "union" ? sourceOptions.options[index] : undefined, tablePath, variant),
    );
    return anchors[0];
  };

  const objectTable = (schema: z.core.$ZodType, ref: SourceRef | undefined, tablePath: string, variant?: Variant): string => {
    const anchor = anchorOf(tablePath, variant?.label);
    const seen = detailed.get(schema);
    if (seen) {
      tables.push({ path: tablePath, anchor, ...(variant ? { variant: variant.label } : {}), sameAs: seen, rows: [] });
      return anchor;
    }
    detailed.set(schema, { path: tablePath, anchor });
    const shape = (defOf(schema) as { shape: Record<string, z.core.$ZodType> }).shape;
    const sourceShape = schemas?.shape(ref);
    const properties = sourceShape?.kind === "object" ? sourceShape.properties : undefined;
    const rows: ReferenceRow[] = [];
    const table: ReferenceTable = { path: tablePath, anchor, ...(variant ? { variant: variant.label } : {}), rows };
    const examples = exampleObjects(tablePath, variant);
    tables.push(table);
    for (const [key, child] of Object.entries(shape)) {
      const fieldPath = tablePath === "" ? key : `${tablePath}.${key}`;
      const property = properties?.get(key);
      const unwrapped = unwrap(child);
      const detailAnchor = detail(unwrapped.schema, property?.value, fieldPath);
      rows.push({
        path: fieldPath,
        type: typeName(unwrapped.schema),
        presence: presenceOf(unwrapped, property?.defaultTag),
        ...(property?.description ? { description: property.description } : {}),
        ...exampleOf(property?.exampleTag, detailAnchor, key, examples),
        ...(property ? { source: { file: property.file, line: property.line, ...(property.declaration ? { declaration: property.declaration } : {}) } } : {}),
        ...(detailAnchor ? { detail: detailAnchor } : {}),
      });
    }
    return anchor;
  };

  const exampleOf = (tag: string | undefined, detailAnchor: string | undefined, key: string, examples: readonly { name: string; object: Record<string, unknown> }[]): { example?: string } => {
    if (tag) return { example: tag.includes("`") ? tag : `\`${tag}\`` };
    if (detailAnchor) return {};
    for (const { name, object } of examples) {
      const text = exampleText(object[key]);
      if (text) return { example: `${text} (${name})` };
    }
    return {};
  };

  objectTable(unwrap(root).schema, rootRef, "");
  return tables;
}

/** The presence column: required, or optional with its default (the `@default` tag says it best). */
function presenceOf(unwrapped: Unwrapped, defaultTag: string | undefined): string {
  if (!unwrapped.optional) return "required";
  if (defaultTag) return `optional, default ${defaultText(defaultTag)}`;
  if (unwrapped.hasDefault && !unwrapped.prefault) return `optional, default \`${flow(unwrapped.defaultValue)}\``;
  if (unwrapped.prefault) {
    const value = unwrapped.defaultValue;
    const empty = value !== null && typeof value === "object" && Object.keys(value).length === 0;
    return empty ? "optional, its fields' defaults" : `optional, default \`${flow(value)}\``;
  }
  return "optional";
}

/**
 * A table cell: no line breaks, `|` escaped (inside code spans too, as GitHub tables need), and
 * outside code spans `<`, `>` and `&` as entities, so `<name>-infra` is text, not an HTML tag.
 */
export function cell(text: string | undefined): string {
  return (text ?? "")
    .replace(/\n/g, " ")
    .split(/(`[^`]*`)/)
    .map((part) => (part.startsWith("`") && part.endsWith("`") && part.length > 1 ? part : part.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;")))
    .join("")
    .replace(/\|/g, "\\|");
}

/** A `@default` tag's text with its leading literal (`"root"`, `179`, `false`, `[1, 2]`) as code. */
function defaultText(tag: string): string {
  const literal = /^("[^"]*"|-?\d[\w.]*|true|false|\[[^\]]*\]|\{[^}]*\})(?=$|[\s,;(])/.exec(tag);
  return literal ? `\`${literal[1]}\`${tag.slice(literal[1].length)}` : tag;
}

/** The Markdown of tables: per table a heading with its anchor and a row per field. */
export function renderTables(tables: readonly ReferenceTable[], headingLevel = 3): string {
  const hashes = "#".repeat(headingLevel);
  return tables
    .map((table) => {
      const title = `${hashes} \`${table.path === "" ? "(top level)" : table.path}\`${table.variant ? ` with \`${table.variant}\`` : ""}`;
      const head = [`<a id="${table.anchor}"></a>`, "", title, ""];
      if (table.sameAs) return [...head, `The same fields as [\`${table.sameAs.path}\`](#${table.sameAs.anchor}), under \`${table.path}\`.`].join("\n");
      return [
        ...head,
        "| field | type | required / default | description | example |",
        "|---|---|---|---|---|",
        ...table.rows.map((row) => {
          const type = row.detail ? `${row.type}, [see below](#${row.detail})` : row.type;
          return `| \`${cell(row.path)}\` | ${cell(type)} | ${cell(row.presence)} | ${cell(row.description)} | ${cell(row.example)} |`;
        }),
      ].join("\n");
    })
    .join("\n\n");
}

/**
 * The fields without a doc comment, each as one line naming the field path and where to add the
 * comment: the file, the line and the declaration the property sits in.
 */
export function undocumentedFields(tables: readonly ReferenceTable[], root: string): string[] {
  const relative = (file: string) => path.relative(root, file).split(path.sep).join("/");
  return tables.flatMap((table) =>
    table.rows
      .filter((row) => !row.description)
      .map((row) => {
        const name = row.path.slice(row.path.lastIndexOf(".") + 1);
        return row.source
          ? `${row.path}${table.variant ? ` (${table.variant})` : ""}: add a /** ... */ doc comment above \`${name}\` in ${relative(row.source.file)}:${row.source.line}${row.source.declaration ? ` (${row.source.declaration})` : ""}`
          : `${row.path}: its source was not found (the schema is built in a way tools/environment-reference.ts does not follow); declare it as a const z.strictObject({...}) with a doc comment on \`${name}\``;
      }),
  );
}

/** The repository root, from the source tree (tools/) or the build (dist/tools/). */
export function repositoryRoot(): string {
  let dir = __dirname;
  while (!fs.existsSync(path.join(dir, "package.json"))) dir = path.dirname(dir);
  return dir;
}

/** docs/environment-reference.md in the repository. */
export function environmentReferencePath(): string {
  return path.join(repositoryRoot(), "docs", "environment-reference.md");
}

/** The tables of the environment schema, from lib/config/schema.ts in the source tree, with the shipped environments' examples. */
export function environmentReferenceTables(): ReferenceTable[] {
  const { environmentSchema } = require("../lib/config/schema") as typeof import("../lib/config/schema");
  const { environments } = require("../environments") as typeof import("../environments");
  return referenceTables(environmentSchema, {
    source: { schemas: new SchemaSource(), file: path.join(repositoryRoot(), "lib", "config", "schema.ts"), name: "environmentSchema" },
    examples: Object.entries(environments).map(([name, value]) => ({ name, value })),
    // The single-site and single-cluster blocks and their multi-site/multi-cluster lists share schemas.
    aliases: { cluster: ["clusters[]"], "clusters[]": ["cluster"], proxmox: ["sites[].proxmox"], "sites[].proxmox": ["proxmox"], networks: ["sites[].networks"], "sites[].networks": ["networks"] },
  });
}

/**
 * The value types the shared rules of lib/config/primitives.ts stand for, each with the doc comment
 * of its declaration there; a rule without one is reported like an undocumented field.
 */
export function valueTypes(schemas: SchemaSource = new SchemaSource()): { type: string; primitive: PrimitiveName; description?: string }[] {
  const file = path.join(repositoryRoot(), "lib", "config", "primitives.ts");
  return (Object.entries(PRIMITIVE_TYPES) as [PrimitiveName, string][]).map(([primitive, type]) => {
    const description = schemas.declarationDoc(file, primitive);
    return { type, primitive, ...(description ? { description } : {}) };
  });
}

/** The whole of docs/environment-reference.md. */
export function renderEnvironmentReference(tables: readonly ReferenceTable[] = environmentReferenceTables()): string {
  const [top, ...rest] = tables;
  const sections: string[] = [];
  for (const row of top.rows) {
    const nested = rest.filter((table) => table.path === row.path || table.path.startsWith(`${row.path}.`) || table.path.startsWith(`${row.path}[`));
    if (nested.length === 0) continue;
    sections.push(`## \`${row.path}\`\n\n${row.description ? `${row.description}\n\n` : ""}${renderTables(nested)}`);
  }
  const header = [
    "# Environment reference",
    "",
    "<!-- Generated from the schema (lib/config/schema.ts and the files it imports) by tools/environment-reference.ts; edit the doc comments there, then run `npm run environment-reference`. -->",
    "",
    "Every field of an environment file (YAML or JSON in `environments/`, or a TypeScript module",
    "through `defineEnvironment`), read from the schema that validates it and from the doc comment on",
    "each field. Types are as written in YAML; a path reads `clusters[].servers.count` for the `count`",
    "of the `servers` of every entry of the `clusters` list. Examples come from the field's `@example`",
    "tag or from the shipped environment named beside it (`environments/`). `homelab init` writes a",
    "starter that validates; `homelab validate` checks a file against all of this and more (overlaps,",
    "collisions, capacity: see README.md, \"Your first lab\").",
    "",
    "## Top level",
    "",
    renderTables([{ ...top, path: "", anchor: "environment" }], 3).replace("### `(top level)`", "### The environment"),
  ];
  const types = [
    "## Value types",
    "",
    "The shared value rules (`lib/config/primitives.ts`) the type column names; every field of one type is checked by the same rule, with the same message.",
    "",
    "| type | what it accepts |",
    "|---|---|",
    ...valueTypes().map((entry) => `| ${cell(entry.type)} | ${cell(entry.description)} |`),
    "",
    "Other types: a whole number (with its range where it has one), a number, true or false, a string, a URL, an e-mail address, a list, a map of keys to values, or one of the quoted values listed.",
  ].join("\n");
  return `${[...header, ...sections.map((section) => `\n${section}`), `\n${types}`].join("\n")}\n`;
}

if (require.main === module) {
  const target = environmentReferencePath();
  const tables = environmentReferenceTables();
  const undocumented = undocumentedFields(tables, repositoryRoot());
  const rendered = renderEnvironmentReference(tables);
  if (process.argv.includes("--check")) {
    let failed = false;
    if (undocumented.length > 0) {
      process.stderr.write(`fields without a doc comment:\n${undocumented.map((line) => `  - ${line}`).join("\n")}\n`);
      failed = true;
    }
    const current = fs.existsSync(target) ? fs.readFileSync(target, "utf8") : "";
    if (current !== rendered) {
      process.stderr.write(`${target} is stale; run \`npm run environment-reference\`\n`);
      failed = true;
    }
    if (failed) process.exit(1);
  } else {
    fs.writeFileSync(target, rendered);
    process.stdout.write(`wrote ${path.relative(process.cwd(), target)}${undocumented.length > 0 ? ` (${undocumented.length} fields lack a doc comment: npm run environment-reference -- --check lists them)` : ""}\n`);
  }
}
