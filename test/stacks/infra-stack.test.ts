import { App, Testing } from "cdktf";
import { ProxmoxProvider } from "../../.gen/providers/proxmox/provider";
import { NetboxProvider } from "../../.gen/providers/netbox/provider";
import { VirtualEnvironmentVm } from "../../.gen/providers/proxmox/virtual-environment-vm";
import { VirtualEnvironmentFile } from "../../.gen/providers/proxmox/virtual-environment-file";
import { InfraStack } from "../../constructs/infra-stack";
import { environments } from "../../environments";
import { renderInventory } from "../../lib/inventory";
import { checkTerraformJson, formatSchemaProblems, loadProviderSchemas } from "../../lib/provider-schema";
import { topologyOf } from "../support/environments";
import { planTiny } from "../support/tiny-environment";

/** Synthesizes an environment's infra stack; with `runValidations`, cdktf's own construct validations run first and throw. */
function synthInfra(environment: string, runValidations = false): string {
  const app = Testing.app();
  const stack = new InfraStack(app as App, `${environment}-infra`, { topology: topologyOf(environment) });
  return Testing.synth(stack, runValidations);
}

const names = Object.keys(environments);
const synthesized = new Map(names.map((name) => [name, synthInfra(name)]));

describe("InfraStack", () => {
  it.each(names)("of %s passes the pinned provider schemas", (name) => {
    const problems = checkTerraformJson(JSON.parse(synthesized.get(name)!), loadProviderSchemas());
    expect(formatSchemaProblems(problems)).toBe("no provider-schema problems");
  });

  // toBeValidTerraform would need `terraform init` with registry access; test/terraform runs
  // terraform validate through the stand-in provider instead. Here: cdktf's own validations,
  // among them that every resource's provider is configured in the stack.
  it.each(names)("of %s passes cdktf's construct validations", (name) => {
    expect(() => synthInfra(name, true)).not.toThrow();
  });

  it("configures the proxmox provider with the endpoint and an SSH agent for snippet uploads, and no credential", () => {
    const orion = synthesized.get("orion")!;
    expect(orion).toHaveProviderWithProperties(ProxmoxProvider, { endpoint: "https://orion.lab.example:8006/", insecure: true, ssh: expect.objectContaining({ agent: true, username: "root" }) });
    const provider = JSON.parse(orion).provider.proxmox[0];
    for (const credential of ["api_token", "password", "auth_ticket"]) expect(provider).not.toHaveProperty(credential);
  });

  it("takes the NetBox token from a sensitive variable, never a literal", () => {
    const parsed = JSON.parse(synthesized.get("orion")!);
    expect(parsed.variable.netbox_api_token).toMatchObject({ type: "string", sensitive: true });
    expect(synthesized.get("orion")).toHaveProviderWithProperties(NetboxProvider, { server_url: "http://192.168.100.50:8000", api_token: "${var.netbox_api_token}" });
  });

  it("pins the provider versions cdktf.json lists", () => {
    const required = JSON.parse(synthesized.get("dev")!).terraform.required_providers;
    expect(required.proxmox).toEqual({ source: "registry.terraform.io/bpg/proxmox", version: "~> 0.111.1" });
    expect(required.netbox).toEqual({ source: "registry.terraform.io/e-breuninger/netbox", version: "~> 5.7.0" });
  });

  it("creates one VM per planned VM, each pointing at its node's vendor-data snippet", () => {
    const parsed = JSON.parse(synthesized.get("production")!);
    const vms = Object.values(parsed.resource.proxmox_virtual_environment_vm) as { node_name: string; initialization: { vendor_data_file_id: string } }[];
    expect(vms).toHaveLength(5);
    const snippets = parsed.resource.proxmox_virtual_environment_file as Record<string, { node_name: string }>;
    for (const vm of vms) {
      const [, logicalId] = /^\$\{proxmox_virtual_environment_file\.([^.]+)\.id\}$/.exec(vm.initialization.vendor_data_file_id)!;
      expect(snippets[logicalId].node_name).toBe(vm.node_name);
    }
    expect(synthesized.get("production")).toHaveResourceWithProperties(VirtualEnvironmentFile, { content_type: "snippets" });
  });

  it("outputs the same inventory `homelab inventory` prints", () => {
    const parsed = JSON.parse(synthesized.get("orion")!);
    expect(parsed.output.ansible_inventory.value).toBe(renderInventory(topologyOf("orion")));
    expect(parsed.output.nodes.value).toContainEqual(expect.objectContaining({ name: "orion-netbox", vm_id: 500, ipv4: "192.168.100.50" }));
  });

  it("keeps construct IDs free of the environment name, so Terraform addresses are stable", () => {
    const stack = new InfraStack(Testing.app() as App, "production-infra", { topology: topologyOf("production") });
    expect(stack.vms.get("microk8s-master-1")!.resource.node.path).toBe("production-infra/Vm-microk8s-master-1/Resource");
  });

  it("moves every resource of a renamed VM, its HA resource and NetBox records too, from the old name's addresses", () => {
    const topology = planTiny({
      netbox: { url: "https://netbox.tiny.example", site: { name: "Tiny", slug: "tiny" } },
      vms: [{ name: "tiny-router", role: "router", vmId: 200, node: "pve1", cores: 1, memoryMiB: 1024, diskGiB: 10, network: "lan", address: "10.0.0.2", ha: true }],
      renamedVms: [{ from: "tiny-gateway", to: "tiny-router" }],
    });
    const doc = JSON.parse(Testing.synth(new InfraStack(Testing.app() as App, "tiny-infra", { topology }))) as { moved: { from: string; to: string }[] };
    const strip = (address: string): string => address.replace(/_[0-9A-F]{8}$/, "");
    expect(doc.moved.map((block) => [strip(block.from), strip(block.to)])).toEqual([
      ["proxmox_virtual_environment_vm.Vm-tiny-gateway", "proxmox_virtual_environment_vm.Vm-tiny-router"],
      ["proxmox_virtual_environment_haresource.Vm-tiny-gateway_HaResource", "proxmox_virtual_environment_haresource.Vm-tiny-router_HaResource"],
      ["netbox_virtual_machine.Netbox-Registration_Vm-tiny-gateway", "netbox_virtual_machine.Netbox-Registration_Vm-tiny-router"],
      ["netbox_interface.Netbox-Registration_Vm-tiny-gateway_Interface", "netbox_interface.Netbox-Registration_Vm-tiny-router_Interface"],
      ["netbox_ip_address.Netbox-Registration_Vm-tiny-gateway_Ipv4", "netbox_ip_address.Netbox-Registration_Vm-tiny-router_Ipv4"],
      ["netbox_primary_ip.Netbox-Registration_Vm-tiny-gateway_PrimaryIpv4", "netbox_primary_ip.Netbox-Registration_Vm-tiny-router_PrimaryIpv4"],
    ]);
  });

  it("emits no moved block for an environment that renamed nothing", () => {
    expect(JSON.parse(synthesized.get("orion")!)).not.toHaveProperty("moved");
  });

  it("holds no secret in the synthesized JSON", () => {
    for (const text of synthesized.values()) expect(text).not.toMatch(/PRIVATE KEY|api_token"\s*:\s*"(?!\$\{var\.)/);
  });

  it("creates VMs for every environment", () => {
    for (const name of names) expect(synthesized.get(name)).toHaveResource(VirtualEnvironmentVm);
  });

  it.each(names)("of %s matches its snapshot", (name) => {
    expect(JSON.parse(synthesized.get(name)!)).toMatchSnapshot();
  });
});
