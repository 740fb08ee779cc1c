/*
 * A small TOML writer for configuration documents (gobgpd.toml): tables, arrays of tables, strings,
 * integers, booleans and arrays of scalars. No TOML library is among the project's dependencies;
 * this covers exactly the shapes the renderers here produce, and `gobgpd -d` checks the result.
 */

/** A TOML value: scalars, arrays of scalars, tables, or arrays of tables. */
export type TomlValue = string | number | boolean | readonly (string | number | boolean)[] | TomlTable | readonly TomlTable[];
export interface TomlTable {
  readonly [key: string]: TomlValue | undefined;
}

function isTable(value: unknown): value is TomlTable {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isTableArray(value: unknown): value is readonly TomlTable[] {
  return Array.isArray(value) && value.length > 0 && value.every(isTable);
}

function key(name: string): string {
  return /^[A-Za-z0-9_-]+$/.test(name) ? name : JSON.stringify(name);
}

function scalar(value: string | number | boolean): string {
  if (typeof value === "string") return JSON.stringify(value);
  if (typeof value === "number") {
    if (!Number.isInteger(value)) throw new Error(`toml: only integers are supported, got ${value}`);
    return String(value);
  }
  return value ? "true" : "false";
}

function inline(value: TomlValue): string {
  if (Array.isArray(value)) return `[${(value as (string | number | boolean)[]).map(scalar).join(", ")}]`;
  return scalar(value as string | number | boolean);
}

function writeTable(table: TomlTable, path: string[], out: string[]): void {
  const indent = "  ".repeat(Math.max(path.length - 1, 0));
  const entries = Object.entries(table).filter((entry): entry is [string, TomlValue] => entry[1] !== undefined);
  for (const [name, value] of entries) {
    if (isTable(value) || isTableArray(value)) continue;
    out.push(`${indent}${path.length > 0 ? "  " : ""}${key(name)} = ${inline(value)}`);
  }
  for (const [name, value] of entries) {
    const child = [...path, key(name)];
    const childIndent = "  ".repeat(path.length);
    if (isTable(value)) {
      // A table with only sub-tables needs no header of its own.
      const hasScalars = Object.values(value).some((v) => v !== undefined && !isTable(v) && !isTableArray(v));
      if (hasScalars) out.push(`${childIndent}[${child.join(".")}]`);
      writeTable(value, child, out);
    } else if (isTableArray(value)) {
      for (const item of value) {
        out.push(`${childIndent}[[${child.join(".")}]]`);
        writeTable(item, child, out);
      }
    }
  }
}

/** Renders a document as TOML. */
export function toToml(document: TomlTable): string {
  const out: string[] = [];
  writeTable(document, [], out);
  return `${out.join("\n")}\n`;
}
