import type { Environment, ProxmoxNode } from "../../config/schema";
import type { PlannedTopologyVm, VendorDataProfile } from "../types";
import type { PlannedNetwork } from "./networks";

/*
 * What the extra-VM and pool stages share when they build a PlannedTopologyVm: naming, tags, DNS and the
 * datastore a disk lands on by default.
 */

/** The inventory group of a role: Ansible group names take no dashes. */
export function groupName(role: string): string {
  return role.replace(/-/g, "_");
}

/** Sorted, without repeats: how tags and roles are listed (PVE sorts tags itself). */
export function sortedUnique(values: Iterable<string>): string[] {
  return [...new Set(values)].sort();
}

/** Tags every VM of the environment carries: the configured ones and the environment's name. */
export function environmentTags(env: Environment): string[] {
  return [...env.tags, env.name];
}

/** The vendor-data profile a VM boots with: Kubernetes nodes, the router, or the base one. */
export function vendorProfile(kind: PlannedTopologyVm["kind"], role: string): VendorDataProfile {
  if (kind !== "extra") return "kubernetes";
  return role === "router" ? "router" : "base";
}

/** The node's first datastore, where a VM's disk goes unless it names one. */
export function defaultDatastore(nodes: ReadonlyMap<string, ProxmoxNode>, node: string): string {
  return nodes.get(node)?.datastores[0] ?? "local-lvm";
}

/** The resolvers and search domain a VM on the network gets. */
export function dnsFor(network: PlannedNetwork): PlannedTopologyVm["dns"] {
  return { servers: network.config.dns ?? [], ...(network.config.domain ? { domain: network.config.domain } : {}) };
}
