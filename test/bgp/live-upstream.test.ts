import { environments } from "../../environments";
import { findRouter, gobgpConfig } from "../../lib/bgp/gobgp";
import { resolveEnvironment } from "../../lib/topology";
import type { EnvironmentInput } from "../../lib/config/schema";
import { GobgpDaemons, gobgp, tryGobgp, waitFor } from "../support/gobgp";
import { requireTool, tempDir } from "../support/tools";

/*
 * A real BGP session on loopback between the ORION router's generated gobgpd config, originating
 * the lab's 2602:f674::/48, and a second gobgpd standing in for its first AS6939 upstream. The
 * router's RIB also holds a more-specific of the /48 (as a LAN /64 would be) that is not
 * originated: the upstream must receive the /48 and nothing more.
 *
 * The session runs over IPv6 loopback: both daemons listen on ::1 on their own ports, the upstream
 * passively, so the router's one connection is the session. The router's other neighbours (the other
 * upstreams, the Kubernetes nodes) move to 127.0.0.x addresses nothing listens on.
 */

/** Ports from a per-process slot (the other live test uses +0..+9 of its own), so runs never collide. */
const BASE_PORT = 40000 + (process.pid % 2000) * 10;
const ROUTER = { port: BASE_PORT, api: BASE_PORT + 1 };
const UPSTREAM = { address: "::1", port: BASE_PORT + 2, api: BASE_PORT + 3 };
const UNREACHABLE_PORT = BASE_PORT + 5;
const ORIGINATED = "2602:f674::/48";
/** In the router's RIB, inside the /48, but not originated. */
const MORE_SPECIFIC = "2602:f674:1000::/64";

describe("a live session between the generated router config and a stand-in upstream", () => {
  const dir = tempDir("bgp-upstream");
  const daemons = new GobgpDaemons(dir);
  const orion = environments.orion as EnvironmentInput;
  const topology = resolveEnvironment({ ...orion, routers: orion.routers!.map((router) => ({ ...router, originate: [ORIGINATED] })) }, "orion");
  const router = findRouter(topology);
  const upstream = router.upstreams[0];

  async function established(): Promise<void> {
    await waitFor("the session to the upstream to be Established", () => {
      daemons.assertRunning();
      return /BGP state = established/i.test(tryGobgp(ROUTER.api, "neighbor", UPSTREAM.address));
    });
  }

  beforeAll(async () => {
    requireTool("gobgpd", "gobgpd");
    requireTool("gobgp", "gobgpd");
    // The router: its generated config, the first upstream moved to ::1, every other neighbour to 127.0.0.x.
    const config = gobgpConfig(router) as any; // eslint-disable-line @typescript-eslint/no-explicit-any
    config.global.config.port = ROUTER.port;
    config.global.config["local-address-list"] = ["::1", "127.0.0.1"];
    const remap = new Map<string, string>();
    config.neighbors.forEach((neighbor: any, index: number) => { // eslint-disable-line @typescript-eslint/no-explicit-any
      const original = neighbor.config["neighbor-address"];
      const stoodIn = original === upstream.address;
      const address = stoodIn ? UPSTREAM.address : `127.0.0.${10 + index}`;
      remap.set(original, address);
      neighbor.config["neighbor-address"] = address;
      neighbor.transport = { config: { "local-address": stoodIn ? "::1" : "127.0.0.1", "remote-port": stoodIn ? UPSTREAM.port : UNREACHABLE_PORT } };
    });
    for (const set of config["defined-sets"]["neighbor-sets"]) set["neighbor-info-list"] = set["neighbor-info-list"].map((a: string) => remap.get(a) ?? a);
    daemons.start("router", config, ROUTER.api);

    // The upstream: AS6939 as the model names it, peering with the router's AS, listening only.
    daemons.start(
      "upstream",
      {
        global: { config: { as: upstream.asn, "router-id": "127.0.0.3", port: UPSTREAM.port, "local-address-list": [UPSTREAM.address] } },
        neighbors: [
          {
            config: { "neighbor-address": "::1", "peer-as": router.asn },
            transport: { config: { "local-address": "::1", "passive-mode": true } },
            "afi-safis": [{ config: { "afi-safi-name": "ipv6-unicast" } }],
          },
        ],
      },
      UPSTREAM.api,
    );
    await waitFor("both gobgpd APIs", () => {
      daemons.assertRunning();
      return tryGobgp(ROUTER.api, "global") !== "" && tryGobgp(UPSTREAM.api, "global") !== "";
    });
  }, 60000);

  afterAll(() => daemons.stop());

  it("reaches Established with the upstream", async () => {
    await established();
    expect(gobgp(ROUTER.api, "neighbor", UPSTREAM.address)).toMatch(/BGP state = established/i);
  }, 60000);

  it("sends the upstream the originated /48 and nothing more", async () => {
    await established();
    // As the gobgp role's unit does after start, plus a more-specific the router holds but does not originate.
    gobgp(ROUTER.api, "global", "rib", "add", "-a", "ipv6", MORE_SPECIFIC);
    gobgp(ROUTER.api, "global", "rib", "add", "-a", "ipv6", ORIGINATED);
    await waitFor(`${ORIGINATED} in the upstream's RIB`, () => tryGobgp(UPSTREAM.api, "global", "rib", "-a", "ipv6").includes(ORIGINATED), 20000);
    const received = gobgp(UPSTREAM.api, "neighbor", UPSTREAM.address, "adj-in", "-a", "ipv6");
    expect(received).toContain(ORIGINATED);
    expect(received).toContain(String(router.asn));
    expect(received).not.toContain(MORE_SPECIFIC);
    expect(gobgp(UPSTREAM.api, "global", "rib", "-a", "ipv6")).not.toContain(MORE_SPECIFIC);
  }, 60000);
});
