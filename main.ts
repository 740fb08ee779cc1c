import { runApp } from "./app/synth";

/*
 * The cdktf app (cdktf.json runs the compiled dist/main.js). HOMELAB_ENVIRONMENTS=dev,orion (names
 * or environment files) picks environments; by default every shipped one is rendered. The assembly,
 * the warnings and the error messages live in app/.
 */
process.exitCode = runApp();
