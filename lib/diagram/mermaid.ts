import type { DiagramGraph, DiagramGroup, DiagramNode } from "./model";

/*
 * The diagram graph as a Mermaid flowchart, for pasting into Markdown (GitHub and GitLab render
 * it). Mermaid does its own layout, so this is the same graph as the SVG, not the same picture.
 */

/** Escapes text inside a quoted Mermaid label (entity codes; Mermaid has no backslash escapes). */
export function escapeMermaid(text: string): string {
  return text.replace(/&/g, "#38;").replace(/"/g, "#quot;").replace(/</g, "#lt;").replace(/>/g, "#gt;");
}

function labelOf(title: string, lines: readonly string[]): string {
  return [`<b>${escapeMermaid(title)}</b>`, ...lines.map(escapeMermaid)].join("<br/>");
}

const SHAPES: Record<DiagramNode["kind"], [string, string]> = {
  vm: ["(", ")"],
  host: ["[", "]"],
  network: ["[[", "]]"],
  api: ["([", "])"],
  "lb-pool": ["[/", "/]"],
  peer: ["((", "))"],
};

/** Renders the diagram graph as Mermaid `flowchart TB` source. Deterministic like the graph. */
export function toMermaid(graph: DiagramGraph): string {
  // Mermaid ids allow letters, digits and underscores; number them so sanitising cannot collide.
  const ids = new Map<string, string>();
  const idOf = (id: string): string => {
    let short = ids.get(id);
    if (!short) {
      short = `${id.split(":")[0].replace(/[^A-Za-z0-9]/g, "")}${ids.size + 1}`;
      ids.set(id, short);
    }
    return short;
  };
  const out = ["flowchart TB"];
  const title = graph.subtitle ? `${graph.title}: ${graph.subtitle}` : graph.title;
  out.push(`  %% ${escapeMermaid(title.replace(/[\r\n]+/g, " "))}`);

  const children = new Map<string | undefined, DiagramGroup[]>();
  for (const group of graph.groups) (children.get(group.parent) ?? children.set(group.parent, []).get(group.parent)!).push(group);
  const nodesIn = new Map<string | undefined, DiagramNode[]>();
  for (const node of graph.nodes) (nodesIn.get(node.group) ?? nodesIn.set(node.group, []).get(node.group)!).push(node);

  const nodeLine = (node: DiagramNode, indent: string): string => {
    const [open, close] = SHAPES[node.kind];
    const cls = node.kind === "vm" ? (node.router ? "router" : node.role === "server" || node.role === "agent" ? node.role : "extra") : node.kind.replace("-", "");
    return `${indent}${idOf(node.id)}${open}"${labelOf(node.title, node.lines)}"${close}:::${cls}`;
  };
  const writeGroup = (group: DiagramGroup, indent: string): void => {
    out.push(`${indent}subgraph ${idOf(group.id)}["${labelOf(group.title, group.lines)}"]`);
    for (const child of children.get(group.id) ?? []) writeGroup(child, `${indent}  `);
    for (const node of nodesIn.get(group.id) ?? []) out.push(nodeLine(node, `${indent}  `));
    out.push(`${indent}end`);
  };
  for (const group of children.get(undefined) ?? []) writeGroup(group, "  ");
  for (const node of nodesIn.get(undefined) ?? []) out.push(nodeLine(node, "  "));

  for (const edge of graph.edges) {
    const text = edge.label ? `|"${escapeMermaid(edge.label)}"|` : "";
    const arrow = edge.kind === "nic" ? "---" : edge.kind === "bgp" ? "<-.->" : "-.->";
    out.push(`  ${idOf(edge.from)} ${arrow}${text} ${idOf(edge.to)}`);
  }
  out.push(
    "  classDef server fill:#dbe7ff,stroke:#1f6fb2",
    "  classDef agent fill:#e6f4e6,stroke:#2e8b3a",
    "  classDef extra fill:#fff5d9,stroke:#b08a2e",
    "  classDef router fill:#ffe3e0,stroke:#c0392b,stroke-width:2px",
    "  classDef host fill:#f4f4f4,stroke:#555555",
    "  classDef network fill:#e3effa,stroke:#1f6fb2,stroke-width:2px",
    "  classDef api fill:#efe6fb,stroke:#6a3fb0",
    "  classDef lbpool fill:#dff5f1,stroke:#138d75",
    "  classDef peer fill:#ffffff,stroke:#444444,stroke-dasharray:4 3",
  );
  return `${out.join("\n")}\n`;
}
