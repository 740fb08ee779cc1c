import { CHARTS } from "../../constructs/platform/charts";
import { resolveTarget as topologyOf } from "../../app/targets";
import { bgpSessions, capacity, clusterSpread, platformComponents } from "../../lib/report";

describe("capacity", () => {
  it("adds up the vCPUs and memory of the VMs on each Proxmox node against what it offers", () => {
    expect(capacity(topologyOf("orion"))).toEqual([
      { site: "orion", node: "r730", vms: 7, cores: 56, vcpus: 26, memoryMiB: 262144, allocatedMiB: 75776, diskGiB: 530, cpuRatio: 26 / 56, memoryRatio: 75776 / 262144 },
    ]);
  });

  it("lists every Proxmox node of every site, even one without VMs", () => {
    expect(capacity(topologyOf("dev")).map((node) => [node.node, node.vms])).toEqual([
      ["pve1", 1],
      ["pve2", 0],
      ["pve3", 0],
    ]);
    expect(capacity(topologyOf("nuclear-lighters")).map((node) => `${node.site}/${node.node}`)).toEqual(["nl/nl-pve01", "nl/nl-pve02", "nl/nl-pve03", "gr/gr-pve01", "gr/gr-pve02"]);
  });
});

describe("cluster spread", () => {
  it("says a control plane with one server per Proxmox node survives losing a node", () => {
    const [spread] = clusterSpread(topologyOf("production"));
    expect(spread.quorum).toBe(2);
    expect(spread.maxServersPerNode).toBe(1);
    expect(spread.survivesNodeLoss).toBe(true);
    expect(spread.nodes.map((node) => [node.node, node.servers.length, node.agents.length])).toEqual([
      ["pve1", 1, 1],
      ["pve2", 1, 1],
      ["pve3", 1, 0],
    ]);
  });

  it("says two of three servers on one node lose quorum with that node", () => {
    const gr = clusterSpread(topologyOf("nuclear-lighters")).find((spread) => spread.cluster.name === "gr")!;
    expect(gr.maxServersPerNode).toBe(2);
    expect(gr.survivesNodeLoss).toBe(false);
  });

  it("says a single server does not survive anything", () => {
    expect(clusterSpread(topologyOf("orion"))[0].survivesNodeLoss).toBe(false);
  });
});

describe("platform components", () => {
  it("carry the pinned chart versions", () => {
    const components = platformComponents(topologyOf("orion").platform, CHARTS);
    const byName = new Map(components.map((component) => [component.name, component]));
    expect(byName.get("MetalLB")!.chart).toEqual(CHARTS.metallb);
    expect(byName.get("Traefik")!.chart!.version).toBe(CHARTS.traefik.version);
    expect(byName.get("Longhorn")!.chart!.version).toBe(CHARTS.longhorn.version);
    expect(byName.get("Argo CD")!.chart!.version).toBe(CHARTS.argocd.version);
  });

  it("name the CNI each distribution brings: k3s's own flannel, MicroK8s's Calico, kubeadm's pinned Flannel chart", () => {
    const cniOf = (name: string) => {
      const topology = topologyOf(name);
      return platformComponents(topology.platform, CHARTS, topology.clusters[0].distribution).find((component) => component.role === "CNI")!;
    };
    expect(cniOf("gitops-lab")).toEqual({ role: "CNI", name: "flannel", detail: "shipped with k3s" });
    expect(cniOf("production")).toEqual({ role: "CNI", name: "Calico", detail: "shipped with MicroK8s" });
    expect(cniOf("ha-cluster")).toMatchObject({ name: "Flannel", chart: CHARTS.flannel, detail: "pod network 10.244.0.0/16" });
  });

  it("show Cilium with its options when it is the CNI", () => {
    const nl = topologyOf("nuclear-lighters").clusterPlatforms[0].platform;
    const cni = platformComponents(nl, CHARTS).find((component) => component.role === "CNI")!;
    expect(cni.name).toBe("Cilium");
    expect(cni.chart).toEqual(CHARTS.cilium);
    expect(cni.detail).toMatch(/BGP control plane/);
  });
});

describe("BGP sessions", () => {
  it("lists the upstreams and one session per Kubernetes node", () => {
    const sessions = bgpSessions(topologyOf("orion"));
    expect(sessions.filter((session) => session.kind === "upstream").map((session) => [session.peer, session.peerAsn, session.type])).toEqual([
      ["2602:f674::ffff", 6939, "eBGP"],
      ["2602:f674::fffe", 6939, "eBGP"],
      ["2602:f674::fffd", 6939, "eBGP"],
    ]);
    expect(sessions.filter((session) => session.kind === "node")).toHaveLength(4);
  });

  it("marks a session between routers of the same AS as iBGP", () => {
    const sessions = bgpSessions(topologyOf("nuclear-lighters")).filter((session) => session.kind === "upstream");
    expect(sessions.map((session) => [session.router, session.peer, session.type])).toEqual([
      ["gr-rtr01", "10.10.0.2", "iBGP"],
      ["nl-rtr01", "10.20.0.2", "iBGP"],
    ]);
  });
});
