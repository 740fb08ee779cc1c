import type { Environment, ProxmoxNode, VmPool, VmPoolOverride } from "../../config/schema";
import type { IssueLog } from "../../config/errors";
import { cidrContains, parseAddress, usableRange, type ParsedAddress } from "../../net/ip";
import type { PlannedTopologyVm } from "../types";
import { clusterTag, type ClusterInput } from "./clusters";
import type { Registries } from "./claims";
import { nicFor, type PlannedNetwork } from "./networks";
import { planSecondaryNics } from "./nics";
import { siteLabel, siteNodeNames } from "./sites";
import { defaultDatastore, dnsFor, environmentTags, sortedUnique } from "./vm";

/** What the pool stage reads: the config, the resolved cluster and the Proxmox nodes. */
export interface PoolInput {
  readonly env: Environment;
  readonly cluster: ClusterInput;
  readonly nodes: ReadonlyMap<string, ProxmoxNode>;
  /** Every network, for the pools' secondary NICs. @default the cluster's network only */
  readonly networks?: ReadonlyMap<string, PlannedNetwork>;
}

/** A server or agent pool of a cluster, with its config path (`cluster.servers`, ...). */
export interface PoolConfig {
  readonly kind: "server" | "agent";
  readonly pool: VmPool;
  readonly path: string;
}

/**
 * Checks a pool's placement, VMID range, overrides and first address. Returns the Proxmox nodes
 * VMs go round-robin on and the first address (absent under netbox addressing), or undefined
 * after reporting why the pool cannot be planned.
 */
function poolLayout({ pool, path }: PoolConfig, cluster: ClusterInput, issues: IssueLog): { placement: readonly string[]; start?: ParsedAddress } | undefined {
  const { site, network } = cluster;
  const placement = pool.nodes ?? siteNodeNames(site);
  let placementOk = placement.length > 0;
  pool.nodes?.forEach((node, index) => {
    if (!siteNodeNames(site).includes(node)) {
      issues.error(`${path}.nodes[${index}]`, node, `is not a Proxmox node of ${siteLabel(site)}; use one of ${siteNodeNames(site).join(", ")}`);
      placementOk = false;
    }
  });
  const idCapacity = pool.vmIdRange.end - pool.vmIdRange.start + 1;
  if (pool.count > idCapacity) {
    issues.error(`${path}.vmIdRange`, pool.vmIdRange, `holds ${idCapacity} VMIDs but count is ${pool.count}; widen the range to at least ${pool.vmIdRange.start}-${pool.vmIdRange.start + pool.count - 1}`);
    return undefined;
  }
  if (pool.overrides.length > pool.count) {
    issues.error(`${path}.overrides`, pool.overrides.length, `lists ${pool.overrides.length} VMs but count is ${pool.count}; give at most one entry per VM`);
    return undefined;
  }
  let start: ParsedAddress | undefined;
  if (pool.addressStart) {
    start = parseAddress(pool.addressStart);
    const usable = usableRange(network.cidr);
    if (!cidrContains(network.cidr, start)) {
      issues.error(`${path}.addressStart`, pool.addressStart, `is outside the cluster network ${network.config.cidr}; start the pool inside it`);
      return undefined;
    }
    const lastNeeded = start.value + BigInt(Math.max(pool.count, 1) - 1);
    if (pool.count > 0 && lastNeeded > usable.last) {
      const room = usable.last >= start.value ? Number(usable.last - start.value + 1n) : 0;
      issues.error(`${path}.addressStart`, pool.addressStart, `leaves room for ${room} addresses in ${network.config.cidr} but count is ${pool.count}; the pool runs out of addresses: lower addressStart or the count`);
      return undefined;
    }
  } else if (network.addressing === "static") {
    issues.error(`${path}.addressStart`, undefined, `is missing; network ${network.config.name} uses static addressing, so give the pool its first address (or set addressing: "netbox")`);
    return undefined;
  }
  if (!placementOk) return undefined;
  return { placement, ...(start ? { start } : {}) };
}

/**
 * The n-th VM's hostname: its override's `name`, else `<prefix>-<n+1>` with the number zero-padded
 * to `nameDigits` (2 gives k3s-node-01).
 */
export function poolVmName(prefix: string, nameDigits: number, index: number, override: VmPoolOverride): string {
  return override.name ?? `${prefix}-${String(index + 1).padStart(nameDigits, "0")}`;
}

/** A value as a Proxmox tag: lowercase, every character Proxmox does not take in a tag as '-'. */
export function tagSafe(value: string): string {
  return value.toLowerCase().replace(/[^a-z0-9_+.-]/g, "-");
}

/** A pool's `tags` for one VM: `{node}` becomes its Proxmox node, `{version}` the cluster's version, both tag-safe. */
export function expandPoolTags(tags: readonly string[], node: string, version: string): string[] {
  return tags.map((tag) => tag.replace(/\{node\}/g, tagSafe(node)).replace(/\{version\}/g, tagSafe(version)));
}

/**
 * The VMs of one server or agent pool. Positional: the n-th VM gets `vmIdRange.start + n`,
 * `addressStart + n` and the n-th node of the placement (round-robin), so growing a pool never
 * renumbers or moves an existing VM. A VM whose name, VMID or address is taken is reported and
 * left out; its position stays reserved.
 */
export function planPool(input: PoolInput, config: PoolConfig, registries: Registries, issues: IssueLog): PlannedTopologyVm[] {
  const { env, cluster } = input;
  const { kind, pool, path } = config;
  const layout = poolLayout(config, cluster, issues);
  if (!layout) return [];
  const { placement, start } = layout;
  const prefix = pool.namePrefix ?? `${cluster.config.name}-${kind}`;
  const vms: PlannedTopologyVm[] = [];
  for (let index = 0; index < pool.count; index++) {
    const override = pool.overrides[index] ?? {};
    const name = poolVmName(prefix, pool.nameDigits, index, override);
    const vmId = pool.vmIdRange.start + index;
    const node = placement[index % placement.length];
    const namePath = override.name ? `${path}.overrides[${index}].name` : `${path}.namePrefix`;
    const identityOk = registries.identities.take(name, vmId, namePath, `${path}.vmIdRange`);
    const address = start ? registries.claims.hostAddress(cluster.network, start.value + BigInt(index), name, `${path}.addressStart`) : undefined;
    if (!identityOk || (start && !address)) continue;
    const nicsOwner = { vm: name, site: cluster.site, primaryNetwork: cluster.network.config.name, path: `${path}.nics`, addressField: "addressStart", offset: index } as const;
    const nics = pool.nics.map(({ addressStart, ...rest }) => ({ ...rest, ...(addressStart ? { address: addressStart } : {}) }));
    const extraNics = planSecondaryNics(nics, nicsOwner, input.networks ?? new Map([[cluster.network.config.name, cluster.network]]), registries.claims, issues);
    if (!extraNics) continue;
    vms.push({
      name,
      role: kind,
      kind,
      index,
      vmId,
      node,
      cores: override.cores ?? pool.cores,
      memoryMiB: override.memoryMiB ?? pool.memoryMiB,
      diskGiB: override.diskGiB ?? pool.diskGiB,
      datastore: pool.datastore ?? defaultDatastore(input.nodes, node),
      nic: nicFor(cluster.network, address),
      ...(extraNics.length > 0 ? { extraNics } : {}),
      dns: dnsFor(cluster.network),
      groups: [kind],
      tags: sortedUnique([...environmentTags(env), clusterTag(cluster.config), kind === "server" ? "control-plane" : "worker", ...expandPoolTags(pool.tags, node, cluster.config.version)]),
      labels: { "topology.kubernetes.io/zone": node, ...pool.labels, ...override.labels },
      taints: [...new Set([...pool.taints, ...(override.taints ?? [])])],
      vendorData: "kubernetes",
      ha: false,
      site: cluster.site.config.name,
      cluster: cluster.config.name,
    });
  }
  return vms;
}

/** A cluster's VMs: its servers, then its agents (so servers claim their addresses first). */
export function planClusterPools(input: PoolInput, registries: Registries, issues: IssueLog): { servers: PlannedTopologyVm[]; agents: PlannedTopologyVm[] } {
  const { config, path } = input.cluster;
  const servers = planPool(input, { kind: "server", pool: config.servers, path: `${path}.servers` }, registries, issues);
  const agents = config.agents ? planPool(input, { kind: "agent", pool: config.agents, path: `${path}.agents` }, registries, issues) : [];
  return { servers, agents };
}
