import * as path from "path";
import type { Command } from "commander";
import { CHARTS } from "../../constructs/platform/charts";
import { drawTopology } from "../diagram";
import { renderReport } from "../report";
import type { Topology } from "../topology/types";
import { describeTargetError, topologyOfTarget, writeOutput } from "./diagram";

/** The report page of a Topology. Chart pins come from constructs/platform/charts.ts, a plain module (no cdktf). */
export async function reportOf(topology: Topology): Promise<string> {
  return renderReport({ topology, svg: await drawTopology(topology, "svg"), charts: CHARTS });
}

/** `homelab report ENV|FILE --out DIR`: writes DIR/index.html. */
export function registerReport(program: Command): void {
  program
    .command("report")
    .description("write a self-contained HTML report: diagram, IP plan, capacity, clusters, platform, BGP")
    .argument("<target>", "environment name or path to a .json/.yaml environment file")
    .requiredOption("-o, --out <dir>", "folder to write index.html into")
    .action(async (target: string, options: { out: string }) => {
      let topology: Topology;
      try {
        topology = topologyOfTarget(target);
      } catch (error) {
        throw describeTargetError(target, error);
      }
      const file = path.join(options.out, "index.html");
      writeOutput(await reportOf(topology), file);
      process.stderr.write(`wrote ${file}\n`);
    });
}
