import { ChildProcess, spawn } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { findRouter, gobgpConfig } from "../../lib/bgp/gobgp";
import { toToml } from "../../lib/bgp/toml";
import { topologyOf } from "../support/environments";
import { requireTool, run, tempDir } from "../support/tools";

/*
 * A real BGP session on loopback: the ORION router's gobgpd from its generated config (only its
 * listen port and neighbor addresses moved to 127.0.0.x and high ports), and a second gobgpd standing
 * in for one Kubernetes node with the cluster side's ASN and peer from the same model.
 */
const ROUTER = { address: "127.0.0.1", port: 41790, api: 41791 };
const NODE = { address: "127.0.0.2", port: 41792, api: 41793 };

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

async function waitFor(what: string, check: () => boolean, timeoutMs = 45000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (check()) return;
    await sleep(500);
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
}

function gobgp(api: number, ...args: string[]): string {
  return run("gobgp", ["-u", "127.0.0.1", "-p", String(api), ...args]);
}

function tryGobgp(api: number, ...args: string[]): string {
  try {
    return gobgp(api, ...args);
  } catch {
    return "";
  }
}

describe("a live session between the generated router config and a stand-in Kubernetes node", () => {
  const dir = tempDir("bgp-live");
  const daemons: ChildProcess[] = [];
  const topology = topologyOf("orion");
  const router = findRouter(topology);
  const side = topology.bgp.clusters.find((cluster) => cluster.router === router.name)!;

  function start(name: string, config: object, api: number): void {
    const file = path.join(dir, `${name}.toml`);
    fs.writeFileSync(file, toToml(config as never));
    run("gobgpd", ["-f", file, "-t", "toml", "-d"]);
    const log = fs.openSync(path.join(dir, `${name}.log`), "w");
    daemons.push(spawn("gobgpd", ["-f", file, "-t", "toml", "--api-hosts", `127.0.0.1:${api}`, "--pprof-disable", "-p"], { stdio: ["ignore", log, log] }));
  }

  beforeAll(async () => {
    requireTool("gobgpd", "gobgpd");
    requireTool("gobgp", "gobgpd");
    // The router: its generated config, with the listen port and neighbor addresses remapped.
    const config = gobgpConfig(router) as any;
    config.global.config.port = ROUTER.port;
    config.global.config["local-address-list"] = [ROUTER.address];
    const remap = new Map<string, string>();
    config.neighbors.forEach((neighbor: any, index: number) => {
      const original = neighbor.config["neighbor-address"];
      const isNode = router.nodePeers.some((peer) => peer.address === original);
      const address = original === router.nodePeers[0].address ? NODE.address : `127.0.0.${10 + index}`;
      remap.set(original, address);
      neighbor.config["neighbor-address"] = address;
      neighbor.transport = { config: { "local-address": ROUTER.address, ...(isNode ? { "remote-port": NODE.port } : { "remote-port": 41800 + index }) } };
    });
    for (const set of config["defined-sets"]["neighbor-sets"]) set["neighbor-info-list"] = set["neighbor-info-list"].map((a: string) => remap.get(a) ?? a);
    start("router", config, ROUTER.api);

    // The node: the cluster side's ASN and its one peer (the router), from the same Topology.
    start(
      "node",
      {
        global: { config: { as: side.asn, "router-id": NODE.address, port: NODE.port, "local-address-list": [NODE.address] } },
        neighbors: [
          {
            config: { "neighbor-address": ROUTER.address, "peer-as": side.routerAsn },
            transport: { config: { "local-address": NODE.address, "remote-port": ROUTER.port } },
            "afi-safis": [{ config: { "afi-safi-name": "ipv4-unicast" } }],
          },
        ],
      },
      NODE.api,
    );
    await waitFor("both gobgpd APIs", () => tryGobgp(ROUTER.api, "global") !== "" && tryGobgp(NODE.api, "global") !== "", 15000);
  }, 30000);

  afterAll(async () => {
    for (const daemon of daemons) daemon.kill("SIGTERM");
    await Promise.all(daemons.map((daemon) => (daemon.exitCode === null ? new Promise((resolve) => daemon.once("exit", resolve)) : undefined)));
  });

  it("reaches Established with the node", async () => {
    await waitFor("the session to be Established", () => /BGP state = established/i.test(tryGobgp(ROUTER.api, "neighbor", NODE.address)));
  }, 60000);
});
