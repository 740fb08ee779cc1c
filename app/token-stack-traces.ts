import stackTrace = require("cdktf/lib/tokens/private/stack-trace");

/*
 * cdktf records a complete, formatted stack trace (Error.captureStackTrace with no depth limit) for
 * every token it creates: each attribute reference, each Token.asNumber, and each of the ~30
 * output references a generated VirtualEnvironmentVm builds eagerly. That is about 50 traces per VM
 * and was 40% of synthesizing 1000 VMs. The trace only ever shows up in a token resolution error
 * ("Object creation stack"), so synthesis skips it; HOMELAB_TOKEN_STACK_TRACES=1 keeps it, for
 * debugging such an error. The synthesized JSON is the same either way.
 */

let applied = false;

/** Stops cdktf capturing a creation stack trace per token (once per process; no-op when opted out). */
export function skipTokenStackTraces(): void {
  if (applied || process.env.HOMELAB_TOKEN_STACK_TRACES === "1") return;
  applied = true;
  // cdktf calls it through this module's exports object, so replacing the export reaches every caller.
  const target = stackTrace as { captureStackTrace: (below?: unknown) => string[] };
  if (typeof target.captureStackTrace === "function") target.captureStackTrace = () => [];
}
