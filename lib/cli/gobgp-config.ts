import type { Command } from "commander";
import { findRouter, renderGobgpConfig } from "../bgp/gobgp";
import { resolveTarget } from "../../app/targets";

/** `homelab gobgp-config ENV [ROUTER]`: prints a router's gobgpd.toml, rendered from the environment. */
export function registerGobgpConfig(program: Command): void {
  program
    .command("gobgp-config")
    .description("print a router's gobgpd.toml (check it with `gobgpd -f FILE -t toml -d`)")
    .argument("<env>", "environment name or path to a .json/.yaml environment file")
    .argument("[router]", "router name (needed when the environment has several)")
    .action((env: string, router: string | undefined) => {
      const topology = resolveTarget(env);
      process.stdout.write(renderGobgpConfig(topology, findRouter(topology, router)));
    });
}
