import type { Command } from "commander";
import { Option } from "commander";
import { DEFAULT_MAX_CHARS, loadStackPlans, MIN_MAX_CHARS, renderPlanComment, writeParts } from "../plan-review";
import { describeResult } from "../plan-review/post/comments";
import { postToGitHub } from "../plan-review/post/github";
import { postToGitLab } from "../plan-review/post/gitlab";
import { retryOptionsFromEnv } from "../plan-review/post/retry";

interface PlanCommentOptions {
  name?: string[];
  synth?: string;
  maxChars: number;
  outDir?: string;
  post?: "github" | "gitlab";
}

function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

function parseMaxChars(value: string): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number < MIN_MAX_CHARS) {
    throw new Error(`--max-chars ${value} is not a whole number of at least ${MIN_MAX_CHARS}; GitHub allows 65536, GitLab 1000000.`);
  }
  return number;
}

/** `homelab plan-comment PLAN.json...`: renders plans as one pull-request comment and posts it. */
export function registerPlanComment(program: Command): void {
  program
    .command("plan-comment")
    .description("render `terraform show -json` plans as one Markdown pull-request comment, and optionally post it")
    .argument("<plans...>", "plan JSON files (terraform show -json PLANFILE); each stack is named after its folder")
    .option("--name <stack>", "stack name of the plan at the same position (repeat once per plan)", collect)
    .option("--synth <dir>", "synthesized stacks (cdktf.out) to show each resource's construct path")
    .option("--max-chars <n>", "longest comment part; longer comments are split", parseMaxChars, DEFAULT_MAX_CHARS)
    .option("--out-dir <dir>", "write part-1.md … part-N.md here instead of printing the comment")
    .addOption(new Option("--post <platform>", "create or update the comment on the pull/merge request").choices(["github", "gitlab"]))
    .action(async (plans: string[], options: PlanCommentOptions) => {
      const stacks = loadStackPlans(plans, { names: options.name, synthDir: options.synth });
      const comment = renderPlanComment(stacks, { maxChars: options.maxChars });
      if (options.outDir !== undefined) {
        const files = writeParts(comment, options.outDir);
        process.stdout.write(`Wrote ${files.length} comment part(s): ${files.join(", ")}\n`);
      } else if (options.post === undefined) {
        if (comment.parts.length > 1) {
          throw new Error(
            `the comment needs ${comment.parts.length} parts of at most ${options.maxChars} characters, which cannot go to stdout as one; pass --out-dir DIR to write part-1.md … part-${comment.parts.length}.md.`,
          );
        }
        process.stdout.write(comment.parts[0]);
      }
      if (options.post !== undefined) {
        const retry = retryOptionsFromEnv(process.env);
        const result = options.post === "github" ? await postToGitHub(comment, process.env, retry) : await postToGitLab(comment, process.env, retry);
        process.stdout.write(`${describeResult(result, options.post === "github" ? "GitHub" : "GitLab")}\n`);
      }
    });
}
