import * as fs from "fs";
import * as path from "path";
import { findRouter, gobgpConfig, renderGobgpConfig, routerHostVars } from "../../lib/bgp/gobgp";
import type { Topology } from "../../lib/topology/types";
import { planTiny } from "../support/tiny-environment";
import { requireTool, run, tempDir } from "../support/tools";
import { renderWithVars } from "../support/render-template";

/*
 * A router that originates prefixes (the lab's public IPv6 /48): the prefixes are checked against
 * the environment's address space, exported to the upstreams and nothing else, and injected into
 * gobgpd's RIB by the gobgp role each time gobgpd starts.
 */

type Doc = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** The tiny lan with an IPv6 prefix, a router VM and one external IPv6 upstream. */
function planRouter(router: Record<string, unknown> = {}, overrides: Record<string, unknown> = {}): Topology {
  return planTiny({
    networks: [{ name: "lan", bridge: "vmbr0", cidr: "10.0.0.0/24", gateway: "10.0.0.1", dns: ["10.0.0.1"], ipv6: { prefix: "2001:db8:1000::/64", gateway: "2001:db8:1000::1" } }],
    vms: [{ name: "tiny-router", role: "router", vmId: 200, node: "pve1", cores: 1, memoryMiB: 1024, diskGiB: 10, network: "lan", address: "10.0.0.2" }],
    routers: [
      {
        name: "edge",
        asn: 4200000001,
        routerId: "10.0.0.2",
        vm: "tiny-router",
        upstreams: [{ address: "2001:db8:ffff::1", asn: 4200000002, afiSafis: ["ipv6-unicast"], external: true }],
        originate: ["2001:db8::/48"],
        ...router,
      },
    ],
    netbox: { url: "https://netbox.tiny.example/", site: { name: "Tiny", slug: "tiny" }, prefixes: [{ prefix: "2001:db8::/48" }] },
    ...overrides,
  });
}

describe("a router that originates prefixes", () => {
  const dir = tempDir("originate");
  it("keeps the originated prefixes in the Topology, without repeats", () => {
    expect(findRouter(planRouter({ originate: ["2001:db8::/48", "2001:db8::/48"] })).originate).toEqual(["2001:db8::/48"]);
  });

  it("exports to its upstreams exactly the originated prefixes and rejects everything else to them", () => {
    const config = gobgpConfig(findRouter(planRouter())) as Doc;
    expect(config.global["apply-policy"].config).toEqual({ "export-policy-list": ["upstream-export"], "default-export-policy": "accept-route" });
    expect(config["defined-sets"]).toEqual({
      "prefix-sets": [{ "prefix-set-name": "originated", "prefix-list": [{ "ip-prefix": "2001:db8::/48", "masklength-range": "48..48" }] }],
      "neighbor-sets": [{ "neighbor-set-name": "upstreams", "neighbor-info-list": ["2001:db8:ffff::1"] }],
    });
    expect(config["policy-definitions"]).toEqual([
      {
        name: "upstream-export",
        statements: [
          { name: "originated-to-upstreams", conditions: { "match-neighbor-set": { "neighbor-set": "upstreams" }, "match-prefix-set": { "prefix-set": "originated" } }, actions: { "route-disposition": "accept-route" } },
          { name: "nothing-else-to-upstreams", conditions: { "match-neighbor-set": { "neighbor-set": "upstreams" } }, actions: { "route-disposition": "reject-route" } },
        ],
      },
    ]);
  });

  it("filters only its eBGP upstreams: an iBGP upstream of its own AS carries the originated prefixes along with everything else", () => {
    const ibgp = { address: "10.0.0.3", asn: 4200000001, description: "backbone" };
    const config = gobgpConfig(findRouter(planRouter({ upstreams: [{ address: "2001:db8:ffff::1", asn: 4200000002, afiSafis: ["ipv6-unicast"], external: true }, ibgp] }))) as Doc;
    expect(config["defined-sets"]["neighbor-sets"]).toEqual([{ "neighbor-set-name": "upstreams", "neighbor-info-list": ["2001:db8:ffff::1"] }]);
  });

  it("adds no export policy for a router whose only upstreams share its AS", () => {
    const topology = planRouter({ upstreams: [{ address: "10.0.0.3", asn: 4200000001, afiSafis: ["ipv4-unicast", "ipv6-unicast"] }] });
    const config = gobgpConfig(findRouter(topology)) as Doc;
    expect(config["policy-definitions"]).toBeUndefined();
    expect(routerHostVars(topology, topology.vms.find((vm) => vm.name === "tiny-router")!).gobgp_originate).toEqual([{ prefix: "2001:db8::/48", family: "ipv6" }]);
  });

  it("rejects a prefix of a family no upstream session carries", () => {
    expect(() => planRouter({ upstreams: [{ address: "10.0.0.3", asn: 4200000002 }] })).toThrow(
      /routers\[0\]\.originate\[0\] = "2001:db8::\/48": is announced over no upstream session: none carries ipv6-unicast; add "ipv6-unicast" to the afiSafis/,
    );
  });

  it("adds no export policy for a router that originates nothing", () => {
    const config = gobgpConfig(findRouter(planRouter({ originate: [] }))) as Doc;
    expect(config.global["apply-policy"]).toBeUndefined();
    expect(config["policy-definitions"]).toBeUndefined();
  });

  it("keeps the clusters' import policy next to the export policy, in one set of definitions", () => {
    const topology = planRouter({}, { cluster: { bgp: { mode: "metallb", asn: 64512, router: "edge" } } });
    const config = gobgpConfig(findRouter(topology)) as Doc;
    expect(config.global["apply-policy"].config).toEqual({
      "import-policy-list": ["kubernetes-import"],
      "default-import-policy": "accept-route",
      "export-policy-list": ["upstream-export"],
      "default-export-policy": "accept-route",
    });
    expect(config["policy-definitions"].map((policy: Doc) => policy.name)).toEqual(["kubernetes-import", "upstream-export"]);
    expect(config["defined-sets"]["prefix-sets"].map((set: Doc) => set["prefix-set-name"])).toEqual(["lb-tiny-k3s", "originated"]);
  });

  it("renders a configuration gobgpd accepts", () => {
    requireTool("gobgpd", "gobgpd");
    const topology = planRouter({}, { cluster: { bgp: { mode: "metallb", asn: 64512, router: "edge" } } });
    const file = path.join(dir, "gobgpd.toml");
    fs.writeFileSync(file, renderGobgpConfig(topology, findRouter(topology)));
    expect(() => run("gobgpd", ["-f", file, "-t", "toml", "-d"])).not.toThrow();
  });

  it("hands the gobgp role the prefixes to inject, with their address family", () => {
    const topology = planRouter({ originate: ["2001:db8::/48", "10.0.0.0/24"], upstreams: [{ address: "2001:db8:ffff::1", asn: 4200000002, afiSafis: ["ipv4-unicast", "ipv6-unicast"], external: true }] });
    const vm = topology.vms.find((candidate) => candidate.name === "tiny-router")!;
    expect(routerHostVars(topology, vm).gobgp_originate).toEqual([
      { prefix: "2001:db8::/48", family: "ipv6" },
      { prefix: "10.0.0.0/24", family: "ipv4" },
    ]);
  });

  it("warns about a prefix no NetBox prefix or network of the environment covers", () => {
    const topology = planRouter({ originate: ["2001:db9::/48"] });
    expect(topology.warnings).toContainEqual({ path: "routers[0].originate[0]", value: "2001:db9::/48", message: expect.stringMatching(/is covered by no NetBox prefix \(netbox\.prefixes\) and holds no network of this environment/) });
  });

  it("accepts without a warning a prefix that holds one of the environment's networks", () => {
    const topology = planRouter({ originate: ["2001:db8:1000::/48"] }, { netbox: undefined });
    expect(topology.warnings.filter((warning) => warning.path.startsWith("routers"))).toEqual([]);
  });

  it("rejects a prefix written with host bits", () => {
    expect(() => planRouter({ originate: ["2001:db8::1/48"] })).toThrow(/routers\[0\]\.originate\[0\] = "2001:db8::1\/48": has host bits set; write the prefix 2001:db8::\/48/);
  });
});

describe("the gobgp role's unit for a router that originates prefixes", () => {
  const dir = tempDir("gobgp-unit");
  beforeAll(() => requireTool("ansible-playbook", "ansible"));

  it("adds each prefix through gobgpd's API once gobgpd is ready", () => {
    const unit = renderWithVars(dir, "gobgp", "gobgpd.service.j2", { gobgp_gobgpd: "/usr/bin/gobgpd", gobgp_gobgp: "/usr/bin/gobgp", gobgp_originate: [{ prefix: "2001:db8::/48", family: "ipv6" }] });
    expect(unit).toMatch(/^ExecStart=\/usr\/bin\/gobgpd .*--api-hosts 127\.0\.0\.1:50051\n/m);
    expect(unit).toMatch(/^ExecStartPost=\/usr\/bin\/gobgp -u 127\.0\.0\.1 -p 50051 global rib add -a ipv6 2001:db8::\/48$/m);
    expect(unit).toMatch(/^# gobgpd re-reads its configuration on SIGHUP\.$/m);
  });
});
