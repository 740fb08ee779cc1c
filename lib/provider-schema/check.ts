import {
  BUILTIN_PROVIDER_ADDRESS,
  compileSchemas,
  shortAddress,
  type CompiledBlock,
  type CompiledBlockType,
  type CompiledProvider,
  type CompiledSchemas,
  type CompiledType,
} from "./compile";
import type { ProviderSchemas, SchemaProblem } from "./types";

/** Options of {@link checkTerraformJson}. */
export interface CheckTerraformJsonOptions {
  /**
   * Provider arguments that the provider reads from environment variables, by provider local name
   * (`{ netbox: ["server_url", "api_token"] }`). A schema dump taken without those variables set
   * marks them required, yet a provider block may leave them out when the environment supplies them.
   * @default {} (every required provider argument must be in the provider block)
   */
  readonly providerArgumentsFromEnv?: Readonly<Record<string, readonly string[]>>;
  /**
   * Providers with no pinned schema whose blocks are skipped instead of reported, by local name
   * (`random`), source (`hashicorp/random`) or full address.
   * @default [] (a resource of a provider without a pinned schema is a problem)
   */
  readonly unpinnedProviders?: readonly string[];
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

/** Keys HCL's JSON syntax treats as comments in any block body; cdktf puts metadata there. */
const COMMENT_KEY = "//";

const RESOURCE_META = new Set(["count", "for_each", "depends_on", "provider", "lifecycle", "connection", "provisioner"]);
const DATA_META = new Set(["count", "for_each", "depends_on", "provider", "lifecycle"]);
const PROVIDER_META = new Set(["alias", "version"]);
const RESOURCE_LIFECYCLE = new Set([
  "create_before_destroy",
  "prevent_destroy",
  "ignore_changes",
  "replace_triggered_by",
  "precondition",
  "postcondition",
]);
const DATA_LIFECYCLE = new Set(["precondition", "postcondition"]);

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_-]*$/;
const NUMBER_TEXT = /^[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$/;
/** `${` or `%{` not escaped by doubling (`$${`, `%%{`). */
const TEMPLATE_START = /(^|[^$%])[$%]\{/;

function isObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function child(path: string, key: string): string {
  return IDENTIFIER.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`;
}

/** A string Terraform evaluates as a template; its value is unknown until plan. */
function isTemplate(value: string): boolean {
  return value.includes("{") && TEMPLATE_START.test(value);
}

/**
 * True when the whole string is one `${...}` interpolation, whose result keeps the expression's
 * own type (a list stays a list). Any surrounding text makes the result a string.
 */
function isWholeInterpolation(value: string): boolean {
  if (!value.startsWith("${") || !value.endsWith("}")) return false;
  let depth = 0;
  let quoted = false;
  for (let i = 1; i < value.length; i++) {
    const c = value[i];
    if (quoted) {
      if (c === "\\") i++;
      else if (c === '"') quoted = false;
    } else if (c === '"') quoted = true;
    else if (c === "{") depth++;
    else if (c === "}" && --depth === 0) return i === value.length - 1;
  }
  return false;
}

function describe(value: Json): string {
  if (Array.isArray(value)) return `a list of ${value.length}`;
  if (isObject(value)) return "an object";
  if (typeof value === "string") return `string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
  return `${typeof value === "boolean" ? "bool" : typeof value} ${String(value)}`;
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length];
}

/** ` Did you mean "x"?` for the closest candidate, or nothing when none is close. */
function suggest(name: string, candidates: Iterable<string>): string {
  let best: string | undefined;
  let bestDistance = Math.max(2, Math.floor(name.length / 3)) + 1;
  for (const candidate of candidates) {
    const distance = editDistance(name, candidate);
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best === undefined ? "" : ` Did you mean "${best}"?`;
}

/** Problems of one check run plus the context every message needs. */
class Checker {
  readonly problems: SchemaProblem[] = [];
  private readonly providerAddresses = new Map<string, string>();
  private readonly reportedProviders = new Set<string>();
  private readonly unpinned: ReadonlySet<string>;
  private readonly envArguments: Readonly<Record<string, readonly string[]>>;
  /** Declared configurations per provider local name: "" for the default, else the alias. */
  private readonly providerConfigs = new Map<string, Set<string>>();
  /** Construct path of the top-level block being checked. */
  private constructPath: string | undefined;

  constructor(
    private readonly schemas: CompiledSchemas,
    private readonly config: JsonObject,
    options: CheckTerraformJsonOptions,
  ) {
    this.unpinned = new Set(options.unpinnedProviders ?? []);
    this.envArguments = options.providerArgumentsFromEnv ?? {};
  }

  report(path: string, message: string): void {
    this.problems.push(this.constructPath === undefined ? { path, message } : { path, constructPath: this.constructPath, message });
  }

  run(): void {
    const { provider, resource, data } = this.config;
    this.checkProviders(provider);
    this.checkSection("resource", resource, RESOURCE_META, RESOURCE_LIFECYCLE);
    this.checkSection("data", data, DATA_META, DATA_LIFECYCLE);
  }

  /** Full provider address for a local name, from `terraform.required_providers` or implied. */
  private addressOf(localName: string): string {
    let address = this.providerAddresses.get(localName);
    if (address !== undefined) return address;
    if (localName === "terraform") {
      address = BUILTIN_PROVIDER_ADDRESS;
    } else {
      const terraform = this.config.terraform;
      const requirements = isObject(terraform) ? terraform.required_providers : undefined;
      const requirement = isObject(requirements) ? requirements[localName] : undefined;
      const source = isObject(requirement) && typeof requirement.source === "string" ? requirement.source : `hashicorp/${localName}`;
      const parts = source.toLowerCase().split("/");
      address = [...(parts.length === 3 ? [] : ["registry.terraform.io"]), ...(parts.length === 1 ? ["hashicorp"] : []), ...parts].join("/");
    }
    this.providerAddresses.set(localName, address);
    return address;
  }

  /**
   * The compiled provider for a local name, or undefined after reporting (once per provider) that no
   * schema is pinned for it. Lookups fall back to `namespace/type` so an OpenTofu source
   * (registry.opentofu.org/...) finds the schema dumped from the Terraform registry.
   */
  private providerFor(localName: string, path: string, what: string): CompiledProvider | undefined {
    const address = this.addressOf(localName);
    const short = shortAddress(address);
    const found = this.schemas.byAddress.get(address) ?? this.schemas.byShortAddress.get(short);
    if (found) return found;
    if (this.unpinned.has(localName) || this.unpinned.has(address) || this.unpinned.has(short)) return undefined;
    if (!this.reportedProviders.has(address)) {
      this.reportedProviders.add(address);
      this.report(
        path,
        `no pinned schema for provider ${address} (local name "${localName}", needed by ${what}); ` +
          `add its \`terraform providers schema -json\` dump to providers/, fix terraform.required_providers.${localName}.source, ` +
          `or list "${localName}" in unpinnedProviders`,
      );
    }
    return undefined;
  }

  private checkProviders(section: Json | undefined): void {
    if (section === undefined) return;
    if (!isObject(section)) {
      this.report("provider", `expected an object of provider configurations by local name, got ${describe(section)}`);
      return;
    }
    // Aliases first, so resources can be checked against them in any order.
    const bodies: [string, string, Json][] = [];
    for (const [localName, value] of Object.entries(section)) {
      const list = Array.isArray(value) ? value : [value];
      list.forEach((body, i) => {
        const path = Array.isArray(value) ? `provider.${localName}[${i}]` : `provider.${localName}`;
        bodies.push([localName, path, body]);
        const alias = isObject(body) && typeof body.alias === "string" ? body.alias : "";
        const configs = this.providerConfigs.get(localName) ?? new Set<string>();
        if (configs.has(alias)) {
          this.report(path, alias ? `duplicate provider configuration "${localName}.${alias}"` : `duplicate default configuration for provider "${localName}"; give the others an alias`);
        }
        configs.add(alias);
        this.providerConfigs.set(localName, configs);
      });
    }
    for (const [localName, path, body] of bodies) {
      this.constructPath = constructPathOf(body);
      const provider = this.providerFor(localName, path, `provider "${localName}"`);
      if (provider) {
        const fromEnv = new Set(this.envArguments[localName] ?? []);
        this.checkBody(body, provider.provider, path, PROVIDER_META, undefined, fromEnv);
      }
      if (isObject(body) && body.alias !== undefined && typeof body.alias !== "string") {
        this.report(`${path}.alias`, `alias must be a string, got ${describe(body.alias)}`);
      }
    }
    this.constructPath = undefined;
  }

  private checkSection(kind: "resource" | "data", section: Json | undefined, meta: ReadonlySet<string>, lifecycle: ReadonlySet<string>): void {
    if (section === undefined) return;
    if (!isObject(section)) {
      this.report(kind, `expected an object of ${kind} types, got ${describe(section)}`);
      return;
    }
    const noun = kind === "resource" ? "resource type" : "data source";
    for (const [type, byName] of Object.entries(section)) {
      if (type === COMMENT_KEY) continue;
      if (!isObject(byName)) {
        this.report(`${kind}.${type}`, `expected an object of ${kind} blocks by name, got ${describe(byName)}`);
        continue;
      }
      for (const [name, value] of Object.entries(byName)) {
        if (name === COMMENT_KEY) continue;
        const list = Array.isArray(value) ? value : [value];
        list.forEach((body, i) => {
          const path = Array.isArray(value) ? `${kind}.${type}.${name}[${i}]` : `${kind}.${type}.${name}`;
          this.constructPath = constructPathOf(body);
          this.checkTopLevel(kind, noun, type, body, path, meta, lifecycle);
        });
      }
    }
    this.constructPath = undefined;
  }

  private checkTopLevel(
    kind: "resource" | "data",
    noun: string,
    type: string,
    body: Json,
    path: string,
    meta: ReadonlySet<string>,
    lifecycle: ReadonlySet<string>,
  ): void {
    // Terraform picks the provider from the type's prefix unless the `provider` meta-argument names one.
    let localName = type.split("_", 1)[0];
    if (isObject(body) && body.provider !== undefined && body.provider !== null) {
      const reference = this.checkProviderReference(body.provider, `${path}.provider`);
      if (reference) localName = reference;
    }
    const provider = this.providerFor(localName, path, `${kind === "data" ? "data." : ""}${type}`);
    if (!provider) return;
    const schema = (kind === "resource" ? provider.resources : provider.dataSources).get(type);
    if (!schema) {
      const known = kind === "resource" ? provider.resources : provider.dataSources;
      const hint = known.size === 0 ? ` (its pinned schema has no ${noun}s)` : suggest(type, known.keys());
      this.report(path, `unknown ${noun} "${type}": provider ${provider.address} does not define it.${hint}`);
      return;
    }
    this.checkBody(body, schema, path, meta, lifecycle);
  }

  /** Checks `provider = "name.alias"` and returns the local name it selects. */
  private checkProviderReference(value: Json, path: string): string | undefined {
    if (typeof value !== "string") {
      this.report(path, `the provider meta-argument must be a string like "proxmox" or "proxmox.alias", got ${describe(value)}`);
      return undefined;
    }
    // cdktf writes a bare reference; tolerate one wrapped in ${} as older HCL did.
    const reference = isWholeInterpolation(value) ? value.slice(2, -1).trim() : value;
    const [localName, alias = "", ...rest] = reference.split(".");
    if (!localName || rest.length > 0) {
      this.report(path, `malformed provider reference ${JSON.stringify(value)}; write "<local name>" or "<local name>.<alias>"`);
      return undefined;
    }
    const configs = this.providerConfigs.get(localName);
    if (alias && !configs?.has(alias)) {
      const declared = configs ? [...configs].map((a) => (a ? `"${localName}.${a}"` : `"${localName}" (default)`)).join(", ") : "none";
      this.report(
        path,
        `refers to provider configuration "${localName}.${alias}", but no provider.${localName} block has alias "${alias}" (declared: ${declared})`,
      );
    }
    return localName;
  }

  /**
   * Checks one block body: every key known, required attributes and blocks present, attribute
   * values typed, nested blocks recursively, block counts within limits.
   */
  private checkBody(
    body: Json,
    block: CompiledBlock,
    path: string,
    meta?: ReadonlySet<string>,
    lifecycle?: ReadonlySet<string>,
    optionalFromEnv?: ReadonlySet<string>,
  ): void {
    if (!isObject(body)) {
      this.report(path, `expected a block body (a JSON object), got ${describe(body)}`);
      return;
    }
    let dynamicTypes: Set<string> | undefined;
    for (const key of Object.keys(body)) {
      if (key === COMMENT_KEY) continue;
      const value = body[key];
      const keyPath = child(path, key);
      const attribute = block.attributes.get(key);
      if (attribute) {
        if (value === null) continue;
        if (attribute.computedOnly) {
          this.report(keyPath, `"${key}" is computed by the provider and cannot be set; remove it`);
          continue;
        }
        this.checkValue(value, attribute.type, keyPath, key);
        continue;
      }
      const blockType = block.blockTypes.get(key);
      if (blockType) {
        this.checkBlocks(value, blockType, keyPath, key);
        continue;
      }
      if (meta?.has(key)) {
        this.checkMeta(key, value, keyPath, lifecycle);
        continue;
      }
      if (key === "dynamic" && block.blockTypes.size > 0) {
        dynamicTypes = this.checkDynamic(value, block, keyPath);
        continue;
      }
      const names = [...block.attributes.keys(), ...block.blockTypes.keys(), ...(meta ?? [])];
      this.report(keyPath, `unknown attribute or block "${key}"; the schema has no such name here.${suggest(key, names)}`);
    }
    if (meta?.has("count") && meta.has("for_each") && body.count !== undefined && body.for_each !== undefined) {
      this.report(path, `"count" and "for_each" cannot both be set; use one`);
    }
    for (const name of block.requiredAttributes) {
      if ((body[name] === undefined || body[name] === null) && !optionalFromEnv?.has(name)) {
        const where = optionalFromEnv ? " (or list it in providerArgumentsFromEnv when an environment variable supplies it)" : "";
        this.report(child(path, name), `missing required attribute "${name}"; set it${where}`);
      }
    }
    for (const name of block.requiredBlocks) {
      if (dynamicTypes?.has(name)) continue;
      const value = body[name];
      const count = value === undefined || value === null ? 0 : Array.isArray(value) ? value.length : 1;
      if (count === 0) {
        const minItems = block.blockTypes.get(name)?.minItems ?? 1;
        this.report(child(path, name), `missing required block "${name}"; at least ${minItems} ${minItems === 1 ? "is" : "are"} needed`);
      }
    }
  }

  /** Checks the blocks of one type given under one key, including how many there are. */
  private checkBlocks(value: Json, blockType: CompiledBlockType, path: string, name: string): void {
    if (value === null) return;
    if (blockType.mode === "map") {
      if (!isObject(value)) {
        this.report(path, `"${name}" is a map of blocks: give an object of label → block body, got ${describe(value)}`);
        return;
      }
      for (const [label, body] of Object.entries(value)) {
        if (label === COMMENT_KEY) continue;
        const labelPath = child(path, label);
        if (Array.isArray(body)) body.forEach((item, i) => this.checkBody(item, blockType.block, `${labelPath}[${i}]`));
        else this.checkBody(body, blockType.block, labelPath);
      }
      return;
    }
    if (Array.isArray(value)) {
      value.forEach((item, i) => this.checkBody(item, blockType.block, `${path}[${i}]`));
    } else if (isObject(value)) {
      this.checkBody(value, blockType.block, path);
    } else {
      const hint = typeof value === "string" && isTemplate(value) ? "; to fill it from an expression use a dynamic block" : "";
      this.report(path, `"${name}" is a block, not an attribute: give an object (or a list of objects), got ${describe(value)}${hint}`);
      return;
    }
    const count = Array.isArray(value) ? value.length : 1;
    if (count > blockType.maxItems) {
      const limit = blockType.mode === "single" || blockType.mode === "group" ? "only one is allowed" : `at most ${blockType.maxItems} are allowed`;
      this.report(path, `too many "${name}" blocks: ${count} given, ${limit}`);
    } else if (count < blockType.minItems) {
      this.report(path, `too few "${name}" blocks: ${count} given, at least ${blockType.minItems} are needed`);
    }
  }

  /** Checks `"dynamic": { "<block>": { "for_each": ..., "content": {...} } }` and returns the block names. */
  private checkDynamic(value: Json, block: CompiledBlock, path: string): Set<string> {
    const names = new Set<string>();
    if (!isObject(value)) {
      this.report(path, `"dynamic" must be an object of block type → { for_each, content }, got ${describe(value)}`);
      return names;
    }
    for (const [name, spec] of Object.entries(value)) {
      if (name === COMMENT_KEY) continue;
      const namePath = child(path, name);
      const blockType = block.blockTypes.get(name);
      if (!blockType) {
        this.report(namePath, `dynamic block "${name}" is not a block type of this schema.${suggest(name, block.blockTypes.keys())}`);
        continue;
      }
      names.add(name);
      const specs = Array.isArray(spec) ? spec : [spec];
      specs.forEach((item, i) => {
        const itemPath = Array.isArray(spec) ? `${namePath}[${i}]` : namePath;
        if (!isObject(item) || item.for_each === undefined) {
          this.report(itemPath, `a dynamic block needs "for_each" and "content"`);
          return;
        }
        if (item.content !== undefined) this.checkBody(item.content, blockType.block, `${itemPath}.content`);
      });
    }
    return names;
  }

  private checkMeta(key: string, value: Json, path: string, lifecycle?: ReadonlySet<string>): void {
    if (value === null) return;
    switch (key) {
      case "depends_on":
        if (!(Array.isArray(value) && value.every((item) => typeof item === "string")) && !(typeof value === "string" && isWholeInterpolation(value))) {
          this.report(path, `depends_on must be a list of references like "proxmox_virtual_environment_vm.name", got ${describe(value)}`);
        }
        return;
      case "count":
        if (typeof value !== "number" && !(typeof value === "string" && (isTemplate(value) || NUMBER_TEXT.test(value)))) {
          this.report(path, `count must be a whole number or an expression, got ${describe(value)}`);
        }
        return;
      case "for_each":
        if (typeof value === "number" || typeof value === "boolean" || (typeof value === "string" && !isTemplate(value))) {
          this.report(path, `for_each must be a map, a set of strings or an expression, got ${describe(value)}`);
        }
        return;
      case "lifecycle": {
        const items = Array.isArray(value) ? value : [value];
        items.forEach((item, i) => {
          const itemPath = Array.isArray(value) ? `${path}[${i}]` : path;
          if (!isObject(item)) {
            this.report(itemPath, `lifecycle must be a block (an object), got ${describe(item)}`);
            return;
          }
          for (const name of Object.keys(item)) {
            if (name !== COMMENT_KEY && !lifecycle?.has(name)) {
              this.report(child(itemPath, name), `unknown lifecycle argument "${name}"; allowed: ${[...(lifecycle ?? [])].join(", ")}`);
            }
          }
        });
        return;
      }
      default:
        // provider is resolved before the body check; alias, version, connection and provisioner
        // are Terraform's own business.
        return;
    }
  }

  /** Checks an attribute value against its type the way Terraform's type conversion would. */
  private checkValue(value: Json, type: CompiledType, path: string, name: string): void {
    if (value === null || type.kind === "dynamic") return;
    if (typeof value === "string" && isTemplate(value)) {
      // Primitive results convert at plan time; only a bare ${...} keeps a collection's type.
      const primitive = type.kind === "string" || type.kind === "number" || type.kind === "bool";
      if (!primitive && !isWholeInterpolation(value)) {
        this.report(path, `expected ${type.label}, got a string template (text around \${...} makes a string); use a single \${...} expression`);
      }
      return;
    }
    switch (type.kind) {
      case "string":
        if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") return;
        break;
      case "number":
        if (typeof value === "number" || (typeof value === "string" && NUMBER_TEXT.test(value))) return;
        break;
      case "bool":
        if (typeof value === "boolean" || value === "true" || value === "false" || value === "1" || value === "0") return;
        break;
      case "list":
      case "set":
        if (Array.isArray(value)) {
          value.forEach((item, i) => this.checkValue(item, type.elem, `${path}[${i}]`, name));
          return;
        }
        if (isObject(value) && type.elem.kind === "object") {
          this.report(path, `expected ${type.label}, got an object: "${name}" is an attribute of type ${type.label}, not a block: wrap the object in a list`);
          return;
        }
        break;
      case "map":
        if (isObject(value)) {
          for (const [key, item] of Object.entries(value)) this.checkValue(item, type.elem, child(path, key), name);
          return;
        }
        break;
      case "object":
        if (isObject(value)) {
          this.checkObject(value, type.attrs, type.optional, path);
          return;
        }
        if (Array.isArray(value)) {
          this.report(path, `expected object, got ${describe(value)}: "${name}" is a single object attribute, not a list of blocks`);
          return;
        }
        break;
      case "tuple":
        if (Array.isArray(value)) {
          if (value.length !== type.elems.length) {
            this.report(path, `expected a tuple of ${type.elems.length} elements, got ${value.length}`);
            return;
          }
          value.forEach((item, i) => this.checkValue(item, type.elems[i], `${path}[${i}]`, name));
          return;
        }
        break;
      case "nested":
        this.checkNested(value, type, path, name);
        return;
    }
    this.report(path, `expected ${type.label}, got ${describe(value)}`);
  }

  /**
   * Checks an object value against an object type. Terraform needs every key (null where unset):
   * this is the bpg network_device trap. Terraform silently drops keys the type lacks; reporting
   * them catches a misspelt key whose value would otherwise vanish.
   */
  private checkObject(value: JsonObject, attrs: ReadonlyMap<string, CompiledType>, optional: ReadonlySet<string>, path: string): void {
    for (const [key, item] of Object.entries(value)) {
      const attrType = attrs.get(key);
      if (attrType) this.checkValue(item, attrType, child(path, key), key);
      else this.report(child(path, key), `unknown key "${key}" (Terraform would drop it silently).${suggest(key, attrs.keys())}`);
    }
    for (const key of attrs.keys()) {
      if (value[key] === undefined && !optional.has(key)) {
        this.report(
          child(path, key),
          `missing key "${key}": every key of this object type must be present in JSON (${attrs.size} keys); set it to null when unused`,
        );
      }
    }
  }

  /** Checks a nested-attribute value (protocol 6 providers): an object, or a list/set/map of them. */
  private checkNested(value: Json, type: Extract<CompiledType, { kind: "nested" }>, path: string, name: string): void {
    if (type.mode === "single" || type.mode === "group") {
      if (isObject(value)) this.checkBody(value, type.body, path);
      else this.report(path, `expected object, got ${describe(value)}`);
      return;
    }
    if (type.mode === "map") {
      if (isObject(value)) for (const [key, item] of Object.entries(value)) this.checkNestedItem(item, type.body, child(path, key));
      else this.report(path, `expected ${type.label}, got ${describe(value)}`);
      return;
    }
    if (!Array.isArray(value)) {
      const hint = isObject(value) ? `; "${name}" is an attribute of type ${type.label}, not a block: wrap the object in a list` : "";
      this.report(path, `expected ${type.label}, got ${describe(value)}${hint}`);
      return;
    }
    value.forEach((item, i) => this.checkNestedItem(item, type.body, `${path}[${i}]`));
    if (value.length > type.maxItems) this.report(path, `too many elements in "${name}": ${value.length} given, at most ${type.maxItems} allowed`);
    else if (value.length < type.minItems) this.report(path, `too few elements in "${name}": ${value.length} given, at least ${type.minItems} needed`);
  }

  private checkNestedItem(item: Json, body: CompiledBlock, path: string): void {
    if (item === null || (typeof item === "string" && isWholeInterpolation(item))) return;
    this.checkBody(item, body, path);
  }
}

function constructPathOf(body: Json): string | undefined {
  if (!isObject(body)) return undefined;
  const comment = body[COMMENT_KEY];
  const metadata = isObject(comment) ? comment.metadata : undefined;
  return isObject(metadata) && typeof metadata.path === "string" ? metadata.path : undefined;
}

/**
 * Checks synthesized Terraform JSON (cdktf's `cdk.tf.json`) against pinned provider schemas.
 *
 * Every `provider`, `resource` and `data` block is checked against the schema of the provider that
 * owns it (the type's prefix or the `provider` meta-argument, resolved through
 * `terraform.required_providers`): unknown names, missing required attributes and blocks, values on
 * computed-only attributes, value types (with Terraform's own string/number/bool conversions and
 * `${...}` accepted wherever its result could fit), blocks given as values, block counts, and
 * object-typed attributes missing keys. Terraform meta-arguments and `"//"` comments are allowed.
 *
 * @param config the parsed Terraform JSON of one stack
 * @param schemas provider schemas, e.g. from {@link loadProviderSchemas}; compiled once per object
 * @param options see {@link CheckTerraformJsonOptions}
 * @returns the problems in document order; empty when the configuration fits the schemas
 */
export function checkTerraformJson(config: object, schemas: ProviderSchemas, options: CheckTerraformJsonOptions = {}): SchemaProblem[] {
  if (!isObject(config)) {
    return [{ path: "", message: `expected the Terraform JSON document (an object), got ${describe(config as Json)}` }];
  }
  const checker = new Checker(compileSchemas(schemas), config, options);
  checker.run();
  return checker.problems;
}

/**
 * Renders problems as a readable report, one entry per problem with its path, construct path and
 * message; `"no provider-schema problems"` when there are none.
 */
export function formatSchemaProblems(problems: readonly SchemaProblem[]): string {
  if (problems.length === 0) return "no provider-schema problems";
  const lines = [`${problems.length} provider-schema problem${problems.length === 1 ? "" : "s"}:`];
  for (const problem of problems) {
    lines.push(`  ${problem.path || "(document)"}${problem.constructPath ? `  [construct ${problem.constructPath}]` : ""}`);
    lines.push(`    ${problem.message}`);
  }
  return lines.join("\n");
}
