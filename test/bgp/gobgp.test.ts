import * as fs from "fs";
import * as path from "path";
import { findRouter, gobgpConfig, renderGobgpConfig } from "../../lib/bgp/gobgp";
import { toToml } from "../../lib/bgp/toml";
import { inventoryData } from "../../lib/inventory";
import { topologyOf } from "../support/environments";
import { requireTool, run, tempDir } from "../support/tools";

describe("gobgpd.toml rendered from the model", () => {
  const dir = tempDir("gobgp");

  it.each([
    ["orion", "orion-router"],
    ["nuclear-lighters", "nl-rtr01"],
    ["nuclear-lighters", "gr-rtr01"],
  ])("passes gobgpd's own config check for %s router %s", (environment, name) => {
    requireTool("gobgpd", "gobgpd");
    const topology = topologyOf(environment);
    const file = path.join(dir, `${environment}-${name}.toml`);
    fs.writeFileSync(file, renderGobgpConfig(topology, findRouter(topology, name)));
    expect(run("gobgpd", ["-f", file, "-t", "toml", "-d"])).toMatch(/Finished reading the config file/);
  });

  it("gives the ORION router its AS, router-id and three Telus peers with the primary's timers", () => {
    const config = gobgpConfig(findRouter(topologyOf("orion"))) as any;
    expect(config.global.config).toEqual({ as: 394955, "router-id": "100.64.0.1", port: 179 });
    const upstreams = config.neighbors.filter((n: any) => n.config["peer-as"] === 6939);
    expect(upstreams.map((n: any) => n.config["neighbor-address"])).toEqual(["2602:f674::ffff", "2602:f674::fffe", "2602:f674::fffd"]);
    expect(upstreams[0].timers.config).toEqual({ "hold-time": 90, "keepalive-interval": 30 });
    expect(upstreams.every((n: any) => n["afi-safis"][0].config["afi-safi-name"] === "ipv6-unicast")).toBe(true);
  });

  it("adds one neighbor per Kubernetes node in the cluster's AS", () => {
    const topology = topologyOf("orion");
    const nodes = (gobgpConfig(findRouter(topology)) as any).neighbors.filter((n: any) => n.config["peer-as"] === 64512);
    expect(nodes.map((n: any) => n.config["neighbor-address"])).toEqual(["192.168.100.60", "192.168.100.61", "192.168.100.62", "192.168.100.63"]);
  });

  it("accepts from the cluster only its LoadBalancer pool", () => {
    const config = gobgpConfig(findRouter(topologyOf("orion"))) as any;
    expect(config["defined-sets"]["prefix-sets"][0]["prefix-list"].map((p: any) => p["ip-prefix"])).toEqual(["192.168.100.40/29", "192.168.100.48/31"]);
    expect(config.global["apply-policy"].config["import-policy-list"]).toEqual(["kubernetes-import"]);
  });

  it("accepts from an advertising cluster its pod networks too, down to a node's slice, between its pool and its catch-all", () => {
    const config = gobgpConfig(findRouter(topologyOf("nuclear-lighters"), "nl-rtr01")) as any;
    expect(config["defined-sets"]["prefix-sets"].map((set: any) => set["prefix-set-name"])).toEqual(["lb-nl", "pods-nl", "pods-nl-ipv6"]);
    expect(config["defined-sets"]["prefix-sets"][1]["prefix-list"]).toEqual([{ "ip-prefix": "10.42.0.0/16", "masklength-range": "16..24" }]);
    expect(config["defined-sets"]["prefix-sets"][2]["prefix-list"]).toEqual([{ "ip-prefix": "2a0c:9a40:8e20:100::/56", "masklength-range": "56..64" }]);
    const policy = config["policy-definitions"].find((candidate: any) => candidate.name === "kubernetes-import");
    expect(policy.statements.map((statement: any) => statement.name)).toEqual(["nl-lb-pool", "nl-pod-cidrs", "nl-pod-cidrs-ipv6", "nl-anything-else"]);
  });

  it.each([
    ["orion", "orion-router"],
    ["nuclear-lighters", "nl-rtr01"],
    ["nuclear-lighters", "gr-rtr01"],
  ])("keeps each prefix set of %s router %s to one address family, which gobgpd -d does not check", (environment, name) => {
    // gobgpd starts without its policies ("multiple families") when a set mixes them; the live tests show it.
    const sets = (gobgpConfig(findRouter(topologyOf(environment), name)) as any)["defined-sets"]["prefix-sets"];
    expect(sets.length).toBeGreaterThan(0);
    for (const set of sets) expect(new Set(set["prefix-list"].map((entry: any) => entry["ip-prefix"].includes(":"))).size).toBe(1);
  });

  it("renders an advertising cluster's dynamic-neighbor peer group with both families", () => {
    const router = findRouter(topologyOf("nuclear-lighters"), "nl-rtr01");
    const config = gobgpConfig({ ...router, nodePeers: [], dynamicPeers: [{ cluster: "nl", prefix: "10.10.0.0/24", asn: 65001, afiSafis: ["ipv4-unicast", "ipv6-unicast"] }] }) as any;
    expect(config["peer-groups"][0]["afi-safis"].map((family: any) => family.config["afi-safi-name"])).toEqual(["ipv4-unicast", "ipv6-unicast"]);
    expect(config["defined-sets"]["neighbor-sets"][0]["neighbor-info-list"]).toEqual(["10.10.0.0/24"]);
    requireTool("gobgpd", "gobgpd");
    const file = path.join(dir, "dynamic-pods.toml");
    fs.writeFileSync(file, toToml(config));
    expect(run("gobgpd", ["-f", file, "-t", "toml", "-d"])).toMatch(/Finished reading the config file/);
  });

  it("delivers the rendered config to the router through its inventory host vars", () => {
    const topology = topologyOf("orion");
    const router = (inventoryData(topology).all.children!.router.hosts as any)["orion-router"];
    expect(router.gobgp_config).toBe(renderGobgpConfig(topology, findRouter(topology)));
  });

  it("gives the cluster side the router as its one BGP peer", () => {
    const loadBalancer = topologyOf("orion").platform.loadBalancer!;
    expect(loadBalancer).toMatchObject({ mode: "bgp", asn: 64512, peers: [{ name: "orion-router", address: "192.168.100.1", asn: 394955 }] });
  });
});
