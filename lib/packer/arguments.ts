import * as fs from "fs";
import * as path from "path";
import { findPackageRoot } from "../provider-schema/load";
import type { HclBlock } from "./hcl";

/*
 * Checks a rendered Packer template against the Proxmox plugin's own argument lists, pinned in
 * providers/packer-proxmox.arguments.json (read from the plugin's config.hcl2spec.go at the pinned
 * tag; see providers/README.md), the way Terraform JSON is checked against pinned provider schemas.
 */

interface BlockArguments {
  readonly arguments: readonly string[];
  readonly blocks?: readonly string[];
}

/** The pinned argument lists: per builder, its top-level arguments and its nested blocks' arguments. */
export interface PackerPluginArguments {
  readonly plugin: string;
  readonly version: string;
  readonly source: string;
  readonly builders: Readonly<Record<string, { readonly arguments: readonly string[]; readonly blocks: Readonly<Record<string, BlockArguments>> }>>;
}

/** The pinned lists shipped in providers/. */
export function pinnedPackerArguments(file = path.join(findPackageRoot(__dirname), "providers", "packer-proxmox.arguments.json")): PackerPluginArguments {
  return JSON.parse(fs.readFileSync(file, "utf8")) as PackerPluginArguments;
}

/**
 * Every argument or block of a `source` block that the pinned plugin does not know, as
 * `source.<type>.<name>: <argument path> is not an argument of <type> <version>`. Empty when all are known.
 */
export function checkPackerArguments(blocks: readonly HclBlock[], pinned: PackerPluginArguments = pinnedPackerArguments()): string[] {
  const problems: string[] = [];
  for (const source of blocks.filter((candidate) => candidate.type === "source")) {
    const [type, name] = source.labels;
    const where = `source.${type}.${name}`;
    const builder = pinned.builders[type];
    if (!builder) {
      problems.push(`${where}: ${type} is not a builder of ${pinned.plugin} ${pinned.version}; use one of ${Object.keys(pinned.builders).join(", ")}`);
      continue;
    }
    for (const node of source.body) {
      if (node.kind === "attribute") {
        if (!builder.arguments.includes(node.name)) problems.push(`${where}: ${node.name} is not an argument of ${type} ${pinned.version}`);
        continue;
      }
      const nested = builder.blocks[node.type];
      if (!nested) {
        problems.push(`${where}: ${node.type} is not a block of ${type} ${pinned.version}`);
        continue;
      }
      for (const inner of node.body) {
        const innerName = inner.kind === "attribute" ? inner.name : inner.type;
        const known = inner.kind === "attribute" ? nested.arguments : (nested.blocks ?? []);
        if (!known.includes(innerName)) problems.push(`${where}: ${node.type}.${innerName} is not an argument of ${type} ${pinned.version}`);
      }
    }
  }
  return problems;
}
