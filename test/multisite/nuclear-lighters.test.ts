import { App, Testing } from "cdktf";
import { Site } from "../../.gen/providers/netbox/site";
import { ProxmoxProvider } from "../../.gen/providers/proxmox/provider";
import { InfraStack } from "../../constructs/infra-stack";
import { environments } from "../../environments";
import type { EnvironmentInput } from "../../lib/config/schema";
import { checkTerraformJson, formatSchemaProblems, loadProviderSchemas } from "../../lib/provider-schema";
import { resolveEnvironment } from "../../lib/topology";
import type { Topology } from "../../lib/topology/types";

/*
 * Nuclear Lighters, the multi-site seed: two sites (nl, gr), each its own Proxmox cluster behind an
 * aliased proxmox provider, one NetBox with a site per site and the seed's IPv6 plan.
 */

type Doc = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
type Resource = { provider?: string; node_name?: string; name?: string; site_id?: string };

function synth(topology: Topology): string {
  return Testing.synth(new InfraStack(Testing.app() as App, `${topology.environment}-infra`, { topology }));
}

/** Every resource of one type, by logical id. */
function resourcesOf(doc: Doc, type: string): [string, Resource][] {
  return Object.entries((doc.resource?.[type] ?? {}) as Record<string, Resource>);
}

/** Each Proxmox node's site, from the environment (not the topology under test). */
function siteOfNode(input: EnvironmentInput): Map<string, string> {
  return new Map(input.sites!.flatMap((site) => site.proxmox.nodes.map((node) => [node.name, site.name] as const)));
}

const input = environments["nuclear-lighters"];
const topology = resolveEnvironment(input, "nuclear-lighters");
const text = synth(topology);
const doc = JSON.parse(text) as Doc;
const nodeSites = siteOfNode(input);

/** A copy of the environment whose networks manage their bridge (the shipped one uses existing bridges). */
function withManagedBridges(): Topology {
  const copy = structuredClone(input);
  for (const site of copy.sites!) for (const network of site.networks) Object.assign(network, { manageBridge: true, bridgePorts: ["eno1"] });
  return resolveEnvironment(copy, "nuclear-lighters");
}

describe("the nuclear-lighters infra stack", () => {
  it("synthesizes a VM for every VM of both sites", () => {
    expect(resourcesOf(doc, "proxmox_virtual_environment_vm")).toHaveLength(topology.vms.length);
    expect(new Set(topology.vms.map((vm) => vm.site))).toEqual(new Set(["nl", "gr"]));
  });

  it("gives every VM its own site's proxmox provider", () => {
    const vms = resourcesOf(doc, "proxmox_virtual_environment_vm");
    expect(vms.length).toBeGreaterThan(0);
    for (const [, vm] of vms) expect(vm.provider).toBe(`proxmox.${nodeSites.get(vm.node_name!)}`);
  });

  it("gives every cloud-init snippet its own site's proxmox provider", () => {
    const snippets = resourcesOf(doc, "proxmox_virtual_environment_file");
    expect(snippets.length).toBeGreaterThan(0);
    for (const [, snippet] of snippets) expect(snippet.provider).toBe(`proxmox.${nodeSites.get(snippet.node_name!)}`);
  });

  it("gives every managed bridge and VLAN interface its own site's proxmox provider", () => {
    const managed = JSON.parse(synth(withManagedBridges())) as Doc;
    const network = [...resourcesOf(managed, "proxmox_virtual_environment_network_linux_bridge"), ...resourcesOf(managed, "proxmox_virtual_environment_network_linux_vlan")];
    // One bridge and one VLAN interface on each of the five Proxmox nodes.
    expect(network).toHaveLength(2 * nodeSites.size);
    for (const [, resource] of network) expect(resource.provider).toBe(`proxmox.${nodeSites.get(resource.node_name!)}`);
  });

  it("declares one aliased proxmox provider per site, with that site's endpoint", () => {
    const providers = doc.provider.proxmox as { alias?: string; endpoint: string }[];
    expect(providers.map((provider) => ({ alias: provider.alias, endpoint: provider.endpoint }))).toEqual(
      input.sites!.map((site) => ({ alias: site.name, endpoint: site.proxmox.endpoint })),
    );
    expect(text).toHaveProviderWithProperties(ProxmoxProvider, { alias: "gr", endpoint: "https://gr-pve01.gr.example.net:8006/" });
  });

  it("leaves no proxmox resource on the unaliased default provider", () => {
    const proxmoxResources = Object.entries(doc.resource as Record<string, Record<string, Resource>>)
      .filter(([type]) => type.startsWith("proxmox_"))
      .flatMap(([, resources]) => Object.values(resources));
    expect(proxmoxResources.filter((resource) => !/^proxmox\.(nl|gr)$/.test(resource.provider ?? ""))).toEqual([]);
  });

  it("registers one NetBox site per site", () => {
    expect(resourcesOf(doc, "netbox_site").map(([, site]) => site.name).sort()).toEqual(["GR", "NL"]);
    expect(text).toHaveResourceWithProperties(Site, { name: "NL", slug: "nl", status: "active" });
    expect(text).toHaveResourceWithProperties(Site, { name: "GR", slug: "gr", status: "active" });
  });

  it("files each VM's NetBox record under its own site", () => {
    const siteIds = new Map(resourcesOf(doc, "netbox_site").map(([id, site]) => [site.name === "NL" ? "nl" : "gr", `\${netbox_site.${id}.id}`]));
    const records = resourcesOf(doc, "netbox_virtual_machine");
    expect(records).toHaveLength(topology.vms.length);
    for (const [, record] of records) {
      const vm = topology.vms.find((candidate) => candidate.name === record.name)!;
      expect(record.site_id).toBe(siteIds.get(vm.site));
    }
  });

  it("registers the IPv6 plan: the /48, a /52 per site and the /56s inside NL", () => {
    const prefixes = resourcesOf(doc, "netbox_prefix").map(([, prefix]) => (prefix as { prefix: string }).prefix);
    expect(prefixes).toEqual(
      expect.arrayContaining([
        "2a0c:9a40:8e20::/48",
        "2a0c:9a40:8e20::/52",
        "2a0c:9a40:8e20:1000::/52",
        "2a0c:9a40:8e20:2000::/52",
        "2a0c:9a40:8e20:3000::/52",
        "2a0c:9a40:8e20:4000::/52",
        "2a0c:9a40:8e20::/56",
        "2a0c:9a40:8e20:100::/56",
      ]),
    );
  });

  it("passes the pinned provider schemas", () => {
    const problems = checkTerraformJson(doc, loadProviderSchemas());
    expect(formatSchemaProblems(problems)).toBe("no provider-schema problems");
  });

  it("matches its snapshot", () => {
    expect(doc).toMatchSnapshot();
  });
});
