import type { DiagramEdge, DiagramGraph, DiagramGroup, DiagramNode } from "./model";

/*
 * The diagram graph as Graphviz DOT, laid out top to bottom by `dot`: BGP peers outside the lab,
 * API VIPs and LoadBalancer pools on top, then each site with its Proxmox nodes and their VMs, and
 * the networks as lanes along the bottom, every VM joined to the lane of its NIC. Colours follow the
 * network, so a VM's border matches its lane.
 */

/** Font the layout measures text with; DejaVu Sans is what Debian's fonts-dejavu-core installs. */
export const DIAGRAM_FONT = "DejaVu Sans";

/** Above this many VMs each Proxmox node's VMs are drawn as rows of one table (see toDot). */
export const COMPACT_ABOVE_VMS = 60;

/** Above this many nodes the layout trades some polish for time (see toDot). */
export const LARGE_GRAPH_NODES = 150;

/** Border/edge colour per network, in the graph's network order (wraps around). */
const NETWORK_COLOURS = ["#1f6fb2", "#2e8b3a", "#8a4fbf", "#c0392b", "#d9822b", "#138d90", "#7f5539", "#c2185b"];
/** Light fill per network, same order. */
const NETWORK_FILLS = ["#e3effa", "#e4f4e6", "#efe6f8", "#fbe5e2", "#fcefdf", "#ddf3f3", "#f1e8df", "#fbe3ee"];

const ROLE_FILLS: Record<string, string> = { server: "#dbe7ff", agent: "#e6f4e6" };
const EXTRA_FILL = "#fff5d9";
const ROUTER_FILL = "#ffe3e0";

/** Escapes text for a Graphviz HTML-like label. */
export function escapeDotHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

/** A quoted DOT id. */
function quoted(id: string): string {
  return `"${id.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`;
}

/** A group's heading: every line flush left, like a window title. */
function groupLabel(title: string, lines: readonly string[], titleSize: number): string {
  const body = lines.map((line) => `<font point-size="9">${escapeDotHtml(line)}</font><br align="left"/>`).join("");
  return `<<font point-size="${titleSize}"><b>${escapeDotHtml(title)}</b></font><br align="left"/>${body}>`;
}

function label(title: string, lines: readonly string[], titleSize = 11): string {
  const body = lines.map((line) => `<br/><font point-size="9">${escapeDotHtml(line)}</font>`).join("");
  return `<<font point-size="${titleSize}"><b>${escapeDotHtml(title)}</b></font>${body}>`;
}

function attributes(attrs: Record<string, string | number | undefined>): string {
  const parts = Object.entries(attrs)
    .filter(([, value]) => value !== undefined)
    .map(([key, value]) => (key === "label" && typeof value === "string" && value.startsWith("<") ? `${key}=${value}` : `${key}=${quoted(String(value))}`));
  return parts.length ? ` [${parts.join(" ")}]` : "";
}

/** Columns of the VM grid inside a Proxmox node: roughly square, so wide labs do not become one long row. */
function gridColumns(count: number): number {
  return Math.max(1, Math.min(6, Math.ceil(Math.sqrt(count))));
}

/** Renders the diagram graph as DOT text. Deterministic: the graph's order is the file's order. */
export function toDot(graph: DiagramGraph): string {
  const colourOf = (network?: string): { line: string; fill: string } => {
    const index = network === undefined ? -1 : graph.networks.indexOf(network);
    if (index < 0) return { line: "#555555", fill: "#f4f4f4" };
    return { line: NETWORK_COLOURS[index % NETWORK_COLOURS.length], fill: NETWORK_FILLS[index % NETWORK_FILLS.length] };
  };
  const out: string[] = [];
  const title = graph.subtitle ? `${graph.title}: ${graph.subtitle}` : graph.title;
  // A fixed graph id: it becomes the SVG <title>, and the environment name is already the label.
  out.push(`digraph "lab" {`);
  // Big labs: cap dot's crossing minimisation and network-simplex passes so a 1000-VM lab lays out
  // in about a second; small ones get the full search (the drawing is what people look at).
  const limits = graph.nodes.length > LARGE_GRAPH_NODES ? ' mclimit="0.3" nslimit="2" nslimit1="2"' : "";
  out.push(`  graph [rankdir="TB"${limits} newrank="true" compound="true" nodesep="0.25" ranksep="0.55" pad="0.3" bgcolor="white" fontname=${quoted(DIAGRAM_FONT)} fontsize="16" labelloc="t" label=<<b>${escapeDotHtml(title)}</b>>];`);
  out.push(`  node [shape="box" style="rounded,filled" fontname=${quoted(DIAGRAM_FONT)} fontsize="10" margin="0.12,0.06" penwidth="1.2"];`);
  out.push(`  edge [fontname=${quoted(DIAGRAM_FONT)} fontsize="9" color="#666666" fontcolor="#333333"];`);

  const children = new Map<string | undefined, DiagramGroup[]>();
  for (const group of graph.groups) (children.get(group.parent) ?? children.set(group.parent, []).get(group.parent)!).push(group);
  const nodesIn = new Map<string | undefined, DiagramNode[]>();
  for (const node of graph.nodes) (nodesIn.get(node.group) ?? nodesIn.set(node.group, []).get(node.group)!).push(node);

  const nodeLine = (node: DiagramNode, indent: string): string => {
    const colour = colourOf(node.network);
    switch (node.kind) {
      case "vm":
      case "host": {
        const fill = node.router ? ROUTER_FILL : ROLE_FILLS[node.role ?? ""] ?? EXTRA_FILL;
        return `${indent}${quoted(node.id)}${attributes({ label: label(node.title, node.lines), fillcolor: fill, color: colour.line, penwidth: node.router ? 2.4 : undefined, shape: node.kind === "host" ? "box3d" : undefined, style: node.kind === "host" ? "filled" : undefined })};`;
      }
      case "network": {
        // A lane: as wide as the VMs on it roughly need, so it reads as the wire they all hang off.
        const members = graph.edges.filter((edge) => edge.kind === "nic" && edge.to === node.id).length;
        const width = Math.min(24, Math.max(4, members * 1.2));
        return `${indent}${quoted(node.id)}${attributes({ label: label(node.title, node.lines, 12), style: "filled", fillcolor: colour.fill, color: colour.line, penwidth: 2.4, width: width.toFixed(1) })};`;
      }
      case "api":
        return `${indent}${quoted(node.id)}${attributes({ label: label(node.title, node.lines), fillcolor: "#efe6fb", color: "#6a3fb0", style: "rounded,filled,bold" })};`;
      case "lb-pool":
        return `${indent}${quoted(node.id)}${attributes({ label: label(node.title, node.lines), fillcolor: "#dff5f1", color: "#138d75", shape: "folder", style: "filled" })};`;
      case "peer":
        return `${indent}${quoted(node.id)}${attributes({ label: label(node.title, node.lines), fillcolor: "#ffffff", color: "#444444", style: "rounded,filled,dashed" })};`;
    }
  };

  // Large labs draw each Proxmox node's VMs as rows of one table: a thousand VMs stay readable and
  // lay out in a fraction of the time a thousand boxes take. Edges then attach to a VM's row.
  const vmCount = graph.nodes.filter((node) => node.kind === "vm").length;
  const compact = vmCount > COMPACT_ABOVE_VMS;
  const endpoints = new Map<string, { node: string; port?: string }>();

  const writeGroup = (group: DiagramGroup, indent: string): void => {
    const site = group.kind === "site";
    out.push(`${indent}subgraph ${quoted(`cluster_${group.id}`)} {`);
    out.push(
      `${indent}  graph [label=${groupLabel(group.title, group.lines, site ? 13 : 11)} style="rounded,filled" fillcolor=${quoted(site ? "#fafafa" : "#eef2f8")} color=${quoted(site ? "#888888" : "#7d93b8")} penwidth="1.2" labeljust="l" margin="12"];`,
    );
    for (const child of children.get(group.id) ?? []) writeGroup(child, `${indent}  `);
    const members = nodesIn.get(group.id) ?? [];
    // Graphviz drops an empty cluster; a Proxmox node without VMs still belongs in the picture.
    if (members.length === 0 && !children.has(group.id)) {
      out.push(`${indent}  ${quoted(`empty:${group.id}`)} [label="no VMs" shape="plaintext" style="" fontcolor="#777777" fontsize="9"];`);
    }
    if (compact && members.length > 0) {
      const tableId = `table:${group.id}`;
      const rows = members.map((node, index) => {
        const port = `p${index}`;
        endpoints.set(node.id, { node: tableId, port });
        const fill = node.router ? ROUTER_FILL : ROLE_FILLS[node.role ?? ""] ?? EXTRA_FILL;
        const [first = "", second = "", ...rest] = node.lines;
        const cells = [first, second, rest.join(" · ")].map((text) => `<td align="left">${escapeDotHtml(text)}</td>`).join("");
        return `<tr><td port="${port}" align="left" bgcolor="${fill}"><b>${escapeDotHtml(node.title)}</b></td>${cells}</tr>`;
      });
      out.push(`${indent}  ${quoted(tableId)} [shape="plain" style="" fontsize="9" label=<<table border="0" cellborder="1" cellspacing="0" cellpadding="3" color="#c5cfdd" bgcolor="white">${rows.join("")}</table>>];`);
    } else {
      for (const node of members) out.push(nodeLine(node, `${indent}  `));
      // Invisible edges stack the VMs of a Proxmox node in a grid instead of one long row.
      const columns = gridColumns(members.length);
      for (let index = columns; index < members.length; index++) {
        out.push(`${indent}  ${quoted(members[index - columns].id)} -> ${quoted(members[index].id)} [style="invis"];`);
      }
    }
    out.push(`${indent}}`);
  };
  for (const group of children.get(undefined) ?? []) writeGroup(group, "  ");

  const loose = nodesIn.get(undefined) ?? [];
  // BGP peers outside the lab on top, the network lanes along the bottom.
  const top = loose.filter((node) => node.kind === "peer");
  const lanes = loose.filter((node) => node.kind === "network");
  for (const node of loose) out.push(nodeLine(node, "  "));
  if (top.length) out.push(`  { rank="min"; ${top.map((node) => quoted(node.id)).join("; ")}; }`);
  if (lanes.length) out.push(`  { rank="max"; ${lanes.map((node) => quoted(node.id)).join("; ")}; }`);

  const kinds = new Map(graph.nodes.map((node) => [node.id, node]));
  const endpoint = (id: string, withPort = true): string => {
    const target = endpoints.get(id);
    if (!target) return quoted(id);
    return withPort && target.port ? `${quoted(target.node)}:${quoted(target.port)}` : quoted(target.node);
  };
  // In tables, a row's NIC and its BGP session to a router fold into one edge per table (× count).
  const folded = new Map<string, { edge: DiagramEdge; tail: string; head: string; count: number }>();
  for (const edge of graph.edges) {
    const fold = endpoints.has(edge.from) && !edge.label && (edge.kind === "nic" || edge.kind === "bgp");
    if (!fold) {
      out.push(edgeLine(edge, endpoint(edge.from), endpoint(edge.to), kinds, colourOf));
      continue;
    }
    const tail = endpoint(edge.from, false);
    const head = endpoint(edge.to, edge.kind === "bgp");
    const key = `${edge.kind} ${tail} ${head}`;
    const seen = folded.get(key);
    if (seen) seen.count++;
    else folded.set(key, { edge, tail, head, count: 1 });
  }
  for (const { edge, tail, head, count } of folded.values()) {
    const label = edge.kind === "bgp" ? `${count} BGP session${count === 1 ? "" : "s"}` : count > 1 ? `${count} NICs` : undefined;
    out.push(edgeLine({ ...edge, ...(label ? { label } : {}) }, tail, head, kinds, colourOf));
  }
  out.push("}");
  return `${out.join("\n")}\n`;
}

function edgeLine(
  edge: DiagramEdge,
  tail: string,
  head: string,
  nodes: Map<string, DiagramNode>,
  colourOf: (network?: string) => { line: string },
): string {
  const from = nodes.get(edge.from);
  const to = nodes.get(edge.to);
  const text = edge.label ? `<${escapeDotHtml(edge.label)}>` : undefined;
  switch (edge.kind) {
    case "nic":
      return `  ${tail} -> ${head}${attributes({ label: text, arrowhead: "none", color: colourOf(to?.network ?? from?.network).line, penwidth: 1.1 })};`;
    case "api":
      return `  ${tail} -> ${head}${attributes({ color: "#6a3fb0", style: "dashed", arrowsize: 0.6 })};`;
    case "announce":
      return `  ${tail} -> ${head}${attributes({ label: text, color: "#138d75", fontcolor: "#0e6655", style: "dashed", arrowsize: 0.6 })};`;
    case "bgp": {
      // Sessions to peers outside the lab are drawn from the peer down, so the internet sits on top;
      // sessions between nodes of the lab do not move anything (constraint=false).
      const external = to?.kind === "peer";
      const [first, second] = external ? [head, tail] : [tail, head];
      return `  ${first} -> ${second}${attributes({ label: text, dir: "both", arrowhead: "dot", arrowtail: "dot", arrowsize: 0.5, color: "#c0392b", fontcolor: "#922b21", penwidth: 1.3, constraint: external ? undefined : "false" })};`;
    }
  }
}
