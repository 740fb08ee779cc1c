import type { Topology } from "../topology/types";
import { toDot } from "./dot";
import { toMermaid } from "./mermaid";
import { buildDiagram } from "./model";
import { renderSvg } from "./svg";

/*
 * Pictures of a lab, drawn from its Topology: Topology → graph model (model.ts) → DOT (dot.ts) →
 * SVG through Graphviz/WASM (svg.ts), or Mermaid source (mermaid.ts). Pure apart from loading the
 * WASM module: no files, no network.
 */

export * from "./model";
export { toDot, escapeDotHtml, DIAGRAM_FONT } from "./dot";
export { toMermaid, escapeMermaid } from "./mermaid";
export { renderSvg, normaliseSvg, inlineSvg } from "./svg";
export { formatMemory, formatRatio } from "./format";

/** Output formats of `homelab diagram`. */
export const DIAGRAM_FORMATS = ["svg", "dot", "mermaid"] as const;
export type DiagramFormat = (typeof DIAGRAM_FORMATS)[number];

/** The Topology drawn in one format: an SVG document, DOT or Mermaid source. */
export async function drawTopology(topology: Topology, format: DiagramFormat = "svg"): Promise<string> {
  const graph = buildDiagram(topology);
  if (format === "mermaid") return toMermaid(graph);
  const dot = toDot(graph);
  return format === "dot" ? dot : renderSvg(dot);
}
