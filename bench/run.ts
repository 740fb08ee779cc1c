import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";

/*
 * `npm run bench`: runs every benchmark script compiled into dist/bench (synth, plan-comment,
 * terraform, ... whichever exist), each in its own node process with its output relayed, and fails
 * when one does. Helpers (generate-environment) and this runner are not benchmarks.
 */

const NOT_BENCHMARKS = new Set(["run.js", "generate-environment.js"]);
/** Run first when present, in this order; any other script follows alphabetically. */
const ORDER = ["synth.js", "plan-comment.js", "terraform.js", "diagram.js"];

const scripts = fs
  .readdirSync(__dirname)
  .filter((file) => file.endsWith(".js") && !NOT_BENCHMARKS.has(file))
  .sort((a, b) => {
    const rank = (file: string) => (ORDER.includes(file) ? ORDER.indexOf(file) : ORDER.length);
    return rank(a) - rank(b) || a.localeCompare(b);
  });

const failed: string[] = [];
for (const script of scripts) {
  console.log(`\n== bench/${script.replace(/\.js$/, ".ts")}`);
  const result = spawnSync(process.execPath, [path.join(__dirname, script)], { stdio: "inherit" });
  if (result.status !== 0) {
    failed.push(script);
    console.error(`bench/${script} failed (${result.signal ?? `exit ${result.status}`})`);
  }
}
if (scripts.length === 0) console.error("no benchmark scripts in dist/bench; run npm run build first");
if (failed.length > 0 || scripts.length === 0) process.exitCode = 1;
