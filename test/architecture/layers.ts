import * as fs from "fs";
import * as path from "path";
import * as ts from "typescript";

/*
 * The layering DESIGN.md promises, as data, and the check that holds the tree to it. Layers import
 * downward only:
 *
 *   environments/ (data) ──► lib/ (plain model) ◄── constructs/ (cdktf) ◄── app/ ◄── main.ts
 *                                      ▲                                     ▲
 *                                      └──────────── lib/cli/ ───────────────┘   (sits on top of every layer)
 *
 * bench/ and tools/ (scripts that regenerate fixtures) may read any shipped layer, tools/ also test data (the seed ledger); no shipped layer
 * reads them or test/. Every import form counts: `import`, `import type`, `export … from`,
 * `require()`, `import x = require()`, `import()` and `typeof import()`.
 */

/** A folder of the tree with one job. */
export type Layer = "main" | "app" | "cli" | "lib" | "constructs" | "environments" | "bindings" | "bench" | "tools" | "test" | "other";

/** What a layer is for and what it may import. */
export interface LayerRule {
  /** The layer's job, as the README's layout table says it. */
  readonly job: string;
  /** Layers whose files it may import (its own included). */
  readonly mayImport: readonly Layer[];
  /** True when `npm ci --omit=dev` users run it: then no devDependency may be imported. */
  readonly shipped: boolean;
  /** Packages (exact names or `name/` prefixes) it must not import, with the reason. */
  readonly forbiddenPackages?: readonly { readonly pattern: string; readonly why: string }[];
}

const CDKTF_FREE = [
  { pattern: "cdktf", why: "cdktf belongs to constructs/ and app/" },
  { pattern: "cdktf/", why: "cdktf belongs to constructs/ and app/" },
  { pattern: "cdktf-cli", why: "the cdktf CLI is a tool, not a library" },
  { pattern: "constructs", why: "constructs belong to constructs/" },
  { pattern: "@cdktf/", why: "provider bindings belong to constructs/" },
];

/** The layers and their rules. Test files (test/) are not checked: tests may reach every layer. */
export const LAYER_RULES: Readonly<Record<Exclude<Layer, "test" | "other" | "bindings">, LayerRule>> = {
  environments: { job: "one typed environment per file (data)", mayImport: ["environments", "lib"], shipped: true, forbiddenPackages: CDKTF_FREE },
  lib: { job: "the plain model: config, topology, renderers, checks, the Terraform stand-in", mayImport: ["lib"], shipped: true, forbiddenPackages: CDKTF_FREE },
  constructs: { job: "cdktf constructs and the two stack classes", mayImport: ["constructs", "lib", "bindings"], shipped: true },
  app: { job: "app assembly: environments into stacks, targets, warnings", mayImport: ["app", "constructs", "lib", "environments", "bindings"], shipped: true },
  cli: { job: "the homelab command, on top of every layer", mayImport: ["cli", "app", "constructs", "lib", "environments", "bindings"], shipped: true },
  main: { job: "the cdktf app entry: calls app/", mayImport: ["app"], shipped: true },
  bench: { job: "benchmarks", mayImport: ["bench", "app", "cli", "constructs", "lib", "environments", "bindings"], shipped: false },
  tools: { job: "scripts that regenerate fixtures and docs from test data", mayImport: ["tools", "test", "app", "cli", "constructs", "lib", "environments", "bindings"], shipped: false },
};

/** The only file allowed to reach into cdktf's private modules (it switches off token stack traces). */
export const CDKTF_INTERNALS_SWITCH = "app/token-stack-traces.ts";

/** Provider packages whose barrel import costs seconds per run (DESIGN.md, performance rules). */
const PROVIDER_BARRELS = ["@cdktf/provider-kubernetes", "@cdktf/provider-helm", "@cdktf/provider-random"];

/** The layer of a repository-relative path (forward slashes). */
export function layerOf(file: string): Layer {
  if (file === "main.ts") return "main";
  const [top, second] = file.split("/");
  if (top === "lib") return second === "cli" ? "cli" : "lib";
  if (top === "app" || top === "constructs" || top === "environments" || top === "bench" || top === "tools" || top === "test") return top;
  if (top === ".gen") return "bindings";
  return "other";
}

/** How a layer is written in messages: its folder. */
export function layerLabel(layer: Layer): string {
  if (layer === "main") return "main.ts";
  if (layer === "cli") return "lib/cli/";
  if (layer === "bindings") return ".gen/";
  return `${layer}/`;
}

/** One import that breaks the layering. */
export interface LayerViolation {
  /** Repository-relative file and 1-based line of the import. */
  readonly file: string;
  readonly line: number;
  /** The import specifier as written. */
  readonly specifier: string;
  /** What is wrong and what would be right. */
  readonly message: string;
}

/** `file:line imports "x": message`, one line per violation. */
export function formatViolation(violation: LayerViolation): string {
  return `${violation.file}:${violation.line} imports "${violation.specifier}": ${violation.message}`;
}

function packageName(specifier: string): string {
  const parts = specifier.split("/");
  return specifier.startsWith("@") ? parts.slice(0, 2).join("/") : parts[0];
}

function matches(specifier: string, pattern: string): boolean {
  return pattern.endsWith("/") ? specifier.startsWith(pattern) : specifier === pattern;
}

/**
 * The layer violations of one source file.
 *
 * @param root the repository root
 * @param file repository-relative path of the file (forward slashes)
 * @param text the file's source
 * @param devDependencies packages only in package.json's devDependencies
 */
export function checkFile(root: string, file: string, text: string, devDependencies: ReadonlySet<string>): LayerViolation[] {
  const from = layerOf(file);
  if (from === "test" || from === "other" || from === "bindings") return [];
  const rule = LAYER_RULES[from];
  const violations: LayerViolation[] = [];
  const lineOf = (pos: number) => text.slice(0, pos).split("\n").length;
  const seen = new Set<string>();
  for (const imported of ts.preProcessFile(text, true, true).importedFiles) {
    const specifier = imported.fileName;
    const at = { file, line: lineOf(imported.pos), specifier };
    // `require("x") as typeof import("x")` names one dependency twice on one line: report it once.
    const key = `${at.line}\0${specifier}`;
    if (seen.has(key)) continue;
    seen.add(key);
    if (specifier.startsWith(".")) {
      const target = path.relative(root, path.resolve(root, path.dirname(file), specifier)).split(path.sep).join("/");
      const to = layerOf(target);
      if (to === "other" && !target.startsWith("..")) continue; // package.json, providers/ data and the like
      if (!(rule.mayImport as readonly Layer[]).includes(to)) {
        violations.push({
          ...at,
          message: `${layerLabel(from)} (${rule.job}) may import only ${rule.mayImport.map(layerLabel).join(", ")}, not ${target}; move the shared code down into a layer both may import`,
        });
      }
      continue;
    }
    if (specifier.startsWith("node:") || !/^[@a-z]/i.test(specifier)) continue;
    const forbidden = rule.forbiddenPackages?.find((entry) => matches(specifier, entry.pattern));
    if (forbidden) {
      violations.push({ ...at, message: `${layerLabel(from)} (${rule.job}) must not import ${specifier}: ${forbidden.why}; move this code to constructs/ or app/` });
      continue;
    }
    if (specifier.startsWith("cdktf/") && file !== CDKTF_INTERNALS_SWITCH) {
      violations.push({ ...at, message: `cdktf's internals are reached only from ${CDKTF_INTERNALS_SWITCH}; import framework symbols from "cdktf"` });
      continue;
    }
    if (PROVIDER_BARRELS.includes(specifier)) {
      violations.push({ ...at, message: `the package barrel loads every resource of the provider (seconds per run); import the resource, e.g. "${specifier}/lib/provider"` });
      continue;
    }
    if (rule.shipped && devDependencies.has(packageName(specifier))) {
      violations.push({ ...at, message: `${packageName(specifier)} is a devDependency, absent where the shipped code runs; use it from test/, bench/ or tools/ only, or make it a dependency` });
    }
  }
  return violations;
}

/** Every .ts and .js file under the checked folders, repository-relative, sorted. */
export function sourceFiles(root: string): string[] {
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(path.join(root, dir), { withFileTypes: true })) {
      const relative = `${dir}/${entry.name}`;
      if (entry.isDirectory()) walk(relative);
      else if (/\.(ts|js)$/.test(entry.name) && !entry.name.endsWith(".d.ts")) found.push(relative);
    }
  };
  for (const dir of ["app", "lib", "constructs", "environments", "bench", "tools"]) {
    if (fs.existsSync(path.join(root, dir))) walk(dir);
  }
  if (fs.existsSync(path.join(root, "main.ts"))) found.push("main.ts");
  return found.sort();
}

/** Every layer violation in the repository at `root`. */
export function findLayerViolations(root: string): LayerViolation[] {
  const manifest = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")) as { dependencies?: Record<string, string>; devDependencies?: Record<string, string> };
  const devOnly = new Set(Object.keys(manifest.devDependencies ?? {}).filter((name) => !(name in (manifest.dependencies ?? {}))));
  return sourceFiles(root).flatMap((file) => checkFile(root, file, fs.readFileSync(path.join(root, file), "utf8"), devOnly));
}
