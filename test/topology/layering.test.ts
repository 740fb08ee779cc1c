import { readdirSync, readFileSync } from "fs";
import { join } from "path";

/*
 * lib/topology has one home for its types and a one-way flow: types.ts imports only config types,
 * the platform resolvers do not reach into the planner stages, and no stage imports the
 * orchestrator. Any of these turning around would bring back an import circle.
 */

const TOPOLOGY = join(__dirname, "../../lib/topology");

/** The module specifiers a file imports from. */
function importsOf(file: string): string[] {
  const source = readFileSync(join(TOPOLOGY, file), "utf8");
  return [...source.matchAll(/^import[^"]*"([^"]+)";/gm)].map((match) => match[1]);
}

const filesIn = (folder: string) => readdirSync(join(TOPOLOGY, folder)).filter((name) => name.endsWith(".ts")).map((name) => `${folder}/${name}`);

describe("the topology's import layering", () => {
  it("lets types.ts import from lib/config only", () => {
    const imports = importsOf("types.ts");

    expect(imports.length).toBeGreaterThan(0);
    expect(imports.filter((specifier) => !specifier.startsWith("../config/"))).toEqual([]);
  });

  it("keeps the platform resolvers out of the planner stages and the orchestrator", () => {
    const offending = filesIn("platform").flatMap((file) => importsOf(file).filter((specifier) => /stages|\/plan$/.test(specifier)).map((specifier) => `${file} -> ${specifier}`));

    expect(offending).toEqual([]);
  });

  it("keeps every stage from importing the orchestrator", () => {
    const offending = filesIn("stages").flatMap((file) => importsOf(file).filter((specifier) => /\.\.\/plan$|^\.\.\/index$|^\.\.$/.test(specifier)).map((specifier) => `${file} -> ${specifier}`));

    expect(offending).toEqual([]);
  });
});
