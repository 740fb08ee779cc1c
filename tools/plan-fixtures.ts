import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { App } from "cdktf";
import { environments } from "../environments";
import type { EnvironmentInput } from "../lib/config/schema";
import { addEnvironmentStacks } from "../app/synth";
import { StandinWorkspace } from "../lib/terraform-check/workspace";
import { resolveEnvironment } from "../lib/topology";
import { startDaemon } from "../lib/terraform-standin/daemon";

/*
 * Records the plan fixtures the plan-review renderer's tests read (test/fixtures/plans/), by
 * running Terraform against the stand-in provider:
 *
 *   orion-infra.fresh.plan.json               the plan of a fresh apply of orion
 *   orion-infra.router-vendor-data.plan.json  after the router VM's vendor data changes (snippet and VM replaced)
 *   production-infra.servers-3-to-1.plan.json after production's servers shrink from 3 to 1 (quorum loss)
 *
 *   node dist/tools/plan-fixtures.js           rewrite the fixtures
 *   node dist/tools/plan-fixtures.js --check   exit 1 when the committed fixtures have drifted
 */

/** test/fixtures/plans in the repository, from the source tree (tools/) or the build (dist/tools/). */
export function repoFixturesDir(): string {
  let dir = __dirname;
  while (!fs.existsSync(path.join(dir, "package.json"))) dir = path.dirname(dir);
  return path.join(dir, "test", "fixtures", "plans");
}

/** Synthesizes one environment (given as config, so a scenario can change it) and returns its infra stack's directory. */
function synthInfra(name: string, input: EnvironmentInput, outdir: string): string {
  const app = new App({ outdir, skipValidation: false });
  addEnvironmentStacks(app, resolveEnvironment(input, name));
  app.synth();
  return path.join(outdir, "stacks", `${name}-infra`);
}

/**
 * Plan JSON without what changes from run to run: the time of the plan, and the order of
 * `relevant_attributes`, which Terraform prints in map order.
 */
export function stablePlan(plan: Record<string, unknown>): Record<string, unknown> {
  const { timestamp: _timestamp, ...rest } = plan;
  if (Array.isArray(rest.relevant_attributes)) {
    const key = (a: unknown) => JSON.stringify(a);
    rest.relevant_attributes = [...rest.relevant_attributes].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
  }
  return rest;
}

/** The stack's proxmox_virtual_environment_file whose construct path names the router's vendor data. */
function changeRouterVendorData(stackDir: string): void {
  const file = path.join(stackDir, "cdk.tf.json");
  const doc = JSON.parse(fs.readFileSync(file, "utf8")) as { resource: Record<string, Record<string, { "//"?: { metadata?: { path?: string } }; source_raw?: { data: string } | { data: string }[] }>> };
  const files = doc.resource.proxmox_virtual_environment_file ?? {};
  const entry = Object.values(files).find((r) => /VendorData-router/.test(r["//"]?.metadata?.path ?? ""));
  if (!entry?.source_raw) throw new Error(`no router vendor-data snippet in ${file}`);
  const raw = Array.isArray(entry.source_raw) ? entry.source_raw[0] : entry.source_raw;
  raw.data += "bootcmd:\n  - [sh, -c, 'echo router vendor data v2 > /etc/motd']\n";
  fs.writeFileSync(file, JSON.stringify(doc, null, 2));
}

/** Every fixture by file name. */
export async function generatePlanFixtures(options: { reattach?: string } = {}): Promise<Record<string, Record<string, unknown>>> {
  const daemon = options.reattach ? undefined : await startDaemon();
  const reattach = options.reattach ?? daemon!.reattach;
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "plan-fixtures-"));
  const result: Record<string, Record<string, unknown>> = {};
  try {
    const orion = new StandinWorkspace(reattach);
    const production = new StandinWorkspace(reattach);
    try {
      await Promise.all([
        (async () => {
          const dir = synthInfra("orion", environments.orion, path.join(scratch, "orion"));
          await orion.load(dir);
          result["orion-infra.fresh.plan.json"] = await orion.plan();
          await orion.apply();
          changeRouterVendorData(dir);
          await orion.load(dir);
          result["orion-infra.router-vendor-data.plan.json"] = await orion.plan();
        })(),
        (async () => {
          const base = environments.production as EnvironmentInput & { cluster: { servers: Record<string, unknown> } };
          await production.load(synthInfra("production", base, path.join(scratch, "production-3")));
          await production.plan();
          await production.apply();
          // The removed servers' renamedVms entries go with them, as a user shrinking the pool removes them.
          const removed = new Set([2, 3].map((n) => `${String(base.cluster.servers.namePrefix)}-${n}`));
          const shrunk = {
            ...base,
            cluster: { ...base.cluster, servers: { ...base.cluster.servers, count: 1 } },
            renamedVms: (base.renamedVms ?? []).filter((entry) => !removed.has(entry.to)),
          } as EnvironmentInput;
          await production.load(synthInfra("production", shrunk, path.join(scratch, "production-1")));
          result["production-infra.servers-3-to-1.plan.json"] = await production.plan();
        })(),
      ]);
    } finally {
      orion.dispose();
      production.dispose();
    }
  } finally {
    await daemon?.close();
    fs.rmSync(scratch, { recursive: true, force: true });
  }
  for (const name of Object.keys(result)) result[name] = stablePlan(result[name]);
  return result;
}

/** Serialized as committed: two-space JSON and a final newline. */
export function fixtureText(plan: Record<string, unknown>): string {
  return `${JSON.stringify(plan, null, 2)}\n`;
}

export async function main(args: string[]): Promise<void> {
  const dir = repoFixturesDir();
  const fixtures = await generatePlanFixtures();
  if (args.includes("--check")) {
    const drifted = Object.entries(fixtures).filter(([name, plan]) => {
      const file = path.join(dir, name);
      return !fs.existsSync(file) || fs.readFileSync(file, "utf8") !== fixtureText(plan);
    });
    for (const [name] of drifted) process.stderr.write(`drift: test/fixtures/plans/${name} is out of date; regenerate with: npm run build && node dist/tools/plan-fixtures.js\n`);
    if (drifted.length) process.exitCode = 1;
    return;
  }
  fs.mkdirSync(dir, { recursive: true });
  for (const [name, plan] of Object.entries(fixtures)) {
    fs.writeFileSync(path.join(dir, name), fixtureText(plan));
    process.stdout.write(`wrote test/fixtures/plans/${name}\n`);
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).catch((err) => {
    process.stderr.write(`plan-fixtures: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  });
}
