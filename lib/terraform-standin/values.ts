import { createHash } from "crypto";
import { decode, encode, ExtData } from "@msgpack/msgpack";
import type { SchemaBlock, SchemaType } from "../provider-schema/types";
import { attributeType } from "./schema";

/**
 * Values as they travel in a DynamicValue's msgpack: plain JS data, with unknowns kept as the
 * msgpack extension they arrived as (ext 0, or ext 12 for refined unknowns, payload untouched) and
 * `dynamic` values as their two-element [type JSON bytes, value] array, also untouched.
 */
export type Value = unknown;

/** An object value: a block or an object-typed attribute. */
export type ObjectValue = Record<string, Value>;

/** True when the value is an unknown (any extension code is an unknown in this protocol). */
export function isUnknown(value: Value): value is ExtData {
  return value instanceof ExtData;
}

/** A fresh, unrefined unknown: extension code 0, payload ignored by the reader. */
export function unknownValue(): ExtData {
  return new ExtData(0, new Uint8Array([0]));
}

/** Decodes a DynamicValue's msgpack bytes. */
export function decodeValue(bytes: Uint8Array | undefined | null): Value {
  if (!bytes || bytes.length === 0) return null;
  return decode(bytes);
}

/** Encodes a value for a DynamicValue's msgpack field. */
export function encodeValue(value: Value): Buffer {
  const bytes = encode(value, { ignoreUndefined: true });
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** Deep equality of two decoded values; unknowns never equal anything. */
export function valuesEqual(a: Value, b: Value): boolean {
  if (isUnknown(a) || isUnknown(b)) return false;
  if (a === b) return true;
  if (a === null || b === null || a === undefined || b === undefined) return a === b;
  if (a instanceof Uint8Array && b instanceof Uint8Array) return Buffer.from(a).equals(Buffer.from(b));
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((item, i) => valuesEqual(item, b[i]));
  }
  if (typeof a === "object" && typeof b === "object") {
    const ak = Object.keys(a as object).filter((k) => (a as ObjectValue)[k] !== null);
    const bk = Object.keys(b as object).filter((k) => (b as ObjectValue)[k] !== null);
    if (ak.length !== bk.length) return false;
    return ak.every((k) => valuesEqual((a as ObjectValue)[k], (b as ObjectValue)[k] ?? null));
  }
  return false;
}

/** True when the value or anything inside it is unknown. */
export function containsUnknown(value: Value): boolean {
  if (isUnknown(value)) return true;
  if (Array.isArray(value)) return value.some(containsUnknown);
  if (value && typeof value === "object" && !(value instanceof Uint8Array)) {
    return Object.values(value as ObjectValue).some(containsUnknown);
  }
  return false;
}

/** The elements of a nested block value, whatever its nesting mode. */
export function blockElements(nesting: string, value: Value): { key: string | number; value: ObjectValue }[] {
  if (value === null || value === undefined || isUnknown(value)) return [];
  if (nesting === "list" || nesting === "set") {
    return (value as ObjectValue[]).map((v, i) => ({ key: i, value: v }));
  }
  if (nesting === "map") return Object.entries(value as Record<string, ObjectValue>).map(([k, v]) => ({ key: k, value: v }));
  return [{ key: -1, value: value as ObjectValue }];
}

/** A stable short hash, so fake values in fixture states do not change between runs. */
export function stableHash(...parts: (string | Uint8Array)[]): string {
  const hash = createHash("sha256");
  for (const part of parts) hash.update(part);
  return hash.digest("hex").slice(0, 8);
}

/**
 * A known stand-in value of a type, for an attribute the provider would decide on apply.
 * Deterministic in (seed, path) so that fixture states are reproducible.
 */
export function fakeValue(type: SchemaType, seed: string, path: string): Value {
  const hash = stableHash(seed, path);
  // Identifiers come out as digits: providers' ids are often numeric strings (NetBox, VM ids) that
  // other resources take as numbers, which Terraform converts only from a numeric string.
  if (type === "string") return /(^|_)id$/.test(path.split(".").pop() ?? "") ? String(parseInt(hash.slice(0, 7), 16)) : `${path.split(".").pop()}-${hash}`;
  if (type === "number") return 100 + (parseInt(hash.slice(0, 6), 16) % 9000);
  if (type === "bool") return false;
  if (type === "dynamic") return [Buffer.from(JSON.stringify("string")), `${path.split(".").pop()}-${hash}`];
  const [kind, arg] = type as [string, unknown];
  if (kind === "list" || kind === "set" || kind === "tuple") return [];
  if (kind === "map") return {};
  if (kind === "object") {
    const result: ObjectValue = {};
    for (const [name, attrType] of Object.entries(arg as Record<string, SchemaType>)) {
      result[name] = fakeValue(attrType, seed, `${path}.${name}`);
    }
    return result;
  }
  return null;
}

/** Replaces every unknown inside a value of the given type with a known stand-in value. */
export function fillUnknownsInValue(type: SchemaType, value: Value, seed: string, path: string): Value {
  if (isUnknown(value)) return fakeValue(type, seed, path);
  if (value === null || value === undefined) return null;
  if (type === "dynamic") {
    if (!Array.isArray(value) || value.length !== 2) return value;
    const inner = JSON.parse(Buffer.from(value[0] as Uint8Array).toString("utf8")) as SchemaType;
    return [value[0], fillUnknownsInValue(inner, value[1], seed, path)];
  }
  if (typeof type === "string") return value;
  const [kind, arg] = type as [string, unknown];
  if (kind === "list" || kind === "set") {
    return (value as Value[]).map((v, i) => fillUnknownsInValue(arg as SchemaType, v, seed, `${path}.${i}`));
  }
  if (kind === "tuple") {
    return (value as Value[]).map((v, i) => fillUnknownsInValue((arg as SchemaType[])[i], v, seed, `${path}.${i}`));
  }
  if (kind === "map") {
    const out: ObjectValue = {};
    for (const [k, v] of Object.entries(value as ObjectValue)) out[k] = fillUnknownsInValue(arg as SchemaType, v, seed, `${path}.${k}`);
    return out;
  }
  if (kind === "object") {
    const out: ObjectValue = {};
    for (const [k, v] of Object.entries(value as ObjectValue)) {
      const attrType = (arg as Record<string, SchemaType>)[k] ?? "dynamic";
      out[k] = fillUnknownsInValue(attrType, v, seed, `${path}.${k}`);
    }
    return out;
  }
  return value;
}

/** Replaces every unknown in a block value (a planned state) with known stand-in values. */
export function fillUnknownsInBlock(block: SchemaBlock, value: ObjectValue, seed: string, path = ""): ObjectValue {
  const out: ObjectValue = { ...value };
  for (const [name, attr] of Object.entries(block.attributes ?? {})) {
    if (name in out) out[name] = fillUnknownsInValue(attributeType(attr), out[name], seed, path ? `${path}.${name}` : name);
  }
  for (const [name, blockType] of Object.entries(block.block_types ?? {})) {
    const current = out[name];
    if (current === null || current === undefined) continue;
    const at = (key: string | number) => (path ? `${path}.${name}` : name) + (key === -1 ? "" : `.${key}`);
    if (blockType.nesting_mode === "list" || blockType.nesting_mode === "set") {
      out[name] = (current as ObjectValue[]).map((v, i) => fillUnknownsInBlock(blockType.block, v, seed, at(i)));
    } else if (blockType.nesting_mode === "map") {
      const mapped: ObjectValue = {};
      for (const [k, v] of Object.entries(current as Record<string, ObjectValue>)) mapped[k] = fillUnknownsInBlock(blockType.block, v, seed, at(k));
      out[name] = mapped;
    } else {
      out[name] = fillUnknownsInBlock(blockType.block, current as ObjectValue, seed, at(-1));
    }
  }
  return out;
}

/**
 * Converts a JSON-encoded state (UpgradeResourceState's raw_state) into the msgpack value shape of
 * the current schema: every attribute present (null where missing), `dynamic` values from their
 * {"value","type"} JSON form into the [type, value] msgpack form, unknown attributes dropped.
 */
export function jsonStateToValue(block: SchemaBlock, json: Record<string, unknown> | null): ObjectValue | null {
  if (json === null || json === undefined) return null;
  const out: ObjectValue = {};
  for (const [name, attr] of Object.entries(block.attributes ?? {})) {
    out[name] = jsonToValue(attributeType(attr), json[name]);
  }
  for (const [name, blockType] of Object.entries(block.block_types ?? {})) {
    const raw = json[name];
    if (blockType.nesting_mode === "list" || blockType.nesting_mode === "set") {
      out[name] = Array.isArray(raw) ? raw.map((v) => jsonStateToValue(blockType.block, v as Record<string, unknown>)) : [];
    } else if (blockType.nesting_mode === "map") {
      const mapped: ObjectValue = {};
      for (const [k, v] of Object.entries((raw as Record<string, unknown>) ?? {})) mapped[k] = jsonStateToValue(blockType.block, v as Record<string, unknown>);
      out[name] = mapped;
    } else {
      out[name] = jsonStateToValue(blockType.block, (raw as Record<string, unknown>) ?? null);
    }
  }
  return out;
}

function jsonToValue(type: SchemaType, json: unknown): Value {
  if (json === null || json === undefined) return null;
  if (type === "dynamic") {
    const wrapped = json as { value: unknown; type: SchemaType };
    return [Buffer.from(JSON.stringify(wrapped.type)), jsonToValue(wrapped.type, wrapped.value)];
  }
  if (typeof type === "string") return json;
  const [kind, arg] = type as [string, unknown];
  if (kind === "list" || kind === "set") return (json as unknown[]).map((v) => jsonToValue(arg as SchemaType, v));
  if (kind === "tuple") return (json as unknown[]).map((v, i) => jsonToValue((arg as SchemaType[])[i], v));
  if (kind === "map") {
    const out: ObjectValue = {};
    for (const [k, v] of Object.entries(json as Record<string, unknown>)) out[k] = jsonToValue(arg as SchemaType, v);
    return out;
  }
  if (kind === "object") {
    const out: ObjectValue = {};
    for (const [k, attrType] of Object.entries(arg as Record<string, SchemaType>)) out[k] = jsonToValue(attrType, (json as Record<string, unknown>)[k]);
    return out;
  }
  return json;
}
