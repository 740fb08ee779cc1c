import { parseEnvironment } from "../../../lib/config/load";
import { IssueLog } from "../../../lib/config/errors";
import { resolveEnvironment } from "../../../lib/topology";
import { planTemplates } from "../../../lib/topology/stages/templates";
import { indexNodes, siteInputs } from "../../../lib/topology/stages/sites";
import { tinyEnvironment } from "../../support/tiny-environment";

/*
 * The VM templates: one field of the Topology that the clones and the Packer template both read.
 */

const twoNodes = {
  endpoint: "https://pve.tiny.example:8006/",
  nodes: ["pve1", "pve2"].map((name) => ({ name, cores: 16, memoryMiB: 65536, datastores: ["local-lvm"], snippetsDatastore: "local" })),
};
const twoServers = { servers: { count: 2, cores: 2, memoryMiB: 4096, diskGiB: 40, vmIdRange: { start: 1100, end: 1109 }, addressStart: "10.0.0.11" } };

describe("the templates stage", () => {
  it("gives a shared image one template on the template node, which every VM clones", () => {
    const topology = resolveEnvironment(tinyEnvironment({ proxmox: twoNodes, cluster: twoServers, image: { kind: "template", templateVmId: 9000, templateNode: "pve2" } }));

    expect(topology.templates).toEqual([{ site: topology.sites[0].name, node: "pve2", vmId: 9000, name: "tiny-template", datastore: "local-lvm", perNode: false }]);
    expect(topology.vms.map((vm) => [vm.node, vm.clone])).toEqual([
      ["pve1", { vmId: 9000, nodeName: "pve2" }],
      ["pve2", { vmId: 9000, nodeName: "pve2" }],
    ]);
  });

  it("gives a perNode image one template per node, VMID by position, and clones each VM from its own node's", () => {
    const topology = resolveEnvironment(tinyEnvironment({ proxmox: twoNodes, cluster: twoServers, image: { kind: "template", templateVmId: 9000, placement: "perNode" } }));

    expect(topology.templates.map((template) => [template.node, template.vmId])).toEqual([["pve1", 9000], ["pve2", 9001]]);
    expect(topology.vms.map((vm) => [vm.node, vm.clone])).toEqual([
      ["pve1", { vmId: 9000, nodeName: "pve1" }],
      ["pve2", { vmId: 9001, nodeName: "pve2" }],
    ]);
  });

  it("rejects a perNode template node that is not a Proxmox node, naming the nodes there are", () => {
    const env = parseEnvironment(tinyEnvironment({ proxmox: twoNodes, image: { kind: "template", templateVmId: 9000, placement: "perNode", nodes: ["pve1", "pve9"] } }));
    const issues = new IssueLog();
    const sites = siteInputs(env, issues);

    planTemplates(env, sites, indexNodes(sites, issues), [], issues);

    expect(issues.errors).toEqual([
      { path: "image.nodes[1]", value: "pve9", message: "is not a Proxmox node of this environment, so Packer cannot build a template on it; use one of pve1, pve2" },
    ]);
  });

  it("rejects a perNode image with no template on a node that runs a VM", () => {
    expect(() => resolveEnvironment(tinyEnvironment({ proxmox: twoNodes, cluster: twoServers, image: { kind: "template", templateVmId: 9000, placement: "perNode", nodes: ["pve1"] } }))).toThrow(
      /image\.nodes = \["pve1"\]: has no template on pve2, where tiny-k3s-server-2 runs.*add pve2 to image\.nodes/,
    );
  });

  it("rejects a template VMID that a VM already has", () => {
    expect(() => resolveEnvironment(tinyEnvironment({ image: { kind: "template", templateVmId: 1100 } }))).toThrow(/image\.templateVmId = 1100: gives the template on pve1 VMID 1100, which tiny-k3s-server-1 has/);
  });

  it("plans no template for a cloud image", () => {
    const topology = resolveEnvironment(tinyEnvironment({ image: { kind: "cloudImage", templateVmId: undefined, url: "https://cloud-images.ubuntu.com/noble/current/noble-server-cloudimg-amd64.img", fileName: "noble.img", datastore: "local" } }));

    expect(topology.templates).toEqual([]);
    expect(topology.vms[0].clone).toBeUndefined();
  });
});
