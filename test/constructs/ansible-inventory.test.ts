import { Testing } from "cdktf";
import YAML from "yaml";
import { AnsibleInventory } from "../../constructs/ansible-inventory";
import { renderInventory } from "../../lib/inventory";
import { planTiny } from "../support/tiny-environment";

/** The tiny environment with two agents next to its server. */
const topology = planTiny({
  cluster: { agents: { count: 2, cores: 2, memoryMiB: 2048, diskGiB: 20, vmIdRange: { start: 1200, end: 1209 }, addressStart: "10.0.0.21" } },
});

function synthesize(): { output: Record<string, { value: any }> } {
  return JSON.parse(
    Testing.synthScope((scope) => {
      new AnsibleInventory(scope, "AnsibleInventory", { topology });
    }),
  );
}

describe("AnsibleInventory", () => {
  it("outputs the inventory as YAML under the name ansible_inventory", () => {
    // when the inventory construct is synthesized for a cluster with two agents
    const inventory = YAML.parse(synthesize().output.ansible_inventory.value);
    // then the agents are the hosts of the agent group
    expect(Object.keys(inventory.all.children.k3s_cluster.children.agent.hosts)).toEqual(["tiny-k3s-agent-1", "tiny-k3s-agent-2"]);
  });

  it("outputs the inventory `homelab inventory` renders, unchanged", () => {
    expect(synthesize().output.ansible_inventory.value).toBe(renderInventory(topology));
  });

  it("outputs every VM as data under the name nodes", () => {
    const nodes = synthesize().output.nodes.value;
    expect(nodes).toHaveLength(3);
    expect(nodes).toContainEqual({ name: "tiny-k3s-agent-2", role: "agent", vm_id: 1201, proxmox_node: "pve1", ipv4: "10.0.0.22", groups: ["agent"] });
  });
});
