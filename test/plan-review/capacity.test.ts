/** The lab's capacity in the review, from the plan's VMs and the environment's Topology. */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { environments } from "../../environments";
import { environmentOfStack, lookupEnvironment } from "../../lib/cli/plan-comment";
import { capacityReport } from "../../lib/plan-review/capacity";
import { renderPlanComment } from "../../lib/plan-review/markdown";
import type { TerraformPlan } from "../../lib/plan-review/plan";
import { productionAddsAgent, productionOvercommitsPve1, productionServers3To1, productionServersOnOneNode } from "./helpers/crafted-plans";

const production = lookupEnvironment("production");
const render = (plan: TerraformPlan): string => renderPlanComment([{ name: "production-infra", plan, capacity: production }]).parts[0];
const section = (text: string): string => text.slice(text.indexOf("#### Capacity"), text.indexOf("#### Resource changes"));

describe("the capacity of the recorded plan that shrinks production's servers from 3 to 1", () => {
  const plan = productionServers3To1();
  const report = capacityReport(plan, production);
  const text = section(render(plan));

  it("gives each Proxmox node's VMs, vCPUs and memory before and after the plan", () => {
    const pve2 = report.nodes.find((n) => n.node === "pve2");
    expect(pve2?.before).toEqual({ vcpus: 12, memoryMiB: 24576, vms: 2 });
    expect(pve2?.after).toEqual({ vcpus: 8, memoryMiB: 16384, vms: 1 });
    expect(text).toContain("| `pve2` | 2 → 1 | 12 → 8 of 16 | 24 → 16 of 64 GiB | ✅ |");
    expect(text).toContain("| `pve3` | 1 → 0 | 4 → 0 of 16 | 8 → 0 of 64 GiB | ✅ |");
  });

  it("shows where the control plane sits after the plan and warns that one node holds it", () => {
    expect(text).toContain("- cluster `prod-k3s`, 1 server: `pve1`: microk8s-master-1");
    expect(text).toContain("> **The only server of `prod-k3s` (of 3 before this plan) is on `pve1`:** the control plane has no redundancy");
  });
});

describe("a plan that adds an agent", () => {
  const text = section(render(productionAddsAgent()));

  it("shows the node it lands on and that node's memory from X to Y of Z GiB", () => {
    expect(text).toContain("- `microk8s-worker-3` (agent) lands on `pve3`: memory 8 GiB → 24 GiB of 64 GiB, vCPUs 4 → 12 of 16");
  });

  it("raises no warning while every node stays within its ratio and the servers are spread", () => {
    expect(text).not.toContain("[!WARNING]");
    expect(text).toContain("- cluster `prod-k3s`, 3 servers: `pve1`: microk8s-master-1; `pve2`: microk8s-master-2; `pve3`: microk8s-master-3");
  });
});

describe("a plan that puts a node above its overcommit ratio", () => {
  const text = section(render(productionOvercommitsPve1()));

  it("marks the node in the table and warns for CPU and memory", () => {
    expect(text).toContain("| `pve1` | 2 → 3 | 12 → 20 of 16 | 24 → 72 of 64 GiB | ⚠️ above its vCPUs and memory overcommit |");
    expect(text).toContain("> **`pve1` goes above its memory overcommit:** 72 GiB of VM memory on 64 GiB (ratio 1).");
    expect(text).toContain("> **`pve1` goes above its CPU overcommit:** 20 vCPUs on 16 cores (ratio 1).");
  });

  it("allows what the environment's overcommit ratio allows", () => {
    const generous = { ...production, overcommit: new Map([["pve1", { cpuRatio: 2, memoryRatio: 1.5 }]]) };
    const lenient = section(renderPlanComment([{ name: "production-infra", plan: productionOvercommitsPve1(), capacity: generous }]).parts[0]);
    expect(lenient).toContain("| `pve1` | 2 → 3 | 12 → 20 of 16 ×2 | 24 → 72 of 64 GiB ×1.5 | ✅ |");
    expect(lenient).not.toContain("[!WARNING]");
  });
});

describe("a plan after which one node holds most of a cluster's servers", () => {
  it("warns that losing that node loses quorum", () => {
    const text = section(render(productionServersOnOneNode()));
    expect(text).toContain("- cluster `prod-k3s`, 3 servers: `pve1`: microk8s-master-1, microk8s-master-3; `pve2`: microk8s-master-2");
    expect(text).toContain("> **`pve1` holds 2 of the 3 servers of `prod-k3s`:** losing that node loses etcd quorum.");
  });
});

describe("without an environment or Proxmox VMs", () => {
  it("leaves the section out", () => {
    expect(renderPlanComment([{ name: "production-infra", plan: productionServers3To1() }]).parts[0]).not.toContain("#### Capacity");
    expect(render({ format_version: "1.2", resource_changes: [{ address: "a.b", type: "a", change: { actions: ["create"], before: null, after: {} } }] })).not.toContain("#### Capacity");
  });
});

describe("finding the environment", () => {
  it("reads it from a stack named <env>-infra", () => {
    expect(environmentOfStack("production-infra")).toBe("production");
    expect(environmentOfStack("production-infra.servers-3-to-1")).toBe("production");
    expect(environmentOfStack("production-platform")).toBeUndefined();
    expect(environmentOfStack("nowhere-infra")).toBeUndefined();
  });

  it("reads an environment file as well as a shipped name", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "plan-env-"));
    try {
      const file = path.join(dir, "lab.json");
      fs.writeFileSync(file, JSON.stringify({ ...environments.production, name: "lab" }));
      const context = lookupEnvironment(file);
      expect(context.topology.environment).toBe("lab");
      expect(section(renderPlanComment([{ name: "lab-infra", plan: productionServers3To1(), capacity: context }]).parts[0])).toContain("#### Capacity of `lab`");
    } finally {
      fs.rmSync(dir, { recursive: true });
    }
  });

  it("refuses an --env that is neither a shipped environment nor a file", () => {
    expect(() => lookupEnvironment("nowhere")).toThrow(/unknown environment "nowhere": neither a shipped environment \(.*production.*\) nor an existing \.json\/\.yaml\/\.yml file/);
  });
});

describe("a cluster built with one server", () => {
  it("gets no warning for it on every plan", () => {
    const orion = lookupEnvironment("orion");
    const plan = JSON.parse(fs.readFileSync(path.join(__dirname, "..", "fixtures", "plans", "orion-infra.router-vendor-data.plan.json"), "utf8")) as TerraformPlan;
    const text = section(renderPlanComment([{ name: "orion-infra", plan, capacity: orion }]).parts[0]);
    expect(text).toContain("- cluster `orion-k3s`, 1 server: `r730`: orion-k3s-server-1");
    expect(text).not.toContain("[!WARNING]");
  });
});

describe("a VM the plan forgets", () => {
  it("still counts on its node after the plan: it leaves the state, not the node", () => {
    const plan = productionServers3To1();
    for (const rc of plan.resource_changes ?? []) {
      if (rc.address.includes("master-3") && rc.type === "proxmox_virtual_environment_vm") (rc.change as { actions: string[] }).actions = ["forget"];
    }
    const pve3 = capacityReport(plan, production).nodes.find((n) => n.node === "pve3");
    expect(pve3?.after).toEqual({ vcpus: 4, memoryMiB: 8192, vms: 1 });
  });
});
