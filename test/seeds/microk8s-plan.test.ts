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

  seedFact("microk8s-plan", "management-network", () => {
    // Development keeps the seed's "single network interface".
    for (const vm of proxmoxVms("dev")) {
      expect(vm.network_device).toHaveLength(1);
      expect(vm.initialization.ip_config).toHaveLength(1);
    }
    for (const [environment, vlan] of [["staging", 120], ["production", 130]] as const) {
      const vms = [...hostsOf(environment, "server"), ...hostsOf(environment, "agent")];
      expect(vms).toHaveLength(environment === "staging" ? 3 : 5);
      const hosts = inventoryHosts(environment);
      const netboxInterfaces = Object.entries(synthesized(environment).infra.resource.netbox_interface);
      const netboxAddresses = Object.values(synthesized(environment).infra.resource.netbox_ip_address);
      for (const vm of vms) {
        const hostNumber = Number(vm.initialization.ip_config[0].ipv4.address.split("/")[0].split(".")[3]);
        const management = `10.20.${vlan}.${hostNumber}/24`;
        // Proxmox: net1 on the management bridge and VLAN; cloud-init: ipconfig1 static, no second default route.
        expect(vm.network_device.map((device: any) => [device.bridge, device.vlan_id])).toEqual([["vmbr0", vlan - 100], ["vmbr1", vlan]]);
        expect(vm.initialization.ip_config[1]).toEqual({ ipv4: { address: management } });
        // Inventory: the host's eth1 on the management network.
        expect(hosts[vm.name].interfaces[1]).toEqual({ name: "eth1", network: "management", bridge: "vmbr1", vlan, ipv4_address: management });
        // NetBox: an interface eth1 on the VM's record, holding the management address.
        const record = Object.entries(synthesized(environment).infra.resource.netbox_virtual_machine).find(([, each]) => each.name === vm.name)![0];
        const [eth1] = netboxInterfaces.find(([, each]) => each.name === "eth1" && String(each.virtual_machine_id).includes(`netbox_virtual_machine.${record}.id`))!;
        expect(netboxAddresses.filter((address) => String(address.virtual_machine_interface_id).includes(`netbox_interface.${eth1}.id`)).map((address) => address.ip_address)).toEqual([management]);
      }
    }
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

  seedFact("microk8s-plan", "master-names", () => {
    for (const environment of ENVIRONMENTS) {
      const masters = hostsOf(environment, "server").map((vm) => vm.name);
      expect(masters).toEqual(masters.map((_, index) => `microk8s-master-${index + 1}`));
      // The inventory and NetBox name the VMs as Proxmox does.
      expect(Object.keys(synthesized(environment).inventory.all.children.k3s_cluster.children.server.hosts)).toEqual(masters);
      const netboxNames = Object.values(synthesized(environment).infra.resource.netbox_virtual_machine).map((record) => record.name);
      expect(netboxNames).toEqual(expect.arrayContaining(masters));
    }
    expect(hostsOf("production", "agent").map((vm) => vm.name)).toEqual(["microk8s-worker-1", "microk8s-worker-2"]);
    // The seed names VMs alike in every environment; NetBox keeps VM names unique per cluster, and
    // each environment files its VMs under a cluster of its own.
    const clusters = ENVIRONMENTS.map((environment) => Object.values(synthesized(environment).infra.resource.netbox_cluster).map((cluster) => cluster.name));
    expect(new Set(clusters.flat()).size).toBe(clusters.flat().length);
    // Deployments made under the former names keep their VMs: Terraform moves them (test/terraform/renamed-vms.test.ts plans it).
    const moved = (synthesized("production").infra as any).moved as { from: string; to: string }[];
    expect(moved.filter((block) => block.from.startsWith("proxmox_virtual_environment_vm.")).map((block) => [block.from.replace(/_[0-9A-F]{8}$/, ""), block.to.replace(/_[0-9A-F]{8}$/, "")])).toEqual([
      ["proxmox_virtual_environment_vm.Vm-prod-k3s-server-1", "proxmox_virtual_environment_vm.Vm-microk8s-master-1"],
      ["proxmox_virtual_environment_vm.Vm-prod-k3s-server-2", "proxmox_virtual_environment_vm.Vm-microk8s-master-2"],
      ["proxmox_virtual_environment_vm.Vm-prod-k3s-server-3", "proxmox_virtual_environment_vm.Vm-microk8s-master-3"],
      ["proxmox_virtual_environment_vm.Vm-prod-k3s-agent-1", "proxmox_virtual_environment_vm.Vm-microk8s-worker-1"],
      ["proxmox_virtual_environment_vm.Vm-prod-k3s-agent-2", "proxmox_virtual_environment_vm.Vm-microk8s-worker-2"],
    ]);
  });

  seedFact("microk8s-plan", "vm-tags", () => {
    for (const environment of ENVIRONMENTS) {
      for (const role of ["server", "agent"] as const) {
        for (const vm of hostsOf(environment, role)) {
          // common tags, env tag, microk8s-master, node name, k8s-<version> (the channel, tag-safe)
          const seedTags = ["homelab", environment, role === "server" ? "microk8s-master" : "microk8s-worker", vm.node_name, "k8s-1.31-stable"];
          expect(vm.tags).toEqual(expect.arrayContaining(seedTags));
          // Proxmox's own rules: lowercase, sorted, no repeats (PVE sorts them; unsorted shows as a diff).
          expect(vm.tags).toEqual([...new Set(vm.tags as string[])].sort());
          for (const tag of vm.tags) expect(tag).toMatch(/^[a-z0-9_][a-z0-9_+.-]*$/);
        }
      }
    }
    expect(clusterVars("production").microk8s_channel).toBe("1.31/stable");
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
