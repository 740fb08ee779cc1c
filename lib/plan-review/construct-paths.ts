/**
 * Maps Terraform addresses to the cdktf construct paths recorded in synthesized stacks, so a
 * reviewer can find the TypeScript behind each resource.
 *
 * cdktf writes `"//": {"metadata": {"path": "<stack>/<construct>/..."}}` into every resource,
 * data source and module block of `cdktf.out/stacks/<stack>/cdk.tf.json`.
 */
import * as fs from "fs";
import * as path from "path";

/** Address key (`type.name`, `data.type.name`, `module.name`) → construct path. */
export type ConstructPaths = ReadonlyMap<string, string>;

function metadataPath(block: unknown): string | undefined {
  if (typeof block !== "object" || block === null) return undefined;
  const meta = (block as { "//"?: { metadata?: { path?: unknown } } })["//"]?.metadata?.path;
  return typeof meta === "string" ? meta : undefined;
}

function addBlocks(into: Map<string, string>, section: unknown, prefix: string): void {
  if (typeof section !== "object" || section === null) return;
  for (const [type, byName] of Object.entries(section as Record<string, unknown>)) {
    if (typeof byName !== "object" || byName === null) continue;
    for (const [name, block] of Object.entries(byName as Record<string, unknown>)) {
      const construct = metadataPath(block);
      if (construct !== undefined) into.set(`${prefix}${type}.${name}`, construct);
    }
  }
}

/** Reads the construct paths out of one synthesized `cdk.tf.json` document. */
export function constructPathsFromSynth(document: unknown): ConstructPaths {
  const paths = new Map<string, string>();
  if (typeof document !== "object" || document === null) return paths;
  const doc = document as Record<string, unknown>;
  addBlocks(paths, doc.resource, "");
  addBlocks(paths, doc.data, "data.");
  if (typeof doc.module === "object" && doc.module !== null) {
    for (const [name, block] of Object.entries(doc.module as Record<string, unknown>)) {
      const construct = metadataPath(block);
      if (construct !== undefined) paths.set(`module.${name}`, construct);
    }
  }
  return paths;
}

const addressKey = /^(module\.[^.[]+|data\.[^.[]+\.[^.[]+|[^.[]+\.[^.[]+)/;

/** The construct path of a plan address (instance keys and module internals resolve to their block). */
export function constructPathOf(paths: ConstructPaths, address: string): string | undefined {
  const match = addressKey.exec(address);
  return match ? paths.get(match[1]) : undefined;
}

/** The `cdk.tf.json` candidates for a stack under a `--synth` directory, most specific first. */
export function synthCandidates(synthDir: string, stack: string): string[] {
  return [
    path.join(synthDir, "stacks", stack, "cdk.tf.json"),
    path.join(synthDir, stack, "cdk.tf.json"),
    path.join(synthDir, "cdk.tf.json"),
  ];
}

/**
 * Loads the construct paths of `stack` from `synthDir` (cdktf.out, its stacks/ folder, or one
 * stack's folder). Throws naming every place looked at when the stack is not there.
 */
export function loadConstructPaths(synthDir: string, stack: string): ConstructPaths {
  if (!fs.existsSync(synthDir)) throw new Error(`--synth ${synthDir}: no such directory; run \`npm run synth\` first or pass the cdktf output directory (cdktf.out).`);
  const candidates = synthCandidates(synthDir, stack);
  const file = candidates.find((candidate) => fs.existsSync(candidate));
  if (file === undefined) {
    throw new Error(`--synth ${synthDir}: no synthesized stack "${stack}" (looked for ${candidates.join(", ")}); pass --name with the stack's name or the right --synth directory.`);
  }
  let document: unknown;
  try {
    document = JSON.parse(fs.readFileSync(file, "utf8"));
  } catch (error) {
    throw new Error(`${file} is not valid JSON (${error instanceof Error ? error.message : String(error)}); synthesize again with \`npm run synth\`.`);
  }
  return constructPathsFromSynth(document);
}
