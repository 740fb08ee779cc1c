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
    expect(inventory.server.hosts).toEqual(["prod-k3s-server-1", "prod-k3s-server-2", "prod-k3s-server-3"]);
    expect(inventory.agent.hosts).toEqual(["prod-k3s-agent-1", "prod-k3s-agent-2"]);
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

  it("marks only the first server as the one that initialises the cluster", () => {
    const hostvars = parsed("staging")._meta.hostvars;
    expect(Object.entries(hostvars).filter(([, vars]) => vars.k3s_cluster_init === true).map(([name]) => name)).toEqual(["staging-k3s-server-1"]);
  });

  it("hands the cluster's VIP, version and kubeconfig path to every Kubernetes node", () => {
    const vars = parsed("production")._meta.hostvars["prod-k3s-agent-1"];
    expect(vars).toMatchObject({ k8s_api_vip: "10.20.30.5", k3s_version: "v1.31.4+k3s1", kubeconfig_path: "~/.kube/homelab-production.yaml", k8s_node_labels: { "topology.kubernetes.io/zone": "pve1" } });
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
    expect(YAML.parse(text).all.children.k3s_cluster.children.server.hosts).toHaveProperty("dev-k3s-server-1");
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
