/**
 * Posts the plan comment on a GitHub pull request through the REST API (@octokit/rest), from
 * inside GitHub Actions: token in GITHUB_TOKEN, repository in GITHUB_REPOSITORY, the pull
 * request from the event payload (GITHUB_EVENT_PATH) or GITHUB_REF, API root in GITHUB_API_URL.
 */
import * as fs from "fs";
import type { Octokit } from "@octokit/rest";
import type { RenderedComment } from "../markdown";
import type { CommentApi, PostResult } from "./comments";
import { upsertComment } from "./comments";
import type { RetryOptions } from "./retry";
import { retryingCalls } from "./retry";

/** Where the comment goes. */
export interface GitHubTarget {
  readonly baseUrl: string;
  readonly owner: string;
  readonly repo: string;
  readonly pullNumber: number;
  readonly token: string;
}

/** Reads the target from the GitHub Actions environment; throws naming the missing variable. */
export function gitHubTargetFromEnv(env: NodeJS.ProcessEnv): GitHubTarget {
  const token = env.GITHUB_TOKEN;
  if (!token) throw new Error("--post github needs GITHUB_TOKEN: add `env: GITHUB_TOKEN: ${{ secrets.GITHUB_TOKEN }}` to the step (with `permissions: pull-requests: write`).");
  const repository = env.GITHUB_REPOSITORY ?? "";
  const [owner, repo, ...rest] = repository.split("/");
  if (!owner || !repo || rest.length > 0) throw new Error(`--post github needs GITHUB_REPOSITORY as "owner/repo" (GitHub Actions sets it); got "${repository}".`);
  const pullNumber = pullNumberFromEnv(env);
  if (pullNumber === undefined) {
    throw new Error("--post github found no pull request number: run the step on a `pull_request` event (GITHUB_EVENT_PATH with pull_request.number, or GITHUB_REF refs/pull/N/merge).");
  }
  return { baseUrl: (env.GITHUB_API_URL || "https://api.github.com").replace(/\/+$/, ""), owner, repo, pullNumber, token };
}

function pullNumberFromEnv(env: NodeJS.ProcessEnv): number | undefined {
  if (env.GITHUB_EVENT_PATH) {
    let event: unknown;
    try {
      event = JSON.parse(fs.readFileSync(env.GITHUB_EVENT_PATH, "utf8"));
    } catch (error) {
      throw new Error(`GITHUB_EVENT_PATH=${env.GITHUB_EVENT_PATH} cannot be read as JSON (${error instanceof Error ? error.message : String(error)}).`);
    }
    const number = (event as { pull_request?: { number?: unknown } } | null)?.pull_request?.number;
    if (typeof number === "number" && Number.isInteger(number) && number > 0) return number;
  }
  const ref = /^refs\/pull\/(\d+)\//.exec(env.GITHUB_REF ?? "");
  return ref ? Number(ref[1]) : undefined;
}

/** The Octokit class; @octokit/rest is an ES module, which Node ≥ 20.19 can require(). */
export type OctokitClass = typeof Octokit;

function loadOctokit(): OctokitClass {
  try {
    return (require("@octokit/rest") as { Octokit: OctokitClass }).Octokit;
  } catch (error) {
    throw new Error(`cannot load @octokit/rest (${error instanceof Error ? error.message : String(error)}); it needs Node.js 20.19 or later, or run \`npm ci\`.`);
  }
}

function statusOf(error: unknown): number | undefined {
  const status = (error as { status?: unknown } | null)?.status;
  // Octokit reports a network failure as status 500, which is retried like a server error.
  return typeof status === "number" ? status : undefined;
}

function explain(error: unknown, target: GitHubTarget, action: string): Error {
  const status = statusOf(error);
  const where = `${target.owner}/${target.repo} pull request #${target.pullNumber}`;
  if (status === 401) return new Error(`GitHub rejected the token (401) while ${action} on ${where}: GITHUB_TOKEN is missing, expired or wrong.`);
  if (status === 403) {
    return new Error(`GitHub refused ${action} on ${where} (403): the token may not write pull-request comments; give the job \`permissions: pull-requests: write\` (a fork's pull request gets a read-only token).`);
  }
  if (status === 404) return new Error(`GitHub found no ${where} (404) while ${action}: check GITHUB_REPOSITORY and the pull request number, and that the token can see the repository.`);
  const why = error instanceof Error ? error.message : String(error);
  return new Error(`GitHub failed while ${action} on ${where}${status !== undefined ? ` (${status})` : ""}: ${why}`);
}

/** The comment calls for one pull request, retried and with clear errors. */
export function gitHubCommentApi(target: GitHubTarget, retry: RetryOptions = {}, OctokitCtor: OctokitClass = loadOctokit()): CommentApi {
  const octokit = new OctokitCtor({ auth: target.token, baseUrl: target.baseUrl, userAgent: "homelab-plan-comment" });
  const base = { owner: target.owner, repo: target.repo };
  const call = retryingCalls(statusOf, (error, action) => explain(error, target, action), retry);
  return {
    list: () =>
      call("listing comments", async () => {
        const comments = await octokit.paginate(octokit.rest.issues.listComments, { ...base, issue_number: target.pullNumber, per_page: 100 });
        return comments.map((comment) => ({ id: comment.id, body: comment.body ?? "" }));
      }),
    create: (body) =>
      call("creating a comment", async () => {
        await octokit.rest.issues.createComment({ ...base, issue_number: target.pullNumber, body });
      }),
    update: (id, body) =>
      call(`updating comment ${id}`, async () => {
        await octokit.rest.issues.updateComment({ ...base, comment_id: id, body });
      }),
  };
}

/** Posts (creates or updates) every part of `comment` on the pull request named by `env`. */
export async function postToGitHub(comment: RenderedComment, env: NodeJS.ProcessEnv, retry: RetryOptions = {}): Promise<PostResult> {
  const target = gitHubTargetFromEnv(env);
  return upsertComment(gitHubCommentApi(target, retry), comment);
}
