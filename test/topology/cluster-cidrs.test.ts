import * as fs from "fs";
import * as path from "path";
import YAML from "yaml";
import { renderInventory } from "../../lib/inventory";
import type { Topology } from "../../lib/topology/types";
import { planTiny } from "../support/tiny-environment";
import { requireTool, run, tempDir } from "../support/tools";

/*
 * Pod and Service networks per cluster: each distribution's defaults unless the cluster sets its
 * own, checked against the environment's networks and each other, and carried through the
 * inventory into the k3s server config and the MicroK8s launch configuration.
 */

const MICROK8S = { distribution: "microk8s", version: "1.31/stable" };

describe("a cluster's pod and Service networks", () => {
  it("default to k3s's 10.42.0.0/16 and 10.43.0.0/16", () => {
    expect(planTiny().clusters[0]).toMatchObject({ podCidr: "10.42.0.0/16", serviceCidr: "10.43.0.0/16", customCidrs: false });
  });

  it("default to MicroK8s's 10.1.0.0/16 and 10.152.183.0/24", () => {
    expect(planTiny({ cluster: MICROK8S }).clusters[0]).toMatchObject({ podCidr: "10.1.0.0/16", serviceCidr: "10.152.183.0/24", customCidrs: false });
  });

  it("take the configured podCidr and serviceCidr", () => {
    expect(planTiny({ cluster: { podCidr: "10.100.0.0/16", serviceCidr: "10.101.0.0/16" } }).clusters[0]).toMatchObject({ podCidr: "10.100.0.0/16", serviceCidr: "10.101.0.0/16", customCidrs: true });
  });

  it("reject a pod network overlapping a network of the environment", () => {
    expect(() => planTiny({ cluster: { podCidr: "10.0.0.0/16" } })).toThrow(/cluster\.podCidr = "10\.0\.0\.0\/16": the cluster's pod network overlaps networks\[0\] \(10\.0\.0\.0\/24\); set podCidr to a range no network of the environment uses/);
  });

  it("reject a default that overlaps a network, on the field that would move it", () => {
    expect(() => planTiny({ networks: [{ name: "lan", bridge: "vmbr0", cidr: "10.43.0.0/24", gateway: "10.43.0.1", dns: ["10.43.0.1"] }], cluster: { apiVip: "10.43.0.5", loadBalancerPool: { start: "10.43.0.40", end: "10.43.0.49" }, servers: { addressStart: "10.43.0.11" } } })).toThrow(
      /cluster\.serviceCidr: the cluster's Service network \(the k3s default 10\.43\.0\.0\/16\) overlaps networks\[0\] \(10\.43\.0\.0\/24\)/,
    );
  });

  it("reject pod and Service networks that overlap each other", () => {
    expect(() => planTiny({ cluster: { podCidr: "10.100.0.0/16", serviceCidr: "10.100.128.0/24" } })).toThrow(/cluster\.serviceCidr = "10\.100\.128\.0\/24": overlaps the pod network 10\.100\.0\.0\/16; give pods and Services separate ranges/);
  });

  it("reject a network written with host bits", () => {
    expect(() => planTiny({ cluster: { podCidr: "10.100.0.1/16" } })).toThrow(/cluster\.podCidr = "10\.100\.0\.1\/16": has host bits set; write the network address 10\.100\.0\.0\/16/);
  });
});

/** Renders `template` of `role` for every host of `group` from the topology's inventory, with the roles' defaults and the group_vars. */
function renderFromInventory(root: string, topology: Topology, role: string, template: string, group: string): Record<string, string> {
  const ansibleDir = path.resolve(__dirname, "../../ansible");
  const dir = fs.mkdtempSync(path.join(root, `${role}-`));
  fs.symlinkSync(path.join(ansibleDir, "group_vars"), path.join(dir, "group_vars"));
  const play = {
    name: `Render ${template}`,
    hosts: group,
    gather_facts: false,
    connection: "local",
    roles: [{ role, when: false }],
    tasks: [{ name: "Render", "ansible.builtin.template": { src: `${ansibleDir}/roles/${role}/templates/${template}`, dest: "{{ out_dir }}/{{ inventory_hostname }}", mode: "0600" }, delegate_to: "localhost" }],
  };
  fs.writeFileSync(path.join(dir, "render.yml"), YAML.stringify([play]));
  fs.writeFileSync(path.join(dir, "inventory.yml"), renderInventory(topology));
  const out = path.join(dir, "out");
  fs.mkdirSync(out);
  run("ansible-playbook", ["-i", path.join(dir, "inventory.yml"), path.join(dir, "render.yml"), "-e", `out_dir=${out}`, "-e", "vault_k3s_token=test-token"], {
    env: { ...process.env, ANSIBLE_ROLES_PATH: path.join(ansibleDir, "roles"), ANSIBLE_NOCOLOR: "1" },
  });
  return Object.fromEntries(fs.readdirSync(out).map((file) => [file, fs.readFileSync(path.join(out, file), "utf8")]));
}

describe("the pod and Service networks on the nodes", () => {
  const root = tempDir("cluster-cidrs");
  beforeAll(() => requireTool("ansible-playbook", "ansible"));

  it("reach the k3s server config as cluster-cidr and service-cidr", () => {
    const rendered = renderFromInventory(root, planTiny({ cluster: { podCidr: "10.100.0.0/16", serviceCidr: "10.101.0.0/16" } }), "k3s_server", "config.yaml.j2", "server");
    expect(YAML.parse(rendered["tiny-k3s-server-1"])).toMatchObject({ "cluster-cidr": "10.100.0.0/16", "service-cidr": "10.101.0.0/16" });
  });

  it("stay k3s's defaults in the k3s server config when the cluster sets none", () => {
    const rendered = renderFromInventory(root, planTiny(), "k3s_server", "config.yaml.j2", "server");
    expect(YAML.parse(rendered["tiny-k3s-server-1"])).toMatchObject({ "cluster-cidr": "10.42.0.0/16", "service-cidr": "10.43.0.0/16" });
  });

  it("reach the MicroK8s launch configuration as Calico's pool and the Service range, the API's Service address a SAN", () => {
    const rendered = renderFromInventory(root, planTiny({ cluster: { ...MICROK8S, podCidr: "10.100.0.0/16", serviceCidr: "10.101.0.0/24" } }), "microk8s", "launch-config.yaml.j2", "server");
    expect(YAML.parse(rendered["tiny-k3s-server-1"])).toEqual({
      version: "0.1.0",
      extraCNIEnv: { IPv4_SUPPORT: true, IPv4_CLUSTER_CIDR: "10.100.0.0/16", IPv4_SERVICE_CIDR: "10.101.0.0/24" },
      extraSANs: ["10.101.0.1"],
    });
  });

  it("leave the MicroK8s launch configuration on MicroK8s's defaults when the cluster sets none", () => {
    const rendered = renderFromInventory(root, planTiny({ cluster: MICROK8S }), "microk8s", "launch-config.yaml.j2", "server");
    expect(YAML.parse(rendered["tiny-k3s-server-1"]).extraCNIEnv).toMatchObject({ IPv4_CLUSTER_CIDR: "10.1.0.0/16", IPv4_SERVICE_CIDR: "10.152.183.0/24" });
  });
});
