import type { BgpPeerInput, Environment } from "../../config/schema";
import type { IssueLog } from "../../config/errors";
import { asnProblem } from "../../config/primitives";
import { checkMetricsPort, planOriginate } from "./originate";
import { cidrContains, formatAddress, parseAddress, parseCidr } from "../../net/ip";
import type {
  AfiSafi,
  RouterBgpPeer,
  TopologyBgp,
  TopologyCluster,
  TopologyClusterBgp,
  PlannedTopologyNetwork,
  TopologyPlatform,
  PlannedTopologyVm,
} from "../types";

/*
 * BGP from one description: routers (GoBGP on an extra VM) with their upstreams, and per cluster
 * the mode (MetalLB or Cilium) and ASN its nodes speak with. From it come the router's neighbors
 * (upstreams plus one per Kubernetes node), the cluster side's peer, and the prefixes announced
 * (the LB pool). Renderers (lib/bgp/gobgp.ts, constructs/platform/bgp*.ts) read only this.
 */

/** Re-exported from the one place AS numbers are described; kept here for existing importers. */
export { describeAsn } from "../../config/primitives";

function checkAsn(asn: number, path: string, issues: IssueLog): void {
  const problem = asnProblem(asn);
  if (problem) issues.error(path, asn, problem);
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

/**
 * The longest prefix a node announces out of a pod network: Cilium's PodCIDR advertisement sends
 * each node's slice, which kube-controller-manager cuts at its default node-cidr-mask-size (/24 for
 * IPv4, /64 for IPv6; the project sets no other). A pod network already that long is one slice.
 */
export function nodeSliceLength(podCidr: string): number {
  const length = parseCidr(podCidr).prefixLength;
  return Math.max(length, podCidr.includes(":") ? 64 : 24);
}

/** A planned cluster with its config path and `bgp` block, as the BGP stage reads it. */
export interface ClusterBgpInput {
  readonly cluster: TopologyCluster;
  readonly path: string;
  readonly bgp?: NonNullable<Environment["cluster"]>["bgp"];
}

/** What the BGP stage reads: the config's routers, and the VMs, networks and clusters planned so far. */
export interface PlanBgpInput {
  readonly env: Environment;
  readonly vms: readonly PlannedTopologyVm[];
  readonly networks: readonly PlannedTopologyNetwork[];
  readonly clusters: readonly ClusterBgpInput[];
}

function onDeclaredNetwork(address: string, networks: readonly PlannedTopologyNetwork[]): boolean {
  const parsed = parseAddress(address);
  return networks.some((network) => {
    const prefix = parsed.family === 4 ? network.cidr : network.ipv6?.prefix;
    return prefix !== undefined && cidrContains(parseCidr(prefix), parsed);
  });
}

function peerOf(peer: BgpPeerInput, path: string, networks: readonly PlannedTopologyNetwork[], issues: IssueLog): RouterBgpPeer {
  checkAsn(peer.asn, `${path}.asn`, issues);
  if (!peer.external && !onDeclaredNetwork(peer.address, networks)) {
    issues.error(`${path}.address`, peer.address, "is on no network of this environment; put it on a declared network, or set external: true for a peer outside (an ISP's router)");
  }
  const hold = peer.holdTimeSeconds;
  const keepalive = peer.keepaliveIntervalSeconds;
  if (keepalive !== undefined && keepalive * 3 > (hold ?? 90)) {
    issues.error(`${path}.keepaliveIntervalSeconds`, keepalive, `is more than a third of the hold time (${hold ?? 90} s); use at most ${Math.floor((hold ?? 90) / 3)}`);
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

/** Plans routers and cluster-side BGP; reports every problem to `issues`. */
export function planBgp(input: PlanBgpInput, issues: IssueLog): TopologyBgp {
  const { env, vms, networks } = input;
  const vmsByName = new Map(vms.map((vm) => [vm.name, vm]));
  const routerIds = new Map<string, string>();
  const routerNames = new Set<string>();

  const routers = env.routers.flatMap((router, index) => {
    const path = `routers[${index}]`;
    let ok = true;
    if (routerNames.has(router.name)) {
      issues.error(`${path}.name`, router.name, "is used by another router; give each router a unique name");
      ok = false;
    }
    routerNames.add(router.name);
    checkAsn(router.asn, `${path}.asn`, issues);
    const heldId = routerIds.get(router.routerId);
    if (heldId) {
      issues.error(`${path}.routerId`, router.routerId, `is also the router-id of ${heldId}; every router needs a unique router-id`);
      ok = false;
    }
    routerIds.set(router.routerId, `router ${router.name} (${path})`);
    const vm = vmsByName.get(router.vm);
    if (!vm || vm.kind !== "extra") {
      const extras = vms.filter((candidate) => candidate.kind === "extra").map((candidate) => candidate.name);
      issues.error(`${path}.vm`, router.vm, `is not an extra VM of this environment; name one of vms[] (${extras.join(", ") || "none declared"})`);
      return [];
    }
    if (!vm.nic.ipv4.address) {
      issues.error(`${path}.vm`, router.vm, "has no static address (its network uses netbox addressing); the cluster side must know where the router is, so give the VM an address");
      return [];
    }
    const upstreams = router.upstreams.map((peer, peerIndex) => peerOf(peer, `${path}.upstreams[${peerIndex}]`, networks, issues));
    const seen = new Map<string, string>();
    upstreams.forEach((peer, peerIndex) => {
      const held = seen.get(peer.address);
      if (held) issues.error(`${path}.upstreams[${peerIndex}].address`, peer.address, `is also ${held}; list each peer once`);
      seen.set(peer.address, `${path}.upstreams[${peerIndex}]`);
    });
    const originate = planOriginate(router.originate, `${path}.originate`, env, networks, issues);
    originate.forEach((prefix) => {
      // A session announces only the families it carries: an IPv6 /48 over ipv4-unicast sessions reaches nobody.
      const family = familyOf(prefix.split("/")[0]);
      if (upstreams.length > 0 && !upstreams.some((peer) => peer.afiSafis.includes(family))) {
        const index = router.originate.findIndex((written) => parseCidr(written).text === prefix);
        issues.error(`${path}.originate[${index}]`, router.originate[index], `is announced over no upstream session: none carries ${family}; add "${family}" to the afiSafis of the upstreams that should receive it`);
      }
    });
    checkMetricsPort(router, path, issues);
    if (!ok) return [];
    return [{ config: router, path, vm, upstreams, seen, originate }];
  });

  const clusterSides: TopologyClusterBgp[] = [];
  const nodePeers = new Map<string, RouterBgpPeer[]>();
  const dynamicPeers = new Map<string, { cluster: string; prefix: string; asn: number }[]>();
  const accepted = new Map<string, { cluster: string; prefixes: string[] }[]>();
  for (const { cluster, path, bgp } of input.clusters) {
    if (!bgp) continue;
    const bgpPath = `${path}.bgp`;
    checkAsn(bgp.asn, `${bgpPath}.asn`, issues);
    const router = routers.find((candidate) => candidate.config.name === bgp.router);
    if (!router) {
      const known = env.routers.map((candidate) => candidate.name);
      issues.error(`${bgpPath}.router`, bgp.router, `is not a router of this environment; name one of routers[] (${known.join(", ") || "none declared"})`);
      continue;
    }
    if (bgp.asn === router.config.asn) {
      issues.error(`${bgpPath}.asn`, bgp.asn, `equals router ${router.config.name}'s AS${router.config.asn}; the cluster peers over eBGP, so give it its own ASN (e.g. a private one, 64512-65534)`);
      continue;
    }
    if (bgp.advertisePodCidrs && bgp.mode !== "cilium") {
      issues.error(`${bgpPath}.advertisePodCidrs`, true, `needs mode "cilium": MetalLB announces Service addresses only, not the pod networks; use Cilium's BGP control plane (mode: cilium) or remove advertisePodCidrs`);
      continue;
    }
    const podCidrs = bgp.advertisePodCidrs ? [cluster.podCidr, ...(cluster.podCidrIpv6 !== undefined ? [cluster.podCidrIpv6] : [])] : [];
    // An IPv6 pod network rides the IPv4 session as a second address family (MP-BGP).
    const afiSafis: AfiSafi[] = podCidrs.some((prefix) => prefix.includes(":")) ? ["ipv4-unicast", "ipv6-unicast"] : ["ipv4-unicast"];
    const members = [...cluster.servers, ...cluster.agents].map((name) => vmsByName.get(name)!);
    const network = networks.find((candidate) => candidate.name === cluster.network)!;
    // A cluster network has IPv4 (the clusters stage rejects an IPv6-only one).
    if (network.addressing === "netbox" && network.cidr) {
      (dynamicPeers.get(router.config.name) ?? dynamicPeers.set(router.config.name, []).get(router.config.name)!).push({ cluster: cluster.name, prefix: network.cidr, asn: bgp.asn, ...(afiSafis.length > 1 ? { afiSafis } : {}) });
    } else {
      const peers = nodePeers.get(router.config.name) ?? nodePeers.set(router.config.name, []).get(router.config.name)!;
      for (const vm of members) {
        const address = vm.nic.ipv4.address!;
        const held = router.seen.get(address);
        if (held) {
          issues.error(`${bgpPath}.router`, bgp.router, `node ${vm.name} (${address}) is already a peer of router ${router.config.name} (${held}); list each peer once`);
          continue;
        }
        router.seen.set(address, `node ${vm.name}`);
        peers.push({ address, asn: bgp.asn, description: `${cluster.name} node ${vm.name}`, afiSafis, external: false, vm: vm.name, cluster: cluster.name });
      }
    }
    (accepted.get(router.config.name) ?? accepted.set(router.config.name, []).get(router.config.name)!).push({
      cluster: cluster.name,
      prefixes: [...cluster.loadBalancerPrefixes],
      ...(podCidrs.length > 0 ? { podCidrs: podCidrs.map((prefix) => ({ prefix, maxLength: nodeSliceLength(prefix) })) } : {}),
    });
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
      ...(podCidrs.length > 0 ? { podCidrs } : {}),
    });
  }

  return {
    routers: routers.map(({ config, vm, upstreams, originate }) => ({
      name: config.name,
      asn: config.asn,
      routerId: config.routerId,
      vm: vm.name,
      site: vm.site,
      address: vm.nic.ipv4.address!,
      listenPort: config.listenPort,
      upstreams,
      ...(originate.length > 0 ? { originate } : {}),
      ...(config.metricsPort !== undefined ? { metricsPort: config.metricsPort } : {}),
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
  input: ClusterBgpInput,
  env: Environment,
  issues: IssueLog,
): TopologyPlatform {
  const { cluster, path } = input;
  const side = bgp.clusters.find((candidate) => candidate.cluster === cluster.name);
  const lb = platform.loadBalancer;
  if (!side || !lb) return platform;
  const bgpPath = `${path}.bgp`;
  if (env.platform?.loadBalancer?.peers?.length) {
    issues.error("platform.loadBalancer.peers", env.platform.loadBalancer.peers, `duplicates ${bgpPath}; the cluster's BGP peer comes from its router, so remove platform.loadBalancer.peers`);
    return platform;
  }
  if (side.mode !== lb.provider) {
    issues.error(`${bgpPath}.mode`, side.mode, `does not match platform.loadBalancer.provider "${lb.provider}"; announce with the load balancer the platform installs`);
    return platform;
  }
  if (side.mode === "cilium" && !platform.cilium?.bgpControlPlane) {
    issues.error(`${bgpPath}.mode`, side.mode, "needs Cilium's BGP control plane; set platform.cilium.bgpControlPlane: true");
    return platform;
  }
  // The addresses are announced over BGP now, so Cilium must not also answer ARP for them.
  return {
    ...platform,
    ...(platform.cilium ? { cilium: { ...platform.cilium, l2Announcements: false } } : {}),
    loadBalancer: {
      ...lb,
      mode: "bgp",
      asn: side.asn,
      peers: [{ name: side.router, address: side.routerAddress, asn: side.routerAsn }],
      ...(side.podCidrs?.length ? { podCidrs: { ipv4: side.podCidrs[0], ...(side.podCidrs[1] !== undefined ? { ipv6: side.podCidrs[1] } : {}) } } : {}),
    },
  };
}
