import * as fs from "fs";
import * as path from "path";
import { synthesize, selectEnvironments } from "../app/synth";
import { tempDir } from "./support/tools";

describe("synthesize", () => {
  const outdir = tempDir("synth");

  it("writes an infra and a platform stack for every shipped environment", () => {
    const warnings: string[] = [];
    const stacks = synthesize({ outdir, warn: (line) => warnings.push(line) });
    const names = selectEnvironments();
    // the seeds' known risks (nuclear-lighters' two-node DR site, gitops-lab's two Proxmox hosts,
    // ha-cluster's single one) are acknowledged in the environments
    expect(warnings).toEqual([]);
    expect(stacks.map((stack) => stack.stack).sort()).toEqual(names.flatMap((name) => [`${name}-infra`, `${name}-platform`]).sort());
    for (const stack of stacks) expect(fs.existsSync(path.join(stack.dir, "cdk.tf.json"))).toBe(true);
  });

  it("renders only the environments asked for", () => {
    const dir = path.join(outdir, "one");
    expect(synthesize({ outdir: dir, environments: ["dev"] }).map((stack) => stack.stack)).toEqual(["dev-infra", "dev-platform"]);
  });

  it("refuses an unknown environment before writing anything", () => {
    const dir = path.join(outdir, "none");
    expect(() => synthesize({ outdir: dir, environments: ["dev", "qa"] })).toThrow(/unknown environment "qa": neither a shipped environment \(dev, staging, production, orion/);
    expect(fs.existsSync(dir)).toBe(false);
  });
});
