import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { invalidEnvironmentYaml } from "../support/invalid-environments";
import { tempDir } from "../support/tools";

const root = path.join(__dirname, "..", "..");
const bin = path.join(root, "bin", "homelab.js");

/** Runs the built `homelab` command (npm test builds dist/ first). */
function homelab(args: string[], cwd = root): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [bin, ...args], { cwd, encoding: "utf8" });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe("homelab validate", () => {
  const scratch = tempDir("cli-validate");

  beforeAll(() => {
    if (!fs.existsSync(path.join(root, "dist", "lib", "cli", "index.js"))) throw new Error("dist/ is missing: run `npm run build` (npm test does)");
  });

  it("accepts every shipped environment", () => {
    const result = homelab(["validate"]);
    expect(result.status).toBe(0);
    for (const name of ["dev", "staging", "production", "orion"]) expect(result.stdout).toMatch(new RegExp(`^ok: ${name}: `, "m"));
  });

  it("validates one environment by name", () => {
    expect(homelab(["validate", "orion"]).stdout).toMatch(/^ok: orion: 7 VM\(s\) on 1 Proxmox node\(s\)$/m);
  });

  it("validates a YAML file of the same shape", () => {
    const result = homelab(["validate", "test/fixtures/environments/minimal.yaml"]);
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/ok: test\/fixtures\/environments\/minimal\.yaml: 5 VM\(s\)/);
  });

  it("fails with the file, the field, the value and the fix for an invalid file", () => {
    // The README's example: minimal.yaml with the server pool moved onto the router's address.
    const dir = fs.mkdtempSync(path.join(scratch, "invalid-"));
    fs.writeFileSync(path.join(dir, "duplicate-ip.yaml"), invalidEnvironmentYaml("duplicate-ip.yaml"));
    const result = homelab(["validate", "duplicate-ip.yaml"], dir);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/^error: duplicate-ip\.yaml: environment "lab" is invalid:$/m);
    expect(result.stderr).toMatch(/cluster\.servers\.addressStart = "10\.0\.0\.2": collides with lab-router/);
  });

  it("prints warnings once each, on stderr, in the app's format", () => {
    // given the minimal lab with an even server count (nuclear-lighters acknowledges its one warning)
    const file = path.join(scratch, "even.yaml");
    fs.writeFileSync(file, fs.readFileSync(path.join(root, "test", "fixtures", "environments", "minimal.yaml"), "utf8").replace("count: 1", "count: 2"));
    const result = homelab(["validate", file]);
    expect(result.status).toBe(0);
    expect(result.stdout).not.toMatch(/warning/);
    expect(result.stderr.match(/^warning: lab: cluster\.servers\.count = 2: /gm)).toHaveLength(1);
  });

  it("prints no warning for a risk the environment acknowledges", () => {
    expect(homelab(["validate", "nuclear-lighters"]).stderr).toBe("");
  });

  it("names the known environments when asked for an unknown one", () => {
    const result = homelab(["validate", "prod"]);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/unknown environment "prod": neither a shipped environment \(dev, staging, production, orion, nuclear-lighters, gitops-lab, ha-cluster; environments\/\) nor an existing \.json\/\.yaml\/\.yml file/);
  });
});

describe("homelab inventory", () => {
  const scratch = tempDir("cli-inventory");

  it("prints an environment's inventory as YAML", () => {
    const result = homelab(["inventory", "dev"]);
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/microk8s-master-1:\n\s+ansible_host: 10\.20\.10\.10/);
  });

  it("writes every environment's inventory under ansible/inventory with --all --write", () => {
    const dir = fs.mkdtempSync(path.join(scratch, "all-"));
    const result = spawnSync(process.execPath, [bin, "inventory", "--all", "--write"], { cwd: dir, encoding: "utf8" });
    expect(result.status).toBe(0);
    expect(fs.readdirSync(path.join(dir, "ansible", "inventory")).sort()).toEqual(expect.arrayContaining(["dev.yml", "orion.yml", "production.yml", "staging.yml"]));
  });

  it("prints the inventory of a YAML environment file, named by the file's own name", () => {
    const result = homelab(["inventory", "test/fixtures/environments/minimal.yaml"]);
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/homelab_environment: lab\n/);
    expect(result.stdout).toMatch(/lab-router:\n\s+ansible_host: 10\.0\.0\.2/);
  });

  it("names the file of an invalid environment, as validate does", () => {
    const dir = fs.mkdtempSync(path.join(scratch, "invalid-inventory-"));
    fs.writeFileSync(path.join(dir, "duplicate-ip.yaml"), invalidEnvironmentYaml("duplicate-ip.yaml"));
    const result = homelab(["inventory", "duplicate-ip.yaml"], dir);
    expect(result).toMatchObject({ status: 1, stdout: "" });
    expect(result.stderr).toMatch(/^homelab: duplicate-ip\.yaml: environment "lab" is invalid:\n  - cluster\.servers\.addressStart = "10\.0\.0\.2": collides with lab-router/);
  });

  it("refuses an unknown environment and writes nothing", () => {
    const dir = fs.mkdtempSync(path.join(scratch, "bad-"));
    const result = spawnSync(process.execPath, [bin, "inventory", "nope", "--write"], { cwd: dir, encoding: "utf8" });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/unknown environment "nope"/);
    expect(fs.existsSync(path.join(dir, "ansible"))).toBe(false);
  });
});

describe("homelab gobgp-config", () => {
  it("takes an environment file as well as a name, resolved the same way", () => {
    const result = homelab(["gobgp-config", "test/fixtures/environments/minimal.yaml"]);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/environment "lab" declares no routers/);
  });

  it("names the known environments when asked for an unknown one", () => {
    const result = homelab(["gobgp-config", "nope"]);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/unknown environment "nope": neither a shipped environment \(dev, staging, production, orion, nuclear-lighters/);
  });
});

describe("the homelab command itself", () => {
  const scratch = tempDir("cli-itself");

  it("prints the package version with --version", () => {
    const version = (JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")) as { version: string }).version;
    const result = homelab(["--version"]);
    expect(result.status).toBe(0);
    expect(result.stdout.trim()).toBe(version);
  });

  it("prints its help on stderr and exits non-zero when no command is given", () => {
    const result = homelab([]);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/^Usage: homelab \[options\] \[command\]/);
    expect(result.stderr).toMatch(/validate \[target\]/);
  });

  it("answers an unknown command as before", () => {
    const result = homelab(["frobnicate"]);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/unknown command 'frobnicate'/);
  });

  it("answers an empty environment file with one line naming the file", () => {
    const file = path.join(scratch, "empty.yaml");
    fs.writeFileSync(file, "");
    const result = homelab(["validate", file]);
    expect(result.status).toBe(1);
    expect(result.stderr).toBe(`error: ${file}: is empty; an environment needs at least name, proxmox, networks, image and sshPublicKeys (npx homelab init NAME writes a starter)\n`);
  });
});

