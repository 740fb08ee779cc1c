import { Command } from "commander";
import { commands } from "./commands";

/** Builds the `homelab` command line with every registered subcommand. */
export function buildProgram(): Command {
  const program = new Command("homelab")
    .description("Validate, render and review a Proxmox homelab described in TypeScript")
    .showHelpAfterError()
    .exitOverride();
  for (const register of commands) register(program);
  return program;
}

/** Entry point used by bin/homelab.js. */
export async function main(argv: string[]): Promise<void> {
  try {
    await buildProgram().parseAsync(argv);
  } catch (error) {
    // commander throws on --help/--version with exitOverride; those are not failures.
    const code = (error as { code?: string }).code;
    if (code === "commander.helpDisplayed" || code === "commander.version" || code === "commander.help") return;
    if (code && code.startsWith("commander.")) {
      process.exitCode = (error as { exitCode?: number }).exitCode ?? 1;
      return;
    }
    throw error;
  }
}
