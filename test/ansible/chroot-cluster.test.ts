import * as fs from "fs";
import * as path from "path";
import YAML from "yaml";
import { inventoryData } from "../../lib/inventory";
import { kubeadmDocuments } from "../../lib/kubeadm/config";
import { apiLoadBalancedClusters } from "../../lib/lb/clusters";
import { renderHaproxyConfig } from "../../lib/lb/haproxy";
import { renderKeepalivedConfigFor } from "../../lib/lb/keepalived";
import type { Topology } from "../../lib/topology/types";
import { kubeadmBehindHaproxy } from "../lb/support";
import { ansibleDir, chrootConnection, outcome, play, type PlayResult, requireChrootTools, runPlaybook, unpackTarget } from "../support/chroot";
import { topologyOf } from "../support/environments";
import { planTiny } from "../support/tiny-environment";
import { tempDir } from "../support/tools";

/*
 * The roles of a kubeadm cluster behind HAProxy (the HA-cluster seed) on throwaway Debian chroots
 * from the tarball every chroot test shares (test/support/chroot.ts), through the shipped playbooks
 * and a generated inventory cut down to the machines under test:
 *  - haproxy on ha-cluster's load balancer, and with keepalived on the first LB VM of a tiny
 *    cluster with two, writing the configs the Topology renders, checked by haproxy -c and
 *    keepalived -t inside the chroot, services enabled but never started (haproxy_runtime_changes);
 *  - kubeadm on ha-cluster's first control-plane node as far as a node goes without pkgs.k8s.io and
 *    download.docker.com, which these machines cannot reach: swap off in fstab, kernel modules,
 *    sysctls, containerd's configuration and the rendered kubeadm configuration
 *    (kubeadm_install_packages: false, kubeadm_runtime_changes: false).
 */

/* eslint-disable @typescript-eslint/no-explicit-any -- inventory data is untyped YAML */

/** Ten years: the package lists from debootstrap are the ones to use in the offline namespace. */
const APT_CACHE_VALID_TIME = 10 * 365 * 24 * 3600;

/** What every target needs besides its connection: nothing runs, nothing is fetched. */
const OFFLINE_VARS = {
  common_runtime_changes: false,
  common_apt_cache_valid_time: APT_CACHE_VALID_TIME,
  haproxy_runtime_changes: false,
  haproxy_apt_cache_valid_time: APT_CACHE_VALID_TIME,
  kubeadm_runtime_changes: false,
  kubeadm_install_packages: false,
};

/**
 * The generated inventory of `topology` cut down to `targets` (host name → chroot folder): every
 * group and group var kept, every other host dropped, and each target reached through its chroot.
 */
function chrootInventory(topology: Topology, targets: Record<string, string>): unknown {
  const cut = (group: any): any => {
    const result: any = { ...group };
    if (group.hosts) {
      result.hosts = Object.fromEntries(
        Object.entries(group.hosts as Record<string, object>)
          .filter(([name]) => name in targets)
          .map(([name, vars]) => [name, { ...vars, ...chrootConnection(targets[name]), ...OFFLINE_VARS }]),
      );
    }
    if (group.children) result.children = Object.fromEntries(Object.entries(group.children).map(([name, child]) => [name, cut(child)]));
    return result;
  };
  const data = inventoryData(topology);
  const result = { all: cut(data.all) };
  for (const name of Object.keys(targets)) if (!JSON.stringify(result).includes(`"${name}":{`)) throw new Error(`${name} is no host of ${topology.environment}'s inventory`);
  return result;
}

/** A playbook that imports the shipped ones, in site.yml's order. */
function importing(...playbooks: string[]): string {
  return YAML.stringify(playbooks.map((name) => ({ name: `Shipped ${name}`, "ansible.builtin.import_playbook": path.join(ansibleDir, "playbooks", name) })));
}

/** Whether systemd would start `unit` at boot in `root` (the symlink `systemctl enable` makes). */
function enabledAtBoot(root: string, unit: string): boolean {
  return fs.existsSync(path.join(root, "etc/systemd/system/multi-user.target.wants", unit));
}

const read = (root: string, file: string) => fs.readFileSync(path.join(root, file), "utf8");

describe("the haproxy and kubeadm roles on throwaway chroots (ha-cluster)", () => {
  const dir = tempDir("chroot-cluster");
  const topology = topologyOf("ha-cluster");
  const lb = path.join(dir, "haproxy");
  const master = path.join(dir, "k8s-master-1");
  const inventory = path.join(dir, "inventory.yml");
  const playbook = path.join(dir, "cluster.yml");
  const hostVars = (name: string): any => {
    const data = inventoryData(topology) as any;
    return { ...data.all.children.api_lb?.hosts?.[name], ...data.all.children.k3s_cluster.children.server.hosts[name] };
  };
  let first: PlayResult;

  beforeAll(() => {
    requireChrootTools();
    unpackTarget(lb);
    unpackTarget(master);
    // A swap entry, as a cloud image or installer writes one: the kubeadm role must comment it out.
    fs.appendFileSync(path.join(master, "etc/fstab"), "/swapfile none swap sw 0 0\n");
    fs.writeFileSync(inventory, YAML.stringify(chrootInventory(topology, { haproxy: lb, "k8s-master-1": master })));
    fs.writeFileSync(playbook, importing("api-load-balancer.yml", "k8s-cluster.yml"));
    first = play(inventory, playbook);
  }, 900_000);

  it("runs the shipped api-load-balancer and k8s-cluster playbooks on both targets", () => {
    expect(outcome(first)).toEqual({ status: 0, tail: "" });
    expect(first.changed.haproxy).toBeGreaterThan(0);
    expect(first.changed["k8s-master-1"]).toBeGreaterThan(0);
  });

  it("reports no change on a second run", () => {
    const second = play(inventory, playbook);
    expect({ status: second.status, changed: second.changed, changedTasks: second.changedTasks }).toEqual({ status: 0, changed: { haproxy: 0, "k8s-master-1": 0 }, changedTasks: {} });
  }, 300_000);

  describe("haproxy on the load balancer", () => {
    it("writes the haproxy.cfg the Topology renders, the one the inventory hands the role", () => {
      const rendered = renderHaproxyConfig(apiLoadBalancedClusters(topology)[0]);
      expect(hostVars("haproxy").haproxy_config).toBe(rendered);
      expect(read(lb, "etc/haproxy/haproxy.cfg")).toBe(rendered);
      expect(fs.statSync(path.join(lb, "etc/haproxy/haproxy.cfg")).mode & 0o777).toBe(0o644);
    });

    it("enables haproxy at boot but starts and reloads nothing", () => {
      expect(enabledAtBoot(lb, "haproxy.service")).toBe(true);
      expect(first.changedTasks.haproxy).toContain("haproxy : Write haproxy.cfg");
      // The changed haproxy.cfg notified the reload, which haproxy_runtime_changes: false skipped.
      expect(first.skippedTasks.haproxy).toContain("haproxy : Reload haproxy");
    });

    it("configures no keepalived with a single LB VM", () => {
      expect(fs.existsSync(path.join(lb, "etc/keepalived/keepalived.conf"))).toBe(false);
      expect(first.skippedTasks.haproxy).toContain("haproxy : Write keepalived.conf");
    });

    it("keeps the written haproxy.cfg when haproxy -c inside the target rejects a new one", () => {
      const broken = path.join(dir, "broken.json");
      fs.writeFileSync(broken, JSON.stringify({ haproxy_config: `${hostVars("haproxy").haproxy_config}\nbackend broken\n    server nowhere\n` }));
      const result = play(inventory, playbook, "--limit", "haproxy", "-e", `@${broken}`);
      expect(result.status).not.toBe(0);
      expect(result.output).toMatch(/failed to validate/);
      expect(result.output).toMatch(/TASK \[haproxy : Write haproxy\.cfg\][\s\S]*fatal: \[haproxy\]/);
      expect(read(lb, "etc/haproxy/haproxy.cfg")).toBe(hostVars("haproxy").haproxy_config);
    }, 300_000);
  });

  describe("kubeadm on the first control-plane node", () => {
    it("comments the swap entry out of fstab", () => {
      expect(read(master, "etc/fstab")).toMatch(/^# \/swapfile none swap sw 0 0$/m);
      expect(read(master, "etc/fstab")).not.toMatch(/^\/swapfile/m);
    });

    it("loads overlay and br_netfilter at boot and writes the Kubernetes sysctls", () => {
      expect(read(master, "etc/modules-load.d/kubernetes.conf")).toBe("overlay\nbr_netfilter\n");
      const sysctls = read(master, "etc/sysctl.d/90-kubernetes.conf");
      for (const line of ["net.ipv4.ip_forward=1", "net.bridge.bridge-nf-call-iptables=1", "net.bridge.bridge-nf-call-ip6tables=1", "vm.swappiness=0"]) expect(sysctls.split("\n")).toContain(line);
    });

    it("configures containerd for the kubelet: CRI on, runc under the systemd cgroup driver, kubeadm's pause image", () => {
      const config = read(master, "etc/containerd/config.toml");
      expect(config).toMatch(/^\[plugins\."io\.containerd\.grpc\.v1\.cri"\.containerd\.runtimes\.runc\.options\]\n\s+SystemdCgroup = true$/m);
      expect(config).toMatch(/^\s+sandbox_image = "registry\.k8s\.io\/pause:3\.10"$/m);
    });

    it("writes the rendered kubeadm configuration, root only, with the kubelet on the systemd cgroup driver and the API behind HAProxy", () => {
      const file = path.join(master, "etc/kubernetes/homelab-kubeadm.yaml");
      expect(fs.statSync(file).mode & 0o777).toBe(0o600);
      const documents = YAML.parseAllDocuments(fs.readFileSync(file, "utf8")).map((document) => document.toJS());
      expect(documents).toEqual(kubeadmDocuments(topology, topology.cluster!, "k8s-master-1"));
      expect(documents).toEqual(hostVars("k8s-master-1").kubeadm_config);
      expect(documents.find((document) => document.kind === "KubeletConfiguration")).toMatchObject({ cgroupDriver: "systemd" });
      expect(documents.find((document) => document.kind === "ClusterConfiguration")).toMatchObject({ controlPlaneEndpoint: "10.1.1.50:6443", kubernetesVersion: "v1.31.0" });
    });

    it("adds no repository, installs nothing and forms no cluster in the chroot, as the two switches say", () => {
      expect(first.skippedTasks["k8s-master-1"]).toEqual(
        expect.arrayContaining(["kubeadm : Add the package repositories", "kubeadm : Install containerd and the Kubernetes packages", "kubeadm : Run containerd and the kubelet", "kubeadm : Initialise, then join the cluster"]),
      );
      expect(first.skippedTasks["k8s-master-1"]).not.toContain("kubeadm : Configure containerd (CRI on, systemd cgroup driver)");
      expect(first.skippedTasks["k8s-master-1"]).not.toContain("kubeadm : Write the kubeadm configuration of the first control-plane node");
      expect(fs.existsSync(path.join(master, "etc/apt/keyrings/kubernetes.asc"))).toBe(false);
      expect(fs.existsSync(path.join(master, "etc/kubernetes/admin.conf"))).toBe(false);
    });
  });
});

describe("the haproxy role with keepalived on a throwaway chroot (two LB VMs sharing the API VIP)", () => {
  const dir = tempDir("chroot-keepalived");
  const topology = planTiny(kubeadmBehindHaproxy(2));
  const target = path.join(dir, "tiny-lb-1");
  const inventory = path.join(dir, "inventory.yml");
  const playbook = path.join(dir, "lb.yml");
  // keepalived -t rejects a VRRP interface the machine does not have: the namespace gets it.
  const interfaces = [apiLoadBalancedClusters(topology)[0].apiLoadBalancer.interface];
  let first: PlayResult;

  beforeAll(() => {
    requireChrootTools();
    unpackTarget(target);
    fs.writeFileSync(inventory, YAML.stringify(chrootInventory(topology, { "tiny-lb-1": target })));
    fs.writeFileSync(playbook, importing("api-load-balancer.yml"));
    first = runPlaybook({ inventory, playbook, interfaces });
  }, 900_000);

  it("writes haproxy.cfg and the keepalived.conf the Topology renders for the first LB VM, keepalived -t accepting it inside the target", () => {
    expect(outcome(first)).toEqual({ status: 0, tail: "" });
    expect(read(target, "etc/haproxy/haproxy.cfg")).toBe(renderHaproxyConfig(apiLoadBalancedClusters(topology)[0]));
    expect(read(target, "etc/keepalived/keepalived.conf")).toBe(renderKeepalivedConfigFor(topology, "tiny-lb-1"));
    expect(first.changedTasks["tiny-lb-1"]).toEqual(expect.arrayContaining(["haproxy : Write haproxy.cfg", "haproxy : Write keepalived.conf"]));
  });

  it("enables haproxy and keepalived at boot but restarts neither", () => {
    expect(enabledAtBoot(target, "haproxy.service")).toBe(true);
    expect(enabledAtBoot(target, "keepalived.service")).toBe(true);
    expect(first.skippedTasks["tiny-lb-1"]).toEqual(expect.arrayContaining(["haproxy : Reload haproxy", "haproxy : Restart keepalived"]));
  });

  it("reports no change on a second run", () => {
    const second = runPlaybook({ inventory, playbook, interfaces });
    expect({ status: second.status, changed: second.changed, changedTasks: second.changedTasks }).toEqual({ status: 0, changed: { "tiny-lb-1": 0 }, changedTasks: {} });
  }, 300_000);
});
