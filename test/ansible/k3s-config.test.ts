import * as fs from "fs";
import * as path from "path";
import YAML from "yaml";
import { environments } from "../../environments";
import { renderInventory } from "../../lib/inventory";
import { topologyOf } from "../support/environments";
import { spawnSync } from "child_process";
import { requireTool, run, tempDir } from "../support/tools";

/*
 * The k3s configuration each node of every environment would get: the roles' own templates rendered
 * by ansible-playbook on the controller from the generated inventory, the group_vars and the roles'
 * defaults (loaded through a skipped role), so the inventory contract is exercised end to end.
 */

const ansibleDir = path.resolve(__dirname, "../../ansible");
const token = "test-token-0123456789abcdef";
const ciliumFixture = path.resolve(__dirname, "../fixtures/inventories/cilium.yml");

function renderPlay(kind: "server" | "agent"): Record<string, unknown> {
  const role = `k3s_${kind}`;
  return {
    name: `Render the ${role} configuration`,
    hosts: kind,
    gather_facts: false,
    connection: "local",
    roles: [{ role, when: false }],
    tasks: [
      {
        name: "Render the configuration",
        "ansible.builtin.template": { src: `${ansibleDir}/roles/${role}/templates/config.yaml.j2`, dest: "{{ out_dir }}/{{ inventory_hostname }}.yaml", mode: "0600" },
        delegate_to: "localhost",
      },
    ],
  };
}

describe("the k3s configuration rendered from the generated inventory", () => {
  const dir = tempDir("k3s-config");
  const rendered: Record<string, Record<string, Record<string, unknown>>> = {};

  beforeAll(() => {
    requireTool("ansible-playbook", "ansible");
    // Playbook-adjacent group_vars, as for ansible/playbooks.
    fs.symlinkSync(path.join(ansibleDir, "group_vars"), path.join(dir, "group_vars"));
    fs.writeFileSync(path.join(dir, "render.yml"), YAML.stringify([renderPlay("server"), renderPlay("agent")]));
    for (const environment of Object.keys(environments)) {
      if (!topologyOf(environment).clusters.some((cluster) => cluster.distribution === "k3s")) continue;
      const out = path.join(dir, environment);
      fs.mkdirSync(out);
      fs.writeFileSync(path.join(dir, `${environment}.yml`), renderInventory(topologyOf(environment)));
      run("ansible-playbook", ["-i", path.join(dir, `${environment}.yml`), path.join(dir, "render.yml"), "-e", `out_dir=${out}`, "-e", `vault_k3s_token=${token}`], {
        env: { ...process.env, ANSIBLE_ROLES_PATH: path.join(ansibleDir, "roles"), ANSIBLE_NOCOLOR: "1" },
      });
      rendered[environment] = Object.fromEntries(fs.readdirSync(out).map((file) => [file.replace(/\.yaml$/, ""), YAML.parse(fs.readFileSync(path.join(out, file), "utf8"))]));
    }
    const out = path.join(dir, "fixture-cilium");
    fs.mkdirSync(out);
    run("ansible-playbook", ["-i", ciliumFixture, path.join(dir, "render.yml"), "-e", `out_dir=${out}`, "-e", `vault_k3s_token=${token}`], {
      env: { ...process.env, ANSIBLE_ROLES_PATH: path.join(ansibleDir, "roles"), ANSIBLE_NOCOLOR: "1" },
    });
    rendered.fixture = Object.fromEntries(fs.readdirSync(out).map((file) => [file.replace(/\.yaml$/, ""), YAML.parse(fs.readFileSync(path.join(out, file), "utf8"))]));
  }, 240_000);

  it("turns flannel and k3s's network policies off on every server of a Cilium cluster, and only there", () => {
    expect(rendered.fixture["fixture-k3s-server-1"]).toMatchObject({ "cluster-init": true, "flannel-backend": "none", "disable-network-policy": true, "disable-kube-proxy": true, disable: ["servicelb", "traefik"] });
    expect(rendered.fixture["fixture-k3s-server-2"]).toMatchObject({ server: "https://192.0.2.11:6443", "flannel-backend": "none" });
    expect(rendered.fixture["fixture-k3s-agent-1"]).toMatchObject({ server: "https://192.0.2.5:6443", "node-label": ["topology.kubernetes.io/zone=pve1", "homelab.dev/pool=general"] });
    expect(rendered.fixture["fixture-k3s-agent-1"]["flannel-backend"]).toBeUndefined();
  });

  // k3s clusters only: the MicroK8s environments are formed by the microk8s role instead.
  const clustered = Object.keys(environments).filter((environment) => topologyOf(environment).clusters.some((cluster) => cluster.distribution === "k3s"));

  it.each(clustered)("starts %s's cluster on exactly one server, which the other servers join", (environment) => {
    const topology = topologyOf(environment);
    const servers = topology.vms.filter((vm) => vm.kind === "server");
    const initialising = servers.filter((vm) => rendered[environment][vm.name]["cluster-init"] === true);
    expect(initialising.map((vm) => vm.name)).toHaveLength(topology.clusters.length);
    for (const vm of servers.filter((each) => !initialising.includes(each))) {
      const first = initialising.find((each) => each.cluster === vm.cluster)!;
      expect(rendered[environment][vm.name].server).toBe(`https://${first.nic.ipv4.address}:${topology.clusters.find((c) => c.name === vm.cluster)!.apiPort}`);
    }
  });

  it.each(clustered)("joins %s's agents through the API VIP", (environment) => {
    const topology = topologyOf(environment);
    for (const vm of topology.vms.filter((each) => each.kind === "agent")) {
      const cluster = topology.clusters.find((each) => each.name === vm.cluster)!;
      expect(rendered[environment][vm.name].server).toBe(`https://${cluster.apiVip}:${cluster.apiPort}`);
    }
  });

  it.each(clustered)("labels %s's nodes with their Proxmox node as zone and applies the inventory's taints", (environment) => {
    const topology = topologyOf(environment);
    for (const vm of topology.vms.filter((each) => each.kind !== "extra")) {
      const config = rendered[environment][vm.name];
      // A dual-stack cluster's nodes name their IPv6 address too.
      const dualStack = topology.clusters.find((each) => each.name === vm.cluster)?.podCidrIpv6 !== undefined;
      expect(config["node-label"]).toContain(`topology.kubernetes.io/zone=${vm.node}`);
      expect(config["node-taint"]).toEqual([...vm.taints]);
      expect(config["node-ip"]).toBe(dualStack ? `${vm.nic.ipv4.address},${vm.nic.ipv6!.address}` : vm.nic.ipv4.address);
      expect(config.token).toBe(token);
    }
  });

  it.each(clustered)("turns flannel off in %s exactly when the platform picks Cilium", (environment) => {
    const topology = topologyOf(environment);
    for (const vm of topology.vms.filter((each) => each.kind === "server")) {
      const config = rendered[environment][vm.name];
      const cilium = topology.platform.cni === "cilium";
      expect(config["flannel-backend"]).toBe(cilium ? "none" : undefined);
      expect(config["disable-network-policy"]).toBe(cilium ? true : undefined);
      expect(config["disable-kube-proxy"]).toBe(topology.platform.cilium?.kubeProxyReplacement ? true : undefined);
      expect(config["tls-san"]).toContain(topology.clusters.find((each) => each.name === vm.cluster)!.apiVip);
    }
  });

  it("keeps the hand-written Cilium fixture to the generated inventory's contract", () => {
    type Inventory = { all: { children: { k3s_cluster: { vars: object; children: Record<string, { hosts: Record<string, object> }> } } } };
    const fixture = YAML.parse(fs.readFileSync(ciliumFixture, "utf8")) as Inventory;
    const generated = YAML.parse(renderInventory(topologyOf("orion"))) as Inventory;
    expect(Object.keys(fixture.all.children.k3s_cluster.vars).sort()).toEqual(Object.keys(generated.all.children.k3s_cluster.vars).sort());
    for (const kind of ["server", "agent"]) {
      // ipv6_address is there only on a dual-stack network (orion's), which the fixture's is not.
      const keys = (inventory: Inventory) =>
        [...new Set(Object.values(inventory.all.children.k3s_cluster.children[kind].hosts).flatMap((vars) => Object.keys(vars)))].filter((key) => key !== "ipv6_address").sort();
      expect({ kind, keys: keys(fixture) }).toEqual({ kind, keys: keys(generated) });
    }
  });

  it("refuses a short join token before installing anything, without printing it", () => {
    const shortToken = "short-secret-42";
    fs.writeFileSync(
      path.join(dir, "join.yml"),
      YAML.stringify([{ name: "Join an agent", hosts: "fixture-k3s-agent-1", gather_facts: false, connection: "local", roles: ["k3s_agent"] }]),
    );
    const result = spawnSync("ansible-playbook", ["-i", ciliumFixture, path.join(dir, "join.yml"), "-e", `vault_k3s_token=${shortToken}`], {
      env: { ...process.env, ANSIBLE_ROLES_PATH: path.join(ansibleDir, "roles"), ANSIBLE_NOCOLOR: "1" },
      encoding: "utf8",
    });
    const output = result.stdout + result.stderr;
    expect(result.status).not.toBe(0);
    expect(output).toMatch(/k3s_common : Check the join token[\s\S]*fatal: \[fixture-k3s-agent-1\]: FAILED!.*censored/);
    expect(output).not.toMatch(/Download k3s/);
    expect(output).not.toContain(shortToken);
  }, 120_000);

  it("asks for a regenerated inventory when the cluster group does not name its first server", () => {
    const stale = path.join(dir, "stale.yml");
    fs.writeFileSync(stale, fs.readFileSync(ciliumFixture, "utf8").replace(/^ *k8s_first_server: .*\n/m, ""));
    fs.writeFileSync(
      path.join(dir, "join-stale.yml"),
      YAML.stringify([{ name: "Join an agent", hosts: "fixture-k3s-agent-1", gather_facts: false, connection: "local", roles: ["k3s_agent"] }]),
    );
    const result = spawnSync("ansible-playbook", ["-i", stale, path.join(dir, "join-stale.yml"), "-e", `vault_k3s_token=${token}`], {
      env: { ...process.env, ANSIBLE_ROLES_PATH: path.join(ansibleDir, "roles"), ANSIBLE_NOCOLOR: "1" },
      encoding: "utf8",
    });
    expect(result.status).not.toBe(0);
    expect(result.stdout).toMatch(/k3s_common : Check the cluster's variables[\s\S]*k8s_first_server \(one of the servers\)[\s\S]*npx homelab inventory <env> --write/);
    expect(result.stdout).not.toMatch(/Download k3s/);
  }, 120_000);
});
