import { App } from "cdktf";
import { environments } from "./environments";
import { addEnvironmentStacks } from "./lib/synth";
import { selectEnvironments } from "./lib/synth";
import { resolveEnvironment } from "./lib/topology";
import { formatIssue } from "./lib/config/errors";

/*
 * The cdktf app (cdktf.json runs the compiled dist/main.js). HOMELAB_ENVIRONMENTS=dev,orion picks
 * environments; by default every shipped one is rendered. Every environment is validated before
 * any stack is built, so a bad one stops the run before anything is written.
 */
const picked = process.env.HOMELAB_ENVIRONMENTS?.split(",").map((name) => name.trim()).filter(Boolean);
const topologies = selectEnvironments(picked).map((name) => resolveEnvironment(environments[name], name));
for (const topology of topologies) {
  for (const warning of topology.warnings) process.stderr.write(`warning: ${topology.environment}: ${formatIssue(warning)}\n`);
}
const app = new App();
for (const topology of topologies) addEnvironmentStacks(app, topology);
app.synth();
