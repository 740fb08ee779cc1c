import * as fs from "fs";
import * as path from "path";
import YAML from "yaml";
import { resolveTarget } from "../../app/targets";
import { environments } from "../../environments";
import { renderInventory } from "../../lib/inventory";
import { topologyOf } from "../support/environments";
import { requireTool, run, tempDir } from "../support/tools";

interface InventoryJson {
  _meta: { hostvars: Record<string, Record<string, unknown>> };
  [group: string]: unknown;
}

describe("the Ansible inventory", () => {
  const dir = tempDir("inventory");
  beforeAll(() => requireTool("ansible-inventory", "ansible"));

  function parsed(environment: string): InventoryJson {
    const file = path.join(dir, `${environment}.yml`);
    fs.writeFileSync(file, renderInventory(topologyOf(environment)));
    return JSON.parse(run("ansible-inventory", ["-i", file, "--list"], { env: { ...process.env, ANSIBLE_INVENTORY_UNPARSED_FAILED: "true" } }));
  }

  it.each(Object.keys(environments))("of %s parses with ansible-inventory --graph and lists every VM", (environment) => {
    const file = path.join(dir, `${environment}-graph.yml`);
    fs.writeFileSync(file, renderInventory(topologyOf(environment)));
    const graph = run("ansible-inventory", ["-i", file, "--graph"], { env: { ...process.env, ANSIBLE_INVENTORY_UNPARSED_FAILED: "true" } });
    for (const vm of topologyOf(environment).vms) expect(graph).toContain(`--${vm.name}`);
    expect(graph).toMatch(/@k3s_cluster:\n[\s|]+--@server:/);
  });

  it("puts production's servers and agents under k3s_cluster", () => {
    const inventory = parsed("production") as unknown as Record<string, { hosts?: string[]; children?: string[] }>;
    expect(inventory.k3s_cluster.children).toEqual(expect.arrayContaining(["server", "agent"]));
    expect(inventory.server.hosts).toEqual(["microk8s-master-1", "microk8s-master-2", "microk8s-master-3"]);
    expect(inventory.agent.hosts).toEqual(["microk8s-worker-1", "microk8s-worker-2"]);
  });

  it("has a group per extra-VM role in orion", () => {
    const inventory = parsed("orion") as unknown as Record<string, { hosts?: string[] }>;
    expect(inventory.router.hosts).toEqual(["orion-router"]);
    expect(inventory.netbox.hosts).toEqual(["orion-netbox"]);
    expect(inventory.ai_agent.hosts).toEqual(["orion-ai-agent"]);
  });

  it("gives each host the address, VMID and Proxmox node the Topology planned", () => {
    const vars = parsed("orion")._meta.hostvars["orion-netbox"];
    expect(vars).toMatchObject({ ansible_host: "192.168.100.50", vmid: 500, proxmox_node: "r730", ipv4_address: "192.168.100.50/24", ipv6_address: "2602:f674:1000::50/64" });
  });

  it("names the first server, which initialises the cluster, once for the whole cluster", () => {
    const inventory = parsed("staging");
    const servers = (inventory as unknown as Record<string, { hosts: string[] }>).server.hosts;
    for (const host of servers) expect(inventory._meta.hostvars[host].k8s_first_server).toBe("microk8s-master-1");
    expect(Object.values(inventory._meta.hostvars).some((vars) => "k3s_cluster_init" in vars)).toBe(false);
    const data = YAML.parse(renderInventory(topologyOf("staging")));
    expect(data.all.children.k3s_cluster.vars.k8s_first_server).toBe("microk8s-master-1");
  });

  it("names each cluster's own first server when an environment has several", () => {
    const environment = Object.keys(environments).find((name) => topologyOf(name).clusters.length > 1)!;
    const topology = topologyOf(environment);
    const hostvars = parsed(environment)._meta.hostvars;
    for (const cluster of topology.clusters) {
      for (const vm of topology.vms.filter((each) => each.cluster === cluster.name)) expect({ host: vm.name, first: hostvars[vm.name].k8s_first_server }).toEqual({ host: vm.name, first: cluster.servers[0] });
    }
  });

  it("hands the cluster's VIP, version and kubeconfig path to every Kubernetes node", () => {
    const vars = parsed("production")._meta.hostvars["microk8s-worker-1"];
    expect(vars).toMatchObject({ k8s_api_vip: "10.20.30.5", microk8s_channel: "1.31/stable", kubeconfig_path: "~/.kube/homelab-production.yaml", k8s_node_labels: { "topology.kubernetes.io/zone": "pve1" } });
  });

  it("sets the cluster-wide variables on the cluster group, never on a host", () => {
    for (const environment of Object.keys(environments)) {
      const data = YAML.parse(renderInventory(topologyOf(environment))) as { all: { children: Record<string, { children?: Record<string, { hosts?: Record<string, Record<string, unknown>> }> }> } };
      for (const group of Object.values(data.all.children.k3s_cluster?.children ?? {})) {
        for (const [host, vars] of Object.entries(group.hosts ?? {})) {
          const clusterWide = Object.keys(vars).filter((key) => /^k8s_/.test(key) && !["k8s_node_labels", "k8s_node_taints"].includes(key));
          expect({ environment, host, clusterWide }).toEqual({ environment, host, clusterWide: [] });
        }
      }
    }
  });

  it("holds no secret", () => {
    for (const environment of Object.keys(environments)) {
      const text = renderInventory(topologyOf(environment));
      expect(text).not.toMatch(/token|password|secret|PRIVATE KEY/i);
    }
  });

  it("is plain YAML with a do-not-edit header", () => {
    const text = renderInventory(topologyOf("dev"));
    expect(text.split("\n")[1]).toMatch(/Do not edit/);
    expect(YAML.parse(text).all.children.k3s_cluster.children.server.hosts).toHaveProperty("microk8s-master-1");
  });

  it("names the TypeScript file and the regenerating command of a shipped environment", () => {
    expect(renderInventory(topologyOf("dev")).split("\n")[1]).toBe("# Do not edit: change environments/dev.ts and run `npx homelab inventory dev --write`.");
  });

  it("names the environment file and a command that regenerates from it for a file-based environment", () => {
    // given the minimal lab read from its YAML file
    const topology = resolveTarget(path.join("test", "fixtures", "environments", "minimal.yaml"));
    // then the header points at that file, not at a TypeScript module that does not exist
    expect(renderInventory(topology).split("\n")[1]).toBe(
      "# Do not edit: change test/fixtures/environments/minimal.yaml and run `npx homelab inventory test/fixtures/environments/minimal.yaml --write`.",
    );
  });
});
