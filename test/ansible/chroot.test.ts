import { spawnSync } from "child_process";
import { createHash } from "crypto";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import YAML from "yaml";
import { requireTool, run, tempDir } from "../support/tools";

/*
 * The base roles against a throwaway target: a Debian chroot made with debootstrap (its tarball
 * cached between runs), reached through the community.general.chroot connection, with the whole
 * ansible-playbook run inside a new network and mount namespace. The roles run with
 * *_runtime_changes: false, so nothing touches the running kernel or services; the namespace makes
 * sure the firewall checks (nft -c) and any stray network call never reach the host's own.
 */

const ansibleDir = path.resolve(__dirname, "../../ansible");
const rolesDir = path.join(ansibleDir, "roles");
const suite = "bookworm";
const mirror = process.env.HOMELAB_DEBIAN_MIRROR ?? "http://deb.debian.org/debian";
const cacheDir = process.env.HOMELAB_CACHE_DIR ?? path.join(os.tmpdir(), "homelab-cache");
const baseRoles = ["common", "hardening", "node_exporter"];

/** Packages the roles install, preinstalled so the runs inside the offline namespace need no mirror. */
function targetPackages(): string[] {
  const defaults = (role: string) => YAML.parse(fs.readFileSync(path.join(rolesDir, role, "defaults", "main.yml"), "utf8"));
  const common = defaults("common") as { common_packages: string[] };
  const nodeExporter = defaults("node_exporter") as { node_exporter_package: string };
  // hardening's tasks install these by name.
  const hardening = ["openssh-server", "nftables", "netbase", "unattended-upgrades"];
  return [...new Set(["python3", "systemd", "systemd-sysv", "procps", "kmod", ...common.common_packages, nodeExporter.node_exporter_package, ...hardening])].sort();
}

/** A tarball of a minimal Debian with the packages in, built once and reused while the list stays the same. */
function baseTarball(packages: string[]): string {
  const key = createHash("sha256").update(`${suite} ${mirror} ${packages.join(",")}`).digest("hex").slice(0, 16);
  const tarball = path.join(cacheDir, `debootstrap-${suite}-${key}.tar`);
  if (fs.existsSync(tarball)) return tarball;
  fs.mkdirSync(cacheDir, { recursive: true });
  const root = fs.mkdtempSync(path.join(cacheDir, "build-"));
  try {
    run("debootstrap", ["--variant=minbase", `--include=${packages.join(",")}`, suite, root, mirror]);
    // Package scripts must not start services inside a chroot.
    fs.writeFileSync(path.join(root, "usr/sbin/policy-rc.d"), "#!/bin/sh\nexit 101\n", { mode: 0o755 });
    fs.rmSync(path.join(root, "var/cache/apt/archives"), { recursive: true, force: true });
    fs.mkdirSync(path.join(root, "var/cache/apt/archives/partial"), { recursive: true });
    run("tar", ["-C", root, "-cf", `${tarball}.part`, "."]);
    fs.renameSync(`${tarball}.part`, tarball);
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
  return tarball;
}

interface PlayResult {
  status: number | null;
  output: string;
  changed: number;
  changedTasks: string[];
}

describe("the base roles on a throwaway chroot", () => {
  const dir = tempDir("chroot");
  const target = path.join(dir, "target");
  const inventory = path.join(dir, "inventory.yml");
  const playbook = path.join(dir, "base.yml");

  beforeAll(() => {
    requireTool("ansible-playbook", "ansible");
    requireTool("debootstrap", "debootstrap");
    requireTool("unshare", "util-linux");
    if (process.getuid?.() !== 0) throw new Error("the chroot test needs root (chroot, unshare); CI runs as root");
    const tarball = baseTarball(targetPackages());
    fs.mkdirSync(target);
    run("tar", ["-C", target, "-xf", tarball]);
    // The target is a Kubernetes server of a test environment, so every part of the roles applies.
    const host = {
      ansible_connection: "community.general.chroot",
      ansible_host: target,
      ansible_python_interpreter: "/usr/bin/python3",
      common_runtime_changes: false,
      hardening_runtime_changes: false,
      node_exporter_runtime_changes: false,
      // Offline namespace: the package lists from debootstrap are the ones to use.
      common_apt_cache_valid_time: 10 * 365 * 24 * 3600,
      hardening_trusted_cidrs: ["10.42.0.0/16", "10.43.0.0/16"],
      common_users: [{ name: "alice", groups: ["sudo"], ssh_keys: ["ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBxu0hZy0PZgRfIUzaWtNtpWyqC0hwM5K4SQu8LLpmyL alice@test"] }],
    };
    const data = { all: { vars: { homelab_environment: "test" }, children: { k3s_cluster: { children: { server: { hosts: { target: host } } } } } } };
    fs.writeFileSync(inventory, YAML.stringify(data));
    fs.writeFileSync(playbook, YAML.stringify([{ name: "Apply the base roles to the throwaway target", hosts: "all", roles: baseRoles }]));
  }, 600_000);

  afterAll(() => {
    // Nothing was mounted inside the target (and the mount namespace is gone): a plain removal.
    fs.rmSync(target, { recursive: true, force: true });
  });

  function play(...extra: string[]): PlayResult {
    const result = spawnSync("unshare", ["--net", "--mount", "--fork", "--", "ansible-playbook", "-i", inventory, playbook, ...extra], {
      encoding: "utf8",
      env: { ...process.env, ANSIBLE_ROLES_PATH: rolesDir, ANSIBLE_NOCOLOR: "1", ANSIBLE_HOST_KEY_CHECKING: "False", ANSIBLE_RETRY_FILES_ENABLED: "False" },
      maxBuffer: 64 * 1024 * 1024,
    });
    const output = `${result.stdout}${result.stderr}`;
    const recap = output.match(/target\s+:\s+ok=\d+\s+changed=(\d+)/);
    const changedTasks: string[] = [];
    let task = "";
    for (const line of output.split("\n")) {
      const heading = line.match(/^(?:TASK|RUNNING HANDLER) \[(.*)\]/);
      if (heading) task = heading[1];
      else if (/^changed: \[target\]/.test(line)) changedTasks.push(task);
    }
    return { status: result.status, output, changed: recap ? Number(recap[1]) : NaN, changedTasks: [...new Set(changedTasks)] };
  }

  it("runs common, hardening and node_exporter in check mode on a fresh target", () => {
    const result = play("--check");
    expect({ status: result.status, tail: result.status === 0 ? "" : result.output.slice(-4000) }).toEqual({ status: 0, tail: "" });
    expect(result.changed).toBeGreaterThan(0);
  }, 300_000);

  it("reports no change on a second real run of the same roles", () => {
    const first = play();
    expect({ status: first.status, tail: first.status === 0 ? "" : first.output.slice(-4000) }).toEqual({ status: 0, tail: "" });
    const second = play();
    expect({ status: second.status, changed: second.changed, changedTasks: second.changedTasks }).toEqual({ status: 0, changed: 0, changedTasks: [] });
  }, 300_000);

  it("writes the firewall, sshd and Kubernetes settings into the target only", () => {
    const firewall = fs.readFileSync(path.join(target, "etc/nftables.d/homelab_filter.nft"), "utf8");
    expect(firewall).toMatch(/policy drop;/);
    expect(firewall).toMatch(/tcp dport \{[^}]*\b22\b[^}]*\b6443\b[^}]*\} accept/);
    expect(firewall).toMatch(/ip saddr 10\.42\.0\.0\/16 accept/);
    expect(fs.readFileSync(path.join(target, "etc/ssh/sshd_config.d/10-homelab-hardening.conf"), "utf8")).toMatch(/^PasswordAuthentication no$/m);
    expect(fs.readFileSync(path.join(target, "etc/sysctl.d/90-kubernetes.conf"), "utf8")).toMatch(/^net\.ipv4\.ip_forward=1$/m);
    expect(fs.readFileSync(path.join(target, "home/alice/.ssh/authorized_keys"), "utf8")).toMatch(/alice@test/);
    expect(fs.existsSync("/etc/nftables.d/homelab_filter.nft")).toBe(false);
  });
});
