import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { ConfigError } from "../lib/config/errors";
import type { EnvironmentInput } from "../lib/config/schema";
import { resolveEnvironment } from "../lib/topology/plan";
import { generateEnvironment } from "./generate-environment";

/*
 * The early capacity refusal (issue #17): a 100,000-VM agent pool on a 3-node lab is answered from
 * counts and sizes, before a VM is placed or addressed. Before the early check the planner placed
 * and addressed all 100,000 VMs first and took 4.3 s to say the same (measured 2026-12-01). Timed
 * twice: resolveEnvironment in this process (cold: the first zod parse included), and the whole
 * `homelab validate FILE` process, node startup and module loading included. Budget: the answer
 * under 1 s, the whole process (mostly module loading) under 2 s; the run fails above either or
 * when the answer is not the early error.
 */

const VMS = 100_000;
const BUDGET_MS = 1000;
const PROCESS_BUDGET_MS = 2000;
const BIN = path.join(__dirname, "..", "..", "bin", "homelab.js");

/** The generated 30-VM lab cut to three Proxmox nodes, its agent pool grown to {@link VMS} VMs with room for their VMIDs and addresses. */
function hundredThousandVmLab(): EnvironmentInput {
  const env = generateEnvironment(30);
  const proxmox = env.proxmox!;
  const [network] = env.networks!;
  const agents = env.cluster!.agents!;
  return {
    ...env,
    proxmox: { ...proxmox, nodes: proxmox.nodes.slice(0, 3) },
    // A /12 holds the 100,000 addresses, so only capacity can refuse the pool.
    networks: [{ ...network, cidr: "10.64.0.0/12", reserved: [] }],
    cluster: { ...env.cluster!, agents: { ...agents, count: VMS, vmIdRange: { start: 2000, end: 2000 + VMS } } },
  };
}

function main(): void {
  const env = hundredThousandVmLab();
  const started = performance.now();
  let answer: unknown;
  try {
    resolveEnvironment(env);
  } catch (error) {
    answer = error;
  }
  const inProcessMs = performance.now() - started;
  const early = answer instanceof ConfigError && answer.issues.some((issue) => issue.path === "cluster.agents.count" && /planning stopped before placing a VM/.test(issue.message));

  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "homelab-bench-early-")), "huge.json");
  fs.writeFileSync(file, JSON.stringify(env));
  const processStarted = performance.now();
  const validate = spawnSync(process.execPath, [BIN, "validate", file], { encoding: "utf8" });
  const processMs = performance.now() - processStarted;
  fs.rmSync(path.dirname(file), { recursive: true, force: true });

  console.log(`${VMS} agents on 3 Proxmox nodes: resolveEnvironment answered in ${inProcessMs.toFixed(1)} ms, the whole \`homelab validate\` process in ${processMs.toFixed(0)} ms (budgets ${BUDGET_MS} ms and ${PROCESS_BUDGET_MS} ms)`);
  console.log(String(validate.stderr).trim().split("\n").slice(0, 3).join("\n"));
  if (!early || validate.status !== 1 || !/cluster\.agents\.count = 100000/.test(validate.stderr)) {
    console.error("expected the early capacity error on cluster.agents.count");
    process.exitCode = 1;
  }
  if (inProcessMs > BUDGET_MS || processMs > PROCESS_BUDGET_MS) {
    console.error("over budget");
    process.exitCode = 1;
  }
}

main();
