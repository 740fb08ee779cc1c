import { ConfigError, ConfigIssue } from "../config/errors";
import { clusterKubeconfigPath, onceEach, planPlatform, type TopologyClusterPlatform } from "./platform";
import { parseEnvironment } from "../config/load";
import type { Cluster, Environment, ExtraVm, ProxmoxNode, VmPool } from "../config/schema";
import {
  ParsedCidr,
  cidrContains,
  cidrsOverlap,
  formatAddress,
  parseAddress,
  parseCidr,
  usableRange,
} from "../net/ip";
import type {
  PlannedTopologyNetbox,
  PlannedTopologyNetwork,
  PlannedTopologyVm,
  Topology,
  TopologyCluster,
  TopologySnippet,
  TopologyVm,
  VendorDataProfile,
} from "./types";
import { SiteInput, siteInputs, siteOf, topologySite } from "./sites";
import { planBgp, rangeToCidrs, withClusterBgp } from "./bgp";
import { heldAddresses, networkAddressing } from "./addressing";
import { resolveAddressesAndNames } from "./vm-addresses";

/** Inventory groups the generator owns; an extra VM's role may not take these names. */
const RESERVED_GROUPS = new Set(["all", "ungrouped", "k3s_cluster", "server", "agent"]);
/** Where each distribution serves the Kubernetes API. */
const API_PORTS = { k3s: 6443, microk8s: 16443 } as const;

/** Where an address is claimed, so a collision names both owners. */
interface Claim {
  readonly owner: string;
  readonly path: string;
}

/** Collects issues while planning, so one run reports everything wrong at once. */
class Issues {
  readonly errors: ConfigIssue[] = [];
  readonly warnings: ConfigIssue[] = [];
  error(path: string, value: unknown, message: string): void {
    this.errors.push({ path, value, message });
  }
  warn(path: string, value: unknown, message: string): void {
    this.warnings.push({ path, value, message });
  }
}

interface PlannedNetwork {
  readonly config: NonNullable<Environment["networks"]>[number];
  readonly site: SiteInput;
  readonly addressing: "static" | "netbox";
  readonly path: string;
  readonly cidr: ParsedCidr;
  readonly ipv6?: ParsedCidr;
  readonly nodes: Set<string>;
}

/** An IPv6 host address that reads like its IPv4 one: 192.168.1.50 → <prefix>::50. */
function ipv6For(prefix: ParsedCidr, ipv4: bigint, network: ParsedCidr): string {
  const hostNumber = ipv4 - network.first;
  const readable = BigInt(`0x${hostNumber.toString(10)}`);
  return formatAddress(prefix.network + readable, 6);
}

function groupName(role: string): string {
  return role.replace(/-/g, "_");
}

function sortedUnique(values: Iterable<string>): string[] {
  return [...new Set(values)].sort();
}

function vendorProfile(kind: TopologyVm["kind"], role: string): VendorDataProfile {
  if (kind !== "extra") return "kubernetes";
  return role === "router" ? "router" : "base";
}

/**
 * Resolves a validated environment into a Topology: VMIDs, placement, addresses, groups and tags.
 * Deterministic: the n-th VM of a pool always gets the pool's n-th VMID and address, so growing a
 * pool never renumbers an existing VM. Throws {@link ConfigError} listing every problem found.
 */
export function planTopology(environment: Environment): Topology {
  const issues = new Issues();
  const env = environment;
  const sites = siteInputs(env, (issue) => issues.errors.push(issue));
  if (sites.length === 0) throw new ConfigError(env.name, issues.errors);
  const nodesByName = new Map<string, ProxmoxNode>();
  const nodeSite = new Map<string, SiteInput>();
  for (const site of sites) {
    site.config.proxmox.nodes.forEach((node, index) => {
      if (nodesByName.has(node.name)) {
        issues.error(`${site.proxmoxPath}.nodes[${index}].name`, node.name, "is listed twice; every Proxmox node needs a unique name (across sites too)");
        return;
      }
      nodesByName.set(node.name, node);
      nodeSite.set(node.name, site);
    });
  }
  const siteNodeNames = (site: SiteInput): string[] => site.config.proxmox.nodes.map((node) => node.name);
  const siteLabel = (site: SiteInput): string => (site.implicit ? "this environment" : `site ${site.config.name}`);

  const networks = new Map<string, PlannedNetwork>();
  const allNetworks = sites.flatMap((site) => site.config.networks.map((network, index) => ({ site, network, index })));
  allNetworks.forEach(({ site, network, index }) => {
    const path = `${site.networksPath}[${index}]`;
    if (networks.has(network.name)) {
      issues.error(`${path}.name`, network.name, "is used by another network; give each network a unique name");
      return;
    }
    const cidr = parseCidr(network.cidr);
    if (cidr.text !== network.cidr) {
      issues.error(`${path}.cidr`, network.cidr, `has host bits set; write the network address ${cidr.text}`);
    }
    const ipv6 = network.ipv6 ? parseCidr(network.ipv6.prefix) : undefined;
    for (const other of networks.values()) {
      if (cidrsOverlap(cidr, other.cidr)) {
        issues.error(`${path}.cidr`, network.cidr, `overlaps ${other.path} (${other.config.cidr}); give each network its own range`);
      }
      if (ipv6 && other.ipv6 && cidrsOverlap(ipv6, other.ipv6)) {
        issues.error(`${path}.ipv6.prefix`, network.ipv6?.prefix, `overlaps ${other.path}.ipv6.prefix (${other.config.ipv6?.prefix}); give each network its own prefix`);
      }
    }
    const gateway = parseAddress(network.gateway);
    const usable = usableRange(cidr);
    if (!cidrContains(cidr, gateway)) {
      issues.error(`${path}.gateway`, network.gateway, `is outside ${network.cidr}; pick a gateway inside the network`);
    } else if (gateway.value < usable.first || gateway.value > usable.last) {
      issues.error(`${path}.gateway`, network.gateway, `is the network or broadcast address of ${network.cidr}; pick a host address`);
    }
    if (ipv6 && network.ipv6?.gateway && !cidrContains(ipv6, parseAddress(network.ipv6.gateway))) {
      issues.error(`${path}.ipv6.gateway`, network.ipv6.gateway, `is outside ${network.ipv6.prefix}; pick a gateway inside the prefix`);
    }
    network.reserved.forEach((range, rangeIndex) => {
      const start = parseAddress(range.start);
      const end = parseAddress(range.end);
      if (!cidrContains(cidr, start) || !cidrContains(cidr, end)) {
        issues.error(`${path}.reserved[${rangeIndex}]`, range, `is not inside ${network.cidr}; reserve addresses of this network only`);
      } else if (end.value < start.value) {
        issues.error(`${path}.reserved[${rangeIndex}]`, range, "ends before it starts; swap start and end");
      }
    });
    const addressing = networkAddressing(env, network, path, issues);
    networks.set(network.name, { config: network, site, addressing, path, cidr, ipv6, nodes: new Set() });
  });

  // Every address handed out, with who holds it; a second claim is a collision.
  const claims = new Map<bigint, Claim>();
  const claim = (value: bigint, owner: string, path: string, shown: string): boolean => {
    const held = claims.get(value);
    if (held) {
      issues.error(path, shown, `collides with ${held.owner} (${held.path}); every host, gateway, VIP and LB pool address must be distinct`);
      return false;
    }
    claims.set(value, { owner, path });
    return true;
  };
  for (const network of networks.values()) {
    claim(parseAddress(network.config.gateway).value, `the gateway of network ${network.config.name}`, `${network.path}.gateway`, network.config.gateway);
  }

  const reservedOwner = (value: bigint, network: PlannedNetwork): string | undefined => {
    for (const range of network.config.reserved) {
      if (value >= parseAddress(range.start).value && value <= parseAddress(range.end).value) {
        return `reserved range ${range.start}-${range.end}${range.description ? ` (${range.description})` : ""}`;
      }
    }
    return undefined;
  };

  /** Checks an address a VM wants on a network; returns it when usable. */
  const hostAddress = (network: PlannedNetwork, value: bigint, owner: string, path: string): string | undefined => {
    const text = formatAddress(value, 4);
    const usable = usableRange(network.cidr);
    if (value < network.cidr.first || value > network.cidr.last) {
      issues.error(path, text, `${owner}'s address is outside network ${network.config.name} (${network.config.cidr}); use an address inside it`);
      return undefined;
    }
    if (value < usable.first || value > usable.last) {
      issues.error(path, text, `${owner}'s address is the network or broadcast address of ${network.config.cidr}; use a host address`);
      return undefined;
    }
    const reserved = reservedOwner(value, network);
    if (reserved) {
      issues.error(path, text, `${owner}'s address lies in ${reserved}; move it out of the reserved range`);
      return undefined;
    }
    return claim(value, owner, path, text) ? text : undefined;
  };

  // Clusters: one `cluster`, or a list of `clusters` (e.g. one per site).
  if (env.cluster && env.clusters) {
    issues.error("clusters", env.clusters.map((c) => c.name), "is set beside cluster; list every cluster under clusters, or keep the single cluster");
  }
  const clusterConfigs: { config: Cluster; path: string }[] = env.clusters
    ? env.clusters.map((config, index) => ({ config, path: `clusters[${index}]` }))
    : env.cluster
      ? [{ config: env.cluster, path: "cluster" }]
      : [];
  const clusterNames = new Set<string>();

  // Each cluster's VIP and LB pool are claimed before any VM, so a VM landing on them is the one named.
  const clusterInputs = clusterConfigs.flatMap(({ config, path }) => {
    if (clusterNames.has(config.name)) {
      issues.error(`${path}.name`, config.name, "is used by another cluster; give each cluster a unique name");
      return [];
    }
    clusterNames.add(config.name);
    const site = siteOf(sites, config.site, `${path}.site`, (issue) => issues.errors.push(issue));
    const network = networks.get(config.network);
    if (!network) {
      issues.error(`${path}.network`, config.network, `is not a declared network; use one of ${[...networks.keys()].join(", ")}`);
      return [];
    }
    if (!site) return [];
    if (network.site !== site) {
      issues.error(`${path}.network`, config.network, `belongs to site ${network.site.config.name}, not the cluster's site ${site.config.name}; use one of ${site.config.networks.map((n) => n.name).join(", ")}`);
      return [];
    }
    let lbPool: { first: bigint; last: bigint } | undefined;
    const vip = parseAddress(config.apiVip);
    if (!cidrContains(network.cidr, vip)) {
      issues.error(`${path}.apiVip`, config.apiVip, `is outside the cluster network ${network.config.cidr}; pick a free address inside it`);
    } else {
      claim(vip.value, `the Kubernetes API VIP${clusterConfigs.length > 1 ? ` of ${config.name}` : ""}`, `${path}.apiVip`, config.apiVip);
    }
    const start = parseAddress(config.loadBalancerPool.start);
    const end = parseAddress(config.loadBalancerPool.end);
    if (!cidrContains(network.cidr, start) || !cidrContains(network.cidr, end)) {
      issues.error(`${path}.loadBalancerPool`, config.loadBalancerPool, `is not inside the cluster network ${network.config.cidr}; LoadBalancer addresses must be reachable on it`);
    } else if (end.value < start.value) {
      issues.error(`${path}.loadBalancerPool`, config.loadBalancerPool, "ends before it starts; swap start and end");
    } else {
      lbPool = { first: start.value, last: end.value };
      for (let value = start.value; value <= end.value; value++) {
        const held = claims.get(value);
        if (held) {
          issues.error(`${path}.loadBalancerPool`, config.loadBalancerPool, `contains ${formatAddress(value, 4)}, which is ${held.owner} (${held.path}); shrink or move the pool`);
          break;
        }
        claims.set(value, { owner: `the LoadBalancer pool${clusterConfigs.length > 1 ? ` of ${config.name}` : ""}`, path: `${path}.loadBalancerPool` });
      }
    }
    return [{ config, path, site, network, lbPool }];
  });

  const vms: PlannedTopologyVm[] = [];
  const vmIds = new Map<number, string>();
  const names = new Map<string, string>();
  const takeIdentity = (name: string, vmId: number, path: string, vmIdPath: string): boolean => {
    let ok = true;
    const heldName = names.get(name);
    if (heldName) {
      issues.error(path, name, `is also the name of ${heldName}; VM names must be unique`);
      ok = false;
    }
    const heldId = vmIds.get(vmId);
    if (heldId) {
      issues.error(vmIdPath, vmId, `VMID ${vmId} is also used by ${heldId}; VMIDs must be unique`);
      ok = false;
    }
    names.set(name, path);
    vmIds.set(vmId, `${name} (${path})`);
    return ok;
  };

  const envTags = [...env.tags, env.name];
  const defaultDatastore = (node: string): string => nodesByName.get(node)?.datastores[0] ?? "local-lvm";

  /** The NIC on a network; without an address (netbox addressing) NetBox fills it in at apply. */
  const nicFor = (network: PlannedNetwork, address: string | undefined): TopologyVm["nic"] => {
    const config = network.config;
    const value = address ? parseAddress(address).value : undefined;
    return {
      network: config.name,
      bridge: config.bridge,
      ...(config.vlan !== undefined ? { vlan: config.vlan } : {}),
      addressing: address ? "static" : "netbox",
      ipv4: { ...(address ? { address } : {}), prefixLength: network.cidr.prefixLength, gateway: config.gateway },
      ...(network.ipv6
        ? {
            ipv6: {
              ...(value !== undefined ? { address: ipv6For(network.ipv6, value, network.cidr) } : {}),
              prefixLength: network.ipv6.prefixLength,
              ...(config.ipv6?.gateway ? { gateway: config.ipv6.gateway } : {}),
            },
          }
        : {}),
    };
  };

  // Extra VMs first: they are pinned by the user and claim their addresses before pools do.
  env.vms.forEach((vm: ExtraVm, index) => {
    const path = `vms[${index}]`;
    if (RESERVED_GROUPS.has(groupName(vm.role))) {
      issues.error(`${path}.role`, vm.role, `is reserved for the cluster's own inventory groups; name the role differently (e.g. "${vm.role}-vm")`);
    }
    const site = siteOf(sites, vm.site, `${path}.site`, (issue) => issues.errors.push(issue));
    if (site && !siteNodeNames(site).includes(vm.node)) {
      issues.error(`${path}.node`, vm.node, `is not a Proxmox node of ${siteLabel(site)}; use one of ${siteNodeNames(site).join(", ")}`);
    }
    const network = networks.get(vm.network);
    if (!network) {
      issues.error(`${path}.network`, vm.network, `is not a declared network; use one of ${[...networks.keys()].join(", ")}`);
    } else if (site && network.site !== site) {
      issues.error(`${path}.network`, vm.network, `belongs to site ${network.site.config.name}, not the VM's site ${site.config.name}; use one of ${site.config.networks.map((n) => n.name).join(", ")}`);
    }
    const identityOk = takeIdentity(vm.name, vm.vmId, `${path}.name`, `${path}.vmId`);
    let address: string | undefined;
    if (network && vm.address) {
      address = hostAddress(network, parseAddress(vm.address).value, vm.name, `${path}.address`);
      if (!address) return;
    } else if (network && network.addressing === "static") {
      issues.error(`${path}.address`, undefined, `is missing; network ${network.config.name} uses static addressing, so give the VM a free address in ${network.config.cidr} (or set addressing: "netbox")`);
      return;
    }
    if (!network || !site || !identityOk || network.site !== site || !siteNodeNames(site).includes(vm.node)) return;
    network.nodes.add(vm.node);
    vms.push({
      name: vm.name,
      role: vm.role,
      kind: "extra",
      index: 0,
      vmId: vm.vmId,
      node: vm.node,
      cores: vm.cores,
      memoryMiB: vm.memoryMiB,
      diskGiB: vm.diskGiB,
      datastore: vm.datastore ?? defaultDatastore(vm.node),
      nic: nicFor(network, address),
      dns: { servers: network.config.dns, ...(network.config.domain ? { domain: network.config.domain } : {}) },
      groups: [groupName(vm.role)],
      tags: sortedUnique([...envTags, vm.role, ...vm.tags]),
      labels: {},
      taints: [],
      vendorData: vendorProfile("extra", vm.role),
      ha: vm.ha,
      ...(vm.description ? { description: vm.description } : {}),
      site: site.config.name,
    });
  });

  const clusters: TopologyCluster[] = [];
  const clusterBgpInputs: { cluster: TopologyCluster; path: string; bgp?: Cluster["bgp"] }[] = [];
  for (const { config, path: clusterPath, site, network, lbPool } of clusterInputs) {
    const clusterTag = `k8s-${config.name}`;
    const planPool = (kind: "server" | "agent", pool: VmPool, path: string): string[] => {
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
        return [];
      }
      if (pool.overrides.length > pool.count) {
        issues.error(`${path}.overrides`, pool.overrides.length, `lists ${pool.overrides.length} VMs but count is ${pool.count}; give at most one entry per VM`);
        return [];
      }
      let start: ReturnType<typeof parseAddress> | undefined;
      if (pool.addressStart) {
        start = parseAddress(pool.addressStart);
        const usable = usableRange(network.cidr);
        if (!cidrContains(network.cidr, start)) {
          issues.error(`${path}.addressStart`, pool.addressStart, `is outside the cluster network ${network.config.cidr}; start the pool inside it`);
          return [];
        }
        const lastNeeded = start.value + BigInt(Math.max(pool.count, 1) - 1);
        if (pool.count > 0 && lastNeeded > usable.last) {
          const room = usable.last >= start.value ? Number(usable.last - start.value + 1n) : 0;
          issues.error(`${path}.addressStart`, pool.addressStart, `leaves room for ${room} addresses in ${network.config.cidr} but count is ${pool.count}; the pool runs out of addresses: lower addressStart or the count`);
          return [];
        }
      } else if (network.addressing === "static") {
        issues.error(`${path}.addressStart`, undefined, `is missing; network ${network.config.name} uses static addressing, so give the pool its first address (or set addressing: "netbox")`);
        return [];
      }
      if (!placementOk) return [];
      const prefix = pool.namePrefix ?? `${config.name}-${kind}`;
      const created: string[] = [];
      for (let index = 0; index < pool.count; index++) {
        const name = `${prefix}-${index + 1}`;
        const vmId = pool.vmIdRange.start + index;
        const node = placement[index % placement.length];
        const identityOk = takeIdentity(name, vmId, `${path}.namePrefix`, `${path}.vmIdRange`);
        const address = start ? hostAddress(network, start.value + BigInt(index), name, `${path}.addressStart`) : undefined;
        if (!identityOk || (start && !address)) continue;
        const size = pool.overrides[index] ?? {};
        network.nodes.add(node);
        created.push(name);
        vms.push({
          name,
          role: kind,
          kind,
          index,
          vmId,
          node,
          cores: size.cores ?? pool.cores,
          memoryMiB: size.memoryMiB ?? pool.memoryMiB,
          diskGiB: size.diskGiB ?? pool.diskGiB,
          datastore: pool.datastore ?? defaultDatastore(node),
          nic: nicFor(network, address),
          dns: { servers: network.config.dns, ...(network.config.domain ? { domain: network.config.domain } : {}) },
          groups: [kind],
          tags: sortedUnique([...envTags, clusterTag, kind === "server" ? "control-plane" : "worker"]),
          labels: { "topology.kubernetes.io/zone": node, ...pool.labels },
          taints: pool.taints,
          vendorData: "kubernetes",
          ha: false,
          site: site.config.name,
          cluster: config.name,
        });
      }
      return created;
    };

    if (config.servers.count === 0) {
      issues.error(`${clusterPath}.servers.count`, 0, "a cluster needs at least one server (control-plane node); use 1 for a lab or 3 for HA");
    } else if (config.servers.count % 2 === 0) {
      issues.warn(`${clusterPath}.servers.count`, config.servers.count, `an even number of etcd members tolerates no more failures than ${config.servers.count - 1}; use an odd count`);
    }
    const servers = planPool("server", config.servers, `${clusterPath}.servers`);
    const agents = config.agents ? planPool("agent", config.agents, `${clusterPath}.agents`) : [];

    // Quorum: a node holding a majority of servers takes the control plane down with it.
    if (servers.length > 1) {
      const perNode = new Map<string, number>();
      for (const vm of vms) if (vm.kind === "server" && vm.cluster === config.name) perNode.set(vm.node, (perNode.get(vm.node) ?? 0) + 1);
      for (const [node, count] of perNode) {
        if (count > servers.length / 2) {
          issues.warn(`${clusterPath}.servers.nodes`, config.servers.nodes ?? siteNodeNames(site), `Proxmox node ${node} holds ${count} of ${servers.length} servers, a majority: losing it loses etcd quorum; allow the pool more nodes`);
        }
      }
    }

    const poolSize = lbPool ? Number(lbPool.last - lbPool.first + 1n) : 0;
    const cluster: TopologyCluster = {
      name: config.name,
      distribution: config.distribution,
      version: config.version,
      network: config.network,
      apiVip: config.apiVip,
      apiPort: API_PORTS[config.distribution],
      loadBalancerPool: { start: config.loadBalancerPool.start, end: config.loadBalancerPool.end, size: poolSize },
      servers,
      agents,
      tag: clusterTag,
      site: site.config.name,
      loadBalancerPrefixes: lbPool ? rangeToCidrs(config.loadBalancerPool.start, config.loadBalancerPool.end) : [],
      kubeconfigPath: clusterKubeconfigPath(env, config.name, clusterConfigs.length),
    };
    clusters.push(cluster);
    clusterBgpInputs.push({ cluster, path: clusterPath, bgp: config.bgp });
  }
  const cluster: TopologyCluster | undefined = clusters.length === 1 ? clusters[0] : undefined;

  // Capacity, per site: the sum must fit (error); each node above its overcommit ratio is worth a warning.
  for (const site of sites) {
    const siteNodes = new Set(siteNodeNames(site));
    const usedNodes = new Set(vms.filter((vm) => siteNodes.has(vm.node)).map((vm) => vm.node));
    const placedHere = vms.filter((vm) => siteNodes.has(vm.node));
    const demand = placedHere.reduce((sum, vm) => ({ cores: sum.cores + vm.cores, memory: sum.memory + vm.memoryMiB }), { cores: 0, memory: 0 });
    const supply = [...usedNodes].reduce(
      (sum, name) => ({ cores: sum.cores + (nodesByName.get(name)?.cores ?? 0), memory: sum.memory + (nodesByName.get(name)?.memoryMiB ?? 0) }),
      { cores: 0, memory: 0 },
    );
    const nodeList = [...usedNodes].sort().join(", ");
    const nodesPath = `${site.proxmoxPath}.nodes`;
    if (demand.cores > supply.cores) {
      issues.error(nodesPath, nodeList, `VMs need ${demand.cores} vCPUs but the Proxmox nodes they use offer ${supply.cores} cores; add nodes or cores, or shrink the VMs`);
    }
    if (demand.memory > supply.memory) {
      issues.error(nodesPath, nodeList, `VMs need ${demand.memory} MiB of memory but the Proxmox nodes they use offer ${supply.memory} MiB; add nodes or memory, or shrink the VMs`);
    }
    site.config.proxmox.nodes.forEach((node, index) => {
      const placed = vms.filter((vm) => vm.node === node.name);
      const cores = placed.reduce((sum, vm) => sum + vm.cores, 0);
      const memory = placed.reduce((sum, vm) => sum + vm.memoryMiB, 0);
      const { cpuRatio, memoryRatio } = site.config.proxmox.overcommit;
      if (cores > node.cores * cpuRatio) {
        issues.warn(`${nodesPath}[${index}].cores`, node.cores, `${node.name} carries ${cores} vCPUs, above ${cpuRatio}x its cores; spread VMs or raise ${site.proxmoxPath}.overcommit.cpuRatio`);
      }
      if (memory > node.memoryMiB * memoryRatio) {
        issues.warn(`${nodesPath}[${index}].memoryMiB`, node.memoryMiB, `${node.name} carries ${memory} MiB of VM memory, above ${memoryRatio}x its memory; spread VMs or raise ${site.proxmoxPath}.overcommit.memoryRatio`);
      }
    });
  }

  if (env.image.kind === "template" && env.image.templateNode && !nodesByName.has(env.image.templateNode)) {
    issues.error("image.templateNode", env.image.templateNode, `is not a Proxmox node of this environment; use one of ${[...nodesByName.keys()].join(", ")}`);
  }

  // The one `platform` block, resolved per cluster (its LB pool, API VIP, nodes and site).
  if (clusters.length > 1 && env.kubeconfigPath) {
    issues.error("kubeconfigPath", env.kubeconfigPath, `names one file for ${clusters.length} clusters; remove it: each cluster's kubeconfig is ${clusterKubeconfigPath(env, "<cluster>", clusters.length)} (override at deploy with TF_VAR_kubeconfig_path_<cluster>)`);
  }
  const platformIssues = onceEach(issues);
  const clusterPlatformsPlanned = clusters.map((each) => planPlatform(env, { cluster: each, vms }, platformIssues));
  const platform = clusters.length === 0 ? planPlatform(env, { vms }, issues) : clusterPlatformsPlanned[0];

  const topologyNetworks: PlannedTopologyNetwork[] = [...networks.values()].map((network) => {
    const { config, cidr, ipv6, nodes } = network;
    return {
      name: config.name,
      bridge: config.bridge,
      ...(config.vlan !== undefined ? { vlan: config.vlan } : {}),
      cidr: cidr.text,
      prefixLength: cidr.prefixLength,
      gateway: config.gateway,
      dns: config.dns,
      ...(config.domain ? { domain: config.domain } : {}),
      ...(ipv6 ? { ipv6: { prefix: ipv6.text, prefixLength: ipv6.prefixLength, ...(config.ipv6?.gateway ? { gateway: config.ipv6.gateway } : {}) } } : {}),
      reserved: config.reserved,
      manageBridge: config.manageBridge,
      bridgePorts: config.bridgePorts,
      ...(config.description ? { description: config.description } : {}),
      nodes: [...nodes].sort(),
      site: network.site.config.name,
      addressing: network.addressing,
      ...(config.netboxRange ? { netboxRange: { start: config.netboxRange.start, end: config.netboxRange.end } } : {}),
      held: network.addressing === "netbox" ? heldAddresses(network.config, clusterInputs.filter((c) => c.network === network).map((c) => c.config)) : [],
    };
  });

  if (env.addressing === "netbox" || topologyNetworks.some((network) => network.addressing === "netbox")) {
    if (!env.netbox?.enabled) {
      issues.error("netbox", env.netbox?.enabled, 'is missing or disabled, but addressing "netbox" needs NetBox to allocate addresses; configure netbox (url, site) or use static addressing');
    }
  }

  const bgp = planBgp({ env, vms, networks: topologyNetworks, clusters: clusterBgpInputs, error: (issue) => issues.errors.push(issue) });
  const clusterPlatforms: TopologyClusterPlatform[] = clusters.map((each, index) => ({
    cluster: each.name,
    site: each.site,
    ...(clusters.length > 1 ? { providerAlias: each.name } : {}),
    kubeconfigPath: each.kubeconfigPath,
    kubeconfigVariable: clusters.length > 1 ? `kubeconfig_path_${each.name.replace(/-/g, "_")}` : "kubeconfig_path",
    platform: withClusterBgp(clusterPlatformsPlanned[index], bgp, clusterBgpInputs[index], env, (issue) => issues.errors.push(issue)),
  }));
  const platformWithBgp = clusterPlatforms[0]?.platform ?? platform;
  if (env.netbox?.enabled && !env.sites && !env.netbox.site) {
    issues.error("netbox.site", undefined, "is missing; name the NetBox site ({ name, slug }) the environment's records are filed under");
  }
  if (env.netbox?.enabled && env.sites) {
    env.sites.forEach((site, index) => {
      if (!site.netboxSite && !env.netbox?.site) {
        issues.error(`sites[${index}].netboxSite`, undefined, "is missing; name the NetBox site ({ name, slug }) this site's records are filed under");
      }
    });
  }
  if (issues.errors.length > 0) throw new ConfigError(env.name, issues.errors);

  const snippets: TopologySnippet[] = [];
  const seen = new Set<string>();
  for (const vm of vms) {
    const key = `${vm.vendorData}@${vm.node}`;
    if (seen.has(key)) continue;
    seen.add(key);
    snippets.push({
      profile: vm.vendorData,
      node: vm.node,
      datastore: nodesByName.get(vm.node)!.snippetsDatastore,
      fileName: `${env.name}-${vm.vendorData}-vendor.yaml`,
      site: vm.site,
    });
  }

  let netbox: PlannedTopologyNetbox | undefined;
  if (env.netbox?.enabled) {
    const prefixes: { prefix: string; description?: string; network?: string }[] = [];
    for (const network of topologyNetworks) {
      prefixes.push({ prefix: network.cidr, description: network.description ?? network.name, network: network.name });
      if (network.ipv6) prefixes.push({ prefix: network.ipv6.prefix, description: `${network.description ?? network.name} (IPv6)`, network: network.name });
    }
    for (const extra of env.netbox.prefixes) {
      const normalised = parseCidr(extra.prefix).text;
      if (!prefixes.some((known) => known.prefix === normalised)) {
        prefixes.push({ prefix: normalised, ...(extra.description ? { description: extra.description } : {}) });
      }
    }
    const netboxSites = sites.map((site) => {
      const netboxSite = site.config.netboxSite ?? env.netbox!.site!;
      const firstCluster = clusters.find((candidate) => candidate.site === site.config.name);
      const clusterName = site.implicit ? env.cluster?.name ?? env.clusters?.[0]?.name ?? env.name : firstCluster?.name ?? `${env.name}-${site.config.name}`;
      return { site: site.config.name, name: netboxSite.name, slug: netboxSite.slug, clusterName };
    });
    netbox = {
      url: env.netbox.url,
      site: { name: netboxSites[0].name, slug: netboxSites[0].slug },
      clusterType: env.netbox.clusterType,
      clusterName: netboxSites[0].clusterName,
      prefixes,
      roles: sortedUnique(vms.map((vm) => vm.role)),
      sites: netboxSites,
    };
  }

  const topologySites = sites.map(topologySite);
  return resolveAddressesAndNames({
    environment: env.name,
    ...(env.description ? { description: env.description } : {}),
    proxmox: topologySites[0].proxmox,
    image: env.image,
    vmUser: env.vmUser,
    cpuType: env.cpuType,
    networks: topologyNetworks,
    ...(cluster ? { cluster } : {}),
    clusters,
    sites: topologySites,
    bgp,
    vms,
    snippets,
    sshPublicKeys: env.sshPublicKeys,
    tags: sortedUnique(envTags),
    ...(netbox ? { netbox } : {}),
    kubeconfigPath: cluster?.kubeconfigPath ?? env.kubeconfigPath ?? `~/.kube/homelab-${env.name}.yaml`,
    platform: platformWithBgp,
    clusterPlatforms,
    warnings: issues.warnings,
  });
}

/** Validates raw input (a typed environment object, or parsed JSON/YAML) and plans it in one step. */
export function resolveEnvironment(input: unknown, label?: string): Topology {
  return planTopology(parseEnvironment(input, label));
}
