import * as fs from "fs";
import * as path from "path";
import { Command } from "commander";
import { commands } from "./commands";

/** The version in package.json (two folders up from lib/cli, or three from dist/lib/cli). */
export function packageVersion(): string {
  for (const dir of [path.join(__dirname, "..", ".."), path.join(__dirname, "..", "..", "..")]) {
    const file = path.join(dir, "package.json");
    if (fs.existsSync(file)) return (JSON.parse(fs.readFileSync(file, "utf8")) as { version: string }).version;
  }
  return "unknown";
}

/** Builds the `homelab` command line with every registered subcommand. */
export function buildProgram(): Command {
  const program = new Command("homelab")
    .description("Validate, render and review a Proxmox homelab described in TypeScript")
    .version(packageVersion(), "-V, --version", "print the homelab-cdktf version")
    .showHelpAfterError()
    .exitOverride();
  for (const register of commands) register(program);
  return program;
}

/** Entry point used by bin/homelab.js. */
export async function main(argv: string[]): Promise<void> {
  try {
    const program = buildProgram();
    if (argv.length <= 2) {
      // `homelab` alone is a usage error: the help on stderr, exit code 1 (commander would exit 0 silently).
      program.outputHelp({ error: true });
      process.exitCode = 1;
      return;
    }
    await program.parseAsync(argv);
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
