import * as fs from "fs";
import * as path from "path";
import YAML from "yaml";
import { resolveEnvironment } from "../../lib/topology";
import { printWarnings, warningLines } from "../../app/warnings";

const MINIMAL = YAML.parse(fs.readFileSync(path.join(__dirname, "..", "fixtures", "environments", "minimal.yaml"), "utf8"));

/** The minimal environment with two control-plane servers: valid, but an even count is a warning. */
function evenControlPlane() {
  return resolveEnvironment({ ...MINIMAL, cluster: { ...MINIMAL.cluster, servers: { ...MINIMAL.cluster.servers, count: 2 } } });
}

describe("warnings", () => {
  it("are worded as one line per warning, with the environment, the path and the value", () => {
    const topology = evenControlPlane();
    expect(topology.warnings.length).toBeGreaterThan(0);
    const lines = warningLines(topology);
    expect(lines).toHaveLength(topology.warnings.length);
    expect(lines.some((line) => /^warning: lab: cluster\.servers\.count = 2: /.test(line))).toBe(true);
  });

  it("are printed for every Topology, each line ending in a newline", () => {
    const written: string[] = [];
    printWarnings([evenControlPlane(), resolveEnvironment(MINIMAL)], (line) => written.push(line));
    expect(written).toEqual(warningLines(evenControlPlane()).map((line) => `${line}\n`));
  });

  it("print nothing for an environment without risks", () => {
    const written: string[] = [];
    printWarnings([resolveEnvironment(MINIMAL)], (line) => written.push(line));
    expect(written).toEqual([]);
  });
});
