import { Testing } from "cdktf";
import YAML from "yaml";
import { AnsibleInventory } from "../../constructs/ansible-inventory";
import { topologyOf } from "../support/environments";

describe("AnsibleInventory", () => {
  const synthesized = JSON.parse(
    Testing.synthScope((scope) => {
      new AnsibleInventory(scope, "AnsibleInventory", { topology: topologyOf("production") });
    }),
  );

  it("outputs the inventory as YAML under the name ansible_inventory", () => {
    const inventory = YAML.parse(synthesized.output.ansible_inventory.value);
    expect(Object.keys(inventory.all.children.k3s_cluster.children.agent.hosts)).toEqual(["prod-k3s-agent-1", "prod-k3s-agent-2"]);
  });

  it("outputs every VM as data under the name nodes", () => {
    expect(synthesized.output.nodes.value).toContainEqual({ name: "prod-k3s-server-2", role: "server", vm_id: 3101, proxmox_node: "pve2", ipv4: "10.20.30.12", groups: ["server"] });
  });
});
