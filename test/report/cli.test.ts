import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { environments } from "../../environments";
import { tempDir } from "../support/tools";
import { INVALID_ENVIRONMENTS_DIR, invalidEnvironmentYaml } from "../support/invalid-environments";

const root = path.join(__dirname, "..", "..");
const bin = path.join(root, "bin", "homelab.js");
const MINIMAL = "test/fixtures/environments/minimal.yaml";

/** Runs the built `homelab` command (npm test builds dist/ first). */
function homelab(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [bin, ...args], { cwd: root, encoding: "utf8" });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

beforeAll(() => {
  if (!fs.existsSync(path.join(root, "dist", "lib", "cli", "report.js"))) throw new Error("dist/ lacks the report command: run `npm run build` (npm test does)");
});

describe("homelab diagram", () => {
  const scratch = tempDir("cli-diagram");

  it.each(Object.keys(environments).map((name) => [name]))("prints the SVG of %s", (name) => {
    const result = homelab(["diagram", name]);
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^<\?xml[\s\S]*<svg [\s\S]*<\/svg>\n$/);
  });

  it("draws a YAML environment file into --out", () => {
    const out = path.join(scratch, "nested", "lab.svg");
    const result = homelab(["diagram", MINIMAL, "--out", out]);
    expect(result.status).toBe(0);
    expect(result.stdout).toBe("");
    const svg = fs.readFileSync(out, "utf8");
    for (const name of ["lab-router", "lab-netbox", "lab-k3s-server-1", "lab-k3s-agent-1", "10.0.0.0/24"]) expect(svg).toContain(name);
  });

  it("prints Mermaid source with --format mermaid", () => {
    const result = homelab(["diagram", "orion", "--format", "mermaid"]);
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^flowchart TB\n/);
    expect(result.stdout).toContain("<b>orion-router</b>");
  });

  it("refuses an unknown format, naming the choices", () => {
    const result = homelab(["diagram", "orion", "--format", "png"]);
    expect(result.status).not.toBe(0);
    expect(result.stderr).toMatch(/Allowed choices are svg, dot, mermaid/);
  });

  it("names the known environments when asked for an unknown one", () => {
    const result = homelab(["diagram", "prod"]);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/unknown environment "prod": neither a shipped environment \(dev, staging, production, orion/);
  });

  it("reports an invalid file with the field, the value and the fix", () => {
    const file = path.join(scratch, "duplicate-ip.yaml");
    fs.writeFileSync(file, invalidEnvironmentYaml(path.join(INVALID_ENVIRONMENTS_DIR, "duplicate-ip.yaml")));
    const result = homelab(["diagram", file]);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/duplicate-ip\.yaml: .*\n.*cluster\.servers\.addressStart = "10\.0\.0\.2": collides with lab-router/);
  });
});

describe("homelab report", () => {
  const scratch = tempDir("cli-report");

  it.each([...Object.keys(environments), MINIMAL].map((target) => [target]))("writes DIR/index.html for %s", (target) => {
    const dir = path.join(scratch, path.basename(target));
    const result = homelab(["report", target, "--out", dir]);
    expect(result.status).toBe(0);
    expect(result.stderr).toBe(`wrote ${path.join(dir, "index.html")}\n`);
    const html = fs.readFileSync(path.join(dir, "index.html"), "utf8");
    expect(html).toMatch(/^<!DOCTYPE html>/);
    expect(html).toContain("<svg ");
  });

  it("needs --out", () => {
    const result = homelab(["report", "orion"]);
    expect(result.status).not.toBe(0);
    expect(result.stderr).toMatch(/required option '-o, --out <dir>'/);
  });
});
