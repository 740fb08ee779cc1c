import * as fs from "fs";
import * as path from "path";
import YAML from "yaml";
import { tempDir } from "../support/tools";
import { chrootConnection, outcome, play as playIn, requireChrootTools, unpackTarget } from "../support/chroot";

/*
 * The base roles against a throwaway target: a Debian chroot from the tarball every chroot test
 * shares (test/support/chroot.ts), with the whole ansible-playbook run inside a new network and
 * mount namespace. The roles run with *_runtime_changes: false, so nothing touches the running
 * kernel or services; the namespace makes sure the firewall checks (nft -c) and any stray network
 * call never reach the host's own.
 */

const baseRoles = ["common", "hardening", "node_exporter"];

describe("the base roles on a throwaway chroot", () => {
  const dir = tempDir("chroot");
  const target = path.join(dir, "target");
  const inventory = path.join(dir, "inventory.yml");
  const playbook = path.join(dir, "base.yml");

  beforeAll(() => {
    requireChrootTools();
    unpackTarget(target);
    // The target is a Kubernetes server of a test environment, so every part of the roles applies.
    const host = {
      ...chrootConnection(target),
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

  const play = (...extra: string[]) => {
    const result = playIn(inventory, playbook, ...extra);
    return { result, changed: result.changed.target ?? NaN, changedTasks: result.changedTasks.target ?? [] };
  };

  it("runs common, hardening and node_exporter in check mode on a fresh target", () => {
    const { result, changed } = play("--check");
    expect(outcome(result)).toEqual({ status: 0, tail: "" });
    expect(changed).toBeGreaterThan(0);
  }, 300_000);

  it("reports no change on a second real run of the same roles", () => {
    expect(outcome(play().result)).toEqual({ status: 0, tail: "" });
    const second = play();
    expect({ status: second.result.status, changed: second.changed, changedTasks: second.changedTasks }).toEqual({ status: 0, changed: 0, changedTasks: [] });
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
