import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { resolveTarget, synthesize } from "../../app/synth";
import { main } from "../../lib/cli";
import { deploy } from "../../lib/deploy/deploy";
import { LineProgress } from "../../lib/deploy/progress";
import { DEPLOY_PHASES } from "../../lib/deploy/phases";
import { startPostgres, TestPostgres } from "../support/postgres";
import { terraformPresent } from "../terraform/helpers";

/*
 * `homelab deploy dev --simulate --yes` end to end, through the command line, with the state in a
 * throwaway PostgreSQL: every phase in order, Terraform against the stand-in, Ansible listing tasks.
 */

let pg: TestPostgres;
let root: string;
const cwd = process.cwd();
const present = terraformPresent();

/** Runs `homelab ...args` in `dir` and returns its exit code and what it wrote to stderr and stdout. */
async function homelab(dir: string, ...args: string[]): Promise<{ code: number; output: string }> {
  let output = "";
  const capture = (chunk: string | Uint8Array) => {
    output += typeof chunk === "string" ? chunk : Buffer.from(chunk).toString("utf8");
    return true;
  };
  const stderr = jest.spyOn(process.stderr, "write").mockImplementation(capture);
  const stdout = jest.spyOn(process.stdout, "write").mockImplementation(capture);
  process.exitCode = undefined;
  process.chdir(dir);
  try {
    await main(["node", "homelab", ...args]);
    return { code: Number(process.exitCode ?? 0), output };
  } finally {
    process.chdir(cwd);
    stderr.mockRestore();
    stdout.mockRestore();
    process.exitCode = undefined;
  }
}

/** The phases whose start lines the output shows, in order. */
const startedPhases = (output: string) => [...output.matchAll(/^\[[^\]]+\] (\w+): .* \.\.\.$/gm)].map((m) => m[1]);

beforeAll(async () => {
  if (!present) return;
  root = fs.mkdtempSync(path.join(os.tmpdir(), "homelab-deploy-"));
  pg = await startPostgres();
  process.env.PG_CONN_STR = pg.connStr;
}, 60000);

afterAll(() => {
  delete process.env.PG_CONN_STR;
  pg?.stop();
  if (root) fs.rmSync(root, { recursive: true, force: true });
});

describe("homelab deploy dev --simulate --yes --state-backend pg", () => {
  it("runs every phase in order to a validated (simulated) cluster", async () => {
    if (!present) return;
    const { code, output } = await homelab(root, "deploy", "dev", "--simulate", "--yes", "--state-backend", "pg");
    expect(output).not.toMatch(/FAILED/);
    expect(code).toBe(0);
    expect(startedPhases(output)).toEqual([...DEPLOY_PHASES]);
    expect(output).toMatch(/infra: done in [\d.]+s - applied: \d+ to add, 0 to change, 0 to destroy/);
    expect(output).toMatch(/ssh: done in [\d.]+s - simulated: no hosts to reach/);
    expect(output).toMatch(/configure: done in [\d.]+s - would run \d+ tasks \(--list-tasks\)/);
    expect(output).toMatch(/dev: deployed \(simulated\), infrastructure changed/);
  }, 240000);

  it("keeps both stacks' state in Postgres and none on disk", async () => {
    if (!present) return;
    expect(pg.psql("SELECT name FROM homelab_dev_infra.states")).toBe("default");
    expect(pg.psql("SELECT name FROM homelab_dev_platform.states")).toBe("default");
    const files = fs.readdirSync(root, { recursive: true }).map(String);
    expect(files.filter((f) => f.endsWith(".tfstate") && !f.includes(".terraform/"))).toEqual([]);
  });

  it("writes each phase's output to .homelab/logs/dev, and never the join token", async () => {
    if (!present) return;
    const logs = fs.readdirSync(path.join(root, ".homelab", "logs", "dev"));
    for (const phase of ["infra", "inventory", "configure", "platform", "validate"]) expect(logs.some((f) => f.endsWith(`-${phase}.log`))).toBe(true);
    const state = JSON.parse(pg.psql("SELECT data FROM homelab_dev_infra.states")) as { resources: { type: string; instances: { attributes: { result?: string } }[] }[] };
    const token = state.resources.find((r) => r.type === "random_password")!.instances[0].attributes.result!;
    expect(token.length).toBeGreaterThan(0);
    const everything = fs.readdirSync(root, { recursive: true }).map(String).filter((f) => fs.statSync(path.join(root, f)).isFile() && !f.includes(".terraform/"));
    for (const file of everything) expect(fs.readFileSync(path.join(root, file), "utf8").includes(token)).toBe(false);
  });

  it("reports no infrastructure changes on a second run", async () => {
    if (!present) return;
    const { code, output } = await homelab(root, "deploy", "dev", "--simulate", "--yes", "--state-backend", "pg");
    expect(code).toBe(0);
    expect(output).toMatch(/infra: done in [\d.]+s - no changes/);
    expect(output).toMatch(/platform: done in [\d.]+s - no changes/);
    expect(output).toMatch(/dev: deployed \(simulated\), no infrastructure changes/);
  }, 240000);

  it("destroys in reverse order only when the environment's name is confirmed", async () => {
    if (!present) return;
    const refused = await homelab(root, "destroy", "dev", "--simulate", "--yes", "--state-backend", "pg");
    expect(refused.code).toBe(2);
    expect(refused.output).toMatch(/--confirm = null: with --yes, destroy needs --confirm dev/);
    const { code, output } = await homelab(root, "destroy", "dev", "--simulate", "--yes", "--confirm", "dev", "--state-backend", "pg");
    expect(code).toBe(0);
    expect(startedPhases(output)).toEqual(["preflight", "platform", "infra"]);
    const state = JSON.parse(pg.psql("SELECT data FROM homelab_dev_infra.states")) as { resources: unknown[] };
    expect(state.resources).toEqual([]);
  }, 240000);
});

describe("without --yes", () => {
  it("shows the plan and applies nothing when the answer is no", async () => {
    if (!present) return;
    const fresh = fs.mkdtempSync(path.join(os.tmpdir(), "homelab-deploy-ask-"));
    const questions: string[] = [];
    let output = "";
    try {
      const result = await deploy(
        {
          target: "dev",
          simulate: true,
          root: fresh,
          progress: new LineProgress((text) => (output += text)),
          ask: async (question) => {
            questions.push(question);
            return "n";
          },
        },
        { resolveTarget, synthesize },
      );
      expect(questions).toEqual(["Apply these changes to dev-infra? [y/N] "]);
      expect(output).toMatch(/dev-infra: \d+ to add, 0 to change, 0 to destroy\n/);
      expect(output).toMatch(/^\s+create proxmox_virtual_environment_vm\.Vm-microk8s-master-1_/m);
      expect(result.ok).toBe(false);
      expect(result.resumeFrom).toBe("infra");
      expect(output).toMatch(/infra: FAILED after [\d.]+s - not applied: the plan was not confirmed/);
      expect(fs.existsSync(path.join(fresh, ".homelab", "simulate", "dev", "terraform.dev-infra.tfstate"))).toBe(false);
    } finally {
      fs.rmSync(fresh, { recursive: true, force: true });
    }
  }, 120000);
});

describe("a failed phase", () => {
  it("shows the last lines of its log and the phase to resume from", async () => {
    if (!present) return;
    const fresh = fs.mkdtempSync(path.join(os.tmpdir(), "homelab-deploy-fail-"));
    try {
      // Nothing was applied in this folder, so the infra stack has no outputs to configure from.
      const { code, output } = await homelab(fresh, "deploy", "dev", "--simulate", "--yes", "--from", "configure");
      expect(code).toBe(1);
      expect(output).toMatch(/preflight: skipped \(before --from configure\)/);
      expect(output).toMatch(/configure: FAILED after/);
      expect(output).toMatch(/--- last lines of \.homelab\/logs\/dev\/[^ ]+-configure\.log ---/);
      expect(output).toMatch(/resume with: homelab deploy dev --from configure --simulate/);
    } finally {
      fs.rmSync(fresh, { recursive: true, force: true });
    }
  }, 120000);
});

describe("bad input fails before anything runs", () => {
  const cases: [string, string[], RegExp, NodeJS.ProcessEnv?][] = [
    ["an unknown backend", ["--state-backend", "consul"], /--state-backend = "consul": names no state backend; use one of local, pg, s3, http/],
    ["a backend missing a required setting", ["--state-backend", "s3", "--state-config", "bucket=tfstate"], /--state-config region: the s3 backend needs it; add --state-config region=VALUE/],
    ["credentials missing for the chosen backend", ["--state-backend", "http", "--state-config", "address=https://gitlab.example.com/api/v4/projects/1/terraform/state"], /keeps its state in the http backend, but TF_HTTP_USERNAME and TF_HTTP_PASSWORD .* is not set/],
    ["--from naming no phase", ["--from", "ansible"], /--from = "ansible": names no phase; use one of preflight, infra, inventory, ssh, configure, platform, validate/],
    ["--skip of a phase the rest needs", ["--skip", "infra"], /--skip = "infra": cannot be skipped/],
  ];

  it.each(cases)("%s: one clear message, exit code 2, nothing written", async (_what, flags, message) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "homelab-deploy-bad-"));
    try {
      const { code, output } = await homelab(dir, "deploy", "dev", "--simulate", "--yes", ...flags);
      expect(code).toBe(2);
      expect(output).toMatch(message);
      expect(output).toMatch(/nothing was run/);
      expect(fs.readdirSync(dir)).toEqual([]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("refuses a pg backend without PG_CONN_STR", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "homelab-deploy-bad-"));
    const saved = process.env.PG_CONN_STR;
    delete process.env.PG_CONN_STR;
    try {
      const { code, output } = await homelab(dir, "deploy", "dev", "--simulate", "--yes", "--state-backend", "pg");
      expect(code).toBe(2);
      expect(output).toMatch(/keeps its state in the pg backend, but PG_CONN_STR .* is not set; export it/);
      expect(fs.readdirSync(dir)).toEqual([]);
    } finally {
      if (saved !== undefined) process.env.PG_CONN_STR = saved;
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
