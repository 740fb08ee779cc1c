import { execFileSync, spawnSync } from "child_process";
import * as fs from "fs";
import * as net from "net";
import * as os from "os";
import * as path from "path";

/*
 * A throwaway PostgreSQL server for tests: initdb into a temp dir, listening on 127.0.0.1 on a free
 * port (and a unix socket in that dir only), trust auth for the one local user, stopped by stop().
 * initdb refuses to run as root, so under root (CI) the server runs as `nobody`, owning its dir.
 */

/** A running throwaway server. */
export interface TestPostgres {
  /** postgres:// URL for PG_CONN_STR (no password: trust auth on loopback). */
  readonly connStr: string;
  /** Runs SQL through psql and returns its unaligned, tuples-only output. */
  psql(sql: string): string;
  /** Stops the server and removes its directory; safe to call twice. */
  stop(): void;
}

/** The PostgreSQL server binaries (Debian puts them under /usr/lib/postgresql/<major>/bin); undefined when absent. */
export function postgresBinDir(): string | undefined {
  const fromConfig = spawnSync("pg_config", ["--bindir"], { encoding: "utf8" });
  if (fromConfig.status === 0 && fs.existsSync(path.join(fromConfig.stdout.trim(), "initdb"))) return fromConfig.stdout.trim();
  const root = "/usr/lib/postgresql";
  if (!fs.existsSync(root)) return undefined;
  const majors = fs.readdirSync(root).filter((d) => fs.existsSync(path.join(root, d, "bin", "initdb"))).sort((a, b) => Number(b) - Number(a));
  return majors.length ? path.join(root, majors[0], "bin") : undefined;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** Starts a fresh server; throws with initdb's or pg_ctl's output when it cannot. */
export async function startPostgres(): Promise<TestPostgres> {
  const bin = postgresBinDir();
  if (!bin) throw new Error("PostgreSQL server binaries not found (Debian package postgresql; .ci/run installs it)");
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "homelab-pg-"));
  const data = path.join(dir, "data");
  const asRoot = process.getuid?.() === 0;
  // Root may not run the server; `nobody` owns the throwaway directory instead.
  if (asRoot) execFileSync("chown", ["nobody", dir]);
  const run = (tool: string, args: string[]) => {
    const command = asRoot ? "runuser" : path.join(bin, tool);
    const argv = asRoot ? ["-u", "nobody", "--", path.join(bin, tool), ...args] : args;
    const result = spawnSync(command, argv, { encoding: "utf8", cwd: dir });
    if (result.status !== 0) throw new Error(`${tool} ${args.join(" ")} failed (exit ${result.status}):\n${result.stdout}${result.stderr}`);
    return result.stdout;
  };
  run("initdb", ["-D", data, "-U", "homelab", "--auth=trust", "--no-sync", "-E", "UTF8"]);
  const port = await freePort();
  let stopped = false;
  const stop = () => {
    if (stopped) return;
    stopped = true;
    try {
      run("pg_ctl", ["-D", data, "-m", "immediate", "-w", "stop"]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  };
  try {
    run("pg_ctl", [
      "-D", data, "-l", path.join(dir, "server.log"), "-w", "-t", "30",
      "-o", `-c listen_addresses=127.0.0.1 -p ${port} -c unix_socket_directories=${dir} -c fsync=off`,
      "start",
    ]);
  } catch (error) {
    const log = fs.existsSync(path.join(dir, "server.log")) ? fs.readFileSync(path.join(dir, "server.log"), "utf8") : "";
    fs.rmSync(dir, { recursive: true, force: true });
    throw new Error(`${(error as Error).message}\n${log}`);
  }
  const connStr = `postgres://homelab@127.0.0.1:${port}/postgres?sslmode=disable`;
  return {
    connStr,
    psql: (sql) => execFileSync(path.join(bin, "psql"), ["-X", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-d", connStr, "-c", sql], { encoding: "utf8" }).trim(),
    stop,
  };
}
