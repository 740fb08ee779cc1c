/**
 * Plan review: renders `terraform show -json` plans as one Markdown pull-request comment and
 * posts it. See docs/plan-review.md.
 */
import * as fs from "fs";
import * as path from "path";
import { loadConstructPaths } from "./construct-paths";
import type { RenderedComment, StackPlan } from "./markdown";
import { parsePlan } from "./plan";

export { renderPlanComment, DEFAULT_MAX_CHARS, MIN_MAX_CHARS } from "./markdown";
export type { RenderedComment, RenderOptions, StackPlan } from "./markdown";
export { parsePlan } from "./plan";
export type { TerraformPlan, ResourceChange, Change } from "./plan";
export { countChanges } from "./summary";
export type { ChangeCounts } from "./summary";

/** The stack name of a plan file: its folder (`cdktf.out/stacks/dev-infra/plan.json` → `dev-infra`). */
export function stackNameFromPath(file: string): string {
  return path.basename(path.dirname(path.resolve(file)));
}

/** Inputs of {@link loadStackPlans}. */
export interface LoadOptions {
  /** Stack names in the order of the files; default: each file's folder name. */
  readonly names?: readonly string[];
  /** cdktf output directory (or its stacks/ folder) to read construct paths from. */
  readonly synthDir?: string;
}

/** Reads and parses plan files into stack plans, with construct paths when `synthDir` is given. */
export function loadStackPlans(files: readonly string[], options: LoadOptions = {}): StackPlan[] {
  const names = options.names ?? [];
  if (names.length > 0 && names.length !== files.length) {
    throw new Error(`got ${names.length} --name value(s) for ${files.length} plan file(s): give one --name per plan, in the same order, or none to use each file's folder name.`);
  }
  return files.map((file, i) => {
    let text: string;
    try {
      text = fs.readFileSync(file, "utf8");
    } catch (error) {
      const code = (error as { code?: string }).code;
      throw new Error(`cannot read plan ${file} (${code ?? String(error)}); write it with \`terraform show -json PLANFILE > ${file}\` first.`);
    }
    const name = names[i] ?? stackNameFromPath(file);
    const plan = parsePlan(text, file);
    const constructPaths = options.synthDir !== undefined ? loadConstructPaths(options.synthDir, name) : undefined;
    return { name, plan, constructPaths };
  });
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
