import { findRouter } from "../../lib/bgp/gobgp";
import { topologyOf } from "../support/environments";
import { GobgpDaemons, gobgp, routerOnLoopback, standInNodeConfig, tryGobgp, waitFor } from "../support/gobgp";
import { requireTool, tempDir } from "../support/tools";

/*
 * A real BGP session on loopback: the ORION router's gobgpd from its generated config (only its
 * listen port and neighbor addresses moved to 127.0.0.x and high ports), and a second gobgpd standing
 * in for one Kubernetes node with the cluster side's ASN and peer from the same model.
 *
 * The node announces with its own model address as next hop, as Cilium and MetalLB do: a 127.0.0.x
 * next hop is not a host address, and gobgpd treats such an UPDATE as a withdraw ("invalid nexthop
 * address"), which would leave the router's adj-in empty even with the session Established.
 */
/** Ports from a per-process slot, so two checkouts testing at once never collide. */
const BASE_PORT = 20000 + (process.pid % 2000) * 10;
const ROUTER = { address: "127.0.0.1", port: BASE_PORT, api: BASE_PORT + 1 };
const NODE = { address: "127.0.0.2", port: BASE_PORT + 2, api: BASE_PORT + 3 };
/** Upstream peers get unreachable ports of the same slot. */
const UPSTREAM_PORT = BASE_PORT + 5;

describe("a live session between the generated router config and a stand-in Kubernetes node", () => {
  const dir = tempDir("bgp-live");
  const daemons = new GobgpDaemons(dir);
  const topology = topologyOf("orion");
  const router = findRouter(topology);
  const side = topology.bgp.clusters.find((cluster) => cluster.router === router.name)!;
  /** The Kubernetes node the second gobgpd plays: the router's first node peer. */
  const stoodInFor = router.nodePeers[0];
  /** One LoadBalancer address of the cluster's pool, as a Service announces it. */
  const serviceAddress = `${side.announce[0].split("/")[0]}/32`;
  /** A prefix outside every LB pool, which the router's import policy must drop. */
  const foreign = "10.99.0.0/24";

  beforeAll(async () => {
    requireTool("gobgpd", "gobgpd");
    requireTool("gobgp", "gobgpd");
    // The router: its generated config, with the listen port and neighbor addresses remapped.
    const config = routerOnLoopback(router, ROUTER, { stoodInFor: stoodInFor.address, ...NODE }, UPSTREAM_PORT);
    daemons.start("router", config, ROUTER.api);

    // The node: the cluster side's ASN and its one peer (the router), from the same Topology.
    daemons.start(
      "node",
      standInNodeConfig({ asn: side.asn, routerAsn: side.routerAsn, node: NODE, router: ROUTER, afiSafis: ["ipv4-unicast"], nextHop: { ipv4: stoodInFor.address } }),
      NODE.api,
    );
    // Generous: under a loaded CI machine gobgpd can take a while to open its API.
    await waitFor("both gobgpd APIs", () => {
      daemons.assertRunning();
      return tryGobgp(ROUTER.api, "global") !== "" && tryGobgp(NODE.api, "global") !== "";
    }, 45000);
  }, 60000);

  afterAll(() => daemons.stop());

  it("reaches Established with the node", async () => {
    await waitFor("the session to be Established", () => /BGP state = established/i.test(tryGobgp(ROUTER.api, "neighbor", NODE.address)));
    expect(gobgp(ROUTER.api, "neighbor", NODE.address)).toMatch(/BGP state = established/i);
  }, 60000);

  it("takes a LoadBalancer address the node announces into the router's RIB", async () => {
    await waitFor("the session to be Established", () => /BGP state = established/i.test(tryGobgp(ROUTER.api, "neighbor", NODE.address)));
    gobgp(NODE.api, "global", "rib", "add", serviceAddress, "-a", "ipv4");
    await waitFor(`${serviceAddress} in the router's RIB`, () => tryGobgp(ROUTER.api, "global", "rib", "-a", "ipv4").includes(serviceAddress), 20000);
    const rib = gobgp(ROUTER.api, "global", "rib", "-a", "ipv4", serviceAddress);
    expect(rib).toContain(stoodInFor.address);
    expect(rib).toContain(String(side.asn));
  }, 60000);

  it("drops a prefix outside the cluster's LoadBalancer pool at the router's import policy", async () => {
    await waitFor("the session to be Established", () => /BGP state = established/i.test(tryGobgp(ROUTER.api, "neighbor", NODE.address)));
    gobgp(NODE.api, "global", "rib", "add", foreign, "-a", "ipv4");
    // The router has received it (adj-in) and still kept it out of its RIB.
    await waitFor(`${foreign} in the router's adj-in`, () => tryGobgp(ROUTER.api, "neighbor", NODE.address, "adj-in", "-a", "ipv4").includes(foreign), 20000);
    expect(tryGobgp(ROUTER.api, "global", "rib", "-a", "ipv4")).not.toContain(foreign);
  }, 60000);
});
