import type { Topology, TopologyCluster } from "../topology/types";

/** A cluster's resolved platform (read through the Topology type only). */
type TopologyPlatform = Topology["platform"];

/*
 * What the report tells besides the IP plan, computed from the Topology as plain data: capacity per
 * Proxmox node, each cluster's spread over the nodes, the platform components with their chart
 * versions, and every BGP session.
 */

/** A Helm chart pin as constructs/platform/charts.ts declares it. */
export interface ChartPin {
  readonly chart: string;
  readonly repository: string;
  readonly version: string;
}

/** Chart pins by component key (cilium, metallb, traefik, ...): the report's input, not its import. */
export type ChartPins = Readonly<Record<string, ChartPin>>;

export interface NodeCapacity {
  readonly site: string;
  readonly node: string;
  readonly vms: number;
  readonly cores: number;
  readonly vcpus: number;
  readonly memoryMiB: number;
  readonly allocatedMiB: number;
  readonly diskGiB: number;
  /** vCPUs per core; above 1 the node is overcommitted. */
  readonly cpuRatio: number;
  readonly memoryRatio: number;
}

/** vCPU and memory allocated against what each Proxmox node offers, per site, nodes by name. */
export function capacity(topology: Topology): NodeCapacity[] {
  return topology.sites.flatMap((site) =>
    [...site.proxmox.nodes]
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
      .map((node) => {
        const placed = topology.vms.filter((vm) => vm.node === node.name && vm.site === site.name);
        const vcpus = placed.reduce((sum, vm) => sum + vm.cores, 0);
        const allocatedMiB = placed.reduce((sum, vm) => sum + vm.memoryMiB, 0);
        return {
          site: site.name,
          node: node.name,
          vms: placed.length,
          cores: node.cores,
          vcpus,
          memoryMiB: node.memoryMiB,
          allocatedMiB,
          diskGiB: placed.reduce((sum, vm) => sum + vm.diskGiB, 0),
          cpuRatio: vcpus / node.cores,
          memoryRatio: allocatedMiB / node.memoryMiB,
        };
      }),
  );
}

export interface ClusterSpread {
  readonly cluster: TopologyCluster;
  /** Per Proxmox node of the cluster's site, by name: its servers and agents. */
  readonly nodes: readonly { readonly node: string; readonly servers: readonly string[]; readonly agents: readonly string[] }[];
  /** Servers needed for quorum: a majority. */
  readonly quorum: number;
  /** Most servers on any one Proxmox node. */
  readonly maxServersPerNode: number;
  /** True when losing any one Proxmox node leaves a quorum of servers. */
  readonly survivesNodeLoss: boolean;
}

/** How each cluster's servers and agents spread over the Proxmox nodes, and what that means for quorum. */
export function clusterSpread(topology: Topology): ClusterSpread[] {
  const nodeOf = new Map(topology.vms.map((vm) => [vm.name, vm.node]));
  return topology.clusters.map((cluster) => {
    const site = topology.sites.find((candidate) => candidate.name === cluster.site);
    const names = new Set([...(site?.proxmox.nodes.map((node) => node.name) ?? []), ...[...cluster.servers, ...cluster.agents].map((vm) => nodeOf.get(vm) ?? "?")]);
    const nodes = [...names].sort().map((node) => ({
      node,
      servers: cluster.servers.filter((vm) => nodeOf.get(vm) === node),
      agents: cluster.agents.filter((vm) => nodeOf.get(vm) === node),
    }));
    const quorum = Math.floor(cluster.servers.length / 2) + 1;
    const maxServersPerNode = Math.max(0, ...nodes.map((node) => node.servers.length));
    return { cluster, nodes, quorum, maxServersPerNode, survivesNodeLoss: cluster.servers.length > 1 && cluster.servers.length - maxServersPerNode >= quorum };
  });
}

export interface PlatformComponent {
  /** What it does: CNI, load balancer, ingress, ... */
  readonly role: string;
  readonly name: string;
  /** How it is configured, in a few words. */
  readonly detail: string;
  /** The Helm chart and version, or undefined for what k3s ships. */
  readonly chart?: ChartPin;
}

/** The components a cluster's platform installs, with the chart each comes from. */
export function platformComponents(platform: TopologyPlatform, charts: ChartPins, distribution: TopologyCluster["distribution"] = "k3s"): PlatformComponent[] {
  const out: PlatformComponent[] = [];
  const add = (role: string, name: string, detail: string, chartKey?: string): void => {
    const chart = chartKey ? charts[chartKey] : undefined;
    out.push({ role, name, detail, ...(chart ? { chart } : {}) });
  };
  if (platform.cni === "cilium" && platform.cilium) {
    const c = platform.cilium;
    const options = [c.kubeProxyReplacement && "kube-proxy replacement", c.hubble && "Hubble", c.bgpControlPlane && "BGP control plane", c.l2Announcements && "L2 announcements"].filter(Boolean);
    add("CNI", "Cilium", options.length ? options.join(", ") : "defaults", "cilium");
  } else if (platform.flannel) {
    add("CNI", "Flannel", `pod network ${platform.flannel.podCidr}`, "flannel");
  } else if (distribution === "microk8s") {
    add("CNI", "Calico", "shipped with MicroK8s");
  } else {
    add("CNI", "flannel", "shipped with k3s");
  }
  const lb = platform.loadBalancer;
  if (lb) {
    const how = lb.mode === "bgp" ? `BGP AS${lb.asn} to ${lb.peers.map((peer) => `${peer.name} (AS${peer.asn})`).join(", ")}` : "L2 (ARP/NDP)";
    if (lb.provider === "metallb") add("LoadBalancer", "MetalLB", `${lb.pool.start} – ${lb.pool.end}, ${how}`, "metallb");
    else add("LoadBalancer", "Cilium LB-IPAM", `${lb.pool.start} – ${lb.pool.end}, ${how} (part of the Cilium chart)`, "cilium");
  }
  if (platform.ingress) {
    const i = platform.ingress;
    add("Ingress", i.controller === "traefik" ? "Traefik" : "ingress-nginx", `class ${i.className}, ${i.replicas} replica(s)${i.loadBalancerIP ? `, at ${i.loadBalancerIP}` : ""}`, i.controller === "traefik" ? "traefik" : "ingressNginx");
  }
  if (platform.certManager) {
    const issuer = platform.certManager.issuer;
    add("Certificates", "cert-manager", issuer.kind === "acme" ? `ACME issuer ${issuer.name} (${issuer.server}, DNS-01 ${issuer.dnsProvider})` : `self-signed issuer ${issuer.name}`, "certManager");
  }
  const storage = platform.storage;
  if (storage.provider === "longhorn") {
    add("Storage", "Longhorn", `classes ${storage.classes.map((c) => `${c.name} (${c.replicas} replica${c.replicas === 1 ? "" : "s"})`).join(", ")}; default ${storage.defaultClass}`, "longhorn");
  } else {
    add("Storage", "local-path", "shipped with k3s");
  }
  if (platform.monitoring) {
    const m = platform.monitoring;
    add("Monitoring", "kube-prometheus-stack", `retention ${m.retention}, ${m.storageGiB} GiB on ${m.storageClass}, ${m.nodeExporters.length} node_exporter target(s)`, "kubePrometheusStack");
  }
  if (platform.logging) {
    const l = platform.logging;
    add("Logging", "Loki", `${l.storageGiB} GiB on ${l.storageClass}`, "loki");
    add("Log shipping", l.shipper === "alloy" ? "Grafana Alloy" : "Promtail", "ships node and pod logs to Loki", l.shipper);
  }
  if (platform.gitops) {
    const g = platform.gitops;
    add("GitOps", g.engine === "argocd" ? "Argo CD" : "Flux", `${g.repoUrl} ${g.path} @ ${g.revision}`, g.engine === "argocd" ? "argocd" : "flux");
  }
  if (platform.velero) add("Backup", "Velero", `bucket ${platform.velero.bucket} at ${platform.velero.s3Url}, schedule ${platform.velero.schedule}`, "velero");
  if (platform.externalSecrets) {
    const e = platform.externalSecrets;
    add("Secrets", "External Secrets", e.backend === "bitwarden" ? `bitwarden project ${e.projectId} at ${e.apiUrl}` : `${e.backend} at ${e.server}`, "externalSecrets");
  }
  if (platform.rancher) add("Management", "Rancher", `${platform.rancher.hostname}, ${platform.rancher.replicas} replica(s)`, "rancher");
  return out;
}

export interface BgpSession {
  readonly router: string;
  readonly routerAsn: number;
  readonly peer: string;
  readonly peerAsn: number;
  /** eBGP or iBGP. */
  readonly type: "eBGP" | "iBGP";
  /** upstream (outside or another router), node (a Kubernetes node), dynamic (any address of a prefix). */
  readonly kind: "upstream" | "node" | "dynamic";
  readonly description: string;
  readonly families: string;
}

/** Every BGP session, as each router sees it, routers by name, peers by address. */
export function bgpSessions(topology: Topology): BgpSession[] {
  const out: BgpSession[] = [];
  for (const router of [...topology.bgp.routers].sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const session = (peer: (typeof router.upstreams)[number], kind: BgpSession["kind"]): BgpSession => ({
      router: router.name,
      routerAsn: router.asn,
      peer: peer.address,
      peerAsn: peer.asn,
      type: peer.asn === router.asn ? "iBGP" : "eBGP",
      kind,
      description: peer.description ?? (peer.vm ? `node ${peer.vm}` : ""),
      families: peer.afiSafis.join(", "),
    });
    out.push(...router.upstreams.map((peer) => session(peer, "upstream")));
    out.push(...router.nodePeers.map((peer) => session(peer, "node")));
    for (const dynamic of router.dynamicPeers) {
      out.push({ router: router.name, routerAsn: router.asn, peer: dynamic.prefix, peerAsn: dynamic.asn, type: dynamic.asn === router.asn ? "iBGP" : "eBGP", kind: "dynamic", description: `any ${dynamic.cluster} node in ${dynamic.prefix}`, families: "ipv4-unicast" });
    }
  }
  return out;
}
