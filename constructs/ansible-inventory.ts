import { Construct } from "constructs";
import { TerraformOutput } from "cdktf";
import { renderInventory } from "../lib/inventory";
import type { Topology } from "../lib/topology/types";

export interface AnsibleInventoryProps {
  readonly topology: Topology;
}

/**
 * The Ansible inventory as the `ansible_inventory` output (YAML) of the infra stack, plus `nodes`:
 * the same hosts as machine-readable data for scripts. Identical to `homelab inventory ENV`.
 */
export class AnsibleInventory extends Construct {
  readonly inventory: TerraformOutput;
  readonly nodes: TerraformOutput;

  constructor(scope: Construct, id: string, props: AnsibleInventoryProps) {
    super(scope, id);
    const { topology } = props;
    this.inventory = new TerraformOutput(this, "Resource", {
      staticId: true,
      value: renderInventory(topology),
      description: "Ansible inventory (YAML): write it to ansible/inventory/<env>.yml",
    });
    this.inventory.overrideLogicalId("ansible_inventory");
    this.nodes = new TerraformOutput(this, "Nodes", {
      staticId: true,
      value: topology.vms.map((vm) => ({
        name: vm.name,
        role: vm.role,
        vm_id: vm.vmId,
        proxmox_node: vm.node,
        ipv4: vm.nic.ipv4.address,
        ...(vm.nic.ipv6 ? { ipv6: vm.nic.ipv6.address } : {}),
        groups: vm.groups,
      })),
      description: "Every VM with its VMID, Proxmox node, addresses and inventory groups",
    });
    this.nodes.overrideLogicalId("nodes");
  }
}
