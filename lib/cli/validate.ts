import * as fs from "fs";
import type { Command } from "commander";
import { environments } from "../../environments";
import { ConfigError, formatIssue } from "../config/errors";
import { readEnvironmentFile } from "../config/load";
import { resolveEnvironment } from "../topology";
import type { Topology } from "../topology/types";

/** What `validate` checked: each environment's Topology, or the error that stopped it. */
export interface ValidationResult {
  readonly label: string;
  readonly topology?: Topology;
  readonly error?: Error;
}

/** Validates every shipped environment, one by name, or a JSON/YAML file of the same shape. */
export function validateTarget(target?: string): ValidationResult[] {
  const inputs: [string, unknown][] = [];
  if (!target) {
    inputs.push(...Object.entries(environments));
  } else if (target in environments) {
    inputs.push([target, environments[target]]);
  } else if (fs.existsSync(target)) {
    inputs.push([target, readEnvironmentFile(target)]);
  } else {
    throw new Error(`"${target}" is neither a shipped environment (${Object.keys(environments).join(", ")}) nor a .json/.yaml file`);
  }
  return inputs.map(([label, input]) => {
    try {
      return { label, topology: resolveEnvironment(input, label.endsWith("json") || label.endsWith("yml") || label.endsWith("yaml") ? undefined : label) };
    } catch (error) {
      if (error instanceof ConfigError || error instanceof SyntaxError) return { label, error };
      throw error;
    }
  });
}

export function registerValidate(program: Command): void {
  program
    .command("validate")
    .description("check environments: every shipped one, one by name, or a JSON/YAML file")
    .argument("[target]", "environment name or path to a .json/.yaml environment file")
    .action((target?: string) => {
      const results = validateTarget(target);
      for (const result of results) {
        if (result.error) {
          process.stderr.write(`error: ${result.label}: ${result.error.message}\n`);
          continue;
        }
        const topology = result.topology!;
        process.stdout.write(`ok: ${result.label}: ${topology.vms.length} VM(s) on ${topology.proxmox.nodes.length} Proxmox node(s)\n`);
        for (const warning of topology.warnings) process.stdout.write(`  warning: ${formatIssue(warning)}\n`);
      }
      if (results.some((result) => result.error)) process.exitCode = 1;
    });
}
