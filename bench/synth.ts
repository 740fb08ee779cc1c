import { execFileSync, spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

/*
 * Synth benchmark. Every case runs in a fresh node process (`synth.js child <case>`), so its peak
 * memory is its own: the shipped production environment, then generated labs of 10, 100, 1000
 * and 10,000 VMs (bench/generate-environment.ts). In a child the model layer (zod validation + topology
 * planning) is timed on its own, then the stacks are built from that Topology and synthesized into
 * a temporary folder. Last, the real cdktf app (`node dist/main.js`, production only) is timed as a
 * whole process: node startup, module loading, model and synth.
 */

const SIZES = [10, 100, 1000, 10000];
/** Runs per case and of the app; the fastest is reported. BENCH_RUNS=1 for a quick look. */
const RUNS = Math.max(1, Number(process.env.BENCH_RUNS ?? 3));
/** The compiled cdktf app beside this script (dist/main.js). */
const MAIN = path.resolve(__dirname, "..", "main.js");
/** ms per VM at 1000 may exceed that at 100 by this factor (noise) and still count as linear. */
const LINEAR_TOLERANCE = 1.1;
/** CPU ms per VM at 10,000 may exceed that at 1000 by at most this factor (issue #17). */
const SCALE_TOLERANCE = 1.5;
/** Peak memory of the 10,000-VM synth, in MB. */
const SCALE_MEMORY_MB = 2048;

interface ChildResult {
  /** "production" or the generated size. */
  readonly label: string;
  readonly vms: number;
  /** Resources in the infra stack's cdk.tf.json. */
  readonly resources: number;
  /** Loading the app's modules (cdktf, generated bindings, zod, yaml). */
  readonly loadMs: number;
  /** Validation (parse) + topology planning. */
  readonly modelMs: number;
  /** App + stacks + app.synth(). */
  readonly synthMs: number;
  /** CPU time (user + system) of model + synth: steadier than wall time on a busy machine. */
  readonly cpuMs: number;
  readonly maxRssMb: number;
}

function runChild(label: string): void {
  const started = performance.now();
  const { App } = require("cdktf") as typeof import("cdktf");
  const { addEnvironmentStacks } = require("../app/synth") as typeof import("../app/synth");
  const { resolveEnvironment } = require("../lib/topology") as typeof import("../lib/topology");
  const { environments } = require("../environments") as typeof import("../environments");
  const { generateEnvironment } = require("./generate-environment") as typeof import("./generate-environment");
  const loaded = performance.now();

  const generated = label !== "production";
  const input = generated ? generateEnvironment(Number(label)) : environments.production;
  const cpuStart = process.cpuUsage();
  const modelStart = performance.now();
  const topology = resolveEnvironment(input, generated ? `bench-${label}` : label);
  const modelEnd = performance.now();
  if (generated && topology.vms.length !== Number(label)) throw new Error(`expected ${label} VMs, planned ${topology.vms.length}`);
  if (generated && topology.warnings.length > 0) throw new Error(`generated environment has warnings: ${JSON.stringify(topology.warnings)}`);

  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), `homelab-bench-${label}-`));
  try {
    const synthStart = performance.now();
    const app = new App({ outdir });
    addEnvironmentStacks(app, topology);
    app.synth();
    const synthEnd = performance.now();
    const cpu = process.cpuUsage(cpuStart);
    const infra = JSON.parse(fs.readFileSync(path.join(outdir, "stacks", `${topology.environment}-infra`, "cdk.tf.json"), "utf8"));
    const resources = Object.values(infra.resource as Record<string, Record<string, unknown>>).reduce((sum, byName) => sum + Object.keys(byName).length, 0);
    const result: ChildResult = {
      label,
      vms: topology.vms.length,
      resources,
      loadMs: loaded - started,
      modelMs: modelEnd - modelStart,
      synthMs: synthEnd - synthStart,
      cpuMs: (cpu.user + cpu.system) / 1000,
      maxRssMb: process.resourceUsage().maxRSS / 1024,
    };
    process.stdout.write(`${JSON.stringify(result)}\n`);
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

const total = (r: ChildResult): number => r.modelMs + r.synthMs;

/** Runs a case RUNS times, each in a fresh process, and keeps the fastest (least disturbed) run. */
function measure(label: string): ChildResult {
  let best: ChildResult | undefined;
  for (let run = 0; run < RUNS; run++) {
    const output = execFileSync(process.execPath, [__filename, "child", label], { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] });
    const result = JSON.parse(output.trim().split("\n").pop()!) as ChildResult;
    if (!best || total(result) < total(best)) best = result;
  }
  return best!;
}

/** Wall time of `node dist/main.js` for production, as cdktf runs it; every run's time. */
function timeApp(): number[] {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), "homelab-bench-app-"));
  try {
    const runs: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      const start = performance.now();
      const child = spawnSync(process.execPath, [MAIN], {
        env: { ...process.env, HOMELAB_ENVIRONMENTS: "production", CDKTF_OUTDIR: outdir },
        encoding: "utf8",
      });
      runs.push(performance.now() - start);
      if (child.status !== 0) throw new Error(`node dist/main.js failed (${child.status}):\n${child.stderr}`);
    }
    return runs;
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

function table(rows: string[][]): string[] {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((row) => row[i].length)));
  return rows.map((row) => row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join("  "));
}

function runParent(): void {
  const results = ["production", ...SIZES.map(String)].map(measure);
  const header = ["environment", "VMs", "resources", "load ms", "model ms", "synth ms", "total ms", "CPU ms", "model %", "peak RSS MB"];
  const rows = results.map((r) => [
    r.label === "production" ? "production" : `generated-${r.label}`,
    String(r.vms),
    String(r.resources),
    r.loadMs.toFixed(0),
    r.modelMs.toFixed(1),
    r.synthMs.toFixed(0),
    total(r).toFixed(0),
    r.cpuMs.toFixed(0),
    `${((r.modelMs / total(r)) * 100).toFixed(1)}%`,
    r.maxRssMb.toFixed(0),
  ]);
  console.log(`synth: each row a fresh node process, fastest of ${RUNS} (${os.cpus().length} CPUs, node ${process.version})`);
  console.log("  load = module loading; model = validation + planning; synth = App + stacks + app.synth(); total = model + synth (wall); CPU = CPU time of model + synth");
  for (const line of table([header, ...rows])) console.log(`  ${line}`);

  const at = (size: number) => results.find((r) => r.label === String(size))!;
  const perVm = (r: ChildResult) => total(r) / r.vms;
  const ratio = perVm(at(1000)) / perVm(at(100));
  const linear = ratio <= LINEAR_TOLERANCE;
  console.log(
    `  growth: ${perVm(at(100)).toFixed(2)} ms/VM at 100, ${perVm(at(1000)).toFixed(2)} ms/VM at 1000 (x${ratio.toFixed(2)}): ${linear ? "linear or better" : "WORSE than linear"}`,
  );

  // CPU time, not wall time: on a shared machine wall time measures the neighbours.
  const cpuPerVm = (r: ChildResult) => r.cpuMs / r.vms;
  const scaleRatio = cpuPerVm(at(10000)) / cpuPerVm(at(1000));
  const scales = scaleRatio <= SCALE_TOLERANCE;
  console.log(
    `  scale: ${cpuPerVm(at(1000)).toFixed(2)} CPU ms/VM at 1000, ${cpuPerVm(at(10000)).toFixed(2)} at 10,000 (x${scaleRatio.toFixed(2)}, limit x${SCALE_TOLERANCE}); peak ${at(10000).maxRssMb.toFixed(0)} MB (limit ${SCALE_MEMORY_MB})`,
  );

  const runs = timeApp();
  const app = Math.min(...runs);
  console.log(`  app: HOMELAB_ENVIRONMENTS=production node dist/main.js: ${app.toFixed(0)} ms wall, fastest of ${runs.map((ms) => ms.toFixed(0)).join(", ")} ms`);

  // The model's share of what the targets time: the production app run and the 1000-VM synth.
  const production = results.find((r) => r.label === "production")!;
  const productionShare = production.modelMs / app;
  const thousandShare = at(1000).modelMs / total(at(1000));
  console.log(`  model share: ${(productionShare * 100).toFixed(1)}% of the production app run, ${(thousandShare * 100).toFixed(1)}% of the 1000-VM synth`);
  const checks: [string, boolean][] = [
    ["app (production) under 1 s", app < 1000],
    ["1000 VMs under 10 s", total(at(1000)) < 10000],
    ["growth no worse than linear", linear],
    [`10,000 VMs within x${SCALE_TOLERANCE} of 1000 per VM, under ${SCALE_MEMORY_MB} MB`, scales && at(10000).maxRssMb < SCALE_MEMORY_MB],
    ["model layer under 10%", productionShare < 0.1 && thousandShare < 0.1],
  ];
  console.log(`  targets: ${checks.map(([name, ok]) => `${ok ? "ok" : "MISSED"} ${name}`).join("; ")}`);
}

if (process.argv[2] === "child") runChild(process.argv[3]);
else runParent();
