import * as fs from "fs";
import * as path from "path";
import type { Command } from "commander";
import { resolveTarget } from "../../app/targets";
import { checkPackerArguments } from "../packer/arguments";
import { packerTemplate } from "../packer/template";

/** Where `homelab image` writes an environment's Packer template: next to the stacks, in cdktf.out/packer/ (generated, not committed). */
export function packerTemplatePath(environment: string, outdir = path.join(process.cwd(), "cdktf.out", "packer")): string {
  return path.join(outdir, `${environment}.pkr.hcl`);
}

/**
 * `homelab image ENV|FILE` writes the Packer template that builds the environment's VM templates
 * (cdktf.out/packer/<env>.pkr.hcl, or --out DIR), after checking its arguments against the pinned Proxmox plugin's.
 * `--stdout` prints it instead.
 */
export function registerImage(program: Command): void {
  program
    .command("image")
    .description("write the Packer template that builds an environment's VM templates to cdktf.out/packer/<env>.pkr.hcl")
    .argument("<env>", "environment name or path to a .json/.yaml environment file")
    .option("--stdout", "print the template instead of writing it")
    .option("--out <dir>", "folder to write <env>.pkr.hcl to (default cdktf.out/packer)")
    .action((env: string, options: { stdout?: boolean; out?: string }) => {
      const topology = resolveTarget(env);
      const template = packerTemplate(topology);
      if (!template) {
        throw new Error(`environment ${topology.environment} builds no image: image.build is not set; add image.build (source proxmox-iso or proxmox-clone) to build its template with Packer`);
      }
      const problems = checkPackerArguments(template.blocks);
      if (problems.length > 0) throw new Error(`the Packer template uses arguments the pinned Proxmox plugin does not have:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
      if (options.stdout) {
        process.stdout.write(template.hcl);
        return;
      }
      const file = packerTemplatePath(topology.environment, options.out);
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, template.hcl);
      const where = topology.templates.map((t) => `VMID ${t.vmId} on ${t.node}`).join(", ");
      process.stdout.write(`wrote ${path.relative(process.cwd(), file)} (${where}); run: packer init ${path.relative(process.cwd(), file)} && packer build ${path.relative(process.cwd(), file)}\n`);
    });
}
