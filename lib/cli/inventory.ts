import * as fs from "fs";
import * as path from "path";
import type { Command } from "commander";
import { describeInputError, resolveTarget, selectEnvironments } from "../../app/targets";
import { ConfigError } from "../config/errors";
import { renderInventory } from "../inventory";

/** Where `inventory --write` puts an environment's inventory (ansible-playbook -i reads it there). */
export function inventoryPath(environment: string, root = process.cwd()): string {
  return path.join(root, "ansible", "inventory", `${environment}.yml`);
}

/** `homelab inventory ENV|FILE` prints an inventory; `--all --write` writes every shipped one. */
export function registerInventory(program: Command): void {
  program
    .command("inventory")
    .description("print an environment's Ansible inventory (YAML), or write it to ansible/inventory/<env>.yml")
    .argument("[env]", "environment name or path to a .json/.yaml environment file")
    .option("--all", "every shipped environment (with --write)")
    .option("--write", "write ansible/inventory/<env>.yml instead of printing")
    .action((env: string | undefined, options: { all?: boolean; write?: boolean }) => {
      if (!env && !options.all) throw new Error("name an environment (homelab inventory orion) or pass --all --write");
      if (options.all && !options.write) throw new Error("--all writes one file per environment; add --write");
      const topologies = (options.all ? selectEnvironments() : [env!]).map((target) => {
        try {
          return resolveTarget(target);
        } catch (error) {
          // Name the file an invalid environment came from, as validate does.
          if (error instanceof ConfigError && error.source) throw new Error(describeInputError(error));
          throw error;
        }
      });
      // Render everything before writing anything, so a bad environment leaves no half-written set.
      const rendered = topologies.map((topology) => ({ name: topology.environment, yaml: renderInventory(topology) }));
      if (!options.write) {
        process.stdout.write(rendered[0].yaml);
        return;
      }
      for (const { name, yaml } of rendered) {
        const file = inventoryPath(name);
        fs.mkdirSync(path.dirname(file), { recursive: true });
        fs.writeFileSync(`${file}.tmp`, yaml);
        fs.renameSync(`${file}.tmp`, file);
        process.stdout.write(`wrote ${path.relative(process.cwd(), file)}\n`);
      }
    });
}
