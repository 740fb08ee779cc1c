import { ChildProcess, spawn } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { findRouter, gobgpConfig } from "../../lib/bgp/gobgp";
import { toToml } from "../../lib/bgp/toml";
import { run } from "./tools";

/*
 * Helpers the live gobgpd tests share: start and stop the daemons, poll until a session or a route
 * shows up, and ask a running gobgpd over its API port on loopback.
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

/**
 * The gobgpd processes one live test starts: each from a TOML config checked with `gobgpd -d`
 * first, its API on 127.0.0.1:`api`, its log in `dir/<name>.log`. `assertRunning` fails at once,
 * with the daemon's own log, when one has exited instead of serving; `stop` ends them all.
 */
export class GobgpDaemons {
  private readonly daemons: { name: string; process: ChildProcess }[] = [];

  constructor(private readonly dir: string) {}

  start(name: string, config: object, api: number): void {
    const file = path.join(this.dir, `${name}.toml`);
    fs.writeFileSync(file, toToml(config as never));
    run("gobgpd", ["-f", file, "-t", "toml", "-d"]);
    const log = fs.openSync(this.logFile(name), "w");
    this.daemons.push({ name, process: spawn("gobgpd", ["-f", file, "-t", "toml", "--api-hosts", `127.0.0.1:${api}`, "--pprof-disable", "-p"], { stdio: ["ignore", log, log] }) });
  }

  logFile(name: string): string {
    return path.join(this.dir, `${name}.log`);
  }

  assertRunning(): void {
    for (const { name, process: daemon } of this.daemons) {
      if (daemon.exitCode === null && daemon.signalCode === null) continue;
      throw new Error(`gobgpd (${name}) exited with ${daemon.exitCode ?? daemon.signalCode}:\n${fs.readFileSync(this.logFile(name), "utf8")}`);
    }
  }

  async stop(): Promise<void> {
    for (const { process: daemon } of this.daemons) daemon.kill("SIGTERM");
    await Promise.all(this.daemons.map(({ process: daemon }) => (daemon.exitCode === null ? new Promise((resolve) => daemon.once("exit", resolve)) : undefined)));
  }
}

/**
 * A router's generated gobgpd config moved onto loopback: it listens on `router.address:port`, the
 * neighbor for the Kubernetes node a second gobgpd stands in for is that stand-in's loopback address
 * and port, and every other neighbor gets its own 127.0.0.x on an unreachable port of the test's slot.
 */
export function routerOnLoopback(
  model: ReturnType<typeof findRouter>,
  router: { address: string; port: number },
  node: { stoodInFor: string; address: string; port: number },
  unreachablePort: number,
): any {
  const config = gobgpConfig(model) as any;
  config.global.config.port = router.port;
  config.global.config["local-address-list"] = [router.address];
  const remap = new Map<string, string>();
  config.neighbors.forEach((neighbor: any, index: number) => {
    const original = neighbor.config["neighbor-address"];
    const isNode = model.nodePeers.some((peer) => peer.address === original);
    const address = original === node.stoodInFor ? node.address : `127.0.0.${10 + index}`;
    remap.set(original, address);
    neighbor.config["neighbor-address"] = address;
    neighbor.transport = { config: { "local-address": router.address, "remote-port": isNode ? node.port : unreachablePort + (index % 5) } };
  });
  for (const set of config["defined-sets"]["neighbor-sets"]) set["neighbor-info-list"] = set["neighbor-info-list"].map((a: string) => remap.get(a) ?? a);
  return config;
}

/**
 * The config of a gobgpd standing in for one Kubernetes node: the cluster side's ASN, one session to
 * the router on loopback carrying `afiSafis`, and an export policy that sets the node's own model
 * address as next hop (IPv4, and IPv6 when given), as Cilium and MetalLB announce: a 127.0.0.x next
 * hop is not a host address, and gobgpd would treat such an UPDATE as a withdraw.
 */
export function standInNodeConfig(options: {
  asn: number;
  routerAsn: number;
  node: { address: string; port: number };
  router: { address: string; port: number };
  afiSafis: readonly string[];
  nextHop: { ipv4: string; ipv6?: string };
}): object {
  const { asn, routerAsn, node, router, afiSafis, nextHop } = options;
  const setNextHop = (address: string) => ({ "route-disposition": "accept-route", "bgp-actions": { "set-next-hop": address } });
  return {
    global: {
      config: { as: asn, "router-id": node.address, port: node.port, "local-address-list": [node.address] },
      "apply-policy": { config: { "export-policy-list": ["node-next-hop"], "default-export-policy": "accept-route" } },
    },
    neighbors: [
      {
        config: { "neighbor-address": router.address, "peer-as": routerAsn },
        transport: { config: { "local-address": node.address, "remote-port": router.port } },
        "afi-safis": afiSafis.map((name) => ({ config: { "afi-safi-name": name } })),
      },
    ],
    ...(nextHop.ipv6 ? { "defined-sets": { "prefix-sets": [{ "prefix-set-name": "any-ipv6", "prefix-list": [{ "ip-prefix": "::/0", "masklength-range": "0..128" }] }] } } : {}),
    "policy-definitions": [
      {
        name: "node-next-hop",
        statements: [
          ...(nextHop.ipv6 ? [{ name: "ipv6-next-hop", conditions: { "match-prefix-set": { "prefix-set": "any-ipv6" } }, actions: setNextHop(nextHop.ipv6) }] : []),
          { name: "ipv4-next-hop", actions: setNextHop(nextHop.ipv4) },
        ],
      },
    ],
  };
}
