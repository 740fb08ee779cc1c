/**
 * Plans crafted from the recorded production plan (test/fixtures/plans): the same resources and
 * values Terraform wrote, with the changes of one scenario applied, for the capacity section.
 */
import * as fs from "fs";
import * as path from "path";
import type { TerraformPlan } from "../../../lib/plan-review/plan";

type Values = Record<string, unknown> | null;
interface Rc {
  address: string;
  type: string;
  name?: string;
  action_reason?: string;
  change: { actions: string[]; before: Values; after: Values; after_unknown?: unknown; before_sensitive?: unknown; after_sensitive?: unknown; replace_paths?: unknown };
}
interface PlainPlan {
  resource_changes: Rc[];
  output_changes?: Record<string, unknown>;
}

const PRODUCTION = path.join(__dirname, "..", "..", "fixtures", "plans", "production-infra.servers-3-to-1.plan.json");

/** The recorded plan that shrinks production's servers from 3 to 1. */
export function productionServers3To1(): TerraformPlan {
  return JSON.parse(fs.readFileSync(PRODUCTION, "utf8")) as TerraformPlan;
}

/** The production plan with nothing changing: every entry a no-op with its before values. */
function quietProduction(): { plan: PlainPlan; changes: Rc[] } {
  const plan = JSON.parse(fs.readFileSync(PRODUCTION, "utf8")) as PlainPlan;
  const changes = plan.resource_changes;
  for (const rc of changes) {
    rc.change.actions = ["no-op"];
    rc.change.after = rc.change.before;
    rc.change.after_sensitive = rc.change.before_sensitive;
    rc.change.after_unknown = {};
    delete rc.action_reason;
  }
  plan.output_changes = {};
  return { plan, changes };
}

function vmNamed(changes: readonly Rc[], name: string): Rc {
  const found = changes.find((rc) => rc.type === "proxmox_virtual_environment_vm" && rc.change.before?.name === name);
  if (!found) throw new Error(`no VM ${name} in the production plan`);
  return found;
}

/** A new VM like `template`, created on `node` with `memoryMiB`. */
function newVm(template: Rc, name: string, node: string, vmId: number, memoryMiB?: number): Rc {
  const after = JSON.parse(JSON.stringify(template.change.before)) as Record<string, unknown>;
  after.name = name;
  after.node_name = node;
  after.vm_id = vmId;
  delete after.id;
  if (memoryMiB !== undefined) (after.memory as Array<Record<string, unknown>>)[0].dedicated = memoryMiB;
  const resource = `Vm-${name}_CRAFTED${vmId}`;
  return {
    ...template,
    address: `proxmox_virtual_environment_vm.${resource}`,
    name: resource,
    change: { actions: ["create"], before: null, after, after_unknown: { id: true, ipv4_addresses: true, mac_addresses: true }, before_sensitive: false, after_sensitive: template.change.after_sensitive },
  };
}

/**
 * production plus a third agent on pve3, and the Kubernetes vendor data of pve3 changed by one
 * package (its snippet replaced, as bpg/proxmox replaces a changed `source_raw`).
 */
export function productionAddsAgent(): TerraformPlan {
  const { plan, changes } = quietProduction();
  changes.push(newVm(vmNamed(changes, "microk8s-worker-2"), "microk8s-worker-3", "pve3", 3202));
  const snippet = changes.find((rc) => rc.address.startsWith("proxmox_virtual_environment_file.VendorData-kubernetes-pve3")) as Rc;
  const before = snippet.change.before as Record<string, unknown>;
  const raw = (before.source_raw as Array<Record<string, unknown>>)[0];
  const data = String(raw.data);
  const after = { ...before, source_raw: [{ ...raw, data: data.replace("  - qemu-guest-agent\n", "  - qemu-guest-agent\n  - jq\n") }] };
  delete (after as Record<string, unknown>).id;
  snippet.change = {
    ...snippet.change,
    actions: ["delete", "create"],
    after,
    after_unknown: { id: true, file_modification_date: true, file_size: true, file_tag: true },
    replace_paths: [["source_raw"]],
  };
  snippet.action_reason = "replace_because_cannot_update";
  return plan as unknown as TerraformPlan;
}

/** production plus a 48 GiB VM on pve1, which holds 24 GiB already: above its 64 GiB. */
export function productionOvercommitsPve1(): TerraformPlan {
  const { plan, changes } = quietProduction();
  changes.push(newVm(vmNamed(changes, "microk8s-worker-1"), "microk8s-worker-3", "pve1", 3202, 49152));
  return plan as unknown as TerraformPlan;
}

/** production with server 3 replaced onto pve1, which then holds 2 of the 3 servers. */
export function productionServersOnOneNode(): TerraformPlan {
  const { plan, changes } = quietProduction();
  const server = vmNamed(changes, "microk8s-master-3");
  server.change.actions = ["delete", "create"];
  server.change.after = { ...(server.change.before as Record<string, unknown>), node_name: "pve1" };
  server.change.replace_paths = [["node_name"]];
  server.action_reason = "replace_because_cannot_update";
  return plan as unknown as TerraformPlan;
}
