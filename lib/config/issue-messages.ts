import type { z } from "zod";

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
      const whole = issue.expected === "int" || (issue.expected === "number" && isWholeNumber(schemaAt(root, issue.path as PropertyKey[], input)));
      const expected = whole ? EXPECTED.int : (EXPECTED[issue.expected] ?? `a ${issue.expected}`);
      if (value === undefined) return `is required (${expected}); add it`;
      return `expected ${expected}, got ${kindOf(value)}`;
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
    case "unrecognized_keys":
      return `unknown field(s) ${issue.keys.map((key) => `"${key}"`).join(", ")}; remove them or check the spelling`;
    case "invalid_union":
      return `${issue.message}; see the environment reference in README.md for the accepted forms`;
    case "invalid_value":
      return `must be one of ${issue.values.map((value) => JSON.stringify(value)).join(", ")}`;
    default:
      return issue.message;
  }
}
