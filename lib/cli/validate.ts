import type { Command } from "commander";
import { resolveTarget, selectEnvironments } from "../../app/targets";
import { printWarnings } from "../../app/warnings";
import { ConfigError } from "../config/errors";
import { EnvironmentFileError } from "../config/load";
import type { Topology } from "../topology/types";

/** What `validate` checked: each environment's Topology, or the error that stopped it. */
export interface ValidationResult {
  readonly label: string;
  readonly topology?: Topology;
  readonly error?: Error;
}

/** Validates every shipped environment, one by name, or a JSON/YAML file of the same shape. */
export function validateTarget(target?: string): ValidationResult[] {
  // An unknown target is a usage error (it throws); an invalid environment is a result.
  return selectEnvironments(target === undefined ? undefined : [target]).map((label) => {
    try {
      return { label, topology: resolveTarget(label) };
    } catch (error) {
      if (error instanceof ConfigError || error instanceof EnvironmentFileError) return { label, error };
      throw error;
    }
  });
}

/** `homelab validate [ENV|FILE]`: exit 1 when any environment is invalid; warnings go to stderr. */
export function registerValidate(program: Command): void {
  program
    .command("validate")
    .description("check environments: every shipped one, one by name, or a JSON/YAML file")
    .argument("[target]", "environment name or path to a .json/.yaml environment file")
    .action((target?: string) => {
      const results = validateTarget(target);
      for (const result of results) {
        if (result.error) {
          // A file error names the file itself; a ConfigError names the environment.
          const prefix = result.error instanceof EnvironmentFileError ? "" : `${result.label}: `;
          process.stderr.write(`error: ${prefix}${result.error.message}\n`);
          continue;
        }
        const topology = result.topology!;
        // Every site's nodes: `topology.proxmox` is the primary site's cluster only.
        const nodes = topology.sites.reduce((sum, site) => sum + site.proxmox.nodes.length, 0);
        const sites = topology.sites.length > 1 ? ` at ${topology.sites.length} sites` : "";
        process.stdout.write(`ok: ${result.label}: ${topology.vms.length} VM(s) on ${nodes} Proxmox node(s)${sites}\n`);
        printWarnings([topology]);
      }
      if (results.some((result) => result.error)) process.exitCode = 1;
    });
}
