import type { BgpPeer, Environment } from "../config/schema";
import type { ConfigIssue } from "../config/errors";
import { cidrContains, formatAddress, parseAddress, parseCidr } from "../net/ip";
import type { PlannedTopologyNetwork, PlannedTopologyVm, TopologyCluster } from "./types";
import type { TopologyPlatform } from "./platform";

/*
 * BGP from one description: routers (GoBGP on an extra VM) with their upstreams, and per cluster
 * the mode (MetalLB or Cilium) and ASN its nodes speak with. From it come the router's neighbors
 * (upstreams plus one per Kubernetes node), the cluster side's peer, and the prefixes announced
 * (the LB pool). Renderers (lib/bgp/gobgp.ts, constructs/platform/bgp*.ts) read only this.
 */

export type AfiSafi = "ipv4-unicast" | "ipv6-unicast";

/** One BGP session as seen from the router. */
export interface TopologyBgpPeer {
  readonly address: string;
  readonly asn: number;
  readonly description?: string;
  readonly holdTimeSeconds?: number;
  readonly keepaliveIntervalSeconds?: number;
  readonly afiSafis: readonly AfiSafi[];
  /** Outside every network of the environment (an ISP's router). */
  readonly external: boolean;
  /** For a Kubernetes node: its VM and cluster. */
  readonly vm?: string;
  readonly cluster?: string;
}

export interface TopologyRouter {
  readonly name: string;
  readonly asn: number;
  readonly routerId: string;
  /** The extra VM running gobgpd. */
  readonly vm: string;
  readonly site: string;
  /** The router VM's IPv4 address: where the cluster side connects. */
  readonly address: string;
  readonly listenPort: number;
  readonly upstreams: readonly TopologyBgpPeer[];
  /** One neighbor per Kubernetes node that peers with this router (static addressing). */
  readonly nodePeers: readonly TopologyBgpPeer[];
  /**
   * Clusters whose node addresses NetBox allocates at apply: the router accepts any peer from the
   * network's prefix (GoBGP dynamic neighbors) instead of one neighbor per node.
   */
  readonly dynamicPeers: readonly { readonly cluster: string; readonly prefix: string; readonly asn: number }[];
  /** What each peering cluster may announce: its LB pool, from its nodes. */
  readonly accepted: readonly { readonly cluster: string; readonly prefixes: readonly string[] }[];
}

/** The cluster side of BGP: what MetalLB or Cilium is configured with. */
export interface TopologyClusterBgp {
  readonly cluster: string;
  readonly mode: "metallb" | "cilium";
  readonly asn: number;
  readonly router: string;
  readonly routerAsn: number;
  readonly routerAddress: string;
  readonly routerPort: number;
  /** Node VMs that speak BGP (every server and agent). */
  readonly nodes: readonly string[];
  /** LB pool prefixes announced to the router. */
  readonly announce: readonly string[];
}

export interface TopologyBgp {
  readonly routers: readonly TopologyRouter[];
  readonly clusters: readonly TopologyClusterBgp[];
}

/** Numbers no AS may use in a session: AS_TRANS, the documentation ranges and the last of each width. */
const RESERVED_ASNS: readonly { from: number; to: number; why: string }[] = [
  { from: 23456, to: 23456, why: "AS_TRANS (RFC 6793)" },
  { from: 64496, to: 64511, why: "reserved for documentation (RFC 5398)" },
  { from: 65535, to: 65535, why: "reserved (RFC 7300)" },
  { from: 65536, to: 65551, why: "reserved for documentation (RFC 5398)" },
  { from: 4294967295, to: 4294967295, why: "reserved (RFC 7300)" },
];

/** Private, public, 16- or 32-bit: how an AS number reads (for messages and docs). */
export function describeAsn(asn: number): string {
  const width = asn <= 65535 ? "16-bit" : "32-bit";
  const isPrivate = (asn >= 64512 && asn <= 65534) || (asn >= 4200000000 && asn <= 4294967294);
  return `${isPrivate ? "private" : "public"} ${width} AS${asn}`;
}

function checkAsn(asn: number, path: string, error: (issue: ConfigIssue) => void): void {
  const reserved = RESERVED_ASNS.find((range) => asn >= range.from && asn <= range.to);
  if (reserved) {
    error({ path, value: asn, message: `is ${reserved.why}; use your public ASN or a private one (64512-65534, 4200000000-4294967294)` });
  }
}

/** The CIDR blocks covering start..end exactly, largest first (an LB pool as BGP announces it). */
export function rangeToCidrs(start: string, end: string): string[] {
  const first = parseAddress(start);
  const last = parseAddress(end);
  const bits = first.family === 4 ? 32 : 128;
  const out: string[] = [];
  let cursor = first.value;
  while (cursor <= last.value) {
    let size = 0;
    // Grow the block while it stays aligned and inside the range.
    while (size < bits) {
      const next = 1n << BigInt(size + 1);
      if (cursor % next !== 0n || cursor + next - 1n > last.value) break;
      size++;
    }
    out.push(`${formatAddress(cursor, first.family)}/${bits - size}`);
    cursor += 1n << BigInt(size);
  }
  return out;
}

function familyOf(address: string): AfiSafi {
  return address.includes(":") ? "ipv6-unicast" : "ipv4-unicast";
}

export interface PlanBgpInput {
  readonly env: Environment;
  readonly vms: readonly PlannedTopologyVm[];
  readonly networks: readonly PlannedTopologyNetwork[];
  readonly clusters: readonly { readonly cluster: TopologyCluster; readonly path: string; readonly bgp?: NonNullable<Environment["cluster"]>["bgp"] }[];
  readonly error: (issue: ConfigIssue) => void;
}

function onDeclaredNetwork(address: string, networks: readonly PlannedTopologyNetwork[]): boolean {
  const parsed = parseAddress(address);
  return networks.some((network) => {
    const cidr = parseCidr(parsed.family === 4 ? network.cidr : network.ipv6?.prefix ?? "::/128");
    return cidr.family === parsed.family && cidrContains(cidr, parsed);
  });
}

function peerOf(peer: BgpPeer, path: string, networks: readonly PlannedTopologyNetwork[], error: (issue: ConfigIssue) => void): TopologyBgpPeer {
  checkAsn(peer.asn, `${path}.asn`, error);
  if (!peer.external && !onDeclaredNetwork(peer.address, networks)) {
    error({ path: `${path}.address`, value: peer.address, message: "is on no network of this environment; put it on a declared network, or set external: true for a peer outside (an ISP's router)" });
  }
  const hold = peer.holdTimeSeconds;
  const keepalive = peer.keepaliveIntervalSeconds;
  if (keepalive !== undefined && keepalive * 3 > (hold ?? 90)) {
    error({ path: `${path}.keepaliveIntervalSeconds`, value: keepalive, message: `is more than a third of the hold time (${hold ?? 90} s); use at most ${Math.floor((hold ?? 90) / 3)}` });
  }
  const afiSafis = peer.afiSafis ?? [familyOf(peer.address)];
  return {
    address: parseAddress(peer.address).text,
    asn: peer.asn,
    ...(peer.description ? { description: peer.description } : {}),
    ...(hold !== undefined ? { holdTimeSeconds: hold } : {}),
    ...(keepalive !== undefined ? { keepaliveIntervalSeconds: keepalive } : {}),
    afiSafis,
    external: peer.external,
  };
}

/** Plans routers and cluster-side BGP; reports every problem through `error`. */
export function planBgp(input: PlanBgpInput): TopologyBgp {
  const { env, vms, networks, error } = input;
  const vmsByName = new Map(vms.map((vm) => [vm.name, vm]));
  const routerIds = new Map<string, string>();
  const routerNames = new Set<string>();

  const routers = env.routers.flatMap((router, index) => {
    const path = `routers[${index}]`;
    let ok = true;
    if (routerNames.has(router.name)) {
      error({ path: `${path}.name`, value: router.name, message: "is used by another router; give each router a unique name" });
      ok = false;
    }
    routerNames.add(router.name);
    checkAsn(router.asn, `${path}.asn`, error);
    const heldId = routerIds.get(router.routerId);
    if (heldId) {
      error({ path: `${path}.routerId`, value: router.routerId, message: `is also the router-id of ${heldId}; every router needs a unique router-id` });
      ok = false;
    }
    routerIds.set(router.routerId, `router ${router.name} (${path})`);
    const vm = vmsByName.get(router.vm);
    if (!vm || vm.kind !== "extra") {
      const extras = vms.filter((candidate) => candidate.kind === "extra").map((candidate) => candidate.name);
      error({ path: `${path}.vm`, value: router.vm, message: `is not an extra VM of this environment; name one of vms[] (${extras.join(", ") || "none declared"})` });
      return [];
    }
    if (!vm.nic.ipv4.address) {
      error({ path: `${path}.vm`, value: router.vm, message: "has no static address (its network uses netbox addressing); the cluster side must know where the router is, so give the VM an address" });
      return [];
    }
    const upstreams = router.upstreams.map((peer, peerIndex) => peerOf(peer, `${path}.upstreams[${peerIndex}]`, networks, error));
    const seen = new Map<string, string>();
    upstreams.forEach((peer, peerIndex) => {
      const held = seen.get(peer.address);
      if (held) error({ path: `${path}.upstreams[${peerIndex}].address`, value: peer.address, message: `is also ${held}; list each peer once` });
      seen.set(peer.address, `${path}.upstreams[${peerIndex}]`);
    });
    if (!ok) return [];
    return [{ config: router, path, vm, upstreams, seen }];
  });

  const clusterSides: TopologyClusterBgp[] = [];
  const nodePeers = new Map<string, TopologyBgpPeer[]>();
  const dynamicPeers = new Map<string, { cluster: string; prefix: string; asn: number }[]>();
  const accepted = new Map<string, { cluster: string; prefixes: string[] }[]>();
  for (const { cluster, path, bgp } of input.clusters) {
    if (!bgp) continue;
    const bgpPath = `${path}.bgp`;
    checkAsn(bgp.asn, `${bgpPath}.asn`, error);
    const router = routers.find((candidate) => candidate.config.name === bgp.router);
    if (!router) {
      const known = env.routers.map((candidate) => candidate.name);
      error({ path: `${bgpPath}.router`, value: bgp.router, message: `is not a router of this environment; name one of routers[] (${known.join(", ") || "none declared"})` });
      continue;
    }
    if (bgp.asn === router.config.asn) {
      error({ path: `${bgpPath}.asn`, value: bgp.asn, message: `equals router ${router.config.name}'s AS${router.config.asn}; the cluster peers over eBGP, so give it its own ASN (e.g. a private one, 64512-65534)` });
      continue;
    }
    const members = [...cluster.servers, ...cluster.agents].map((name) => vmsByName.get(name)!);
    const network = networks.find((candidate) => candidate.name === cluster.network)!;
    if (network.addressing === "netbox") {
      (dynamicPeers.get(router.config.name) ?? dynamicPeers.set(router.config.name, []).get(router.config.name)!).push({ cluster: cluster.name, prefix: network.cidr, asn: bgp.asn });
    } else {
      const peers = nodePeers.get(router.config.name) ?? nodePeers.set(router.config.name, []).get(router.config.name)!;
      for (const vm of members) {
        const address = vm.nic.ipv4.address!;
        const held = router.seen.get(address);
        if (held) {
          error({ path: `${bgpPath}.router`, value: bgp.router, message: `node ${vm.name} (${address}) is already a peer of router ${router.config.name} (${held}); list each peer once` });
          continue;
        }
        router.seen.set(address, `node ${vm.name}`);
        peers.push({ address, asn: bgp.asn, description: `${cluster.name} node ${vm.name}`, afiSafis: ["ipv4-unicast"], external: false, vm: vm.name, cluster: cluster.name });
      }
    }
    (accepted.get(router.config.name) ?? accepted.set(router.config.name, []).get(router.config.name)!).push({ cluster: cluster.name, prefixes: [...cluster.loadBalancerPrefixes] });
    clusterSides.push({
      cluster: cluster.name,
      mode: bgp.mode,
      asn: bgp.asn,
      router: router.config.name,
      routerAsn: router.config.asn,
      routerAddress: router.vm.nic.ipv4.address!,
      routerPort: router.config.listenPort,
      nodes: members.map((vm) => vm.name),
      announce: [...cluster.loadBalancerPrefixes],
    });
  }

  return {
    routers: routers.map(({ config, vm, upstreams }) => ({
      name: config.name,
      asn: config.asn,
      routerId: config.routerId,
      vm: vm.name,
      site: vm.site,
      address: vm.nic.ipv4.address!,
      listenPort: config.listenPort,
      upstreams,
      nodePeers: nodePeers.get(config.name) ?? [],
      dynamicPeers: dynamicPeers.get(config.name) ?? [],
      accepted: accepted.get(config.name) ?? [],
    })),
    clusters: clusterSides,
  };
}

/**
 * A cluster's load balancer announces over BGP when the cluster declares `bgp`: its mode, ASN and
 * peer come from the router, so the platform stack's BGPPeer / CiliumBGPClusterConfig and the
 * router's gobgpd.toml describe the same session. Peers may be given in one place only. Called once
 * per cluster with that cluster's resolved platform.
 */
export function withClusterBgp(
  platform: TopologyPlatform,
  bgp: TopologyBgp,
  input: PlanBgpInput["clusters"][number],
  env: Environment,
  error: (issue: ConfigIssue) => void,
): TopologyPlatform {
  const { cluster, path } = input;
  const side = bgp.clusters.find((candidate) => candidate.cluster === cluster.name);
  const lb = platform.loadBalancer;
  if (!side || !lb) return platform;
  const bgpPath = `${path}.bgp`;
  if (env.platform?.loadBalancer?.peers?.length) {
    error({ path: "platform.loadBalancer.peers", value: env.platform.loadBalancer.peers, message: `duplicates ${bgpPath}; the cluster's BGP peer comes from its router, so remove platform.loadBalancer.peers` });
    return platform;
  }
  if (side.mode !== lb.provider) {
    error({ path: `${bgpPath}.mode`, value: side.mode, message: `does not match platform.loadBalancer.provider "${lb.provider}"; announce with the load balancer the platform installs` });
    return platform;
  }
  if (side.mode === "cilium" && !platform.cilium?.bgpControlPlane) {
    error({ path: `${bgpPath}.mode`, value: side.mode, message: "needs Cilium's BGP control plane; set platform.cilium.bgpControlPlane: true" });
    return platform;
  }
  return {
    ...platform,
    loadBalancer: { ...lb, mode: "bgp", asn: side.asn, peers: [{ name: side.router, address: side.routerAddress, asn: side.routerAsn }] },
  };
}
