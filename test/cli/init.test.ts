import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { resolveTarget } from "../../app/targets";
import { tempDir } from "../support/tools";

const root = path.join(__dirname, "..", "..");
const bin = path.join(root, "bin", "homelab.js");

/** Runs the built `homelab` in a scratch HOME, so no real ~/.ssh key is read. */
function homelab(args: string[], home: string): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [bin, ...args], { cwd: root, encoding: "utf8", env: { ...process.env, HOME: home } });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe("homelab init", () => {
  const scratch = tempDir("cli-init");

  it("writes a commented starter that homelab validate accepts", () => {
    // given an empty folder and no SSH key of the user's
    const file = path.join(scratch, "first-lab.yaml");
    // when a starter is written
    const written = homelab(["init", "first-lab", "--out", file], scratch);
    // then it exists, says how to go on, and validates as it is
    expect(written.status).toBe(0);
    expect(written.stderr).toContain("replace the example key");
    const text = fs.readFileSync(file, "utf8");
    expect(text).toMatch(/^# first-lab: a homelab-cdktf environment\./);
    expect(text).toContain("# The Kubernetes cluster: distribution (k3s, microk8s or kubeadm)");
    const validated = homelab(["validate", file], scratch);
    expect({ status: validated.status, stdout: validated.stdout }).toEqual({ status: 0, stdout: `ok: ${file}: 3 VM(s) on 2 Proxmox node(s)\n` });
  });

  it("puts the user's own public key on the VMs when ~/.ssh has one", () => {
    const home = path.join(scratch, "home-with-key");
    fs.mkdirSync(path.join(home, ".ssh"), { recursive: true });
    const key = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGq6JzvF0q8dV8n3hQ3m8r8yQpC0nS2wq3rZ8l0aYq1B me@laptop";
    fs.writeFileSync(path.join(home, ".ssh", "id_ed25519.pub"), `${key}\n`);
    const file = path.join(scratch, "keyed.yaml");
    expect(homelab(["init", "keyed", "--out", file], home).status).toBe(0);
    expect(resolveTarget(file).sshPublicKeys).toEqual([key]);
  });

  it("starts from a shipped environment with --from, keeping its VMs and addresses", () => {
    const file = path.join(scratch, "my-orion.yaml");
    expect(homelab(["init", "my-orion", "--from", "orion", "--out", file], scratch).status).toBe(0);
    const copy = resolveTarget(file);
    const original = resolveTarget("orion");
    expect(copy.environment).toBe("my-orion");
    expect(copy.vms.map((vm) => [vm.name, vm.vmId, vm.nic.ipv4.address])).toEqual(original.vms.map((vm) => [vm.name, vm.vmId, vm.nic.ipv4.address]));
  });

  it("refuses to overwrite a file without --force, and overwrites with it", () => {
    const file = path.join(scratch, "taken.yaml");
    fs.writeFileSync(file, "keep me\n");
    const refused = homelab(["init", "taken", "--out", file], scratch);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain("exists; pass --force to overwrite it");
    expect(fs.readFileSync(file, "utf8")).toBe("keep me\n");
    expect(homelab(["init", "taken", "--out", file, "--force"], scratch).status).toBe(0);
    expect(fs.readFileSync(file, "utf8")).toContain("name: taken");
  });

  it("names the shipped environments when --from names none, and refuses a name that is no DNS label", () => {
    const unknown = homelab(["init", "x", "--from", "nowhere", "--out", path.join(scratch, "x.yaml")], scratch);
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toMatch(/--from "nowhere" is not a shipped environment; use one of dev, staging, production, orion/);
    const badName = homelab(["init", "My_Lab", "--out", path.join(scratch, "y.yaml")], scratch);
    expect(badName.status).toBe(1);
    expect(badName.stderr).toContain('init "My_Lab": the name');
    expect(fs.existsSync(path.join(scratch, "x.yaml"))).toBe(false);
  });

  it("names a --ssh-key that is missing or a folder, with what to pass, and writes nothing", () => {
    const out = path.join(scratch, "keyless.yaml");
    const missing = homelab(["init", "keyless", "--out", out, "--ssh-key", path.join(scratch, "nope.pub")], scratch);
    expect(missing).toMatchObject({ status: 1, stderr: `homelab: --ssh-key ${path.join(scratch, "nope.pub")}: no such file; pass the path of your SSH public key, e.g. ~/.ssh/id_ed25519.pub\n` });
    const folder = homelab(["init", "keyless", "--out", out, "--ssh-key", scratch], scratch);
    expect(folder).toMatchObject({ status: 1, stderr: `homelab: --ssh-key ${scratch}: is a directory; pass the path of your SSH public key, e.g. ~/.ssh/id_ed25519.pub\n` });
    expect(fs.existsSync(out)).toBe(false);
  });
});
