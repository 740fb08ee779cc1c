import { generateEnvironment } from "../../bench/generate-environment";
import { buildDiagram, toDot, toMermaid, type DiagramGraph } from "../../lib/diagram";
import { COMPACT_ABOVE_VMS } from "../../lib/diagram/dot";
import { resolveTarget as topologyOf } from "../../app/targets";
import { resolveEnvironment } from "../../lib/topology";
import { everyTopology, withText } from "./support";

describe("the diagram graph", () => {
  const topologies = everyTopology();

  it.each(topologies)("of %s puts every VM in the group of its Proxmox node", (_, topology) => {
    const graph = buildDiagram(topology);
    for (const vm of topology.vms) {
      const node = graph.nodes.find((candidate) => candidate.id === `vm:${vm.name}`);
      expect(node).toBeDefined();
      expect(node!.group).toBe(`pve:${vm.site}/${vm.node}`);
      expect(node!.lines.join(" ")).toContain(`VMID ${vm.vmId}`);
      expect(node!.lines.join(" ")).toContain(vm.nic.ipv4.address ?? "");
    }
  });

  it.each(topologies)("of %s draws every network as a lane with its CIDR, joined to each VM on it", (_, topology) => {
    const graph = buildDiagram(topology);
    for (const network of topology.networks) {
      const lane = graph.nodes.find((node) => node.id === `net:${network.name}`)!;
      expect(lane.kind).toBe("network");
      // An IPv6-only network's lane shows its prefix.
      expect(lane.lines.join(" ")).toContain(network.cidr ?? network.ipv6!.prefix);
      const onIt = topology.vms.filter((vm) => vm.nic.network === network.name).map((vm) => `vm:${vm.name}`).sort();
      const joined = graph.edges.filter((edge) => edge.kind === "nic" && edge.to === lane.id).map((edge) => edge.from).sort();
      expect(joined).toEqual(onIt);
    }
  });

  it("draws the API VIP in front of the servers and the LB pool announced to the router", () => {
    const graph = buildDiagram(topologyOf("orion"));
    expect(graph.nodes.find((node) => node.id === "api:orion-k3s")!.lines[0]).toBe("VIP 192.168.100.10:6443 on lan");
    expect(graph.edges.filter((edge) => edge.kind === "api").map((edge) => edge.to)).toEqual(["vm:orion-k3s-server-1"]);
    expect(graph.edges.find((edge) => edge.kind === "announce")).toEqual({ from: "pool:orion-k3s", to: "vm:orion-router", kind: "announce", label: "announces 192.168.100.40/29, 192.168.100.48/31" });
  });

  it("draws one BGP session per Kubernetes node and per upstream, with the upstream's ASN", () => {
    const topology = topologyOf("orion");
    const graph = buildDiagram(topology);
    const bgp = graph.edges.filter((edge) => edge.kind === "bgp");
    expect(bgp.filter((edge) => edge.to === "vm:orion-router").map((edge) => edge.from)).toEqual([
      "vm:orion-k3s-server-1",
      "vm:orion-k3s-worker-1",
      "vm:orion-k3s-worker-2",
      "vm:orion-k3s-worker-3",
    ]);
    const peers = graph.nodes.filter((node) => node.kind === "peer");
    expect(peers.map((peer) => peer.title)).toEqual(["AS6939", "AS6939", "AS6939"]);
    expect(bgp.filter((edge) => edge.to.startsWith("peer:"))).toHaveLength(3);
  });

  it("draws the iBGP session between two routers of the lab once", () => {
    const graph = buildDiagram(topologyOf("nuclear-lighters"));
    const between = graph.edges.filter((edge) => edge.kind === "bgp" && edge.from.startsWith("vm:") && edge.to.endsWith("-rtr01"));
    const routerToRouter = between.filter((edge) => edge.from.endsWith("-rtr01"));
    expect(routerToRouter).toEqual([{ from: "vm:gr-rtr01", to: "vm:nl-rtr01", kind: "bgp", label: "iBGP AS65000 ↔ AS65000" }]);
    expect(graph.nodes.some((node) => node.kind === "peer")).toBe(false);
  });

  it("gives each site of a multi-site lab its own group with its Proxmox nodes inside", () => {
    const graph = buildDiagram(topologyOf("nuclear-lighters"));
    expect(graph.groups.filter((group) => group.kind === "site").map((group) => group.title)).toEqual(["site nl (primary)", "site gr"]);
    expect(graph.groups.filter((group) => group.parent === "site:gr").map((group) => group.title)).toEqual(["Proxmox gr-pve01", "Proxmox gr-pve02"]);
  });

  it("is the same graph, DOT and Mermaid every time for the same Topology", () => {
    const [a, b] = [buildDiagram(topologyOf("production")), buildDiagram(topologyOf("production"))];
    expect(a).toEqual(b);
    expect(toDot(a)).toBe(toDot(b));
    expect(toMermaid(a)).toBe(toMermaid(b));
  });

  it("draws a bare-metal host inside its site, beside the Proxmox nodes", () => {
    const graph = buildDiagram(topologyOf("dev"));
    const site = graph.groups.find((group) => group.kind === "site")!;
    const withHost: DiagramGraph = {
      ...graph,
      nodes: [...graph.nodes, { id: "host:nas", kind: "host", title: "nas", lines: ["10.20.10.5"], group: site.id, network: graph.networks[0] }],
      edges: [...graph.edges, { from: "host:nas", to: `net:${graph.networks[0]}`, kind: "nic" }],
    };
    const dot = toDot(withHost);
    const siteBlock = dot.slice(dot.indexOf(`subgraph "cluster_${site.id}"`));
    expect(siteBlock).toMatch(/"host:nas" \[label=<.*<b>nas<\/b>.*shape="box3d"/);
    expect(toMermaid(withHost)).toMatch(/host\d+\["<b>nas<\/b><br\/>10\.20\.10\.5"\]:::host/);
  });
});

describe("text from the environment", () => {
  const hostile = withText(topologyOf("dev"), 'lab"><script>alert(1)</script>', "a & b <i>");

  it("is escaped in DOT labels", () => {
    const dot = toDot(buildDiagram(hostile));
    expect(dot).not.toContain("<script>");
    expect(dot).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(dot).toContain("a &amp; b &lt;i&gt;");
  });

  it("is escaped in Mermaid labels", () => {
    const mermaid = toMermaid(buildDiagram(hostile));
    expect(mermaid).not.toContain("<script>");
    expect(mermaid).not.toContain("<i>");
  });
});

describe("Mermaid source", () => {
  it("is a flowchart with one subgraph per site and Proxmox node, each closed", () => {
    const topology = topologyOf("nuclear-lighters");
    const mermaid = toMermaid(buildDiagram(topology));
    expect(mermaid.startsWith("flowchart TB\n")).toBe(true);
    const opened = mermaid.match(/^\s*subgraph /gm)!.length;
    expect(opened).toBe(2 + 5);
    expect(mermaid.match(/^\s*end$/gm)!.length).toBe(opened);
    for (const vm of topology.vms) expect(mermaid).toContain(`<b>${vm.name}</b>`);
    for (const network of topology.networks) expect(mermaid).toContain(network.cidr);
  });
});

describe("a large lab", () => {
  const topology = resolveEnvironment(generateEnvironment(100), "bench");
  const dot = toDot(buildDiagram(topology));

  it(`draws each Proxmox node's VMs as rows of one table above ${COMPACT_ABOVE_VMS} VMs`, () => {
    expect(topology.vms.length).toBeGreaterThan(COMPACT_ABOVE_VMS);
    expect(dot.match(/"table:pve:bench\/pve\d+" \[shape="plain"/g)).toHaveLength(5);
    for (const vm of topology.vms) expect(dot).toContain(`<b>${vm.name}</b></td>`);
    expect(dot).not.toMatch(/^\s*"vm:/m);
  });

  it("folds the NICs of a table into one labelled edge per network", () => {
    const nics = dot.match(/^ {2}"table:[^"]+" -> "net:lab" .*$/gm)!;
    expect(nics).toHaveLength(5);
    expect(nics.map((line) => /label=<(\d+) NICs>/.exec(line)![1]).map(Number).reduce((a, b) => a + b, 0)).toBe(100);
  });

  it("points the API VIP at the servers' rows", () => {
    expect(dot.match(/^ {2}"api:bench-k3s" -> "table:[^"]+":"p\d+"/gm)).toHaveLength(3);
  });
});
