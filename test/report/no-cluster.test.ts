import { CHARTS } from "../../constructs/platform/charts";
import { readEnvironmentFile } from "../../lib/config/load";
import { drawTopology } from "../../lib/diagram";
import { renderReport } from "../../lib/report";
import { resolveEnvironment } from "../../lib/topology";
import { MINIMAL_YAML } from "../diagram/support";

describe("a lab without a Kubernetes cluster", () => {
  const input = readEnvironmentFile(MINIMAL_YAML) as Record<string, unknown>;
  delete input.cluster;
  const topology = resolveEnvironment(input);

  it("is drawn with its VMs and network, and no API or pool", async () => {
    const svg = await drawTopology(topology);
    expect(svg).toContain(">lab-router<");
    expect(svg).toContain("10.0.0.0/24");
    expect(svg).not.toContain("LoadBalancer pool");
  });

  it("gets a report that says so", () => {
    const html = renderReport({ topology, svg: "<svg></svg>", charts: CHARTS });
    expect(html).toContain("<p>No Kubernetes cluster.</p>");
    expect(html).toContain("<p>No BGP routers.</p>");
  });
});
