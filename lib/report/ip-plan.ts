import { formatAddress, parseAddress, parseCidr } from "../net/ip";
import type { Topology, TopologyNetwork } from "../topology/types";

/*
 * The IP plan of each network, read off the Topology: every IPv4 address or range and what holds it
 * (network and broadcast address, gateway, VMs, API VIPs, LoadBalancer pools, reserved ranges,
 * NetBox's allocation range), and the free ranges between them. Pure data; the HTML report renders it.
 */

/** What holds an address or range. */
export type IpHolderKind = "network" | "broadcast" | "gateway" | "dns" | "vm" | "host" | "api-vip" | "lb-pool" | "reserved" | "netbox-range" | "free";

export interface IpPlanRow {
  readonly start: string;
  /** Same as start for a single address. */
  readonly end: string;
  readonly count: number;
  readonly kind: IpHolderKind;
  /** Who holds it: a VM name, "gateway", a cluster's pool, a reserved range's description. */
  readonly holder: string;
  /** More about it: a VM's role and VMID, the ingress address inside a pool. */
  readonly detail?: string;
}

/** An IPv6 address a VM or the gateway holds in the network's prefix. */
export interface Ipv6Row {
  readonly address: string;
  readonly holder: string;
}

export interface NetworkIpPlan {
  readonly network: TopologyNetwork;
  /** Every held and free range, by address. */
  readonly rows: readonly IpPlanRow[];
  /** Addresses in the network (including network and broadcast). */
  readonly size: number;
  /** Addresses held by anything (network and broadcast included). */
  readonly held: number;
  /** Addresses nothing holds. */
  readonly free: number;
  /** VMs on this network whose address NetBox allocates at apply (not in `rows`). */
  readonly netboxVms: readonly string[];
  readonly ipv6: readonly Ipv6Row[];
}

interface Span {
  first: bigint;
  last: bigint;
  kind: IpHolderKind;
  holder: string;
  detail?: string;
}

const value = (address: string): bigint => parseAddress(address).value;
const text = (v: bigint): string => formatAddress(v, 4);

/** A network of the Topology with IPv4. */
type Ipv4TopologyNetwork = TopologyNetwork & { readonly cidr: string; readonly prefixLength: number; readonly gateway: string };

function planOne(topology: Topology, network: Ipv4TopologyNetwork): NetworkIpPlan {
  const cidr = parseCidr(network.cidr);
  const spans: Span[] = [];
  const add = (first: bigint, last: bigint, kind: IpHolderKind, holder: string, detail?: string): void => {
    if (first < cidr.first || last > cidr.last) return;
    spans.push({ first, last, kind, holder, ...(detail ? { detail } : {}) });
  };
  const hostBits = 32 - network.prefixLength;
  if (hostBits >= 2) {
    add(cidr.first, cidr.first, "network", "network address");
    add(cidr.last, cidr.last, "broadcast", "broadcast address");
  }
  // A gateway VM (the network's router) holds the gateway address itself: one row, the VM's.
  const gatewayVm = topology.vms.find((vm) => vm.nic.network === network.name && vm.nic.ipv4.address === network.gateway);
  if (!gatewayVm) add(value(network.gateway), value(network.gateway), "gateway", "gateway");
  const netboxVms: string[] = [];
  const vmAddresses = new Set<string>();
  for (const vm of topology.vms) {
    if (vm.nic.network !== network.name) continue;
    if (!vm.nic.ipv4.address) {
      netboxVms.push(vm.name);
      continue;
    }
    vmAddresses.add(vm.nic.ipv4.address);
    add(value(vm.nic.ipv4.address), value(vm.nic.ipv4.address), "vm", vm.name, `VM ${vm.vmId} · ${vm.role} on ${vm.node}${vm === gatewayVm ? " · the network's gateway" : ""}`);
  }
  for (const host of topology.hosts ?? []) {
    if (host.network !== network.name) continue;
    vmAddresses.add(host.address);
    add(value(host.address), value(host.address), "host", host.name, `bare-metal ${host.architecture} ${host.role} of ${host.cluster}`);
  }
  for (const dns of network.dns) {
    if (dns.includes(":") || dns === network.gateway || vmAddresses.has(dns)) continue;
    add(value(dns), value(dns), "dns", "DNS server");
  }
  for (const cluster of topology.clusters) {
    if (cluster.network !== network.name) continue;
    // With one API load-balancer VM the API is served on that VM's own address, already listed.
    if (!vmAddresses.has(cluster.apiVip)) add(value(cluster.apiVip), value(cluster.apiVip), "api-vip", `${cluster.name} API VIP`, `${cluster.distribution} API on port ${cluster.apiPort}`);
    const ingress = topology.clusterPlatforms.find((candidate) => candidate.cluster === cluster.name)?.platform.ingress?.loadBalancerIP;
    add(
      value(cluster.loadBalancerPool.start),
      value(cluster.loadBalancerPool.end),
      "lb-pool",
      `${cluster.name} LoadBalancer pool`,
      [ingress ? `ingress controller at ${ingress}` : undefined, cluster.loadBalancerPrefixes.length ? `announced as ${cluster.loadBalancerPrefixes.join(", ")}` : undefined].filter(Boolean).join("; ") || undefined,
    );
  }
  for (const range of network.reserved) add(value(range.start), value(range.end), "reserved", range.description ?? "reserved");
  if (network.netboxRange) {
    add(value(network.netboxRange.start), value(network.netboxRange.end), "netbox-range", "NetBox allocation range", netboxVms.length ? `${netboxVms.length} VM address(es) allocated at apply` : undefined);
  }

  spans.sort((a, b) => (a.first < b.first ? -1 : a.first > b.first ? 1 : a.last < b.last ? -1 : a.last > b.last ? 1 : 0));
  const rows: IpPlanRow[] = [];
  let cursor = cidr.first;
  let held = 0n;
  const push = (span: Span): void => {
    rows.push({ start: text(span.first), end: text(span.last), count: Number(span.last - span.first + 1n), kind: span.kind, holder: span.holder, ...(span.detail ? { detail: span.detail } : {}) });
  };
  for (const span of spans) {
    if (span.first > cursor) push({ first: cursor, last: span.first - 1n, kind: "free", holder: "free" });
    push(span);
    // Validation keeps holdings apart; if two ever overlap, count the union once.
    const from = span.first > cursor ? span.first : cursor;
    if (span.last >= from) held += span.last - from + 1n;
    if (span.last + 1n > cursor) cursor = span.last + 1n;
  }
  if (cursor <= cidr.last) push({ first: cursor, last: cidr.last, kind: "free", holder: "free" });

  const ipv6: Ipv6Row[] = [];
  if (network.ipv6) {
    if (network.ipv6.gateway) ipv6.push({ address: network.ipv6.gateway, holder: "gateway" });
    for (const vm of topology.vms) {
      if (vm.nic.network === network.name && vm.nic.ipv6?.address) ipv6.push({ address: vm.nic.ipv6.address, holder: vm.name });
    }
    ipv6.sort((a, b) => {
      const [x, y] = [value(a.address), value(b.address)];
      return x < y ? -1 : x > y ? 1 : 0;
    });
  }
  const size = cidr.last - cidr.first + 1n;
  return { network, rows, size: Number(size), held: Number(held), free: Number(size - held), netboxVms: netboxVms.sort(), ipv6 };
}

/** The IP plan of every network, in the Topology's network order. */
export function ipPlan(topology: Topology): NetworkIpPlan[] {
  // The plan lays out IPv4 ranges; an IPv6-only network (an uplink hand-off) has none to lay out.
  return topology.networks.filter((network) => network.cidr !== undefined).map((network) => planOne(topology, network as Ipv4TopologyNetwork));
}
