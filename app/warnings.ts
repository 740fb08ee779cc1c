import { formatIssue } from "../lib/config/errors";
import type { Topology } from "../lib/topology/types";

/*
 * The one place warnings (risks that do not stop a run: an even control-plane count, overcommit, a
 * node holding a cluster's majority) are worded and printed. The cdktf app, `homelab validate` and
 * `homelab check-terraform` all print them through here, on stderr, so stdout stays the artifact.
 */

/** Each warning of a Topology as one line: `warning: <env>: <path> = <value>: <message>`. */
export function warningLines(topology: Topology): string[] {
  return topology.warnings.map((warning) => `warning: ${topology.environment}: ${formatIssue(warning)}`);
}

/** Prints every warning of the Topologies, one line each. @default write to stderr */
export function printWarnings(topologies: readonly Topology[], write: (line: string) => void = (line) => process.stderr.write(line)): void {
  for (const topology of topologies) {
    for (const line of warningLines(topology)) write(`${line}\n`);
  }
}
