import type { z } from "zod";
import { isIpv4Address } from "../net/ip";
import { primitiveRegistry } from "./primitives";

/*
 * Schema issues worded for people: what was expected and what was found
 * (`cluster.servers.count = "three": expected a whole number, got a string`). zod reports an
 * integer field given a string as expecting a "number", so whether a whole number was wanted is
 * read from the schema at the issue's path.
 */

type AnySchema = z.core.$ZodType;

/**
 * The schema a path leads to inside `schema`, following the input into the member of a
 * discriminated union it is meant for, and into the first member of a plain union that has the
 * path; undefined when it cannot tell.
 */
export function schemaAt(schema: AnySchema | undefined, segments: readonly PropertyKey[], input: unknown): AnySchema | undefined {
  const current = unwrap(schema);
  if (!current) return undefined;
  const def = current._zod.def as unknown as Record<string, unknown>;
  if (def.type === "union") {
    const options = def.options as AnySchema[];
    const discriminator = def.discriminator as string | undefined;
    if (discriminator && input !== null && typeof input === "object") {
      const wanted = (input as Record<string, unknown>)[discriminator];
      const member = options.find((option) => (unwrap(option)?._zod.def as unknown as { shape?: Record<string, AnySchema> }).shape?.[discriminator]?._zod.values?.has(wanted as never));
      return schemaAt(member, segments, input);
    }
    for (const option of options) {
      const found = schemaAt(option, segments, input);
      if (found) return found;
    }
    return undefined;
  }
  if (segments.length === 0) return current;
  const [segment, ...rest] = segments;
  const child = input !== null && typeof input === "object" ? (input as Record<PropertyKey, unknown>)[segment] : undefined;
  if (def.type === "object") return schemaAt((def.shape as Record<string, AnySchema>)[String(segment)], rest, child);
  if (def.type === "array") return schemaAt(def.element as AnySchema, rest, child);
  if (def.type === "record") return schemaAt(def.valueType as AnySchema, rest, child);
  return undefined;
}

/** Looks through optional/default/pipe wrappers. */
function unwrap(schema: AnySchema | undefined): AnySchema | undefined {
  let current = schema;
  for (let depth = 0; current && depth < 20; depth++) {
    const def = current._zod.def as unknown as Record<string, unknown>;
    if (["optional", "nullable", "default", "prefault", "readonly", "catch", "nonoptional"].includes(def.type as string)) current = def.innerType as AnySchema;
    else if (def.type === "pipe") current = def.in as AnySchema;
    else if (def.type === "lazy") current = (def.getter as () => AnySchema)();
    else return current;
  }
  return current;
}

/** True when the schema is a number restricted to whole numbers. */
function isWholeNumber(schema: AnySchema | undefined): boolean {
  const checks = (schema?._zod.def as { checks?: { _zod: { def: { check?: string; format?: string } } }[] } | undefined)?.checks ?? [];
  return checks.some(({ _zod: { def } }) => def.check === "number_format" && ["safeint", "int32", "uint32"].includes(def.format ?? ""));
}

const EXPECTED: Record<string, string> = {
  number: "a number",
  int: "a whole number",
  string: "a string",
  boolean: "true or false",
  array: "a list",
  object: "a mapping",
  record: "a mapping",
  bigint: "a whole number",
};

/** What a field of a shared value rule expects, in the words of the messages. */
const PRIMITIVE_EXPECTED: Partial<Record<string, string>> = {
  ipv4Address: "an IPv4 address such as 192.168.1.10",
  ipv6Address: "an IPv6 address such as 2001:db8::10",
  ipAddress: "an IP address such as 192.168.1.10",
  cidrV4: "an IPv4 network such as 192.168.1.0/24",
  cidrV6: "an IPv6 prefix such as 2001:db8:1::/64",
  cidr: "a network such as 192.168.1.0/24",
  dnsLabel: "a name of lowercase letters, digits and '-'",
  hostname: "a DNS name such as lab.example.com",
  host: "a DNS name or an IP address",
};

/** What a found value is, in the words of the messages: "a string", "a fraction", "Infinity", "a list". */
export function kindOf(value: unknown): string {
  if (value === null) return "an empty value";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "number") {
    if (Number.isNaN(value)) return "NaN";
    if (!Number.isFinite(value)) return String(value);
    if (!Number.isInteger(value)) return "a fraction";
    if (!Number.isSafeInteger(value)) return "a number too large to be exact";
    return "a number";
  }
  if (typeof value === "object") return "a mapping";
  if (typeof value === "boolean") return "true/false";
  return `a ${typeof value}`;
}

/**
 * The message for one schema issue. `value` is the value found at the issue's path (zod 4 leaves
 * `issue.input` unset unless asked, and reading it made every wrong type look like a missing field).
 */
export function messageFor(issue: z.core.$ZodIssue, value: unknown, root: AnySchema, input: unknown): string {
  switch (issue.code) {
    case "invalid_type": {
      const at = schemaAt(root, issue.path as PropertyKey[], input);
      const whole = issue.expected === "int" || (issue.expected === "number" && isWholeNumber(at));
      const primitive = primitiveRegistry.get(unwrap(at) as z.ZodType)?.primitive;
      const expected = whole ? EXPECTED.int : ((primitive && PRIMITIVE_EXPECTED[primitive]) ?? EXPECTED[issue.expected] ?? `a ${issue.expected}`);
      if (value === undefined) return `is required (${expected}); add it`;
      return `expected ${expected}, got ${kindOf(value)}${typeHint(expected, value, issue.path as PropertyKey[], fieldsAt(root, [...(issue.path as PropertyKey[]), 0], input))}`;
    }
    case "too_big":
    case "too_small": {
      // Beyond 2^53 a number is not even stored exactly; no field's own range message covers that.
      if (issue.origin === "int" && typeof value === "number" && !Number.isSafeInteger(value)) return `expected a whole number of at most ${Number.MAX_SAFE_INTEGER}, got ${kindOf(value)}`;
      // A rule's own message (VLAN IDs run from 1 to 4094) says it best; zod's defaults start with "Too".
      if (!/^Too (big|small)/.test(issue.message)) return issue.message;
      const limit = issue.code === "too_big" ? issue.maximum : issue.minimum;
      const inclusive = issue.inclusive !== false;
      const bound = issue.code === "too_big" ? (inclusive ? "at most" : "less than") : inclusive ? "at least" : "more than";
      if (issue.origin === "array" || issue.origin === "set") return `expected ${bound} ${String(limit)} item(s), got ${Array.isArray(value) ? value.length : "another count"}`;
      if (issue.origin === "string") return `expected ${bound} ${String(limit)} character(s), got ${typeof value === "string" ? value.length : "another length"}`;
      return `expected ${bound} ${String(limit)}`;
    }
    case "unrecognized_keys": {
      const known = fieldsAt(root, issue.path as PropertyKey[], input);
      const named = issue.keys.map((key) => {
        const near = nearestField(key, known);
        if (near) return `"${key}" (did you mean ${near}?)`;
        const under = known.find((field) => fieldsAt(root, [...(issue.path as PropertyKey[]), field, 0], input).includes(key) || fieldsAt(root, [...(issue.path as PropertyKey[]), field], input).includes(key));
        return under ? `"${key}" (a field of ${under}${isList(root, [...(issue.path as PropertyKey[]), under], input) ? "[]" : ""}, not of this object)` : `"${key}"`;
      });
      const merge = issue.keys.includes("<<") ? `; "<<" merges an anchored mapping only in a YAML file (<<: *defaults), not in JSON` : "";
      return `unknown field(s) ${named.join(", ")}; remove them or check the spelling${merge}`;
    }
    case "invalid_union": {
      // A discriminated union (image.kind) names its accepted values: say them, unless the
      // schema words it itself (state.backend).
      const { discriminator, options } = issue as { discriminator?: string; options?: unknown[] };
      if (discriminator && Array.isArray(options) && options.length > 0 && issue.message.startsWith("Invalid discriminator value")) {
        const accepted = options.map((option) => JSON.stringify(option)).join(", ");
        if (value === undefined) return `is required, one of ${accepted}; add it, e.g. ${discriminator}: ${String(options[0])}`;
        const near = typeof value === "string" ? nearestField(value, options.map(String)) : undefined;
        return `must be one of ${accepted}${near ? ` (did you mean ${near}?)` : ""}`;
      }
      return `${issue.message}; see the environment reference in README.md for the accepted forms`;
    }
    case "invalid_value":
      return `must be one of ${issue.values.map((value) => JSON.stringify(value)).join(", ")}`;
    case "custom":
    case "invalid_format":
      return `${issue.message}${formatHint(root, issue.path as PropertyKey[], input, value)}`;
    default:
      return issue.message;
  }
}

/** Multipliers from a size unit to MiB, for a size written with its unit ("8G", "512 MB", "1.5GiB"). */
const MIB_PER_UNIT: Record<string, number> = { k: 1 / 1024, m: 1, g: 1024, t: 1024 * 1024 };

/**
 * What to write instead, when a number field got a string or a string field got a number: a
 * quoted number loses its quotes, a size with a unit is converted to the field's unit (MiB or GiB,
 * from the field name), a number meant as text (a version such as 1.31) gains quotes, a mapping
 * of named entries becomes a list of them when the list's items have a `name` (`itemFields`).
 */
function typeHint(expected: string, value: unknown, path: readonly PropertyKey[], itemFields: readonly string[]): string {
  const field = String(path[path.length - 1] ?? "");
  // `field:` with nothing after it, or `~`: YAML reads null, which no field takes as "the default".
  if (value === null) return "; write a value after the colon, or delete the line to leave the field out";
  if ((expected === EXPECTED.int || expected === EXPECTED.number) && typeof value === "string") {
    const trimmed = value.trim();
    if (trimmed !== "" && Number.isFinite(Number(trimmed))) return `; write the number without quotes: ${Number(trimmed)}`;
    const sized = /^(\d+(?:\.\d+)?)\s*([kmgt])(?:i?b)?$/i.exec(trimmed);
    const unit = /MiB$/.test(field) ? "m" : /GiB$/.test(field) ? "g" : undefined;
    if (sized && unit) {
      const converted = (Number(sized[1]) * MIB_PER_UNIT[sized[2].toLowerCase()]) / MIB_PER_UNIT[unit];
      const unitName = unit === "m" ? "MiB" : "GiB";
      if (Number.isInteger(converted)) return `; ${field} is a plain number of ${unitName}: write ${converted}`;
      return `; ${field} is a plain number of ${unitName}, without a unit`;
    }
    if (unit) return `; ${field} is a plain number of ${unit === "m" ? "MiB" : "GiB"}, without a unit`;
    return "";
  }
  if (expected === EXPECTED.string && (typeof value === "number" || typeof value === "boolean")) {
    return `; put it in quotes to make it text: "${String(value)}"`;
  }
  if (expected === EXPECTED.boolean && typeof value === "string" && /^(yes|no|on|off|y|n|true|false)$/i.test(value.trim())) {
    const meant = /^(yes|on|y|true)$/i.test(value.trim());
    return `; write ${meant ? "true" : "false"} without quotes (YAML 1.2 reads yes/no/on/off as text)`;
  }
  if (expected === EXPECTED.array && value !== null && typeof value === "object" && !Array.isArray(value)) {
    // `networks: { lan: {...} }`: the keys were meant as names of list items.
    const entries = Object.entries(value as Record<string, unknown>);
    const named = itemFields.includes("name") && entries.length > 0 && entries.every(([, entry]) => entry !== null && typeof entry === "object" && !Array.isArray(entry) && !("name" in entry));
    if (named) return `; write it as a list, each entry's key as its name: "- name: ${entries[0][0]}" followed by its fields`;
    return "; write it as a list, one \"- \" item per entry";
  }
  if (expected === EXPECTED.array && (typeof value === "string" || typeof value === "number")) {
    return `; write it as a list, even of one item: [${typeof value === "string" ? value : String(value)}]`;
  }
  return "";
}

/** The field names an object schema at `path` accepts; empty when the path does not lead to one. */
function fieldsAt(root: AnySchema, path: readonly PropertyKey[], input: unknown): string[] {
  const schema = unwrap(schemaAt(root, path, input));
  const shape = (schema?._zod.def as unknown as { shape?: Record<string, unknown> } | undefined)?.shape;
  return shape ? Object.keys(shape) : [];
}

/** True when the schema at `path` is a list. */
function isList(root: AnySchema, path: readonly PropertyKey[], input: unknown): boolean {
  return (unwrap(schemaAt(root, path, input))?._zod.def as unknown as { type?: string } | undefined)?.type === "array";
}

/** Edit distance between two short strings (field names). */
function distance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    previous = current;
  }
  return previous[b.length];
}

/**
 * The known field an unknown one most likely meant: the same name in another case (vmid/vmId), a
 * known name it starts (memory/memoryMiB) or one a couple of typing slips away (memmory/memoryMiB).
 */
export function nearestField(key: string, known: readonly string[]): string | undefined {
  const lower = key.toLowerCase();
  const sameCase = known.find((field) => field.toLowerCase() === lower);
  if (sameCase) return sameCase;
  let best: { field: string; score: number } | undefined;
  for (const field of known) {
    const target = field.toLowerCase();
    const stem = target.replace(/(mib|gib)$/, "");
    const score = lower.length >= 3 && target.startsWith(lower) ? 0.5 : Math.min(distance(lower, target), distance(lower, stem));
    if (score <= Math.max(1, Math.floor(key.length / 4)) && (!best || score < best.score)) best = { field, score };
  }
  return best?.field;
}

/** A DNS label close to `value`: lowercase, runs of other characters as one dash. */
function asDnsLabel(value: string): string | undefined {
  const label = value.trim().toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^[^a-z]+/, "").replace(/-+$/, "").slice(0, 63).replace(/-+$/, "");
  return label === "" ? undefined : label;
}

/** The fix for a value of the right type but the wrong form: spaces around it, or a name that is not a DNS label. */
function formatHint(root: AnySchema, path: readonly PropertyKey[], input: unknown, value: unknown): string {
  if (typeof value !== "string") return "";
  if (value.trim() !== value && value.trim() !== "") return `; remove the spaces around it: "${value.trim()}"`;
  const primitive = primitiveRegistry.get(unwrap(schemaAt(root, path, input)) as z.ZodType)?.primitive;
  // An address where a network is asked for, and the reverse: the fix is the other half.
  if (primitive === "cidrV4" && isIpv4Address(value)) return `; add the prefix length, e.g. "${value}/24"`;
  const slash = value.indexOf("/");
  if (primitive === "ipv4Address" && slash > 0 && isIpv4Address(value.slice(0, slash))) {
    return `; write the address alone, "${value.slice(0, slash)}" (the network's cidr gives the prefix length)`;
  }
  if (primitive === "dnsLabel") {
    const label = asDnsLabel(value);
    if (label && label !== value) return `, e.g. "${label}"`;
  }
  return "";
}
