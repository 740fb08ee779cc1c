import { IssueLog } from "../../../lib/config/errors";
import { planSnippets } from "../../../lib/topology/stages/snippets";
import { indexNodes, siteInputs } from "../../../lib/topology/stages/sites";
import type { TopologyVm } from "../../../lib/topology/types";
import { lab, node } from "./given";

const vm = (nodeName: string, vendorData: TopologyVm["vendorData"]) => ({ node: nodeName, vendorData, site: "lab" }) as TopologyVm;

describe("the snippets stage", () => {
  it("uploads one snippet per vendor-data profile and node, in VM order, to the node's snippets datastore", () => {
    const env = lab({ proxmox: { endpoint: "https://pve.example:8006/", nodes: [node("pve1"), { ...node("pve2"), snippetsDatastore: "cephfs" }] } });
    const issues = new IssueLog();
    const nodes = indexNodes(siteInputs(env, issues), issues);

    const snippets = planSnippets("lab", [vm("pve2", "kubernetes"), vm("pve1", "router"), vm("pve2", "kubernetes"), vm("pve1", "kubernetes")], nodes);

    expect(snippets).toEqual([
      { profile: "kubernetes", node: "pve2", datastore: "cephfs", fileName: "lab-kubernetes-vendor.yaml", site: "lab" },
      { profile: "router", node: "pve1", datastore: "local", fileName: "lab-router-vendor.yaml", site: "lab" },
      { profile: "kubernetes", node: "pve1", datastore: "local", fileName: "lab-kubernetes-vendor.yaml", site: "lab" },
    ]);
  });
});
