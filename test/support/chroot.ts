import { spawnSync } from "child_process";
import { createHash } from "crypto";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import YAML from "yaml";
import { requireTool, run } from "./tools";

/*
 * Throwaway Ansible targets: Debian chroots made with debootstrap from one cached tarball that every
 * chroot test shares, reached through the community.general.chroot connection, with the whole
 * ansible-playbook run inside a new network and mount namespace. Roles run there with
 * *_runtime_changes: false, so nothing touches the running kernel or services; the namespace makes
 * sure config checks (nft -c, haproxy -c) and any stray network call never reach the host's own.
 */

export const ansibleDir = path.resolve(__dirname, "../../ansible");
export const rolesDir = path.join(ansibleDir, "roles");
const suite = "bookworm";
const mirror = process.env.HOMELAB_DEBIAN_MIRROR ?? "http://deb.debian.org/debian";
const cacheDir = process.env.HOMELAB_CACHE_DIR ?? path.join(os.tmpdir(), "homelab-cache");

function roleDefaults<T>(role: string): T {
  return YAML.parse(fs.readFileSync(path.join(rolesDir, role, "defaults", "main.yml"), "utf8")) as T;
}

/**
 * Packages the roles under test install, preinstalled so the runs inside the offline namespace need
 * no mirror: one list for every chroot test, so they share one tarball.
 */
export function targetPackages(): string[] {
  const common = roleDefaults<{ common_packages: string[] }>("common");
  const nodeExporter = roleDefaults<{ node_exporter_package: string }>("node_exporter");
  const haproxy = roleDefaults<{ haproxy_packages: string[]; haproxy_keepalived_packages: string[] }>("haproxy");
  // hardening's tasks install these by name.
  const hardening = ["openssh-server", "nftables", "netbase", "unattended-upgrades"];
  return [
    ...new Set([
      "python3",
      "systemd",
      "systemd-sysv",
      "procps",
      "kmod",
      ...common.common_packages,
      nodeExporter.node_exporter_package,
      ...hardening,
      ...haproxy.haproxy_packages,
      ...haproxy.haproxy_keepalived_packages,
    ]),
  ].sort();
}

/** A tarball of a minimal Debian with the packages in, built once and reused while the list stays the same. */
export function baseTarball(packages: string[] = targetPackages()): string {
  const key = createHash("sha256").update(`${suite} ${mirror} ${packages.join(",")}`).digest("hex").slice(0, 16);
  const tarball = path.join(cacheDir, `debootstrap-${suite}-${key}.tar`);
  if (fs.existsSync(tarball)) return tarball;
  fs.mkdirSync(cacheDir, { recursive: true });
  const root = fs.mkdtempSync(path.join(cacheDir, "build-"));
  // Test files run in parallel: each builds under its own name and the rename is atomic.
  const part = `${tarball}.${process.pid}.part`;
  try {
    run("debootstrap", ["--variant=minbase", `--include=${packages.join(",")}`, suite, root, mirror]);
    // Package scripts must not start services inside a chroot.
    fs.writeFileSync(path.join(root, "usr/sbin/policy-rc.d"), "#!/bin/sh\nexit 101\n", { mode: 0o755 });
    fs.rmSync(path.join(root, "var/cache/apt/archives"), { recursive: true, force: true });
    fs.mkdirSync(path.join(root, "var/cache/apt/archives/partial"), { recursive: true });
    run("tar", ["-C", root, "-cf", part, "."]);
    fs.renameSync(part, tarball);
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
    fs.rmSync(part, { force: true });
  }
  return tarball;
}

/** Fails with what to install when a tool the chroot tests need is missing, or without root. */
export function requireChrootTools(): void {
  requireTool("ansible-playbook", "ansible");
  requireTool("debootstrap", "debootstrap");
  requireTool("unshare", "util-linux");
  if (process.getuid?.() !== 0) throw new Error("the chroot tests need root (chroot, unshare); CI runs as root");
}

/** A fresh target unpacked from the shared tarball at `dir`. */
export function unpackTarget(dir: string): string {
  const tarball = baseTarball();
  fs.mkdirSync(dir);
  run("tar", ["-C", dir, "-xf", tarball]);
  return dir;
}

/** Inventory host vars that make Ansible reach `target` through the chroot connection. */
export function chrootConnection(target: string): Record<string, string> {
  return { ansible_connection: "community.general.chroot", ansible_host: target, ansible_python_interpreter: "/usr/bin/python3" };
}

export interface PlayResult {
  status: number | null;
  output: string;
  /** changed= of the recap, per host. */
  changed: Record<string, number>;
  /** The tasks (and handlers) that reported a change, per host. */
  changedTasks: Record<string, string[]>;
  /** The tasks that were skipped, per host. */
  skippedTasks: Record<string, string[]>;
}

/** Runs a playbook inside a new network and mount namespace. */
export function play(inventory: string, playbook: string, ...extra: string[]): PlayResult {
  return runPlaybook({ inventory, playbook, extra });
}

export interface PlaybookRun {
  readonly inventory: string;
  readonly playbook: string;
  /** More ansible-playbook arguments. @default none */
  readonly extra?: readonly string[];
  /**
   * Network interfaces to create (up, one end of a veth pair each) in the namespace before the run,
   * for configs a daemon checks against the host's interfaces (keepalived -t). @default only lo
   */
  readonly interfaces?: readonly string[];
}

/** Runs a playbook inside a new network and mount namespace, with the interfaces the run asks for. */
export function runPlaybook(run: PlaybookRun): PlayResult {
  const interfaces = run.interfaces ?? [];
  if (interfaces.length > 0) requireTool("ip", "iproute2");
  const setup = interfaces.map((name, index) => `ip link add ${name} type veth peer name homelab-peer${index} && ip link set ${name} up && `).join("");
  const command = ["ansible-playbook", "-i", run.inventory, run.playbook, ...(run.extra ?? [])];
  const result = spawnSync("unshare", ["--net", "--mount", "--fork", "--", "sh", "-c", `${setup}exec "$@"`, "sh", ...command], {
    encoding: "utf8",
    env: { ...process.env, ANSIBLE_ROLES_PATH: rolesDir, ANSIBLE_NOCOLOR: "1", ANSIBLE_HOST_KEY_CHECKING: "False", ANSIBLE_RETRY_FILES_ENABLED: "False" },
    maxBuffer: 64 * 1024 * 1024,
  });
  const output = `${result.stdout}${result.stderr}`;
  const changed: Record<string, number> = {};
  for (const recap of output.matchAll(/^(\S+)\s+:\s+ok=\d+\s+changed=(\d+)/gm)) changed[recap[1]] = Number(recap[2]);
  const changedTasks: Record<string, Set<string>> = {};
  const skippedTasks: Record<string, Set<string>> = {};
  let task = "";
  for (const line of output.split("\n")) {
    const heading = line.match(/^(?:TASK|RUNNING HANDLER) \[(.*)\]/);
    if (heading) {
      task = heading[1];
      continue;
    }
    const status = line.match(/^(changed|skipping): \[([^\]]+)\]/);
    if (!status) continue;
    const byHost = status[1] === "changed" ? changedTasks : skippedTasks;
    (byHost[status[2]] ??= new Set()).add(task);
  }
  const lists = (byHost: Record<string, Set<string>>) => Object.fromEntries(Object.entries(byHost).map(([host, tasks]) => [host, [...tasks]]));
  return { status: result.status, output, changed, changedTasks: lists(changedTasks), skippedTasks: lists(skippedTasks) };
}

/** The play's exit status, with the end of its output when it failed (so a failure shows why). */
export function outcome(result: PlayResult): { status: number | null; tail: string } {
  return { status: result.status, tail: result.status === 0 ? "" : result.output.slice(-4000) };
}
