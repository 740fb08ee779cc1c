import { run } from "./tools";

/*
 * Helpers the live gobgpd tests share: poll until a session or a route shows up, and ask a running
 * gobgpd over its API port on loopback.
 */

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Polls `check` every 500 ms until it holds; fails naming `what` after `timeoutMs`. */
export async function waitFor(what: string, check: () => boolean, timeoutMs = 45000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (check()) return;
    await sleep(500);
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
}

/** Runs the gobgp CLI against the daemon whose API listens on 127.0.0.1:`api`. */
export function gobgp(api: number, ...args: string[]): string {
  return run("gobgp", ["-u", "127.0.0.1", "-p", String(api), ...args]);
}

/** gobgp, or "" while the daemon is not answering yet. */
export function tryGobgp(api: number, ...args: string[]): string {
  try {
    return gobgp(api, ...args);
  } catch {
    return "";
  }
}
