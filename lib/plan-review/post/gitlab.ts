/**
 * Posts the plan comment on a GitLab merge request as notes, through the REST API v4 with
 * Node's fetch, from inside GitLab CI: API root in CI_API_V4_URL, project in CI_PROJECT_ID,
 * merge request in CI_MERGE_REQUEST_IID, and a token with the `api` scope in GITLAB_TOKEN (the
 * CI job token cannot write notes).
 */
import type { RenderedComment } from "../markdown";
import type { CommentApi, PostedComment, PostResult } from "./comments";
import { upsertComment } from "./comments";
import type { RetryOptions } from "./retry";
import { HttpStatusError, parseRetryAfter, retryingCalls } from "./retry";

/** Where the comment goes. */
export interface GitLabTarget {
  readonly apiUrl: string;
  readonly projectId: string;
  readonly mergeRequestIid: number;
  readonly token: string;
}

/** Reads the target from the GitLab CI environment; throws naming the missing variable. */
export function gitLabTargetFromEnv(env: NodeJS.ProcessEnv): GitLabTarget {
  const token = env.GITLAB_TOKEN;
  if (!token) {
    throw new Error("--post gitlab needs GITLAB_TOKEN: add a masked CI/CD variable holding a project access token with the `api` scope and at least the Reporter role.");
  }
  const apiUrl = env.CI_API_V4_URL;
  if (!apiUrl) throw new Error("--post gitlab needs CI_API_V4_URL (GitLab CI sets it, e.g. https://gitlab.com/api/v4).");
  const projectId = env.CI_PROJECT_ID;
  if (!projectId) throw new Error("--post gitlab needs CI_PROJECT_ID (GitLab CI sets it).");
  const iid = Number(env.CI_MERGE_REQUEST_IID);
  if (!env.CI_MERGE_REQUEST_IID || !Number.isInteger(iid) || iid <= 0) {
    throw new Error("--post gitlab needs CI_MERGE_REQUEST_IID: run the job in a merge request pipeline (`rules: - if: $CI_PIPELINE_SOURCE == \"merge_request_event\"`).");
  }
  return { apiUrl: apiUrl.replace(/\/+$/, ""), projectId, mergeRequestIid: iid, token };
}

function statusOf(error: unknown): number | undefined {
  return error instanceof HttpStatusError ? error.status : undefined;
}

function explain(error: unknown, target: GitLabTarget, action: string): Error {
  const status = statusOf(error);
  const where = `project ${target.projectId} merge request !${target.mergeRequestIid}`;
  if (status === 401) return new Error(`GitLab rejected GITLAB_TOKEN (401) while ${action} on ${where}: the token is wrong, expired or revoked.`);
  if (status === 403) return new Error(`GitLab refused ${action} on ${where} (403): GITLAB_TOKEN needs the \`api\` scope and at least the Reporter role.`);
  if (status === 404) return new Error(`GitLab found no ${where} (404) while ${action}: check CI_PROJECT_ID and CI_MERGE_REQUEST_IID, and that the token's user can see the project.`);
  const why = error instanceof Error ? (error.cause instanceof Error ? `${error.message}: ${error.cause.message}` : error.message) : String(error);
  return new Error(`GitLab failed while ${action} on ${where} at ${target.apiUrl}${status !== undefined ? ` (${status})` : ""}: ${why}`);
}

/** The note calls for one merge request, retried and with clear errors. */
export function gitLabCommentApi(target: GitLabTarget, retry: RetryOptions = {}): CommentApi {
  const notesUrl = `${target.apiUrl}/projects/${encodeURIComponent(target.projectId)}/merge_requests/${target.mergeRequestIid}/notes`;
  const request = async (method: string, url: string, body?: string): Promise<Response> => {
    const response = await fetch(url, {
      method,
      headers: { "PRIVATE-TOKEN": target.token, accept: "application/json", ...(body !== undefined ? { "content-type": "application/json" } : {}) },
      body: body === undefined ? undefined : JSON.stringify({ body }),
    });
    if (!response.ok) {
      await response.text().catch(() => "");
      throw new HttpStatusError(response.status, `${method} ${url} answered ${response.status} ${response.statusText}`, parseRetryAfter(response.headers.get("retry-after")));
    }
    return response;
  };
  const call = retryingCalls(statusOf, (error, action) => explain(error, target, action), retry);
  return {
    list: async () => {
      const notes: PostedComment[] = [];
      for (let page = 1; page > 0; ) {
        const url = `${notesUrl}?per_page=100&page=${page}&sort=asc&order_by=created_at`;
        const { items, next } = await call("listing notes", async () => {
          const response = await request("GET", url);
          return { items: (await response.json()) as Array<{ id: number; body?: string; system?: boolean }>, next: Number(response.headers.get("x-next-page") || 0) };
        });
        for (const note of items) if (!note.system) notes.push({ id: note.id, body: note.body ?? "" });
        page = next > page ? next : 0;
      }
      return notes;
    },
    create: (body) =>
      call("creating a note", async () => {
        await request("POST", notesUrl, body);
      }),
    update: (id, body) =>
      call(`updating note ${id}`, async () => {
        await request("PUT", `${notesUrl}/${id}`, body);
      }),
  };
}

/** Posts (creates or updates) every part of `comment` on the merge request named by `env`. */
export async function postToGitLab(comment: RenderedComment, env: NodeJS.ProcessEnv, retry: RetryOptions = {}): Promise<PostResult> {
  return upsertComment(gitLabCommentApi(gitLabTargetFromEnv(env), retry), comment);
}
