/** Small plans of Proxmox VMs in the shape `terraform show -json` writes for bpg/proxmox. */
import type { PlanAction, ResourceChange, TerraformPlan } from "../../../lib/plan-review/plan";

/** A VM resource change; `values` are both before and after unless overridden. */
export function vmChange(
  name: string,
  actions: PlanAction[],
  options: { tags?: string[]; before?: Record<string, unknown> | null; after?: Record<string, unknown> | null; replacePaths?: Array<Array<string | number>>; reason?: string } = {},
): ResourceChange {
  const base = {
    name,
    node_name: "pve1",
    tags: options.tags ?? [],
    disk: [{ datastore_id: "local-lvm", interface: "scsi0", size: 32 }],
    initialization: [{ user_data_file_id: `local:snippets/${name}-user.yaml`, vendor_data_file_id: `local:snippets/${name}-vendor.yaml` }],
  };
  const before = options.before === undefined ? (actions.includes("create") && !actions.includes("delete") ? null : base) : options.before;
  const after = options.after === undefined ? (actions.includes("delete") && !actions.includes("create") ? null : base) : options.after;
  return {
    address: `proxmox_virtual_environment_vm.${name}`,
    mode: "managed",
    type: "proxmox_virtual_environment_vm",
    name,
    change: { actions, before, after, after_unknown: {}, before_sensitive: {}, after_sensitive: {}, replace_paths: options.replacePaths },
    action_reason: options.reason,
  };
}

/** A plan of the given resource changes. */
export function planOf(...changes: ResourceChange[]): TerraformPlan {
  return { format_version: "1.2", resource_changes: changes };
}

/** Control-plane tags of cluster `cluster`. */
export function controlPlane(cluster?: string): string[] {
  return cluster === undefined ? ["control-plane"] : ["control-plane", `k8s-${cluster}`];
}
