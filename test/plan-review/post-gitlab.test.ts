import { postToGitLab } from "../../lib/plan-review/post/gitlab";
import type { RenderedComment } from "../../lib/plan-review/markdown";
import { partMarker } from "../../lib/plan-review/markers";
import type { FakePlatform } from "./helpers/fake-platform";
import { startFakePlatform } from "./helpers/fake-platform";

const TOKEN = "glpat-test-token-value";
const comment = (key: string, ...bodies: string[]): RenderedComment => ({ key, parts: bodies.map((body, i) => `${partMarker(key, i + 1)}\n${body}\n`) });
const retry = { attempts: 3, delayMs: 1 };

let server: FakePlatform;
let env: NodeJS.ProcessEnv;

beforeEach(async () => {
  server = await startFakePlatform({ repo: "lab/homelab", project: "lab/homelab", number: 7 });
  env = { CI_API_V4_URL: `${server.url}/api/v4`, CI_PROJECT_ID: "lab/homelab", CI_MERGE_REQUEST_IID: "7", GITLAB_TOKEN: TOKEN };
});

afterEach(async () => {
  await server.close();
});

describe("posting to a GitLab merge request", () => {
  it("creates a note the first time", async () => {
    await postToGitLab(comment("dev-infra", "plan one"), env, retry);
    expect(server.comments.map((c) => c.body)).toEqual([`${partMarker("dev-infra", 1)}\nplan one\n`]);
  });

  it("sends the token in the PRIVATE-TOKEN header", async () => {
    await postToGitLab(comment("dev-infra", "plan one"), env, retry);
    expect(server.requests.every((r) => r.privateToken === TOKEN)).toBe(true);
  });

  it("updates its own note on the next run instead of adding one", async () => {
    await postToGitLab(comment("dev-infra", "plan one"), env, retry);
    const result = await postToGitLab(comment("dev-infra", "plan two"), env, retry);
    expect(result).toEqual({ created: 0, updated: 1, unchanged: 0, retired: 0 });
    expect(server.comments.map((c) => c.body)).toEqual([`${partMarker("dev-infra", 1)}\nplan two\n`]);
  });

  it("leaves other notes and other stacks' comments alone", async () => {
    server.comments.push({ id: 1, body: "looks good to me" }, { id: 2, body: `${partMarker("dev-platform", 1)}\nother` });
    await postToGitLab(comment("dev-infra", "plan"), env, retry);
    expect(server.comments.slice(0, 2)).toEqual([{ id: 1, body: "looks good to me" }, { id: 2, body: `${partMarker("dev-platform", 1)}\nother` }]);
    expect(server.comments).toHaveLength(3);
  });

  it("finds its note on a later page of the list", async () => {
    server.pageSize = 2;
    server.comments.push({ id: 1, body: "a" }, { id: 2, body: "b" }, { id: 3, body: `${partMarker("dev-infra", 1)}\nold` });
    await postToGitLab(comment("dev-infra", "new"), env, retry);
    expect(server.comments).toHaveLength(3);
    expect(server.comments[2].body).toContain("new");
  });

  it("skips the update when the note already says the same", async () => {
    await postToGitLab(comment("dev-infra", "same"), env, retry);
    const result = await postToGitLab(comment("dev-infra", "same"), env, retry);
    expect(result.unchanged).toBe(1);
    expect(server.requests.filter((r) => r.method === "PUT")).toHaveLength(0);
  });

  it("retires parts an earlier, longer plan needed", async () => {
    await postToGitLab(comment("dev-infra", "one", "two", "three"), env, retry);
    const result = await postToGitLab(comment("dev-infra", "only"), env, retry);
    expect(result).toMatchObject({ updated: 1, retired: 2 });
    expect(server.comments[2].body).toMatch(/no longer used: the latest plan fits in 1 part\./);
  });

  it("retries after 429 and 5xx answers", async () => {
    server.failures.push(429, 502);
    await postToGitLab(comment("dev-infra", "plan"), env, retry);
    expect(server.comments).toHaveLength(1);
    expect(server.requests.filter((r) => r.method === "GET")).toHaveLength(3);
  });

  it("gives up after a bounded number of attempts", async () => {
    server.failures.push(503, 503, 503, 503);
    await expect(postToGitLab(comment("dev-infra", "plan"), env, retry)).rejects.toThrow(/GitLab failed while listing notes .*\(503\)/);
    expect(server.requests).toHaveLength(3);
  });

  it.each([
    [401, /GitLab rejected GITLAB_TOKEN \(401\)/],
    [403, /\(403\): GITLAB_TOKEN needs the `api` scope/],
    [404, /GitLab found no project lab\/homelab merge request !7 \(404\)/],
  ])("explains a %i answer without retrying", async (status, message) => {
    server.failures.push(status);
    await expect(postToGitLab(comment("dev-infra", "plan"), env, retry)).rejects.toThrow(message);
    expect(server.requests).toHaveLength(1);
  });

  it("never puts the token into an error message", async () => {
    server.failures.push(401);
    await expect(postToGitLab(comment("dev-infra", "plan"), env, retry)).rejects.toThrow(expect.objectContaining({ message: expect.not.stringContaining(TOKEN) }));
  });

  it("reports a merge request that does not exist as 404", async () => {
    await expect(postToGitLab(comment("dev-infra", "plan"), { ...env, CI_MERGE_REQUEST_IID: "8" }, retry)).rejects.toThrow(/merge request !8 \(404\)/);
  });

  it("asks for GITLAB_TOKEN when it is missing", async () => {
    await expect(postToGitLab(comment("dev-infra", "plan"), { ...env, GITLAB_TOKEN: undefined }, retry)).rejects.toThrow(/needs GITLAB_TOKEN/);
  });

  it("asks for a merge request pipeline when CI_MERGE_REQUEST_IID is missing", async () => {
    await expect(postToGitLab(comment("dev-infra", "plan"), { ...env, CI_MERGE_REQUEST_IID: undefined }, retry)).rejects.toThrow(/merge request pipeline/);
  });
});
