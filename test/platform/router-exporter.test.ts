import { Monitoring } from "../../constructs/platform/monitoring";
import { routerHostVars } from "../../lib/bgp/gobgp";
import type { Topology } from "../../lib/topology/types";
import { planTiny } from "../support/tiny-environment";
import { requireTool, tempDir } from "../support/tools";
import { renderWithVars } from "../support/render-template";
import { objectsOf, synth, valuesOf } from "./helpers";

/*
 * The router's BGP state in Prometheus: a router with `metricsPort` runs gobgp_exporter (the gobgp
 * role), the cluster's Prometheus scrapes it as job "gobgp", and BGPSessionDown fires when one of
 * the router's upstream sessions is down.
 */

/** The tiny environment with a router VM, two upstreams (one IPv4, one IPv6) and monitoring with the ORION rules. */
function planRouter(router: Record<string, unknown> = {}): Topology {
  return planTiny({
    vms: [{ name: "tiny-router", role: "router", vmId: 200, node: "pve1", cores: 1, memoryMiB: 1024, diskGiB: 10, network: "lan", address: "10.0.0.2" }],
    routers: [
      {
        name: "edge",
        asn: 4200000001,
        routerId: "10.0.0.2",
        vm: "tiny-router",
        upstreams: [
          { address: "198.51.100.1", asn: 4200000002, external: true },
          { address: "2001:db8:ffff::1", asn: 4200000002, external: true },
        ],
        metricsPort: 9474,
        ...router,
      },
    ],
    platform: { monitoring: { enabled: true, orionAlertRules: true } },
  });
}

describe("a router's BGP exporter", () => {
  const topology = planRouter();
  const monitoring = topology.platform.monitoring!;

  it("is a scrape target of the cluster's Prometheus at the router VM's address and metricsPort", () => {
    expect(monitoring.routerExporters).toEqual([{ instance: "tiny-router", target: "10.0.0.2:9474", role: "router", router: "edge", upstreams: ["198.51.100.1", "2001:db8:ffff::1"] }]);
  });

  it("is no scrape target when the router sets no metricsPort", () => {
    expect(planRouter({ metricsPort: undefined }).platform.monitoring!.routerExporters).toBeUndefined();
  });

  it("gets its port from the inventory", () => {
    const vm = topology.vms.find((candidate) => candidate.name === "tiny-router")!;
    expect(routerHostVars(topology, vm).gobgp_exporter_port).toBe(9474);
  });

  it("may not take node_exporter's port or gobgpd's", () => {
    expect(() => planRouter({ metricsPort: 9100 })).toThrow(/routers\[0\]\.metricsPort = 9100: is node_exporter's port on every host/);
    expect(() => planRouter({ metricsPort: 179 })).toThrow(/routers\[0\]\.metricsPort = 179: is gobgpd's BGP port \(listenPort\)/);
  });

  describe("in the platform stack", () => {
    const { doc } = synth((scope: any) => new Monitoring(scope, "Monitoring", { monitoring, grafanaAdminPassword: "${var.grafana_admin_password}", kubeProxy: true })); // eslint-disable-line @typescript-eslint/no-explicit-any

    it("is scraped as job gobgp next to node_exporter", () => {
      const scrapeConfigs = valuesOf(doc, "kube-prometheus-stack").prometheus.prometheusSpec.additionalScrapeConfigs;
      expect(scrapeConfigs.map((config: { job_name: string }) => config.job_name)).toEqual(["node-exporter", "gobgp"]);
      expect(scrapeConfigs[1].static_configs).toEqual([{ targets: ["10.0.0.2:9474"], labels: { instance: "tiny-router", role: "router", router: "edge" } }]);
    });

    it("has BGPSessionDown fire when an upstream session of the router is down for 5 minutes", () => {
      const [rule] = objectsOf(doc, "orion-alert-rules");
      const bgp = rule.spec.groups[0].rules.find((entry: { alert: string }) => entry.alert === "BGPSessionDown");
      expect(bgp).toMatchObject({ expr: 'gobgp_peer_up{job="gobgp", name=~"198\\\\.51\\\\.100\\\\.1|2001:db8:ffff::1"} == 0', for: "5m", labels: { severity: "critical" } });
    });
  });
});

describe("the gobgp role's exporter unit", () => {
  const dir = tempDir("gobgp-exporter");
  beforeAll(() => requireTool("ansible-playbook", "ansible"));

  it("listens on the inventory's port and reads gobgpd's API", () => {
    const unit = renderWithVars(dir, "gobgp", "gobgp-exporter.service.j2", { gobgp_exporter_port: 9474 });
    expect(unit).toMatch(/^ExecStart=\/usr\/local\/bin\/gobgp-exporter -web\.listen-address :9474 -gobgp\.address 127\.0\.0\.1:50051$/m);
  });
});
