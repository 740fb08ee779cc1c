import * as fs from "fs";
import * as path from "path";
import { drawTopology } from "../lib/diagram";
import { resolveTarget as topologyOf } from "../app/targets";

/*
 * `npm run diagrams`: redraws the diagrams the docs show (docs/diagrams/<env>.svg) from the shipped
 * environments. A test (test/diagram/docs-drift.test.ts) fails when a committed one is stale.
 */

/** Environments whose diagram the docs show. */
export const DOCUMENTED_DIAGRAMS = ["orion"] as const;

/** Where an environment's documented diagram lives, from the repository root. */
export function documentedDiagramPath(env: string): string {
  return path.join("docs", "diagrams", `${env}.svg`);
}

/** The SVG the docs should hold for an environment. */
export function documentedDiagram(env: string): Promise<string> {
  return drawTopology(topologyOf(env), "svg");
}

async function main(): Promise<void> {
  const root = path.join(__dirname, "..", "..");
  for (const env of DOCUMENTED_DIAGRAMS) {
    const file = path.join(root, documentedDiagramPath(env));
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, await documentedDiagram(env));
    console.log(`wrote ${documentedDiagramPath(env)}`);
  }
}

if (require.main === module) {
  main().catch((error) => {
    console.error(error);
    process.exitCode = 1;
  });
}
