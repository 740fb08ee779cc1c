/**
 * GitHub posting runs the real @octokit/rest against a loopback server. @octokit/rest is an ES
 * module that jest's CommonJS sandbox cannot load, so each post runs in a plain node child
 * process (helpers/post-github-child.js); the server stays in this process.
 */
import { execFile } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { promisify } from "util";
import type { RenderedComment } from "../../lib/plan-review/markdown";
import { partMarker } from "../../lib/plan-review/markers";
import type { PostResult } from "../../lib/plan-review/post/comments";
import type { FakePlatform } from "./helpers/fake-platform";
import { startFakePlatform } from "./helpers/fake-platform";

const TOKEN = "ghs_testtokenvalue";
const child = path.join(__dirname, "helpers", "post-github-child.js");
const comment = (key: string, ...bodies: string[]): RenderedComment => ({ key, parts: bodies.map((body, i) => `${partMarker(key, i + 1)}\n${body}\n`) });

let server: FakePlatform;
let env: Record<string, string>;
let tmp: string;

async function post(rendered: RenderedComment, overrides: Record<string, string | undefined> = {}): Promise<{ result?: PostResult; error?: string }> {
  const merged = { ...env, ...overrides };
  const { stdout } = await promisify(execFile)(process.execPath, [child, JSON.stringify({ comment: rendered, env: merged, retry: { attempts: 3, delayMs: 1 } })], {
    env: { PATH: process.env.PATH ?? "" },
  });
  return JSON.parse(stdout) as { result?: PostResult; error?: string };
}

beforeEach(async () => {
  server = await startFakePlatform({ repo: "lab/homelab", project: "lab/homelab", number: 12 });
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "gh-event-"));
  const eventPath = path.join(tmp, "event.json");
  fs.writeFileSync(eventPath, JSON.stringify({ action: "synchronize", pull_request: { number: 12 } }));
  env = { GITHUB_API_URL: server.url, GITHUB_REPOSITORY: "lab/homelab", GITHUB_EVENT_PATH: eventPath, GITHUB_TOKEN: TOKEN };
});

afterEach(async () => {
  await server.close();
  fs.rmSync(tmp, { recursive: true });
});

describe("posting to a GitHub pull request", () => {
  it("creates a comment the first time, authenticated with GITHUB_TOKEN", async () => {
    expect(await post(comment("dev-infra", "plan one"))).toEqual({ result: { created: 1, updated: 0, unchanged: 0, retired: 0 } });
    expect(server.comments.map((c) => c.body)).toEqual([`${partMarker("dev-infra", 1)}\nplan one\n`]);
    expect(server.requests.every((r) => r.authorization === `token ${TOKEN}`)).toBe(true);
  });

  it("updates its own comment on the next run instead of adding one", async () => {
    server.comments.push({ id: 5, body: "LGTM" }, { id: 6, body: `${partMarker("dev-infra", 1)}\nold plan` });
    expect(await post(comment("dev-infra", "new plan"))).toEqual({ result: { created: 0, updated: 1, unchanged: 0, retired: 0 } });
    expect(server.comments).toEqual([{ id: 5, body: "LGTM" }, { id: 6, body: `${partMarker("dev-infra", 1)}\nnew plan\n` }]);
  });

  it("follows the list's pages to find its comment", async () => {
    server.pageSize = 1;
    server.comments.push({ id: 5, body: "LGTM" }, { id: 6, body: `${partMarker("dev-infra", 1)}\nold plan` });
    expect((await post(comment("dev-infra", "new plan"))).result?.updated).toBe(1);
  });

  it("takes the pull request number from GITHUB_REF when there is no event file", async () => {
    await post(comment("dev-infra", "plan"), { GITHUB_EVENT_PATH: undefined, GITHUB_REF: "refs/pull/12/merge" });
    expect(server.comments).toHaveLength(1);
  });

  it("retries after 429 and 5xx answers", async () => {
    server.failures.push(429, 500);
    expect((await post(comment("dev-infra", "plan"))).result?.created).toBe(1);
  });

  it.each([
    [401, /GitHub rejected the token \(401\)/],
    [403, /\(403\): the token may not write pull-request comments/],
    [404, /GitHub found no lab\/homelab pull request #12 \(404\)/],
  ])("explains a %i answer without retrying", async (status, message) => {
    server.failures.push(status);
    const outcome = await post(comment("dev-infra", "plan"));
    expect(outcome.error).toMatch(message);
    expect(outcome.error).not.toContain(TOKEN);
    expect(server.requests).toHaveLength(1);
  });

  it("asks for GITHUB_TOKEN when it is missing", async () => {
    expect((await post(comment("dev-infra", "plan"), { GITHUB_TOKEN: undefined })).error).toMatch(/needs GITHUB_TOKEN/);
  });
});
