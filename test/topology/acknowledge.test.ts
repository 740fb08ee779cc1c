import { resolveTarget } from "../../app/targets";
import { planTiny } from "../support/tiny-environment";

/*
 * A risk accepted on purpose is acknowledged in the environment by the warning's path and a
 * reason: that warning stops repeating, new risks still warn, and a stale acknowledgement says so.
 */

const EVEN_SERVERS = { cluster: { servers: { count: 2 } } };

describe("acknowledged warnings", () => {
  it("warns about an even control-plane count when nothing is acknowledged", () => {
    expect(planTiny(EVEN_SERVERS).warnings.map((warning) => warning.path)).toContain("cluster.servers.count");
  });

  it("drops the warning whose path is acknowledged", () => {
    const topology = planTiny({ ...EVEN_SERVERS, acknowledge: [{ path: "cluster.servers.count", reason: "a lab; etcd learns to cope" }] });
    expect(topology.warnings.map((warning) => warning.path)).not.toContain("cluster.servers.count");
  });

  it("still warns about a risk at another path", () => {
    // given the count acknowledged, when both servers also land on the one node
    const topology = planTiny({ ...EVEN_SERVERS, acknowledge: [{ path: "cluster.servers.count", reason: "accepted" }] });
    // then the majority-on-one-node warning remains
    expect(topology.warnings.map((warning) => warning.path)).toContain("cluster.servers.nodes");
  });

  it("reports an acknowledgement that matches no warning", () => {
    const topology = planTiny({ acknowledge: [{ path: "cluster.servers.count", reason: "accepted" }] });
    expect(topology.warnings).toEqual([
      { path: "acknowledge[0].path", value: "cluster.servers.count", message: "matches no warning; remove the acknowledgement, or write the path exactly as the warning prints it" },
    ]);
  });

  it("needs a reason", () => {
    expect(() => planTiny({ acknowledge: [{ path: "cluster.servers.count", reason: " " }] })).toThrow(/acknowledge\[0\]\.reason = " ": is empty; say why the risk is accepted/);
  });

  it("silences the nuclear-lighters DR site's quorum warning, which the environment acknowledges", () => {
    expect(resolveTarget("nuclear-lighters").warnings).toEqual([]);
  });
});
