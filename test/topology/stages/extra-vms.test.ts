import { IssueLog } from "../../../lib/config/errors";
import { AddressClaims, VmIdentities } from "../../../lib/topology/stages/claims";
import { planExtraVms } from "../../../lib/topology/stages/extra-vms";
import { planNetworks } from "../../../lib/topology/stages/networks";
import { indexNodes, siteInputs } from "../../../lib/topology/stages/sites";
import { extraVm, lab, node } from "./given";

/** Plans the extra VMs of `env` on fresh registries. */
function plan(env: ReturnType<typeof lab>) {
  const issues = new IssueLog();
  const sites = siteInputs(env, issues);
  const registries = { claims: new AddressClaims(issues), identities: new VmIdentities(issues) };
  const vms = planExtraVms({ env, sites, nodes: indexNodes(sites, issues), networks: planNetworks(env, sites, issues) }, registries, issues);
  return { vms, issues };
}

describe("the extra VMs stage", () => {
  it("places an extra VM where the config pins it, grouped and tagged by its role", () => {
    const { vms, issues } = plan(lab({ tags: ["homelab"], vms: [extraVm("lab-router", 200, "pve1", "10.0.0.2", { tags: ["edge"] })] }));

    expect(issues.errors).toEqual([]);
    expect(vms).toEqual([
      expect.objectContaining({
        name: "lab-router",
        kind: "extra",
        vmId: 200,
        node: "pve1",
        datastore: "local-lvm",
        groups: ["router"],
        tags: ["edge", "homelab", "lab", "router"],
        vendorData: "router",
        site: "lab",
        nic: expect.objectContaining({ ipv4: { address: "10.0.0.2", prefixLength: 24, gateway: "10.0.0.1" } }),
      }),
    ]);
  });

  it("gives a role other than router the base vendor data and an Ansible-safe group", () => {
    const { vms } = plan(lab({ vms: [extraVm("lab-ai", 300, "pve1", "10.0.0.30", { role: "ai-agent" })] }));

    expect(vms[0]).toMatchObject({ groups: ["ai_agent"], vendorData: "base" });
  });

  it("rejects a role that takes one of the cluster's own inventory groups", () => {
    const { issues } = plan(lab({ vms: [extraVm("lab-x", 300, "pve1", "10.0.0.30", { role: "server" })] }));

    expect(issues.errors).toEqual([
      { path: "vms[0].role", value: "server", message: 'is reserved for the cluster\'s own inventory groups; name the role differently (e.g. "server-vm")' },
    ]);
  });

  it("leaves out a VM on a node of no site, listing the nodes it could use", () => {
    const { vms, issues } = plan(lab({ proxmox: { endpoint: "https://pve.example:8006/", nodes: [node("pve1"), node("pve2")] }, vms: [extraVm("lab-router", 200, "pve7", "10.0.0.2")] }));

    expect(vms).toEqual([]);
    expect(issues.errors).toEqual([{ path: "vms[0].node", value: "pve7", message: "is not a Proxmox node of this environment; use one of pve1, pve2" }]);
  });

  it("asks for an address on a statically addressed network", () => {
    const { vms, issues } = plan(lab({ vms: [extraVm("lab-router", 200, "pve1", undefined)] }));

    expect(vms).toEqual([]);
    expect(issues.errors[0]).toMatchObject({ path: "vms[0].address", message: expect.stringMatching(/^is missing; network lan uses static addressing/) });
  });

  it("keeps the first of two VMs claiming one address and names it in the second one's error", () => {
    const { vms, issues } = plan(lab({ vms: [extraVm("lab-a", 200, "pve1", "10.0.0.2"), extraVm("lab-b", 201, "pve1", "10.0.0.2")] }));

    expect(vms.map((vm) => vm.name)).toEqual(["lab-a"]);
    expect(issues.errors[0]).toMatchObject({ path: "vms[1].address", message: expect.stringMatching(/^collides with lab-a \(vms\[0\]\.address\)/) });
  });
});
