/*
 * A small HCL2 writer for Packer templates, formatted the way `packer fmt` formats them (two-space
 * indent, `=` aligned over runs of single-line attributes), so a rendered template passes
 * `packer fmt -check` unchanged.
 */

/** An HCL expression written as is (a variable reference such as `var.proxmox_url`). */
export class HclRaw {
  constructor(readonly text: string) {}
}

/** A value of an attribute: scalars, lists of scalars, string-keyed maps of scalars, raw expressions. */
export type HclValue = string | number | boolean | HclRaw | readonly (string | number | boolean | HclRaw)[] | { readonly [key: string]: string | number | boolean | HclRaw };

/** A node of a body: an attribute, or a nested block with labels. */
export type HclNode = { readonly kind: "attribute"; readonly name: string; readonly value: HclValue } | HclBlock;

export interface HclBlock {
  readonly kind: "block";
  readonly type: string;
  readonly labels: readonly string[];
  readonly body: readonly HclNode[];
}

/** An attribute node. */
export function attr(name: string, value: HclValue): HclNode {
  return { kind: "attribute", name, value };
}

/** A block node. */
export function block(type: string, labels: readonly string[], body: readonly HclNode[]): HclBlock {
  return { kind: "block", type, labels, body };
}

/** A raw expression. */
export function raw(text: string): HclRaw {
  return new HclRaw(text);
}

/** A quoted HCL string: JSON escapes, plus `$${` and `%%{` so nothing is read as an interpolation. */
export function hclString(value: string): string {
  return JSON.stringify(value).replace(/\$\{/g, "$${").replace(/%\{/g, "%%{");
}

function scalar(value: string | number | boolean | HclRaw): string {
  if (value instanceof HclRaw) return value.text;
  return typeof value === "string" ? hclString(value) : String(value);
}

function isMap(value: HclValue): value is { readonly [key: string]: string | number | boolean | HclRaw } {
  return typeof value === "object" && !(value instanceof HclRaw) && !Array.isArray(value);
}

/** The lines of one body at `depth`, with `=` aligned over each run of single-line attributes. */
function bodyLines(body: readonly HclNode[], depth: number): string[] {
  const indent = "  ".repeat(depth);
  const lines: string[] = [];
  let run: { name: string; value: string }[] = [];
  const flush = (): void => {
    const width = Math.max(0, ...run.map((entry) => entry.name.length));
    lines.push(...run.map((entry) => `${indent}${entry.name.padEnd(width)} = ${entry.value}`));
    run = [];
  };
  for (const node of body) {
    if (node.kind === "block") {
      flush();
      const labels = node.labels.map((label) => `${hclString(label)} `).join("");
      lines.push(`${indent}${node.type} ${labels}{`, ...bodyLines(node.body, depth + 1), `${indent}}`);
    } else if (isMap(node.value)) {
      flush();
      const entries = Object.entries(node.value).map(([key, value]) => attr(/^[A-Za-z_][A-Za-z0-9_]*$/.test(key) ? key : hclString(key), value));
      lines.push(`${indent}${node.name} = {`, ...bodyLines(entries, depth + 1), `${indent}}`);
    } else {
      const value = Array.isArray(node.value) ? `[${node.value.map(scalar).join(", ")}]` : scalar(node.value as string | number | boolean | HclRaw);
      run.push({ name: node.name, value });
    }
  }
  flush();
  return lines;
}

/** A whole file: top-level blocks separated by a blank line, ending in a newline. */
export function renderHcl(blocks: readonly HclBlock[]): string {
  return `${blocks.map((node) => bodyLines([node], 0).join("\n")).join("\n\n")}\n`;
}
