import type { Topology, TopologyNetwork, TopologyVm } from "../topology/types";
import { formatMemory } from "./format";

/*
 * The diagram as a plain graph, built from the Topology alone: groups (sites, Proxmox nodes) hold
 * nodes (VMs, bare-metal hosts); networks, Kubernetes API endpoints, LoadBalancer pools and BGP
 * peers outside the lab stand beside them; edges say which NIC sits on which network, which server
 * answers behind an API VIP and who speaks BGP with whom. The DOT and Mermaid writers only render
 * this, so both pictures show the same lab. Everything is sorted: the same Topology gives the same
 * graph, byte for byte, so a rendered diagram can be committed and diffed.
 */

/** What a group box stands for. */
export type DiagramGroupKind = "site" | "proxmox-node";

/** A box around nodes: a site, or a Proxmox node inside its site. */
export interface DiagramGroup {
  /** Unique id, stable across renders (`site:<name>`, `pve:<site>/<node>`). */
  readonly id: string;
  readonly kind: DiagramGroupKind;
  /** Heading of the box. */
  readonly title: string;
  /** Detail lines under the heading (capacity, endpoint). */
  readonly lines: readonly string[];
  /** Enclosing group (a Proxmox node's site). */
  readonly parent?: string;
}

/**
 * What a node stands for. `host` is a bare-metal machine (no Proxmox VM); the Topology has none
 * today, but a host sits in its site group like a VM sits in its Proxmox node, so adding them is a
 * matter of emitting nodes of this kind.
 */
export type DiagramNodeKind = "vm" | "host" | "network" | "api" | "lb-pool" | "peer";

/** A box in the diagram. */
export interface DiagramNode {
  /** Unique id, stable across renders (`vm:<name>`, `net:<name>`, ...). */
  readonly id: string;
  readonly kind: DiagramNodeKind;
  /** First line, in bold: the name. */
  readonly title: string;
  /** Detail lines: VMID, addresses, size, CIDRs. */
  readonly lines: readonly string[];
  /** Group the node is drawn in (VMs: their Proxmox node; hosts: their site). */
  readonly group?: string;
  /** For VMs: server, agent or extra, and its role; colours and Mermaid classes follow it. */
  readonly role?: string;
  /** Marks the VM that runs a BGP router. */
  readonly router?: boolean;
  /** Network the node is on (colour key), by network name. */
  readonly network?: string;
}

/** What an edge says. */
export type DiagramEdgeKind = "nic" | "api" | "bgp" | "announce";

/** A line between two nodes. */
export interface DiagramEdge {
  readonly from: string;
  readonly to: string;
  readonly kind: DiagramEdgeKind;
  readonly label?: string;
}

/** The whole picture. */
export interface DiagramGraph {
  readonly title: string;
  readonly subtitle?: string;
  readonly groups: readonly DiagramGroup[];
  readonly nodes: readonly DiagramNode[];
  readonly edges: readonly DiagramEdge[];
  /** Network names in drawing order; a node's colour is its network's position here. */
  readonly networks: readonly string[];
}

const byText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** One VM's addresses as the diagram prints them. */
function vmAddressLine(vm: TopologyVm): string {
  if (vm.nic.addressing === "netbox") return `${vm.nic.network}: address from NetBox`;
  const v4 = vm.nic.ipv4.address ? `${vm.nic.ipv4.address}/${vm.nic.ipv4.prefixLength}` : "no IPv4";
  return vm.nic.ipv6?.address ? `${v4} · ${vm.nic.ipv6.address}` : v4;
}

function networkLines(network: TopologyNetwork): string[] {
  // An IPv6-only network (an uplink hand-off) shows its prefix alone.
  const lines = network.cidr !== undefined ? [`${network.cidr} · gw ${network.gateway}`] : [];
  if (network.ipv6) lines.push(network.ipv6.gateway && network.cidr === undefined ? `${network.ipv6.prefix} · gw ${network.ipv6.gateway}` : network.ipv6.prefix);
  lines.push(`${network.bridge}${network.vlan !== undefined ? ` · VLAN ${network.vlan}` : " · untagged"}${network.addressing === "netbox" ? " · NetBox IPAM" : ""}`);
  return lines;
}

/** Builds the diagram graph of a Topology. Pure: no I/O, same input, same graph. */
export function buildDiagram(topology: Topology): DiagramGraph {
  const groups: DiagramGroup[] = [];
  const nodes: DiagramNode[] = [];
  const edges: DiagramEdge[] = [];
  const networks = [...topology.networks].sort((a, b) => byText(a.site, b.site) || byText(a.name, b.name));
  const vmByName = new Map(topology.vms.map((vm) => [vm.name, vm]));
  const routerByVm = new Map(topology.bgp.routers.map((router) => [router.vm, router]));
  const nodeIdOfVm = (name: string): string => `vm:${name}`;

  for (const site of topology.sites) {
    const siteId = `site:${site.name}`;
    const siteLines = [site.proxmox.endpoint];
    if (site.netboxSite) siteLines.push(`NetBox site ${site.netboxSite.name}`);
    groups.push({
      id: siteId,
      kind: "site",
      title: site.implicit ? `${topology.environment}` : `site ${site.name}${site.primary ? " (primary)" : ""}`,
      lines: siteLines,
    });
    const pveNodes = [...site.proxmox.nodes].sort((a, b) => byText(a.name, b.name));
    for (const pve of pveNodes) {
      const placed = topology.vms.filter((vm) => vm.node === pve.name && vm.site === site.name);
      const cores = placed.reduce((sum, vm) => sum + vm.cores, 0);
      const memory = placed.reduce((sum, vm) => sum + vm.memoryMiB, 0);
      const groupId = `pve:${site.name}/${pve.name}`;
      groups.push({
        id: groupId,
        kind: "proxmox-node",
        title: `Proxmox ${pve.name}`,
        lines: [`${cores}/${pve.cores} vCPU · ${formatMemory(memory)}/${formatMemory(pve.memoryMiB)} · ${placed.length} VM${placed.length === 1 ? "" : "s"}`],
        parent: siteId,
      });
      for (const vm of [...placed].sort((a, b) => a.vmId - b.vmId || byText(a.name, b.name))) {
        const router = routerByVm.get(vm.name);
        const lines = [`VMID ${vm.vmId} · ${vm.role}`, vmAddressLine(vm), `${vm.cores} vCPU · ${formatMemory(vm.memoryMiB)} · ${vm.diskGiB} GiB disk`];
        if (router) lines.push(`BGP AS${router.asn} · id ${router.routerId}`);
        nodes.push({
          id: nodeIdOfVm(vm.name),
          kind: "vm",
          title: vm.name,
          lines,
          group: groupId,
          role: vm.kind === "extra" ? vm.role : vm.kind,
          ...(router ? { router: true } : {}),
          network: vm.nic.network,
        });
        edges.push({ from: nodeIdOfVm(vm.name), to: `net:${vm.nic.network}`, kind: "nic" });
      }
    }
  }

  for (const network of networks) {
    nodes.push({ id: `net:${network.name}`, kind: "network", title: network.description ? `${network.name} (${network.description})` : network.name, lines: networkLines(network), network: network.name });
  }

  for (const cluster of [...topology.clusters].sort((a, b) => byText(a.name, b.name))) {
    const apiId = `api:${cluster.name}`;
    nodes.push({
      id: apiId,
      kind: "api",
      title: `${cluster.name} API`,
      lines: [`VIP ${cluster.apiVip}:${cluster.apiPort} on ${cluster.network}`, `${cluster.distribution} ${cluster.version}`, `${cluster.servers.length} server${cluster.servers.length === 1 ? "" : "s"} · ${cluster.agents.length} agent${cluster.agents.length === 1 ? "" : "s"}`],
      network: cluster.network,
    });
    for (const server of [...cluster.servers].sort(byText)) edges.push({ from: apiId, to: nodeIdOfVm(server), kind: "api" });

    const platform = topology.clusterPlatforms.find((candidate) => candidate.cluster === cluster.name)?.platform;
    const lb = platform?.loadBalancer;
    const side = topology.bgp.clusters.find((candidate) => candidate.cluster === cluster.name);
    const poolId = `pool:${cluster.name}`;
    const poolLines = [`${cluster.loadBalancerPool.start} – ${cluster.loadBalancerPool.end} (${cluster.loadBalancerPool.size}) on ${cluster.network}`];
    if (lb) poolLines.push(`${lb.provider === "metallb" ? "MetalLB" : "Cilium LB-IPAM"} · ${lb.mode === "bgp" ? `BGP AS${lb.asn}` : "L2"}`);
    if (platform?.ingress?.loadBalancerIP) poolLines.push(`ingress ${platform.ingress.loadBalancerIP}`);
    nodes.push({ id: poolId, kind: "lb-pool", title: `${cluster.name} LoadBalancer pool`, lines: poolLines, network: cluster.network });
    if (side) {
      edges.push({ from: poolId, to: nodeIdOfVm(routerVmOf(topology, side.router)), kind: "announce", label: `announces ${side.announce.join(", ")}` });
    }
  }

  // BGP: every session once. Routers know their peers; a peer that is another router of the lab is
  // drawn as an edge between the two router VMs, anything else outside the lab as a peer node.
  const routerByAddress = new Map(topology.bgp.routers.map((router) => [router.address, router]));
  const sessionKeys = new Set<string>();
  const peerNodes = new Map<string, DiagramNode>();
  for (const router of [...topology.bgp.routers].sort((a, b) => byText(a.name, b.name))) {
    const routerNode = nodeIdOfVm(router.vm);
    for (const peer of router.upstreams) {
      const other = routerByAddress.get(peer.address);
      if (other) {
        const key = [router.name, other.name].sort(byText).join("|");
        if (sessionKeys.has(key)) continue;
        sessionKeys.add(key);
        const kind = other.asn === router.asn ? "iBGP" : "eBGP";
        edges.push({ from: routerNode, to: nodeIdOfVm(other.vm), kind: "bgp", label: `${kind} AS${router.asn} ↔ AS${other.asn}` });
        continue;
      }
      const peerVm = topology.vms.find((vm) => vm.nic.ipv4.address === peer.address || vm.nic.ipv6?.address === peer.address);
      const target = peerVm ? nodeIdOfVm(peerVm.name) : `peer:${peer.address}`;
      if (!peerVm && !peerNodes.has(target)) {
        peerNodes.set(target, { id: target, kind: "peer", title: `AS${peer.asn}`, lines: [peer.address, ...(peer.description ? [peer.description] : [])] });
      }
      edges.push({ from: routerNode, to: target, kind: "bgp", label: `${peer.asn === router.asn ? "iBGP" : "eBGP"} ${peer.afiSafis.map((afi) => afi.replace("-unicast", "")).join("+")}` });
    }
    for (const peer of router.nodePeers) {
      if (peer.vm && vmByName.has(peer.vm)) edges.push({ from: nodeIdOfVm(peer.vm), to: routerNode, kind: "bgp" });
    }
    for (const dynamic of router.dynamicPeers) {
      const network = topology.networks.find((candidate) => candidate.cidr === dynamic.prefix);
      if (network) edges.push({ from: `net:${network.name}`, to: routerNode, kind: "bgp", label: `dynamic peers ${dynamic.prefix} AS${dynamic.asn}` });
    }
  }
  nodes.push(...peerNodes.values());

  const kindOrder: Record<DiagramNodeKind, number> = { peer: 0, vm: 1, host: 2, api: 3, "lb-pool": 4, network: 5 };
  const edgeOrder: Record<DiagramEdgeKind, number> = { nic: 0, api: 1, bgp: 2, announce: 3 };
  return {
    title: topology.environment,
    ...(topology.description ? { subtitle: topology.description } : {}),
    groups,
    nodes: nodes.sort((a, b) => kindOrder[a.kind] - kindOrder[b.kind] || (a.kind === "vm" || a.kind === "network" ? 0 : byText(a.id, b.id))),
    edges: edges.sort((a, b) => edgeOrder[a.kind] - edgeOrder[b.kind] || byText(a.from, b.from) || byText(a.to, b.to)),
    networks: networks.map((network) => network.name),
  };
}

function routerVmOf(topology: Topology, routerName: string): string {
  return topology.bgp.routers.find((router) => router.name === routerName)?.vm ?? routerName;
}
