import { inventoryHosts } from "../../lib/deploy/inventory-hosts";
import { DEPLOY_PHASES, DESTROY_PHASES, selectPhases } from "../../lib/deploy/phases";
import { LineProgress } from "../../lib/deploy/progress";
import { runCheckTerraform } from "../../lib/cli/check-terraform";

describe("picking deploy phases", () => {
  it("runs every phase in order by default", () => {
    expect(selectPhases(DEPLOY_PHASES, undefined)).toEqual(["preflight", "infra", "inventory", "ssh", "configure", "platform", "validate"]);
  });

  it("resumes at --from and leaves out --skip", () => {
    expect(selectPhases(DEPLOY_PHASES, "inventory", ["ssh", "validate"])).toEqual(["inventory", "configure", "platform"]);
  });

  it("destroys the platform before the infrastructure it runs on", () => {
    expect(selectPhases(DESTROY_PHASES, undefined)).toEqual(["preflight", "platform", "infra"]);
  });

  it("rejects --from naming no phase, listing the phases", () => {
    expect(() => selectPhases(DEPLOY_PHASES, "k3s")).toThrow('--from = "k3s": names no phase; use one of preflight, infra, inventory, ssh, configure, platform, validate');
  });

  it("rejects skipping the inventory, which later phases read", () => {
    expect(() => selectPhases(DEPLOY_PHASES, undefined, ["inventory"])).toThrow(/--skip = "inventory": cannot be skipped.*--from/);
  });
});

describe("progress without a terminal", () => {
  it("prints one timestamped line when a phase starts and one with its elapsed time when it ends", () => {
    const lines: string[] = [];
    let now = Date.UTC(2026, 0, 1, 12, 0, 0);
    const progress = new LineProgress((text) => lines.push(text), () => now);
    progress.start("infra", "infrastructure (dev-infra)");
    now += 2500;
    progress.succeed("no changes");
    expect(lines).toEqual(["[2026-01-01T12:00:00.000Z] infra: infrastructure (dev-infra) ...\n", "[2026-01-01T12:00:02.500Z] infra: done in 2.5s - no changes\n"]);
  });
});

describe("the hosts deploy waits for", () => {
  it("come from every group of the inventory, with ansible_host and ansible_port", () => {
    const yaml = "all:\n  children:\n    k3s_cluster:\n      children:\n        server:\n          hosts:\n            dev-k3s-1:\n              ansible_host: 10.20.10.11\n    router:\n      hosts:\n        gw:\n          ansible_host: 10.20.10.1\n          ansible_port: 2222\n";
    expect(inventoryHosts(yaml)).toEqual([
      { name: "dev-k3s-1", address: "10.20.10.11", port: 22 },
      { name: "gw", address: "10.20.10.1", port: 2222 },
    ]);
  });
});

describe("check-terraform against a real state backend", () => {
  it("refuses to start without the backend's credentials", async () => {
    const saved = process.env.PG_CONN_STR;
    delete process.env.PG_CONN_STR;
    try {
      await expect(runCheckTerraform("dev", { stateBackend: "pg" })).rejects.toThrow(/keeps its state in the pg backend, but PG_CONN_STR/);
    } finally {
      if (saved !== undefined) process.env.PG_CONN_STR = saved;
    }
  });
});
