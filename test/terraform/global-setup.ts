import { ChildProcess, spawn } from "child_process";
import * as path from "path";

/** Where the tests find the running stand-in: its TF_REATTACH_PROVIDERS value. */
export const REATTACH_ENV = "HOMELAB_STANDIN_REATTACH";

/**
 * Starts the stand-in provider daemon once per test run, from source (no stale dist/), and hands
 * its TF_REATTACH_PROVIDERS value to the test workers through the environment. The daemon also
 * exits when this process goes away (its stdin closes), so a crashed run leaves nothing behind.
 */
export default async function globalSetup(): Promise<void> {
  const entry = path.join(__dirname, "run-standin-source.js");
  const child = spawn(process.execPath, [entry, "--daemon", "--exit-with-stdin"], {
    stdio: ["pipe", "pipe", "inherit"],
    env: { ...process.env, CHECKPOINT_DISABLE: "1" },
  });
  const reattach = await new Promise<string>((resolve, reject) => {
    let buffered = "";
    const timer = setTimeout(() => reject(new Error("terraform stand-in daemon did not start within 20 s")), 20000);
    child.stdout!.on("data", (chunk: Buffer) => {
      buffered += chunk.toString("utf8");
      const newline = buffered.indexOf("\n");
      if (newline >= 0) {
        clearTimeout(timer);
        resolve(buffered.slice(0, newline));
      }
    });
    child.on("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`terraform stand-in daemon exited early (code ${code})`));
    });
  });
  child.removeAllListeners("exit");
  process.env[REATTACH_ENV] = reattach;
  (globalThis as { __terraformStandin?: ChildProcess }).__terraformStandin = child;
}
