import * as fs from "fs";
import * as path from "path";
import { seedFact } from "./seed-fact";
import { clusterVars, helmReleases, inventoryHosts, proxmoxVms, releaseObjects, roleDefaults, synthesized } from "./support";

/*
 * The MicroK8s plan seed (../shared/seeds/002_f7518abad60d5624.txt) against what environments dev,
 * staging and production synthesize: their VMs, vendor data, platform releases and inventories.
 */

const ENVIRONMENTS = ["dev", "staging", "production"] as const;
const SUBNETS = { dev: "10.20.10", staging: "10.20.20", production: "10.20.30" } as const;
const hostsOf = (environment: string, role: "server" | "agent") => {
  const hosts = inventoryHosts(environment);
  return proxmoxVms(environment)
    .filter((vm) => hosts[vm.name]?.vm_role === role)
    .sort((a, b) => a.vm_id - b.vm_id);
};
const sizes = (environment: string, role: "server" | "agent") => hostsOf(environment, role).map((vm) => [vm.cpu.cores, vm.memory.dedicated, vm.disk[0].size]);

describe("the MicroK8s plan seed", () => {
  seedFact("microk8s-plan", "environments", () => {
    for (const environment of ENVIRONMENTS) expect(synthesized(environment).infra.resource.proxmox_virtual_environment_vm).toBeDefined();
  });

  seedFact("microk8s-plan", "dev-size", () => {
    expect(sizes("dev", "server")).toEqual([[2, 4096, 40]]);
    expect(sizes("dev", "agent")).toEqual([]);
  });

  seedFact("microk8s-plan", "staging-size", () => {
    expect(sizes("staging", "server")).toEqual([[4, 8192, 60], [4, 8192, 60], [4, 8192, 60]]);
  });

  seedFact("microk8s-plan", "production-masters", () => {
    expect(sizes("production", "server")).toEqual([[4, 8192, 100], [4, 8192, 100], [4, 8192, 100]]);
  });

  seedFact("microk8s-plan", "production-workers", () => {
    expect(sizes("production", "agent")).toEqual([[8, 16384, 200], [8, 16384, 200]]);
  });

  seedFact("microk8s-plan", "production-spread", () => {
    expect(new Set(hostsOf("production", "server").map((vm) => vm.node_name)).size).toBe(3);
    expect(new Set(hostsOf("production", "agent").map((vm) => vm.node_name)).size).toBe(2);
  });

  seedFact("microk8s-plan", "vlan-segmentation", () => {
    const vlans = ENVIRONMENTS.map((environment) => [...new Set(proxmoxVms(environment).map((vm) => vm.network_device[0].vlan_id))]);
    expect(vlans).toEqual([[10], [20], [30]]);
  });

  seedFact("microk8s-plan", "distribution", () => {
    for (const environment of ENVIRONMENTS) expect(clusterVars(environment).k8s_distribution).toBe("microk8s");
  });

  seedFact("microk8s-plan", "snap-channel", () => {
    for (const environment of ENVIRONMENTS) {
      expect(clusterVars(environment).microk8s_channel).toMatch(/^\d+\.\d+\/stable$/);
      expect(clusterVars(environment)).not.toHaveProperty("k3s_version");
    }
  });

  seedFact("microk8s-plan", "master-vmid", () => {
    expect(ENVIRONMENTS.map((environment) => hostsOf(environment, "server")[0].vm_id)).toEqual([1100, 2100, 3100]);
    expect(hostsOf("staging", "server").map((vm) => vm.vm_id)).toEqual([2100, 2101, 2102]);
  });

  seedFact("microk8s-plan", "master-address", () => {
    for (const environment of ENVIRONMENTS) {
      const addresses = hostsOf(environment, "server").map((vm) => vm.initialization.ip_config[0].ipv4.address);
      expect(addresses).toEqual(addresses.map((_, index) => `${SUBNETS[environment]}.${10 + index}/24`));
    }
  });

  seedFact("microk8s-plan", "gateway", () => {
    for (const environment of ENVIRONMENTS) {
      for (const vm of proxmoxVms(environment)) expect(vm.initialization.ip_config[0].ipv4.gateway).toBe(`${SUBNETS[environment]}.1`);
    }
  });

  seedFact("microk8s-plan", "cpu-type", () => {
    for (const environment of ENVIRONMENTS) for (const vm of proxmoxVms(environment)) expect(vm.cpu.type).toBe("host");
  });

  seedFact("microk8s-plan", "ssh-keys", () => {
    for (const vm of proxmoxVms("production")) {
      expect(vm.initialization.user_account.keys).toEqual([expect.stringMatching(/^ssh-ed25519 /)]);
      expect(vm.initialization.user_account.username).toBe("ubuntu");
    }
  });

  seedFact("microk8s-plan", "cluster-token", () => {
    const [password] = Object.values(synthesized("production").infra.resource.random_password);
    expect(password.special).toBe(false);
    // 32 hex characters of the token's sha256: the seed's length, no special characters.
    expect(roleDefaults("microk8s").microk8s_join_token).toBe("{{ (k8s_token | default('') | hash('sha256'))[:32] }}");
  });

  seedFact("microk8s-plan", "enable-ha", () => {
    expect(roleDefaults("microk8s").microk8s_addons).toContain("ha-cluster");
    expect(Object.keys(synthesized("production").inventory.all.children.k3s_cluster.children.server.hosts)).toHaveLength(3);
  });

  seedFact("microk8s-plan", "vendor-data", () => {
    const snippets = Object.values(synthesized("production").infra.resource.proxmox_virtual_environment_file).map((file) => String(file.source_raw.data));
    const kubernetes = snippets.find((data) => data.includes("br_netfilter"))!;
    for (const line of ["qemu-guest-agent", "overlay", "net.bridge.bridge-nf-call-iptables = 1", "net.ipv4.ip_forward = 1", "swapoff"]) expect(kubernetes).toContain(line);
  });

  seedFact("microk8s-plan", "add-node-ttl", () => {
    expect(roleDefaults("microk8s").microk8s_join_token_ttl).toBe(3600);
    const join = fs.readFileSync(path.resolve(__dirname, "../../ansible/roles/microk8s/tasks/join.yml"), "utf8");
    expect(join).toContain("--token-ttl {{ microk8s_join_token_ttl }}");
  });

  seedFact("microk8s-plan", "dev-addons", () => {
    expect(roleDefaults("microk8s").microk8s_addons).toEqual(expect.arrayContaining(["dns", "hostpath-storage"]));
  });

  seedFact("microk8s-plan", "staging-addons", () => {
    expect(roleDefaults("microk8s").microk8s_addons).toEqual(expect.arrayContaining(["dns", "hostpath-storage"]));
    for (const release of ["metallb", "traefik", "cert-manager"]) expect(helmReleases("staging", release)).toHaveLength(1);
  });

  seedFact("microk8s-plan", "load-balancer", () => {
    for (const environment of ["staging", "production"]) {
      expect(helmReleases(environment, "metallb")).toHaveLength(1);
      expect(helmReleases(environment, "cilium")).toHaveLength(0);
      expect(releaseObjects(environment, "metallb-config").map((object) => object.kind)).toContain("IPAddressPool");
    }
  });

  seedFact("microk8s-plan", "production-monitoring", () => {
    expect(helmReleases("production", "kube-prometheus-stack")).toHaveLength(1);
  });

  seedFact("microk8s-plan", "rancher", () => {
    expect(helmReleases("production", "rancher")).toMatchObject([{ namespace: "cattle-system" }]);
    expect(synthesized("production").platform.variable).toHaveProperty("rancher_bootstrap_password.sensitive", true);
  });

  seedFact("microk8s-plan", "argocd", () => {
    for (const environment of ["staging", "production"]) {
      expect(helmReleases(environment, "argocd")).toHaveLength(1);
      expect(helmReleases(environment, "flux")).toHaveLength(0);
    }
  });

  seedFact("microk8s-plan", "inventory-groups", () => {
    const groups = synthesized("production").inventory.all.children.k3s_cluster.children;
    expect(Object.keys(groups.server.hosts)).toHaveLength(3);
    expect(Object.keys(groups.agent.hosts)).toHaveLength(2);
    for (const vars of Object.values(inventoryHosts("production")) as any[]) expect(vars.ansible_host).toMatch(/^10\.20\.30\./);
  });

  seedFact("microk8s-plan", "validate-playbook", () => {
    expect(fs.existsSync(path.resolve(__dirname, "../../ansible/playbooks/validate.yml"))).toBe(true);
  });
});
