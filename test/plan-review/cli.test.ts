import { Command } from "commander";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { registerPlanComment } from "../../lib/cli/plan-comment";
import type { FakePlatform } from "./helpers/fake-platform";
import { startFakePlatform } from "./helpers/fake-platform";

const fixtures = path.join(__dirname, "..", "fixtures", "terraform-plans");
let tmp: string;
let stdout: string;
let writeSpy: jest.SpyInstance;

/** Puts a fixture at <tmp>/<stack>/plan.json, as the pipelines lay plans out. */
function stackPlan(stack: string, fixture: string): string {
  const file = path.join(tmp, "stacks", stack, "plan.json");
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.copyFileSync(path.join(fixtures, fixture), file);
  return file;
}

async function run(...args: string[]): Promise<void> {
  const program = new Command("homelab").exitOverride();
  registerPlanComment(program);
  await program.parseAsync(["node", "homelab", "plan-comment", ...args]);
}

beforeEach(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "plan-comment-"));
  stdout = "";
  writeSpy = jest.spyOn(process.stdout, "write").mockImplementation((chunk: string | Uint8Array) => {
    stdout += chunk.toString();
    return true;
  });
});

afterEach(() => {
  writeSpy.mockRestore();
  fs.rmSync(tmp, { recursive: true });
});

describe("homelab plan-comment", () => {
  it("prints a one-part comment, naming the stack after the plan's folder", async () => {
    await run(stackPlan("dev-infra", "tpc-delete.json"));
    expect(stdout).toMatch(/^<!-- homelab-plan-comment key="dev-infra" part="1" -->/);
    expect(stdout).toContain("### ⚠️ `dev-infra`");
  });

  it("takes stack names from --name in the order of the files", async () => {
    await run(stackPlan("a", "tpc-delete.json"), stackPlan("b", "tpc-import.json"), "--name", "prod-infra", "--name", "prod-platform");
    expect(stdout).toContain("`prod-infra`");
    expect(stdout).toContain("`prod-platform`");
  });

  it("refuses a number of --name values that does not match the files", async () => {
    await expect(run(stackPlan("a", "tpc-delete.json"), "--name", "x", "--name", "y")).rejects.toThrow(/got 2 --stack\/--name value\(s\) for 1 plan file/);
  });

  it("asks for --out-dir when the comment needs several parts", async () => {
    await expect(run(stackPlan("big", "tpc-create-300-foreach.json"))).rejects.toThrow(/needs \d+ parts .* pass --out-dir DIR/);
  });

  it("writes part-1.md … part-N.md to --out-dir and removes parts left from a longer run", async () => {
    const out = path.join(tmp, "comment");
    fs.mkdirSync(out);
    fs.writeFileSync(path.join(out, "part-9.md"), "stale");
    await run(stackPlan("big", "tpc-create-300-foreach.json"), "--out-dir", out);
    const written = fs.readdirSync(out).sort();
    expect(written.length).toBeGreaterThan(1);
    expect(written).toEqual(written.map((_, i) => `part-${i + 1}.md`).sort());
  });

  it("honours --max-chars", async () => {
    const out = path.join(tmp, "comment");
    await run(stackPlan("big", "tpc-create-300-foreach.json"), "--out-dir", out, "--max-chars", "10000");
    for (const file of fs.readdirSync(out)) expect(fs.readFileSync(path.join(out, file), "utf8").length).toBeLessThanOrEqual(10000);
  });

  it("shows construct paths from --synth", async () => {
    const plan = stackPlan("dev-infra", "tpc-delete.json");
    fs.writeFileSync(
      path.join(tmp, "stacks", "dev-infra", "cdk.tf.json"),
      JSON.stringify({ resource: { local_file: { test: { "//": { metadata: { path: "dev-infra/files/test", uniqueId: "test" } } } } } }),
    );
    await run(plan, "--synth", tmp);
    expect(stdout).toContain("construct `dev-infra/files/test`");
  });

  it("says what to pass for a plan file that does not exist", async () => {
    await expect(run(path.join(tmp, "missing", "plan.json"))).rejects.toThrow(/cannot read plan .*plan\.json: no such file; pass the JSON file written by `terraform show -json PLANFILE`/);
  });

  it("says what to pass for a directory, never what to write to it", async () => {
    const error = await run(tmp).catch((e: unknown) => e as Error);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toMatch(/cannot read plan .*: it is a directory; pass the JSON file written by `terraform show -json PLANFILE`/);
    expect((error as Error).message).not.toMatch(/> /);
  });

  it("explains a file that is not a terraform show -json plan", async () => {
    const file = path.join(tmp, "x", "plan.json");
    fs.mkdirSync(path.dirname(file));
    fs.writeFileSync(file, '{"@level":"info","@message":"Terraform 1.9.0"}\n{"@level":"info"}\n');
    await expect(run(file)).rejects.toThrow(/log stream of `terraform plan -json`/);
  });

  /** Writes `content` to <tmp>/<name> and returns the error plan-comment fails with. */
  async function refusal(name: string, content: string): Promise<string> {
    const file = path.join(tmp, name);
    fs.writeFileSync(file, content);
    const error = await run(file).catch((e: unknown) => e as Error);
    expect(error).toBeInstanceOf(Error);
    expect(stdout).toBe("");
    return (error as Error).message;
  }

  it("refuses the state `terraform show -json` prints without a plan file, instead of saying no changes", async () => {
    // given the prior state of a real plan, as `terraform show -json` prints a state
    const plan = JSON.parse(fs.readFileSync(path.join(fixtures, "tpc-delete.json"), "utf8"));
    const state = { format_version: "1.0", terraform_version: plan.terraform_version, values: plan.prior_state.values };
    const message = await refusal("state.json", JSON.stringify(state));
    expect(message).toBe(`${path.join(tmp, "state.json")} holds a Terraform state ("values"), not a plan; write the plan with \`terraform plan -out=PLANFILE\` and pass the output of \`terraform show -json PLANFILE\`.`);
  });

  it("refuses the versions-only answer of an empty state", async () => {
    expect(await refusal("empty-state.json", '{"format_version":"1.0","terraform_version":"1.9.0"}\n')).toMatch(/empty-state\.json holds no plan, only versions \(an empty state\?\); write the plan with `terraform plan -out=PLANFILE`/);
  });

  it("says an empty plan file is empty", async () => {
    expect(await refusal("empty.json", "\n")).toMatch(/empty\.json is empty; pass the output of `terraform show -json PLANFILE`/);
  });

  it("gives the line and column where a truncated plan ends", async () => {
    // given a real plan cut off in the middle
    const whole = fs.readFileSync(path.join(fixtures, "tpc-delete.json"), "utf8");
    const cut = whole.slice(0, Math.floor(whole.length / 2));
    const lines = cut.split("\n");
    const message = await refusal("cut.json", cut);
    expect(message).toMatch(new RegExp(`cut\\.json is not JSON \\(line ${lines.length}, column ${lines[lines.length - 1].length + 1}: unexpected end of input; .*the file ends early, it may be truncated\\)`));
    expect(message).not.toContain("\n");
  });

  it("reads a plan saved with a byte-order mark or as UTF-16, as PowerShell's `>` writes it", async () => {
    const json = fs.readFileSync(path.join(fixtures, "tpc-delete.json"), "utf8");
    await run(stackPlan("plain", "tpc-delete.json"));
    const expected = stdout.replace(/plain/g, "saved");
    for (const bytes of [Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(json)]), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(json, "utf16le")])]) {
      const file = path.join(tmp, "stacks", "saved", "plan.json");
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, bytes);
      stdout = "";
      await run(file);
      expect(stdout).toBe(expected);
    }
  });

  it("refuses the binary plan file itself in one line, never echoing its bytes", async () => {
    const file = path.join(tmp, "tfplan");
    fs.writeFileSync(file, Buffer.concat([Buffer.from("PK\u0003\u0004"), Buffer.alloc(16), Buffer.from("password=hunter2")]));
    const error = await run(file).catch((e: unknown) => e as Error);
    expect((error as Error).message).toBe(`cannot read plan ${file}: it is a binary file, not text; pass the JSON file written by \`terraform show -json PLANFILE\` (one per stack, e.g. cdktf.out/stacks/<stack>/plan.json) (the binary plan file cannot be read directly).`);
  });

  it("answers brackets nested past the stack with one line, not a crash", async () => {
    const message = await refusal("deep.json", "[".repeat(200000));
    expect(message).toMatch(/deep\.json is not JSON \(line 1, column \d+: nesting too deep to read; /);
  });

  it("names the stack after the file outside cdktf.out, and after --stack when given", async () => {
    const file = path.join(tmp, "plans", "lab-infra.plan.json");
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.copyFileSync(path.join(fixtures, "tpc-delete.json"), file);
    await run(file);
    expect(stdout).toContain("### ⚠️ `lab-infra`");
    expect(stdout).not.toContain("`plans`");
    stdout = "";
    await run(file, "--stack", "dev-infra");
    expect(stdout).toContain("### ⚠️ `dev-infra`");
  });

  it("adds the capacity section for the environment of an <env>-infra stack, or of --env", async () => {
    const own = path.join(__dirname, "..", "fixtures", "plans", "production-infra.servers-3-to-1.plan.json");
    const file = path.join(tmp, "stacks", "production-infra", "plan.json");
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.copyFileSync(own, file);
    await run(file, "--max-chars", "200000");
    expect(stdout).toContain("#### Capacity of `production`");
    stdout = "";
    await run(file, "--stack", "lab", "--env", "production", "--max-chars", "200000");
    expect(stdout).toContain("#### Capacity of `production`");
  });

  it("names --env when the environment it brings in is invalid", async () => {
    const env = path.join(tmp, "broken.yaml");
    fs.writeFileSync(env, fs.readFileSync(path.join(__dirname, "..", "fixtures", "environments", "minimal.yaml"), "utf8").replace("vmId: 200", "vmid: 200"));
    const error = await run(stackPlan("lab-infra", "tpc-delete.json"), "--env", env).catch((e: unknown) => e as Error);
    expect((error as Error).message).toMatch(new RegExp(`^--env ${env.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}, for the capacity section: environment "lab" is invalid:\n  - vms\\[0\\]\\.vmId: is required`));
    expect(stdout).toBe("");
  });

  it("warns on stderr about a format version it does not read, and still renders", async () => {
    const file = path.join(tmp, "future.json");
    fs.writeFileSync(file, JSON.stringify({ format_version: "2.0", resource_changes: [{ address: "a.b", change: { actions: ["create"], before: null, after: {} } }, { oops: true }] }));
    const errors: string[] = [];
    const errSpy = jest.spyOn(process.stderr, "write").mockImplementation((chunk: string | Uint8Array) => {
      errors.push(chunk.toString());
      return true;
    });
    try {
      await run(file);
    } finally {
      errSpy.mockRestore();
    }
    expect(errors.join("")).toContain("warning: future: the plan's format_version is 2.0");
    expect(errors.join("")).toContain('warning: future: skipped resource_changes[1] has no "address"');
    expect(stdout).toContain("🟢 **create** `a.b`");
  });

  describe("with --post gitlab", () => {
    let server: FakePlatform;
    const saved = { ...process.env };

    beforeEach(async () => {
      server = await startFakePlatform({ repo: "lab/homelab", project: "42", number: 3 });
      Object.assign(process.env, { CI_API_V4_URL: `${server.url}/api/v4`, CI_PROJECT_ID: "42", CI_MERGE_REQUEST_IID: "3", GITLAB_TOKEN: "glpat-cli", HOMELAB_POST_RETRY_DELAY_MS: "1" });
    });

    afterEach(async () => {
      for (const key of ["CI_API_V4_URL", "CI_PROJECT_ID", "CI_MERGE_REQUEST_IID", "GITLAB_TOKEN", "HOMELAB_POST_RETRY_DELAY_MS"]) {
        if (saved[key] === undefined) delete process.env[key];
        else process.env[key] = saved[key];
      }
      await server.close();
    });

    it("posts every part and reports what it did", async () => {
      await run(stackPlan("big", "tpc-create-300-foreach.json"), "--post", "gitlab");
      expect(server.comments.length).toBeGreaterThan(1);
      expect(stdout).toMatch(/GitLab: \d+ created, 0 updated/);
    });
  });
});
