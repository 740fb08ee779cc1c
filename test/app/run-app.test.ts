import * as fs from "fs";
import * as path from "path";
import { runApp, STALE_MARKER, synthesize } from "../../app/synth";
import { tempDir } from "../support/tools";

const MINIMAL = path.join(__dirname, "..", "fixtures", "environments", "minimal.yaml");

/** Runs the cdktf app as main.ts does, with its output captured. */
function run(env: NodeJS.ProcessEnv): { code: number; output: string } {
  let output = "";
  const code = runApp(env, (text) => (output += text));
  return { code, output };
}

describe("the cdktf app (main.ts)", () => {
  const scratch = tempDir("run-app");

  it("synthesizes the environments HOMELAB_ENVIRONMENTS names, by name or file, into CDKTF_OUTDIR", () => {
    const outdir = path.join(scratch, "ok");
    const { code, output } = run({ HOMELAB_ENVIRONMENTS: `dev,${MINIMAL}`, CDKTF_OUTDIR: outdir });
    expect(code).toBe(0);
    expect(output).toBe(`synthesized 4 stacks for 2 environments (dev, lab) into ${path.join(outdir, "stacks")}\n`);
    expect(fs.readdirSync(path.join(outdir, "stacks")).sort()).toEqual(["dev-infra", "dev-platform", "lab-infra", "lab-platform"]);
  });

  it("answers an unknown environment with the known ones and exit code 1, writing nothing", () => {
    const outdir = path.join(scratch, "unknown");
    const { code, output } = run({ HOMELAB_ENVIRONMENTS: "dev,qa", CDKTF_OUTDIR: outdir });
    expect(code).toBe(1);
    expect(output).toMatch(/^error: unknown environment "qa": neither a shipped environment \(dev, staging/);
    expect(output).not.toMatch(/\n\s+at /);
    expect(fs.existsSync(outdir)).toBe(false);
  });

  it("answers an invalid environment with the path, the value and the fix, as validate does", () => {
    const file = path.join(scratch, "bad.yaml");
    fs.writeFileSync(file, fs.readFileSync(MINIMAL, "utf8").replace("addressStart: 10.0.0.11", "addressStart: 10.0.0.2"));
    const outdir = path.join(scratch, "invalid");
    const { code, output } = run({ HOMELAB_ENVIRONMENTS: file, CDKTF_OUTDIR: outdir });
    expect(code).toBe(1);
    expect(output).toMatch(/^error: \S*bad\.yaml: environment "lab" is invalid:\n  - cluster\.servers\.addressStart = "10\.0\.0\.2": collides with lab-router/);
    expect(fs.existsSync(outdir)).toBe(false);
  });

  it("prints each warning once, before synthesizing", () => {
    const file = path.join(scratch, "even.yaml");
    fs.writeFileSync(file, fs.readFileSync(MINIMAL, "utf8").replace("count: 1", "count: 2"));
    const { code, output } = run({ HOMELAB_ENVIRONMENTS: file, CDKTF_OUTDIR: path.join(scratch, "even") });
    expect(code).toBe(0);
    expect(output.match(/^warning: lab: cluster\.servers\.count = 2: /gm)).toHaveLength(1);
  });

  it("answers a YAML syntax error with the file, line and column, as validate does, and no trace", () => {
    const file = path.join(scratch, "syntax.yaml");
    fs.writeFileSync(file, "name: lab\nnetworks: [\n  - a: b\n");
    const outdir = path.join(scratch, "syntax");
    const { code, output } = run({ HOMELAB_ENVIRONMENTS: file, CDKTF_OUTDIR: outdir });
    expect(code).toBe(1);
    expect(output).toMatch(/^error: .*syntax\.yaml:\d+:\d+: /);
    expect(output).not.toMatch(/\n\s+at /);
    expect(fs.existsSync(outdir)).toBe(false);
  });

  it("marks the stack folders a subset synth did not write as stale, and unmarks them when written again", () => {
    const outdir = path.join(scratch, "subset");
    // given a synth of dev and the minimal lab
    expect(run({ HOMELAB_ENVIRONMENTS: `dev,${MINIMAL}`, CDKTF_OUTDIR: outdir }).code).toBe(0);
    // when only dev is synthesized again
    expect(run({ HOMELAB_ENVIRONMENTS: "dev", CDKTF_OUTDIR: outdir }).code).toBe(0);
    // then the lab's folders carry a STALE marker naming the fix and dev's do not
    const marker = (stack: string) => path.join(outdir, "stacks", stack, STALE_MARKER);
    expect(fs.readFileSync(marker("lab-infra"), "utf8")).toMatch(/not written by the synth of .* \(it rendered dev-infra, dev-platform\).*npm run synth/);
    expect(fs.existsSync(marker("dev-infra"))).toBe(false);
    // and when the lab is synthesized again its marker goes
    expect(run({ HOMELAB_ENVIRONMENTS: MINIMAL, CDKTF_OUTDIR: outdir }).code).toBe(0);
    expect(fs.existsSync(marker("lab-infra"))).toBe(false);
    expect(fs.existsSync(marker("dev-infra"))).toBe(true);
  });
});

describe("progress of a large synth", () => {
  const scratch = tempDir("progress");

  it("reports each environment planned, its stacks built and written, once the run is large", () => {
    const lines: string[] = [];
    synthesize({ environments: ["dev"], outdir: scratch, warn: () => undefined, progress: (line) => lines.push(line), progressAboveVms: 0 });
    expect(lines.map((line) => line.replace(/ at [\d.]+ s$/, " at T"))).toEqual([
      "homelab: planned dev (1 VMs) at T",
      "homelab: built the stacks of dev at T",
      `homelab: writing 2 stacks to ${scratch}/stacks ...`,
      "homelab: wrote dev-infra, dev-platform at T",
    ]);
  });

  it("stays quiet below the threshold", () => {
    const lines: string[] = [];
    synthesize({ environments: ["dev"], outdir: scratch, warn: () => undefined, progress: (line) => lines.push(line) });
    expect(lines).toEqual([]);
  });
});

describe("a pool far beyond its Proxmox nodes in a synth", () => {
  const scratch = tempDir("far-beyond");

  it("is answered before any environment is planned or any progress line is shown", () => {
    const file = path.join(scratch, "huge.yaml");
    fs.writeFileSync(file, fs.readFileSync(MINIMAL, "utf8").replace("count: 2", "count: 100000"));
    const lines: string[] = [];
    const synth = () => synthesize({ environments: ["dev", file], outdir: path.join(scratch, "out"), warn: () => undefined, progress: (line) => lines.push(line), progressAboveVms: 0 });
    expect(synth).toThrow(/^environment "lab" is invalid:\n {2}- cluster\.agents\.count = 100000: 100000 VMs need 400000 vCPUs .*planning stopped before placing a VM/);
    // dev, listed first, was not planned: no "planned dev" line
    expect(lines).toEqual([]);
    expect(fs.existsSync(path.join(scratch, "out"))).toBe(false);
  });
});
