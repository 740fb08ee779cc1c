import { ChildProcess } from "child_process";

/** Stops the stand-in daemon the global setup started (by its own handle, nothing else). */
export default async function globalTeardown(): Promise<void> {
  const child = (globalThis as { __terraformStandin?: ChildProcess }).__terraformStandin;
  if (!child || child.exitCode !== null) return;
  await new Promise<void>((resolve) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      resolve();
    }, 3000);
    child.once("exit", () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill("SIGTERM");
  });
}
