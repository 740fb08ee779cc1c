import * as fs from "fs";
import * as path from "path";
import { Option, type Command } from "commander";
import { resolveTarget } from "../../app/targets";
import { DIAGRAM_FORMATS, drawTopology, type DiagramFormat } from "../diagram";
import { ConfigError } from "../config/errors";
import type { Topology } from "../topology/types";

/** The Topology of a shipped environment by name, or of a JSON/YAML environment file. */
export function topologyOfTarget(target: string): Topology {
  return resolveTarget(target);
}

/** Writes `content` to `file` (creating its folder), or to stdout without a file. */
export function writeOutput(content: string, file: string | undefined): void {
  if (!file) {
    process.stdout.write(content);
    return;
  }
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  fs.writeFileSync(file, content);
}

/** Turns an invalid environment into the same one-line error `validate` prints. */
export function describeTargetError(target: string, error: unknown): Error {
  if (error instanceof ConfigError || error instanceof SyntaxError) return new Error(`${target}: ${error.message}`);
  return error instanceof Error ? error : new Error(String(error));
}

/** `homelab diagram ENV|FILE [--format svg|dot|mermaid] [--out FILE]`. */
export function registerDiagram(program: Command): void {
  program
    .command("diagram")
    .description("draw an environment: sites, Proxmox nodes, VMs, networks, API VIP, LB pool and BGP sessions")
    .argument("<target>", "environment name or path to a .json/.yaml environment file")
    .addOption(new Option("-f, --format <format>", "output format").choices([...DIAGRAM_FORMATS]).default("svg"))
    .option("-o, --out <file>", "write to this file instead of stdout")
    .action(async (target: string, options: { format: DiagramFormat; out?: string }) => {
      let topology: Topology;
      try {
        topology = topologyOfTarget(target);
      } catch (error) {
        throw describeTargetError(target, error);
      }
      writeOutput(await drawTopology(topology, options.format), options.out);
      if (options.out) process.stderr.write(`wrote ${options.out}\n`);
    });
}
