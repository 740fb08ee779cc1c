import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import YAML from "yaml";
import { synthesize } from "../../app/synth";
import { LOCK_ERROR, planChanges, StackTerraform } from "../../lib/deploy/stack-terraform";
import { pgSchemaName } from "../../lib/state/backend";
import { standinEnv } from "../../lib/terraform-check/runner";
import { offlineCliConfig, requireTerraform } from "../../lib/terraform-check/terraform";
import { startPostgres, TestPostgres } from "../support/postgres";
import { reattach, terraformPresent } from "../terraform/helpers";

/*
 * The pg backend against a real, throwaway PostgreSQL server: a stack applied through the stand-in
 * provider keeps its state in Postgres, plans against it, grows against it and is locked in it.
 */

const MINIMAL = path.join(__dirname, "..", "fixtures", "environments", "minimal.yaml");
const SCHEMA = pgSchemaName("homelab_", "lab-infra");

let pg: TestPostgres;
let scratch: string;

/** The minimal environment with `agents` agents, synthesized with the pg backend; returns the infra stack's folder. */
function synthLab(agents: number): string {
  const env = YAML.parse(fs.readFileSync(MINIMAL, "utf8")) as { cluster: { agents: { count: number } } };
  env.cluster.agents.count = agents;
  const file = path.join(scratch, `lab-${agents}.yaml`);
  fs.writeFileSync(file, YAML.stringify(env));
  const outdir = path.join(scratch, `out-${agents}`);
  synthesize({ environments: [file], outdir, warn: () => undefined, state: { backend: "pg" } });
  return path.join(outdir, "stacks", "lab-infra");
}

/** A fresh working directory for a stack, its state in the test's Postgres. */
async function workspace(stackDir: string, name: string): Promise<StackTerraform> {
  const tf = new StackTerraform({
    stackDir,
    workDir: path.join(scratch, name),
    binary: requireTerraform().path,
    env: { ...standinEnv(reattach(), offlineCliConfig(path.join(scratch, `${name}-cli`))), PG_CONN_STR: pg.connStr },
    placeholderVariables: true,
  });
  await tf.init();
  return tf;
}

/** How many resources the stored state holds, read from Postgres. */
function resourcesInState(): number {
  const state = JSON.parse(pg.psql(`SELECT data FROM ${SCHEMA}.states WHERE name = 'default'`)) as { resources: unknown[] };
  return state.resources.length;
}

const present = terraformPresent();

beforeAll(async () => {
  if (!present) return;
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), "homelab-pg-state-"));
  pg = await startPostgres();
}, 60000);

afterAll(() => {
  // Also after a failed test: the server is stopped and its directory removed.
  pg?.stop();
  if (scratch) fs.rmSync(scratch, { recursive: true, force: true });
});

describe("the pg state backend", () => {
  it("takes two applies started at once in turns on the lock: one adds every resource, the other nothing, and the state is whole", async () => {
    if (!present) return;
    const stack = synthLab(2);
    const [a, b] = [await workspace(stack, "a"), await workspace(stack, "b")];
    const runs = await Promise.all([a, b].map((tf) => tf.run(["apply", "-input=false", "-no-color", "-auto-approve", "-lock-timeout=120s"])));
    expect(runs.map((r) => r.code)).toEqual([0, 0]);
    // The one that waited planned against the other's finished state: it added nothing.
    const added = runs.map((r) => Number(/Resources: (\d+) added/.exec(r.output)?.[1] ?? 0)).sort((x, y) => x - y);
    expect(added[0]).toBe(0);
    expect(added[1]).toBeGreaterThan(0);
    expect(resourcesInState()).toBe(added[1]);
  }, 180000);

  it("keeps the state in the stack's Postgres schema, not on disk", async () => {
    if (!present) return;
    expect(pg.psql(`SELECT name FROM ${SCHEMA}.states`)).toBe("default");
    const files = fs.readdirSync(scratch, { recursive: true }).map(String);
    // .terraform/terraform.tfstate is Terraform's note of the backend configuration, never resources.
    expect(files.filter((f) => f.endsWith(".tfstate") && !f.includes(".terraform/"))).toEqual([]);
    for (const note of files.filter((f) => f.endsWith(".terraform/terraform.tfstate"))) {
      const saved = JSON.parse(fs.readFileSync(path.join(scratch, note), "utf8")) as { backend: { type: string }; resources?: unknown };
      expect(saved.backend.type).toBe("pg");
      expect(saved.resources).toBeUndefined();
    }
  });

  it("plans no changes when the same synth is planned again", async () => {
    if (!present) return;
    const tf = await workspace(synthLab(2), "again");
    const plan = await tf.plan();
    expect(plan.changes).toBe(false);
  }, 120000);

  it("plans only the new VM and its records after growing a pool", async () => {
    if (!present) return;
    const tf = await workspace(synthLab(3), "grown");
    const plan = await tf.plan();
    const changes = planChanges(await tf.showPlan(plan.planFile));
    expect(changes.length).toBeGreaterThan(0);
    expect(changes.every((c) => c.actions.length === 1 && c.actions[0] === "create")).toBe(true);
    expect(changes.map((c) => c.address)).toEqual(expect.arrayContaining([expect.stringMatching(/proxmox_virtual_environment_vm\..*agent.*3/)]));
    for (const change of changes) expect(change.address).toMatch(/agent-3/);
  }, 120000);

  it("fails a run that may not wait while another holds the lock, with Terraform's lock message, and lets a waiting one through after", async () => {
    if (!present) return;
    const stack = synthLab(3);
    const [holder, impatient, patient] = [await workspace(stack, "holder"), await workspace(stack, "impatient"), await workspace(stack, "patient")];
    // `terraform console` holds the state lock for as long as it runs: a deterministic lock holder.
    const console = holder.start(["console", "-no-color"]);
    try {
      const deadline = Date.now() + 60000;
      while (pg.psql("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted") === "0" && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      const apply = ["apply", "-input=false", "-no-color", "-auto-approve"];
      const [blocked, waiting] = [impatient.run([...apply, "-lock-timeout=0s"]), patient.run([...apply, "-lock-timeout=120s"])];
      const refused = await blocked;
      expect(refused.code).toBe(1);
      expect(refused.output).toMatch(LOCK_ERROR);
      console.stdin!.end();
      const done = await waiting;
      expect(done.code).toBe(0);
      expect(done.output).toMatch(/Resources: \d+ added/);
    } finally {
      console.kill();
    }
    expect(pg.psql(`SELECT count(*) FROM ${SCHEMA}.states`)).toBe("1");
  }, 180000);
});
