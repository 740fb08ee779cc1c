import { nodeExporterTargets } from "../../lib/topology/platform/monitoring";
import type { TopologyHost } from "../../lib/topology/types";
import { topologyOf } from "../support/environments";

/* Bare-metal hosts are scraped like VMs: node_exporter on port 9100 of the hosts of the cluster's site. */

describe("node_exporter targets of bare-metal hosts", () => {
  it("list ha-cluster's two Raspberry Pis after its VMs, named by host, role worker", () => {
    const topology = topologyOf("ha-cluster");
    const targets = topology.platform.monitoring!.nodeExporters;
    expect(targets).toHaveLength(topology.vms.length + 2);
    expect(targets.slice(-2)).toEqual([
      { instance: "k8s-worker-arm-1", target: "10.1.1.60:9100", role: "worker" },
      { instance: "k8s-worker-arm-2", target: "10.1.1.61:9100", role: "worker" },
    ]);
  });

  it("leave out hosts of another site, which that site's Prometheus watches", () => {
    const topology = topologyOf("ha-cluster");
    const [pi] = topology.hosts;
    const elsewhere: TopologyHost = { ...pi, name: "pi-elsewhere", address: "10.9.9.9", site: "other-site" };
    const targets = nodeExporterTargets(topology.cluster!, [], [pi, elsewhere]);
    expect(targets).toEqual([{ instance: pi.name, target: `${pi.address}:9100`, role: "worker" }]);
  });
});
