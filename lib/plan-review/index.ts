/**
 * Plan review: renders `terraform show -json` plans as one Markdown pull-request comment and
 * posts it. See docs/plan-review.md.
 */
import * as fs from "fs";
import * as path from "path";
import { loadConstructPaths } from "./construct-paths";
import type { RenderedComment, StackPlan } from "./markdown";
import { parsePlan } from "./plan";
import { decodeTextFile } from "../config/text-file";

export { renderPlanComment, DEFAULT_MAX_CHARS, MIN_MAX_CHARS } from "./markdown";
export type { RenderedComment, RenderOptions, StackPlan } from "./markdown";
export { parsePlan, checkPlan, composeAddress } from "./plan";
export type { TerraformPlan, ResourceChange, Change, CheckedPlan } from "./plan";
export { DEFAULT_SECRET_PATTERNS } from "./diff";
export { capacityReport } from "./capacity";
export type { CapacityContext, CapacityReport, OvercommitRatios } from "./capacity";
export { countChanges, terraformSummary } from "./summary";
export type { ChangeCounts } from "./summary";

/** File names that say nothing about the stack, so the folder names it. */
const genericPlanName = /^(tf)?plan(\.out)?(\.json)?$/i;

/**
 * The stack name of a plan file: its folder when the file has a generic name or sits under
 * cdktf.out (`cdktf.out/stacks/dev-infra/plan.json` → `dev-infra`), else the file name without
 * `.json` and `.plan` (`plans/dev-infra.plan.json` → `dev-infra`).
 */
export function stackNameFromPath(file: string): string {
  const resolved = path.resolve(file);
  const folder = path.dirname(resolved);
  const base = path.basename(resolved);
  const underSynth = path.basename(path.dirname(folder)) === "stacks" || folder.split(path.sep).includes("cdktf.out");
  if (genericPlanName.test(base) || underSynth) return path.basename(folder);
  return base.replace(/\.json$/i, "").replace(/\.plan$/i, "");
}

/** Inputs of {@link loadStackPlans}. */
export interface LoadOptions {
  /** Stack names in the order of the files; default: {@link stackNameFromPath}. */
  readonly names?: readonly string[];
  /** cdktf output directory (or its stacks/ folder) to read construct paths from. */
  readonly synthDir?: string;
}

/** Reads and parses plan files into stack plans, with construct paths when `synthDir` is given. */
export function loadStackPlans(files: readonly string[], options: LoadOptions = {}): StackPlan[] {
  const names = options.names ?? [];
  if (names.length > 0 && names.length !== files.length) {
    throw new Error(`got ${names.length} --stack/--name value(s) for ${files.length} plan file(s): give one --stack per plan, in the same order, or none to name each stack after its file or folder.`);
  }
  return files.map((file, i) => {
    const text = readPlanFile(file);
    const name = names[i] ?? stackNameFromPath(file);
    const plan = parsePlan(text, file);
    const constructPaths = options.synthDir !== undefined ? loadConstructPaths(options.synthDir, name) : undefined;
    return { name, plan, constructPaths };
  });
}

const planFileHint = "pass the JSON file written by `terraform show -json PLANFILE` (one per stack, e.g. cdktf.out/stacks/<stack>/plan.json)";

/** Reads a plan file, with an error that says what to pass when the path is not a readable file. */
export function readPlanFile(file: string): string {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch (error) {
    const code = (error as { code?: string }).code;
    throw new Error(`cannot read plan ${file}: ${code === "ENOENT" ? "no such file" : (code ?? String(error))}; ${planFileHint}.`);
  }
  if (stat.isDirectory()) throw new Error(`cannot read plan ${file}: it is a directory; ${planFileHint}.`);
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch (error) {
    const code = (error as { code?: string }).code;
    throw new Error(`cannot read plan ${file} (${code ?? String(error)}); ${planFileHint}.`);
  }
  // A plan saved with a byte-order mark or as UTF-16 (PowerShell's `>`) is still the same JSON.
  const decoded = decodeTextFile(bytes);
  if ("problem" in decoded) throw new Error(`cannot read plan ${file}: it ${decoded.problem}; ${planFileHint} (the binary plan file cannot be read directly).`);
  return decoded.text;
}

/** Writes `part-1.md` … `part-N.md` into `dir`, removing parts an earlier run left beyond N. */
export function writeParts(comment: RenderedComment, dir: string): string[] {
  fs.mkdirSync(dir, { recursive: true });
  for (const entry of fs.readdirSync(dir)) {
    const match = /^part-(\d+)\.md$/.exec(entry);
    if (match && Number(match[1]) > comment.parts.length) fs.rmSync(path.join(dir, entry));
  }
  return comment.parts.map((part, i) => {
    const file = path.join(dir, `part-${i + 1}.md`);
    fs.writeFileSync(file, part);
    return file;
  });
}
