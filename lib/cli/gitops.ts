import * as fs from "fs";
import * as path from "path";
import type { Command } from "commander";
import { resolveTarget } from "../../app/targets";
import { fluxLayout } from "../flux/layout";

/**
 * `homelab gitops ENV|FILE` writes the environment's Flux layout (kubernetes/clusters/<cluster>/
 * with flux-system and the layered Kustomizations) under cdktf.out/gitops/<env>/, or --out DIR
 * (the root of the GitOps repository checkout).
 */
export function registerGitops(program: Command): void {
  program
    .command("gitops")
    .description("write an environment's Flux layout (kubernetes/clusters/<cluster>/: flux-system and the layered Kustomizations)")
    .argument("<env>", "environment name or path to a .json/.yaml environment file")
    .option("--out <dir>", "repository root to write into (default cdktf.out/gitops/<env>)")
    .action((env: string, options: { out?: string }) => {
      const topology = resolveTarget(env);
      const files = fluxLayout(topology);
      if (files.length === 0) {
        throw new Error(`environment ${topology.environment} has no Flux layout: set platform.flux.enabled and platform.flux.layers (e.g. [{ name: "00-infrastructure" }, { name: "90-apps" }])`);
      }
      const root = options.out ?? path.join(process.cwd(), "cdktf.out", "gitops", topology.environment);
      for (const file of files) {
        const target = path.join(root, file.path);
        fs.mkdirSync(path.dirname(target), { recursive: true });
        fs.writeFileSync(target, file.content);
      }
      process.stdout.write(`wrote ${files.length} files under ${path.relative(process.cwd(), root) || "."}\n`);
    });
}
