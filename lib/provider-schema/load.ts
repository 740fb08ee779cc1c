import * as fs from "fs";
import * as path from "path";
import type { ProviderSchema, ProviderSchemas } from "./types";

/** The only dump format this checker understands; Terraform and OpenTofu both print it. */
const FORMAT_VERSION = "1.0";

/** Parsed schema sets by their sorted, absolute file list: tests load the same files many times. */
const memo = new Map<string, ProviderSchemas>();
/** Parsed single files by absolute path, so a file read for one set is not parsed again for another. */
const fileMemo = new Map<string, ProviderSchemas>();

/**
 * The package root: the nearest folder above `from` holding both `package.json` and `providers/`.
 *
 * Walking up (instead of a fixed `../..`) works from `lib/provider-schema` under jest and from
 * `dist/lib/provider-schema` after a build; requiring `providers/` too skips a `package.json` that
 * tsc may copy into `dist/` when some module imports it.
 */
export function findPackageRoot(from: string = __dirname): string {
  let dir = path.resolve(from);
  for (;;) {
    if (fs.existsSync(path.join(dir, "package.json")) && fs.existsSync(path.join(dir, "providers"))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) {
      throw new Error(`no package root (a folder with package.json and providers/) above ${from}`);
    }
    dir = parent;
  }
}

/** Every pinned `*.schema.json` in the package's `providers/` folder, sorted by name. */
export function defaultSchemaFiles(): string[] {
  return schemaFilesIn(path.join(findPackageRoot(), "providers"));
}

/** Every `*.schema.json` in a folder, sorted by name, as absolute paths. */
export function schemaFilesIn(dir: string): string[] {
  return fs
    .readdirSync(dir)
    .filter((name) => name.endsWith(".schema.json"))
    .sort()
    .map((name) => path.resolve(dir, name));
}

/**
 * One pinned schema dump, parsed and checked (JSON, `provider_schemas`, format_version), cached for
 * the process like {@link loadProviderSchemas}; treat the result as read-only.
 *
 * @param file an absolute path, or one relative to the package root
 */
export function loadProviderSchemaFile(file: string): ProviderSchemas {
  const resolved = path.isAbsolute(file) ? file : path.resolve(findPackageRoot(), file);
  const cached = fileMemo.get(resolved);
  if (cached) return cached;
  const schemas = readSchemaFile(resolved);
  fileMemo.set(resolved, schemas);
  return schemas;
}

function readSchemaFile(file: string): ProviderSchemas {
  let parsed: unknown;
  try {
    parsed = JSON.parse(fs.readFileSync(file, "utf8"));
  } catch (error) {
    throw new Error(`cannot read provider schema ${file}: ${(error as Error).message}`);
  }
  const doc = parsed as Partial<ProviderSchemas> | null;
  if (!doc || typeof doc !== "object" || typeof doc.provider_schemas !== "object" || doc.provider_schemas === null) {
    throw new Error(
      `${file} is not a provider schema dump: expected an object with "provider_schemas" (the output of \`terraform providers schema -json\`)`,
    );
  }
  if (doc.format_version !== FORMAT_VERSION) {
    throw new Error(
      `${file} has format_version ${JSON.stringify(doc.format_version)}; only "${FORMAT_VERSION}" is understood (dump it again with a current terraform)`,
    );
  }
  return doc as ProviderSchemas;
}

/**
 * Loads and merges pinned provider schema dumps.
 *
 * @param files schema files to read; relative paths resolve against the package root.
 *   @default every `providers/*.schema.json` of this package
 * @returns one document keyed by provider address. The result is cached for the process and
 *   shared between callers, so treat it as read-only.
 * @throws when a file is missing, is not JSON, has another format_version, or two files define the
 *   same provider.
 */
export function loadProviderSchemas(files?: readonly string[]): ProviderSchemas {
  const list = files ?? defaultSchemaFiles();
  const root = list.every((file) => path.isAbsolute(file)) ? "" : findPackageRoot();
  const resolved = list.map((file) => path.resolve(root, file));
  const key = [...resolved].sort().join("\n");
  const cached = memo.get(key);
  if (cached) return cached;

  const merged: Record<string, ProviderSchema> = {};
  const origin: Record<string, string> = {};
  for (const file of resolved) {
    for (const [address, schema] of Object.entries(loadProviderSchemaFile(file).provider_schemas)) {
      if (origin[address]) {
        throw new Error(`provider ${address} is defined in both ${origin[address]} and ${file}; keep one pinned schema per provider`);
      }
      origin[address] = file;
      merged[address] = schema;
    }
  }
  const schemas: ProviderSchemas = { format_version: FORMAT_VERSION, provider_schemas: merged };
  memo.set(key, schemas);
  return schemas;
}
