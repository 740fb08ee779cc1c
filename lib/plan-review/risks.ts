/**
 * Risky changes a reviewer must not miss: destroys and replaces in general, and for Proxmox VMs
 * the attribute that forces a replacement, disk changes and control-plane quorum loss.
 *
 * Everything here is read from the plan JSON alone (values, `replace_paths`, `action_reason`,
 * `prior_state`), never from the synthesized configuration.
 */
import { diffAttribute, formatPath } from "./diff";
import type { ResourceChange, StateModule, TerraformPlan } from "./plan";
import { changeKind } from "./summary";

/** bpg/proxmox virtual machine resource type. */
export const PROXMOX_VM = "proxmox_virtual_environment_vm";
/** bpg/proxmox file resource type (cloud-init snippets). */
export const PROXMOX_FILE = "proxmox_virtual_environment_file";
/** Proxmox tag carried by Kubernetes control-plane VMs. */
export const CONTROL_PLANE_TAG = "control-plane";
/** Prefix of the Proxmox tag naming a VM's Kubernetes cluster (`k8s-<clusterName>`). */
export const CLUSTER_TAG_PREFIX = "k8s-";

/** A Proxmox VM that is replaced or destroyed. */
export interface VmLoss {
  readonly address: string;
  readonly kind: "replace" | "delete";
  /** Attribute paths from `replace_paths`, formatted (`initialization[0].user_data_file_id`). */
  readonly forcedBy: readonly string[];
  readonly actionReason?: string;
  /** True when a forcing path is in the cloud-init (`initialization`) block. */
  readonly cloudInit: boolean;
  /** Snippet resources of this plan that the VM's cloud-init points at and that change. */
  readonly changedSnippets: readonly string[];
}

/** A Proxmox VM whose `disk` block changes in place. */
export interface DiskChange {
  readonly address: string;
  readonly paths: readonly string[];
}

/** More than half of one cluster's control-plane VMs are destroyed or replaced. */
export interface QuorumLoss {
  /** Cluster name from the `k8s-<name>` tag; empty when the VMs carry none. */
  readonly cluster: string;
  readonly total: number;
  readonly lost: readonly string[];
}

/** Every risk found in one plan. */
export interface PlanRisks {
  readonly destroyed: readonly string[];
  readonly replaced: readonly string[];
  readonly vmLosses: readonly VmLoss[];
  readonly diskChanges: readonly DiskChange[];
  readonly quorumLosses: readonly QuorumLoss[];
}

const cloudInitFileIds = ["user_data_file_id", "vendor_data_file_id", "meta_data_file_id", "network_data_file_id"];

function field(value: unknown, key: string): unknown {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>)[key] : undefined;
}

function tagsOf(values: unknown): string[] {
  const tags = field(values, "tags");
  return Array.isArray(tags) ? tags.filter((tag): tag is string => typeof tag === "string") : [];
}

/**
 * The `k8s-<name>` tag's cluster name. Cluster names are DNS labels, which start with a letter, so
 * a version tag such as k8s-1.31-stable (the MicroK8s plan seed's k8s-<version>) is never taken
 * for one.
 */
function clusterOf(tags: readonly string[]): string {
  const clusterTag = new RegExp(`^${CLUSTER_TAG_PREFIX}([a-z](?:[a-z0-9-]{0,61}[a-z0-9])?)$`);
  for (const tag of tags) {
    const match = clusterTag.exec(tag);
    if (match) return match[1];
  }
  return "";
}

/** Cloud-init snippet IDs (`local:snippets/x.yaml`) a VM's `initialization` block points at. */
function snippetIds(values: unknown): string[] {
  const init = field(values, "initialization");
  const blocks = Array.isArray(init) ? init : init === undefined ? [] : [init];
  const ids: string[] = [];
  for (const block of blocks) {
    for (const key of cloudInitFileIds) {
      const id = field(block, key);
      if (typeof id === "string" && id !== "") ids.push(id);
    }
  }
  return ids;
}

function* stateResources(module: StateModule | undefined): Generator<{ address: string; type: string; mode?: string; values?: unknown }> {
  if (!module) return;
  for (const resource of module.resources ?? []) yield resource;
  for (const childModule of module.child_modules ?? []) yield* stateResources(childModule);
}

/** Finds destroys, replaces and the Proxmox-specific risks in a plan. */
export function findRisks(plan: TerraformPlan): PlanRisks {
  const changes = plan.resource_changes ?? [];
  const destroyed: string[] = [];
  const replaced: string[] = [];
  const changingSnippets = new Map<string, string>();
  for (const rc of changes) {
    const kind = changeKind(rc.change);
    if (kind === "delete") destroyed.push(rc.address);
    if (kind === "replace" || kind === "create-then-delete") replaced.push(rc.address);
    if (rc.type === PROXMOX_FILE && kind !== "no-op" && kind !== "create" && kind !== "read" && kind !== "unknown") {
      const id = field(rc.change.before, "id");
      if (typeof id === "string") changingSnippets.set(id, rc.address);
    }
  }

  const vmLosses: VmLoss[] = [];
  const diskChanges: DiskChange[] = [];
  const controlPlane = new Map<string, { cluster: string; lost: boolean }>();
  for (const rc of changes) {
    if (rc.type !== PROXMOX_VM || rc.mode === "data") continue;
    const kind = changeKind(rc.change);
    const destroys = kind === "replace" || kind === "create-then-delete";
    if (destroys || kind === "delete") vmLosses.push(vmLoss(rc, destroys ? "replace" : "delete", changingSnippets));
    if (kind === "update") {
      const paths = diffAttribute(rc.change, "disk").map((entry) => entry.path);
      if (paths.length > 0) diskChanges.push({ address: rc.address, paths });
    }
    const tags = tagsOf(rc.change.before);
    if (rc.change.before !== null && rc.change.before !== undefined && tags.includes(CONTROL_PLANE_TAG) && rc.deposed === undefined) {
      // A forgotten VM keeps running (destroy = false): it leaves the state, not the cluster.
      controlPlane.set(rc.address, { cluster: clusterOf(tags), lost: destroys || kind === "delete" });
    }
  }
  // A plan lists every managed resource, but a filtered plan might not: the prior state fills in.
  for (const resource of stateResources(plan.prior_state?.values?.root_module)) {
    if (resource.type !== PROXMOX_VM || resource.mode === "data" || controlPlane.has(resource.address)) continue;
    const tags = tagsOf(resource.values);
    if (tags.includes(CONTROL_PLANE_TAG)) controlPlane.set(resource.address, { cluster: clusterOf(tags), lost: false });
  }

  const groups = new Map<string, { total: number; lost: string[] }>();
  for (const [address, vm] of controlPlane) {
    const group = groups.get(vm.cluster) ?? { total: 0, lost: [] };
    group.total++;
    if (vm.lost) group.lost.push(address);
    groups.set(vm.cluster, group);
  }
  const quorumLosses: QuorumLoss[] = [];
  for (const [cluster, group] of groups) {
    if (group.lost.length * 2 > group.total) quorumLosses.push({ cluster, total: group.total, lost: group.lost });
  }
  return { destroyed, replaced, vmLosses, diskChanges, quorumLosses };
}

function vmLoss(rc: ResourceChange, kind: "replace" | "delete", changingSnippets: ReadonlyMap<string, string>): VmLoss {
  const forcedBy = (rc.change.replace_paths ?? []).map(formatPath);
  const cloudInit = forcedBy.some((path) => path.startsWith("initialization"));
  const changedSnippets = cloudInit
    ? snippetIds(rc.change.before)
        .map((id) => changingSnippets.get(id))
        .filter((address): address is string => address !== undefined)
    : [];
  return { address: rc.address, kind, forcedBy, actionReason: rc.action_reason, cloudInit, changedSnippets };
}

/** True when the plan has anything for the strong (Proxmox VM) banner. */
export function hasVmRisks(risks: PlanRisks): boolean {
  return risks.vmLosses.length > 0 || risks.diskChanges.length > 0 || risks.quorumLosses.length > 0;
}
