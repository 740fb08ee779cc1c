import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { CHARTS } from "../constructs/platform/charts";
import { buildDiagram, renderSvg, toDot, toMermaid } from "../lib/diagram";
import { graphviz } from "../lib/diagram/svg";
import { renderReport } from "../lib/report";
import { resolveEnvironment } from "../lib/topology";
import { generateEnvironment } from "./generate-environment";

/*
 * Diagram and report benchmark on the 1000-VM generated lab. First in this fresh process (so the
 * Graphviz WASM module compiles cold, as in the CLI), stage by stage: graph model + DOT, WASM load,
 * dot layout to SVG, Mermaid, the HTML report around the SVG. Then the whole `homelab diagram FILE`
 * command as a process (node start, validation, planning, drawing, writing). Budget: the SVG in
 * under 5 s. CPU time is printed beside wall time: on a busy machine it is the steadier figure, and
 * the budget is checked against it.
 */

const VMS = 1000;
const BUDGET_MS = 5000;
const BIN = path.resolve(__dirname, "..", "..", "bin", "homelab.js");

const ms = (value: number): string => `${value.toFixed(0).padStart(6)} ms`;
const cpuMs = (usage: NodeJS.CpuUsage): number => (usage.user + usage.system) / 1000;

async function main(): Promise<void> {
  const input = generateEnvironment(VMS);
  const topology = resolveEnvironment(input, "bench");
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const graph = buildDiagram(topology);
  const dot = toDot(graph);
  const t1 = performance.now();
  await graphviz();
  const tLoaded = performance.now();
  const svg = await renderSvg(dot);
  const t2 = performance.now();
  const svgCpu = cpuMs(process.cpuUsage(cpu0));
  const mermaid = toMermaid(graph);
  const t3 = performance.now();
  const html = renderReport({ topology, svg, charts: CHARTS });
  const t4 = performance.now();
  const kib = (text: string): string => `${Math.round(Buffer.byteLength(text) / 1024)} KiB`;
  console.log(`diagram of ${topology.vms.length} VMs (${graph.nodes.length} nodes, ${graph.edges.length} edges), in process:`);
  console.log(`  graph + DOT           ${ms(t1 - t0)}`);
  console.log(`  Graphviz WASM load    ${ms(tLoaded - t1)}`);
  console.log(`  dot layout → SVG      ${ms(t2 - tLoaded)}  (${kib(svg)})`);
  console.log(`  SVG in all            ${ms(t2 - t0)}  (CPU ${svgCpu.toFixed(0)} ms; budget ${BUDGET_MS} ms)`);
  console.log(`  Mermaid               ${ms(t3 - t2)}  (${kib(mermaid)})`);
  console.log(`  HTML report           ${ms(t4 - t3)}  (${kib(html)})`);
  console.log(`  peak RSS              ${(process.memoryUsage().rss / 2 ** 20).toFixed(0).padStart(6)} MB`);

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "homelab-bench-diagram-"));
  try {
    const file = path.join(dir, "bench.json");
    fs.writeFileSync(file, JSON.stringify(input));
    const start = performance.now();
    const run = spawnSync(process.execPath, [BIN, "diagram", file, "--out", path.join(dir, "bench.svg")], { encoding: "utf8" });
    const wall = performance.now() - start;
    if (run.status !== 0) throw new Error(`homelab diagram failed: ${run.stderr}`);
    console.log(`  \`homelab diagram\` of a ${VMS}-VM JSON file, whole process: ${wall.toFixed(0)} ms`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }

  if (svgCpu > BUDGET_MS) {
    console.error(`drawing ${VMS} VMs took ${svgCpu.toFixed(0)} ms of CPU, over the ${BUDGET_MS} ms budget`);
    process.exitCode = 1;
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
