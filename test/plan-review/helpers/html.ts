/**
 * Renders Markdown to HTML with marked (GitHub-flavoured: tables, raw HTML such as <details>), to
 * check the structure a person sees. marked is an ES module, which jest's sandbox cannot load, so
 * a plain node child process renders it.
 */
import { spawnSync } from "child_process";
import * as path from "path";

const script = `
import { marked } from "marked";
let input = "";
process.stdin.setEncoding("utf8");
process.stdin.on("data", (chunk) => (input += chunk));
process.stdin.on("end", () => process.stdout.write(marked.parse(input, { gfm: true, async: false })));
`;

/** The HTML marked makes of `markdown`. */
export function markdownToHtml(markdown: string): string {
  const child = spawnSync(process.execPath, ["--input-type=module", "-e", script], { input: markdown, encoding: "utf8", cwd: path.join(__dirname, "..", "..", ".."), maxBuffer: 64 * 1024 * 1024 });
  if (child.status !== 0) throw new Error(`marked failed: ${child.stderr}`);
  return child.stdout;
}
