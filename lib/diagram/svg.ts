import type { Graphviz } from "@hpcc-js/wasm-graphviz";
import { DIAGRAM_FONT } from "./dot";

/*
 * DOT to SVG through Graphviz compiled to WebAssembly (@hpcc-js/wasm-graphviz): the real `dot`
 * layout, with no system Graphviz and no network. The WASM module is compiled once per process.
 * The SVG is normalised so the same DOT gives the same bytes on every machine: comments (they carry
 * the Graphviz version) go, and the font falls back to look-alikes where DejaVu Sans is missing.
 */

let loading: Promise<Graphviz> | undefined;

/** The Graphviz instance, loaded on first use. */
export function graphviz(): Promise<Graphviz> {
  loading ??= import("@hpcc-js/wasm-graphviz").then((module) => module.Graphviz.load());
  return loading;
}

/** Fonts the browser tries, in order; Graphviz measured the text in the first. */
const FONT_STACK = `${DIAGRAM_FONT},Verdana,Arial,Helvetica,sans-serif`;

/** Strips what would make two renders of the same DOT differ, and names a font stack. */
export function normaliseSvg(svg: string): string {
  return svg
    .replace(/<!--[\s\S]*?-->\n?/g, "")
    // Graphviz writes every hyphen as &#45;; plain ones keep names greppable and diffs readable.
    .replace(/&#45;/g, "-")
    .replace(new RegExp(`font-family="${DIAGRAM_FONT}"`, "g"), `font-family="${FONT_STACK}"`)
    .replace(/[ \t]+$/gm, "");
}

/** Lays out DOT with `dot` and returns a standalone SVG document. */
export async function renderSvg(dot: string): Promise<string> {
  const instance = await graphviz();
  return normaliseSvg(instance.layout(dot, "svg", "dot"));
}

/** The SVG element alone (no XML prolog or DOCTYPE), for inlining into HTML. */
export function inlineSvg(svg: string): string {
  const start = svg.indexOf("<svg");
  return start < 0 ? svg : svg.slice(start);
}
