import * as fs from "fs";
import * as path from "path";
import { z } from "zod";
import { ipv4Address, port } from "../../lib/config/primitives";
import {
  SchemaSource,
  cell,
  environmentReferencePath,
  environmentReferenceTables,
  referenceTables,
  renderEnvironmentReference,
  renderTables,
  repositoryRoot,
  undocumentedFields,
  valueTypes,
} from "../../tools/environment-reference";
import { markdownToHtml } from "../plan-review/helpers/html";

/*
 * docs/environment-reference.md is generated from the environment schema and the doc comments on
 * its fields (tools/environment-reference.ts). These tests keep the committed file current, keep
 * every field documented, and pin down the walker on a small schema declared in this very file
 * (the walker reads the comments below from this file's source).
 */

const root = repositoryRoot();

/** A tiny schema for the walker: the comments here are what the rows must show. */
const tinyAddress = z
  .strictObject({
    /** Where the thing lives. @example 10.0.0.9 */
    ip: ipv4Address,
  })
  .extend({
    /** Added by extend. */
    port: port.optional(),
  });

const tinyShared = {
  /** Shared through a spread. @default 3 */
  retries: z.number().int().min(0).max(9).default(3),
};

const tinySchema = z.strictObject({
  /** How many things, at least one. */
  count: z.number().int().positive(),
  /** What kind of thing. @default "small" */
  size: z.enum(["small", "large"]).default("small"),
  /** Where it is. */
  address: tinyAddress.optional(),
  /** The things' NICs. */
  nics: z.array(z.strictObject({ ...tinyShared })).default([]),
  /** How it is stored. */
  store: z.discriminatedUnion("kind", [
    z.strictObject({
      /** On a disk. */
      kind: z.literal("disk"),
      /** Size in GiB. */
      sizeGiB: z.number().int().positive(),
    }),
    z.strictObject({
      /** Nowhere. */
      kind: z.literal("none"),
    }),
  ]),
  note: z.string().optional(),
});

const tinySource = { schemas: new SchemaSource(), file: __filename, name: "tinySchema" };

/** A schema whose inner object is built at run time, where the source walk cannot follow it. */
const tinyBuilt = z.strictObject({
  /** Built at run time. */
  inner: z.strictObject(Object.fromEntries([["made", z.string()]])),
});

describe("the environment reference walker, on a tiny schema", () => {
  const tables = referenceTables(tinySchema, {
    source: tinySource,
    examples: [
      { name: "first", value: { count: 2, store: { kind: "none" } } },
      { name: "second", value: { count: 5, size: "large", nics: [{ retries: 1 }], store: { kind: "disk", sizeGiB: 40 } } },
    ],
  });
  const rows = Object.fromEntries(tables.flatMap((table) => table.rows.map((row) => [`${row.path}${table.variant ? ` (${table.variant})` : ""}`, row])));

  it("makes one table per object, the root first, each union variant apart", () => {
    expect(tables.map((table) => [table.path, table.variant])).toEqual([
      ["", undefined],
      ["address", undefined],
      ["nics[]", undefined],
      ["store", 'kind: "disk"'],
      ["store", 'kind: "none"'],
    ]);
  });

  it("gives each field its YAML type, presence and default, description and example", () => {
    expect(rows.count).toEqual(expect.objectContaining({ type: "whole number, at least 1", presence: "required", description: "How many things, at least one.", example: "`2` (first)" }));
    expect(rows.size).toEqual(expect.objectContaining({ type: 'one of "small" | "large"', presence: 'optional, default `"small"`', description: "What kind of thing.", example: '`"large"` (second)' }));
    expect(rows["address.ip"]).toEqual(expect.objectContaining({ type: "IPv4 address", presence: "required", description: "Where the thing lives.", example: "`10.0.0.9`" }));
    expect(rows["address.port"]).toEqual(expect.objectContaining({ type: "port, 1 to 65535", presence: "optional", description: "Added by extend." }));
    expect(rows["nics[].retries"]).toEqual(expect.objectContaining({ type: "whole number, 0 to 9", presence: "optional, default `3`", description: "Shared through a spread.", example: "`1` (second)" }));
    expect(rows.nics).toEqual(expect.objectContaining({ type: "list of objects", presence: "optional, default `[]`", detail: "nics" }));
  });

  it("takes a variant's examples only from documents of that variant", () => {
    expect(rows['store.sizeGiB (kind: "disk")']).toEqual(expect.objectContaining({ example: "`40` (second)" }));
    expect(rows['store.kind (kind: "none")']).toEqual(expect.objectContaining({ type: '"none" (only value)', example: '`"none"` (first)' }));
  });

  it("names each undocumented field with the file, line and declaration to add its comment in", () => {
    const line = fs.readFileSync(__filename, "utf8").split("\n").findIndex((text) => /^ {2}note: z\.string\(\)/.test(text)) + 1;
    expect(undocumentedFields(tables, root)).toEqual([`note: add a /** ... */ doc comment above \`note\` in test/config/environment-reference.test.ts:${line} (tinySchema)`]);
  });

  it("reports a field whose source it cannot follow, rather than passing it", () => {
    const orphan = referenceTables(tinyBuilt, { source: { ...tinySource, name: "tinyBuilt" } });
    expect(undocumentedFields(orphan, root)).toEqual([expect.stringMatching(/^inner\.made: its source was not found \(.*\); declare it as a const z\.strictObject\(\{\.\.\.\}\) with a doc comment on `made`$/)]);
  });

  it("renders tables whose cells keep their pipes and angle brackets as text", () => {
    const markdown = renderTables(tables);
    expect(markdown).toContain('| `size` | one of "small" \\| "large" | optional, default `"small"` | What kind of thing. | `"large"` (second) |');
    expect(cell("stacks are <name>-infra, `a|b`")).toBe("stacks are &lt;name&gt;-infra, `a\\|b`");
  });
});

describe("docs/environment-reference.md", () => {
  const tables = environmentReferenceTables();
  const committed = fs.existsSync(environmentReferencePath()) ? fs.readFileSync(environmentReferencePath(), "utf8") : "(missing)";

  it("is what the schema and its doc comments give (else run `npm run environment-reference` and commit it)", () => {
    expect({ file: "docs/environment-reference.md", upToDate: committed === renderEnvironmentReference(tables) }).toEqual({ file: "docs/environment-reference.md", upToDate: true });
  });

  it("documents every field: each names the field and where its doc comment goes", () => {
    expect(undocumentedFields(tables, root)).toEqual([]);
  });

  it("describes every value type from the doc comment of its rule in lib/config/primitives.ts", () => {
    expect(valueTypes().filter((entry) => !entry.description).map((entry) => `${entry.primitive}: add a /** ... */ doc comment above \`export const ${entry.primitive}\` in lib/config/primitives.ts`)).toEqual([]);
  });

  it("lists the fields users meet first, with their types and defaults", () => {
    const rows = new Map(tables.flatMap((table) => table.rows.map((row) => [row.path, row])));
    expect(rows.get("cluster.servers.count")).toEqual(expect.objectContaining({ type: "whole number, at least 0", presence: "required" }));
    expect(rows.get("cluster.distribution")).toEqual(expect.objectContaining({ type: 'one of "k3s" | "microk8s" | "kubeadm"', presence: 'optional, default `"k3s"`' }));
    expect(rows.get("networks[].cidr")).toEqual(expect.objectContaining({ type: "IPv4 CIDR", presence: "optional, default none: an IPv6-only network" }));
    expect(rows.get("networks[].name")).toEqual(expect.objectContaining({ presence: "required" }));
    expect(rows.get("proxmox.nodes[].cores")).toEqual(expect.objectContaining({ type: "whole number, at least 1", example: "`16` (dev)" }));
    expect(tables.find((table) => table.path === "clusters[]")?.sameAs).toEqual({ path: "cluster", anchor: "cluster" });
  });

  it("renders as Markdown: five cells in every table row, every table parsed, every link to an anchor in the page", () => {
    const lines = committed.split("\n");
    const tableLines = lines.filter((line) => line.startsWith("| `") || line.startsWith("| field"));
    const badRows = tableLines.filter((line) => line.replace(/\\\|/g, "").split("|").length !== 7);
    expect(badRows).toEqual([]);
    const html = markdownToHtml(committed);
    expect((html.match(/<table>/g) ?? []).length).toBe(lines.filter((line) => line.startsWith("|---")).length);
    const anchors = new Set([...html.matchAll(/id="([^"]+)"/g)].map((match) => match[1]));
    const targets = [...new Set([...html.matchAll(/href="#([^"]+)"/g)].map((match) => match[1]))];
    expect(targets.filter((target) => !anchors.has(target))).toEqual([]);
    expect(targets.length).toBeGreaterThan(40);
    // `<name>` in a description is text, not a swallowed HTML tag.
    expect(html).toContain("&lt;name&gt;-infra");
  });

  it("is linked from the README and the starter environment", () => {
    const links = (file: string) => fs.readFileSync(path.join(root, file), "utf8").split("docs/environment-reference.md").length - 1;
    // README: "Your first lab" and the environments section; the starter's header.
    expect({ readme: links("README.md") >= 2, starter: links("app/starter.ts") >= 1 }).toEqual({ readme: true, starter: true });
  });
});
