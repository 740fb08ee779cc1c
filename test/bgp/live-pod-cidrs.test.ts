import * as fs from "fs";
import { findRouter } from "../../lib/bgp/gobgp";
import { formatAddress, parseCidr } from "../../lib/net/ip";
import { topologyOf } from "../support/environments";
import { GobgpDaemons, gobgp, routerOnLoopback, standInNodeConfig, tryGobgp, waitFor } from "../support/gobgp";
import { requireTool, tempDir } from "../support/tools";

/*
 * Pod networks over a real session: nuclear-lighters' nl-rtr01 gobgpd from its generated config
 * (listen port and neighbor addresses moved to 127.0.0.x and high ports, as in live-session.test.ts)
 * and a second gobgpd standing in for one NL node, with the cluster's ASN and both families on the
 * one IPv4 session, as Cilium's CiliumBGPPeerConfig sets them up for a dual-stack cluster.
 *
 * The node announces its slice of each pod network with its own model addresses as next hop: the
 * IPv4 one for IPv4, its IPv6 address on nl-servers for IPv6 (a 127.0.0.x or IPv4-mapped next hop is
 * not what a dual-stack Cilium node sends, and gobgpd drops a loopback next hop as a withdraw).
 */
/** Ports from a per-process slot beside live-session.test.ts's, so the two never collide. */
const BASE_PORT = 40000 + (process.pid % 2000) * 10;
const ROUTER = { address: "127.0.0.1", port: BASE_PORT, api: BASE_PORT + 1 };
const NODE = { address: "127.0.0.2", port: BASE_PORT + 2, api: BASE_PORT + 3 };
const UPSTREAM_PORT = BASE_PORT + 5;

describe("a live session carrying an advertising cluster's pod networks to its router", () => {
  const dir = tempDir("bgp-live-pods");
  const daemons = new GobgpDaemons(dir);
  const topology = topologyOf("nuclear-lighters");
  const router = findRouter(topology, "nl-rtr01");
  const side = topology.bgp.clusters.find((cluster) => cluster.router === router.name)!;
  const stoodInFor = router.nodePeers[0];
  const nodeIpv6 = topology.vms.find((vm) => vm.name === stoodInFor.vm)!.nic.ipv6!.address!;
  const [podCidr, podCidrIpv6] = side.podCidrs!;
  /** The node's slice of each pod network, as Cilium's PodCIDR advertisement sends it (k3s gives each node a /24 and a /64). */
  const slice = (cidr: string, index: bigint, length: number) => {
    const parsed = parseCidr(cidr);
    const bits = parsed.family === 4 ? 32 : 128;
    return `${formatAddress(parsed.network + (index << BigInt(bits - length)), parsed.family)}/${length}`;
  };
  const ipv4Slice = slice(podCidr, 3n, 24);
  const ipv6Slice = slice(podCidrIpv6, 3n, 64);
  /** Outside every network the cluster may announce: the other site's pod network, and an IPv6 /64 beside NL's pods. */
  const foreignIpv4 = "10.44.0.0/24";
  const foreignIpv6 = "2a0c:9a40:8e20:200::/64";
  /** Inside the pod network but longer than a node's slice: one pod's address. */
  const podHost = `${formatAddress(parseCidr(ipv4Slice).network + 7n, 4)}/32`;

  const established = () => waitFor("the session to be Established", () => /BGP state = established/i.test(tryGobgp(ROUTER.api, "neighbor", NODE.address)));

  beforeAll(async () => {
    requireTool("gobgpd", "gobgpd");
    requireTool("gobgp", "gobgpd");
    const config = routerOnLoopback(router, ROUTER, { stoodInFor: stoodInFor.address, ...NODE }, UPSTREAM_PORT);
    daemons.start("router", config, ROUTER.api);

    // The families the router's neighbor for this node carries, from the same model.
    daemons.start(
      "node",
      standInNodeConfig({ asn: side.asn, routerAsn: side.routerAsn, node: NODE, router: ROUTER, afiSafis: stoodInFor.afiSafis, nextHop: { ipv4: stoodInFor.address, ipv6: nodeIpv6 } }),
      NODE.api,
    );
    await waitFor("both gobgpd APIs", () => {
      daemons.assertRunning();
      return tryGobgp(ROUTER.api, "global") !== "" && tryGobgp(NODE.api, "global") !== "";
    }, 45000);
  }, 60000);

  afterAll(() => daemons.stop());

  it("negotiates IPv4 and IPv6 unicast on the node's one IPv4 session", async () => {
    expect(stoodInFor.afiSafis).toEqual(["ipv4-unicast", "ipv6-unicast"]);
    await established();
    const neighbor = gobgp(ROUTER.api, "neighbor", NODE.address);
    expect(neighbor).toMatch(/ipv4-unicast/);
    expect(neighbor).toMatch(/ipv6-unicast/);
    // gobgpd logs (and then runs without) a policy it cannot build, e.g. a prefix set mixing families.
    expect(fs.readFileSync(daemons.logFile("router"), "utf8")).not.toMatch(/failed to create routing policy/);
  }, 60000);

  it("takes the node's slice of the IPv4 pod network into the router's RIB", async () => {
    await established();
    gobgp(NODE.api, "global", "rib", "add", ipv4Slice, "-a", "ipv4");
    await waitFor(`${ipv4Slice} in the router's RIB`, () => tryGobgp(ROUTER.api, "global", "rib", "-a", "ipv4").includes(ipv4Slice), 20000);
    expect(gobgp(ROUTER.api, "global", "rib", "-a", "ipv4", ipv4Slice)).toContain(stoodInFor.address);
  }, 60000);

  it("takes the node's slice of the IPv6 pod network into the router's RIB", async () => {
    await established();
    gobgp(NODE.api, "global", "rib", "add", ipv6Slice, "-a", "ipv6");
    await waitFor(`${ipv6Slice} in the router's RIB`, () => tryGobgp(ROUTER.api, "global", "rib", "-a", "ipv6").includes(ipv6Slice), 20000);
    expect(gobgp(ROUTER.api, "global", "rib", "-a", "ipv6", ipv6Slice)).toContain(nodeIpv6);
  }, 60000);

  it("drops prefixes outside the pod networks, and a pod's host route inside one, at the router's import policy", async () => {
    await established();
    gobgp(NODE.api, "global", "rib", "add", foreignIpv4, "-a", "ipv4");
    gobgp(NODE.api, "global", "rib", "add", podHost, "-a", "ipv4");
    gobgp(NODE.api, "global", "rib", "add", foreignIpv6, "-a", "ipv6");
    await waitFor("the foreign prefixes in the router's adj-in", () => {
      const adjIn4 = tryGobgp(ROUTER.api, "neighbor", NODE.address, "adj-in", "-a", "ipv4");
      return adjIn4.includes(foreignIpv4) && adjIn4.includes(podHost) && tryGobgp(ROUTER.api, "neighbor", NODE.address, "adj-in", "-a", "ipv6").includes(foreignIpv6);
    }, 20000);
    const rib4 = tryGobgp(ROUTER.api, "global", "rib", "-a", "ipv4");
    expect(rib4).not.toContain(foreignIpv4);
    expect(rib4).not.toContain(podHost);
    expect(tryGobgp(ROUTER.api, "global", "rib", "-a", "ipv6")).not.toContain(foreignIpv6);
  }, 60000);
});
