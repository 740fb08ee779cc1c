import { spawn } from "child_process";
import * as net from "net";

/*
 * The non-Terraform commands deploy runs: ansible-playbook, tool version probes, the SSH wait.
 */

/** Runs a command, sending its output to `log`; resolves with its exit code and output. */
export function runCommand(command: string, args: readonly string[], options: { cwd: string; env: NodeJS.ProcessEnv; log: (text: string) => void }): Promise<{ code: number; output: string }> {
  options.log(`$ ${command} ${args.join(" ")}\n`);
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: options.cwd, env: options.env, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    const take = (chunk: Buffer) => {
      const text = chunk.toString("utf8");
      output += text;
      options.log(text);
    };
    child.stdout.on("data", take);
    child.stderr.on("data", take);
    child.on("error", (error) => resolve({ code: 127, output: `${output}${error.message}\n` }));
    child.on("close", (code) => resolve({ code: code ?? 1, output }));
  });
}

/** The first line of `command --version`, or undefined when it does not run. */
export async function toolVersion(command: string, args: readonly string[] = ["--version"]): Promise<string | undefined> {
  const result = await runCommand(command, args, { cwd: process.cwd(), env: process.env, log: () => undefined });
  return result.code === 0 ? result.output.split("\n")[0].trim() : undefined;
}

/** True when something accepts a TCP connection on host:port within `timeoutMs`. */
export function tcpOpen(host: string, port: number, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once("connect", () => done(true));
    socket.once("error", () => done(false));
  });
}

/**
 * Waits until every host answers on its SSH port, polling each every `intervalMs`, for at most
 * `timeoutMs` in all. Resolves with the hosts still not answering (empty when all are up).
 */
export async function waitForSsh(
  hosts: readonly { name: string; address: string; port: number }[],
  options: { timeoutMs: number; intervalMs?: number; log: (text: string) => void },
): Promise<string[]> {
  const deadline = Date.now() + options.timeoutMs;
  let waiting = [...hosts];
  for (;;) {
    const open = await Promise.all(waiting.map((h) => tcpOpen(h.address, h.port, Math.min(5000, options.timeoutMs))));
    for (const [i, host] of waiting.entries()) if (open[i]) options.log(`${host.name} (${host.address}:${host.port}) answers\n`);
    waiting = waiting.filter((_, i) => !open[i]);
    if (waiting.length === 0 || Date.now() >= deadline) return waiting.map((h) => `${h.name} (${h.address}:${h.port})`);
    await new Promise((resolve) => setTimeout(resolve, options.intervalMs ?? 5000));
  }
}
