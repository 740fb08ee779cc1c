import type { Command } from "commander";
import { Option } from "commander";
import { isShippedEnvironment, resolveTarget } from "../../app/targets";
import type { CapacityContext, OvercommitRatios, StackPlan } from "../plan-review";
import { checkPlan, DEFAULT_MAX_CHARS, DEFAULT_SECRET_PATTERNS, loadStackPlans, MIN_MAX_CHARS, renderPlanComment, writeParts } from "../plan-review";
import { describeResult } from "../plan-review/post/comments";
import { postToGitHub } from "../plan-review/post/github";
import { postToGitLab } from "../plan-review/post/gitlab";
import { retryOptionsFromEnv } from "../plan-review/post/retry";

interface PlanCommentOptions {
  stack?: string[];
  name?: string[];
  env?: string;
  synth?: string;
  maxChars: number;
  outDir?: string;
  post?: "github" | "gitlab";
  secretPattern?: string[];
  defaultSecretPatterns: boolean;
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

function parseSecretPattern(value: string, previous: string[] | undefined): string[] {
  try {
    new RegExp(value, "i");
  } catch (error) {
    throw new Error(`--secret-pattern ${value} is not a regular expression (${error instanceof Error ? error.message : String(error)}); write e.g. --secret-pattern 'join_?key'.`);
  }
  return collect(value, previous);
}

/**
 * The environment behind a stack, for the capacity section: a shipped environment by name or an
 * environment file (JSON/YAML), resolved to its Topology, with each Proxmox node's overcommit ratios.
 */
export function lookupEnvironment(nameOrFile: string): CapacityContext {
  const topology = resolveTarget(nameOrFile);
  const overcommit = new Map<string, OvercommitRatios>();
  for (const site of topology.sites) {
    for (const node of site.proxmox.nodes) overcommit.set(node.name, site.proxmox.overcommit);
  }
  return { topology, overcommit };
}

/** The shipped environment a stack belongs to by its name (`<env>-infra`), if there is one. */
export function environmentOfStack(stack: string): string | undefined {
  const match = /^(.+?)-infra(?:$|\.)/.exec(stack);
  return match && isShippedEnvironment(match[1]) ? match[1] : undefined;
}

function withCapacity(stacks: readonly StackPlan[], env: string | undefined): StackPlan[] {
  const cache = new Map<string, CapacityContext>();
  const context = (name: string): CapacityContext => {
    let found = cache.get(name);
    if (!found) {
      try {
        found = lookupEnvironment(name);
      } catch (error) {
        // Say which option brought the environment in: the plan files themselves are fine.
        const origin = env === undefined ? `the environment of stack ${name}-infra` : `--env ${name}`;
        throw new Error(`${origin}, for the capacity section: ${error instanceof Error ? error.message : String(error)}`);
      }
      cache.set(name, found);
    }
    return found;
  };
  return stacks.map((stack) => {
    const name = env ?? environmentOfStack(stack.name);
    return name === undefined ? stack : { ...stack, capacity: context(name) };
  });
}

/** `homelab plan-comment PLAN.json...`: renders plans as one pull-request comment and posts it. */
export function registerPlanComment(program: Command): void {
  program
    .command("plan-comment")
    .description("render `terraform show -json` plans as one Markdown pull-request comment, and optionally post it")
    .argument("<plans...>", "plan JSON files (terraform show -json PLANFILE); each stack is named after its folder under cdktf.out or its file name")
    .option("--stack <name>", "stack name of the plan at the same position (repeat once per plan)", collect)
    .addOption(new Option("--name <stack>", "same as --stack").argParser(collect).hideHelp())
    .option("--env <name|file>", "environment (shipped name or JSON/YAML file) for the capacity section; default: <env> of a stack named <env>-infra")
    .option("--synth <dir>", "synthesized stacks (cdktf.out) to show each resource's construct path")
    .option("--max-chars <n>", "longest comment part; longer comments are split", parseMaxChars, DEFAULT_MAX_CHARS)
    .option("--out-dir <dir>", "write part-1.md … part-N.md here instead of printing the comment")
    .option("--secret-pattern <regex>", `mask attributes and outputs whose name matches (repeatable; added to: ${DEFAULT_SECRET_PATTERNS.join(", ")})`, parseSecretPattern)
    .option("--no-default-secret-patterns", "mask only by Terraform's sensitivity markers, PEM private keys and --secret-pattern")
    .addOption(new Option("--post <platform>", "create or update the comment on the pull/merge request").choices(["github", "gitlab"]))
    .action(async (plans: string[], options: PlanCommentOptions) => {
      const names = options.stack ?? options.name;
      const stacks = withCapacity(loadStackPlans(plans, { names, synthDir: options.synth }), options.env);
      for (const stack of stacks) {
        const checked = checkPlan(stack.plan);
        for (const warning of checked.warnings) process.stderr.write(`warning: ${stack.name}: ${warning}\n`);
        for (const skipped of checked.skipped) process.stderr.write(`warning: ${stack.name}: skipped ${skipped}\n`);
      }
      const secretPatterns = [...(options.defaultSecretPatterns ? DEFAULT_SECRET_PATTERNS : []), ...(options.secretPattern ?? [])];
      const comment = renderPlanComment(stacks, { maxChars: options.maxChars, secretPatterns });
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
