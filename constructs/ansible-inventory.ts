import { Construct } from "constructs";
import { Fn, TerraformOutput, Token } from "cdktf";
import { InventoryAddresses, inventoryData, inventoryHeader, renderInventory } from "../lib/inventory";
import type { Topology, TopologyVm } from "../lib/topology/types";
import { staticAddress, type VmCidrs } from "../lib/topology/vm-addresses";

export interface AnsibleInventoryProps {
  readonly topology: Topology;
  /**
   * Each VM's addresses in CIDR form, by VM name; needed when NetBox allocates addresses (they are
   * references then, and the inventory becomes a Terraform expression resolved at apply).
   * @default the Topology's static addresses
   */
  readonly addresses?: ReadonlyMap<string, VmCidrs>;
}

/**
 * A plain string as a Terraform string literal's content. cdktf quotes literals inside function
 * arguments and escapes newlines and `${`, but neither `"` nor `\` nor `%{`: the inventory header
 * and a router's gobgp_config (TOML) hold quotes, which would end the literal early.
 */
function escapeLiteral(text: string): string {
  return text.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/%\{/g, "%%{");
}

/** Escapes every plain string in data headed for a Terraform expression; tokens stay references. */
function escapeLiterals(value: unknown): unknown {
  if (typeof value === "string") return Token.isUnresolved(value) ? value : escapeLiteral(value);
  if (Array.isArray(value)) return value.map(escapeLiterals);
  if (value !== null && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, escapeLiterals(item)]));
  return value;
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
    const allocated = topology.allocatedByNetbox;
    let value: string;
    let addresses: InventoryAddresses | undefined;
    if (allocated) {
      const known = props.addresses;
      if (!known) throw new Error("AnsibleInventory: this environment uses netbox addressing; pass the NetBox allocations as addresses");
      const of = (vm: TopologyVm): VmCidrs => known.get(vm.name)!;
      addresses = {
        // NetBox returns addresses with their prefix length; Ansible connects to the bare address.
        host: (vm) => Fn.element(Fn.split("/", of(vm).ipv4), 0),
        ipv4: (vm) => of(vm).ipv4,
        ipv6: (vm) => of(vm).ipv6,
      };
      value = Fn.join("", [escapeLiteral(inventoryHeader(topology)), Fn.yamlencode(escapeLiterals(inventoryData(topology, addresses)))]);
    } else {
      value = renderInventory(topology);
    }
    this.inventory = new TerraformOutput(this, "Resource", {
      staticId: true,
      value,
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
        ipv4: addresses ? addresses.host(vm) : staticAddress(vm, 4)!.address,
        ...(vm.addresses.some((address) => address.family === 6) ? { ipv6: addresses ? Fn.element(Fn.split("/", addresses.ipv6(vm) ?? ""), 0) : staticAddress(vm, 6)!.address } : {}),
        groups: vm.groups,
      })),
      description: "Every VM with its VMID, Proxmox node, addresses and inventory groups",
    });
    this.nodes.overrideLogicalId("nodes");
  }
}
