import type { Command } from "commander";
import { findRouter, renderGobgpConfig } from "../bgp/gobgp";
import { topologyOf } from "../environments";

/** `homelab gobgp-config ENV [ROUTER]`: prints a router's gobgpd.toml, rendered from the environment. */
export function registerGobgpConfig(program: Command): void {
  program
    .command("gobgp-config")
    .description("print a router's gobgpd.toml (check it with `gobgpd -f FILE -t toml -d`)")
    .argument("<env>", "environment name")
    .argument("[router]", "router name (needed when the environment has several)")
    .action((env: string, router: string | undefined) => {
      const topology = topologyOf(env);
      process.stdout.write(renderGobgpConfig(topology, findRouter(topology, router)));
    });
}
