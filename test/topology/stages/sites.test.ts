import { IssueLog } from "../../../lib/config/errors";
import { checkTemplateNode, indexNodes, siteInputs, siteOf, topologySite } from "../../../lib/topology/stages/sites";
import { lab, network, node } from "./given";

const proxmox = (nodes: Record<string, unknown>[]) => ({ endpoint: "https://pve.example:8006/", nodes });

/** A site with one node and one network of its own. */
const site = (name: string, nodeName: string, cidr: string, extra: Record<string, unknown> = {}) => ({
  name,
  proxmox: proxmox([node(nodeName)]),
  networks: [network(`${nodeName}-lan`, cidr)],
  ...extra,
});

/** A multi-site lab: `sites` instead of the single-site proxmox and networks. */
const multiSite = (...sites: Record<string, unknown>[]) => lab({ proxmox: undefined, networks: undefined, sites });

describe("the sites stage", () => {
  it("turns a single-site environment into one implicit site named after the environment", () => {
    const issues = new IssueLog();

    const sites = siteInputs(lab(), issues);

    expect(sites).toHaveLength(1);
    expect(sites[0]).toMatchObject({ implicit: true, proxmoxPath: "proxmox", networksPath: "networks", config: { name: "lab" } });
    expect(topologySite(sites[0], 0)).toMatchObject({ name: "lab", primary: true, implicit: true, networks: ["lan"] });
    expect(issues.errors).toEqual([]);
  });

  it("puts the site marked primary first, whatever its place in the list", () => {
    const env = multiSite(site("dr", "dr1", "10.1.0.0/24"), site("main", "main1", "10.2.0.0/24", { primary: true }));

    const sites = siteInputs(env, new IssueLog());

    expect(sites.map((site) => [site.config.name, site.proxmoxPath])).toEqual([["main", "sites[1].proxmox"], ["dr", "sites[0].proxmox"]]);
  });

  it("rejects two sites named alike, naming the second one's path", () => {
    const issues = new IssueLog();
    const env = multiSite(site("nl", "a", "10.1.0.0/24"), site("nl", "b", "10.2.0.0/24"));

    siteInputs(env, issues);

    expect(issues.errors).toEqual([{ path: "sites[1].name", value: "nl", message: "is used by another site; give each site a unique name" }]);
  });

  it("asks which site a VM is on when there are several and the VM names none", () => {
    const issues = new IssueLog();
    const env = multiSite(site("nl", "a", "10.1.0.0/24"), site("gr", "b", "10.2.0.0/24"));

    const resolved = siteOf(siteInputs(env, issues), undefined, "vms[0].site", issues);

    expect(resolved).toBeUndefined();
    expect(issues.errors).toEqual([{ path: "vms[0].site", value: undefined, message: "is missing; this environment has several sites, so name one of nl, gr" }]);
  });

  it("indexes Proxmox nodes by name and rejects a name listed twice", () => {
    const issues = new IssueLog();
    const env = lab({ proxmox: proxmox([node("pve1", 8), node("pve1", 32)]) });

    const nodes = indexNodes(siteInputs(env, issues), issues);

    expect([...nodes.keys()]).toEqual(["pve1"]);
    expect(nodes.get("pve1")?.cores).toBe(8);
    expect(issues.errors).toEqual([
      { path: "proxmox.nodes[1].name", value: "pve1", message: "is listed twice; every Proxmox node needs a unique name (across sites too)" },
    ]);
  });

  it("rejects a template on a node the environment does not have", () => {
    const issues = new IssueLog();
    const env = lab({ image: { kind: "template", templateVmId: 9000, templateNode: "pve9" } });

    checkTemplateNode(env, indexNodes(siteInputs(env, issues), issues), issues);

    expect(issues.errors).toEqual([{ path: "image.templateNode", value: "pve9", message: "is not a Proxmox node of this environment; use one of pve1" }]);
  });
});
