import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { App, Testing } from "cdktf";
import { AvailableIpAddress } from "../../.gen/providers/netbox/available-ip-address";
import { InfraStack } from "../../constructs/infra-stack";
import { environments } from "../../environments";
import type { SingleSiteEnvironmentInput } from "../../lib/config/schema";
import { checkTerraformJson, formatSchemaProblems, loadProviderSchemas } from "../../lib/provider-schema";
import { checkTerraform, formatReports, listStacks } from "../../lib/terraform-check";
import { resolveEnvironment } from "../../lib/topology";
import type { Topology } from "../../lib/topology/types";
import { formatAddress, parseCidr } from "../../lib/net/ip";
import { reattach, terraformPresent, writeStacks } from "../terraform/helpers";
import { tempDir } from "../support/tools";

/*
 * Netbox addressing: production with `addressing: "netbox"` and no addresses of its own, so NetBox
 * allocates every VM's address at apply. Nothing static of a VM may be left in the stack: the VMs,
 * the cloud-init and the inventory all read the allocations.
 */

type Doc = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** Production in netbox mode: the environment's addressing switched, the pools' first addresses dropped. */
function netboxProduction(change: (environment: SingleSiteEnvironmentInput) => void = () => undefined): SingleSiteEnvironmentInput {
  const environment = structuredClone(environments.production) as SingleSiteEnvironmentInput;
  environment.addressing = "netbox";
  delete environment.cluster!.servers.addressStart;
  delete environment.cluster!.agents!.addressStart;
  // The management NICs take DHCP: NetBox addresses that network too, and no static address is left.
  environment.cluster!.servers.nics = [{ network: "management", dhcp: true }];
  environment.cluster!.agents!.nics = [{ network: "management", dhcp: true }];
  change(environment);
  return environment;
}

function synth(topology: Topology): Doc {
  return JSON.parse(Testing.synth(new InfraStack(Testing.app() as App, `${topology.environment}-infra`, { topology }))) as Doc;
}

const IPV4 = /\b(?:\d{1,3}\.){3}\d{1,3}\b/g;

const topology = resolveEnvironment(netboxProduction(), "production");
const doc = synth(topology);
const vms = Object.entries(doc.resource.proxmox_virtual_environment_vm as Record<string, Doc>);
const allocations = doc.resource.netbox_available_ip_address as Record<string, Doc>;
/** What the static production gives its VMs: none of it may survive in netbox mode. */
const staticAddresses = resolveEnvironment(environments.production, "production").vms.map((vm) => vm.nic.ipv4.address!);
/** Addresses that stay static by design on the network: gateway, DNS, API VIP and the LB pool bounds. */
const network = topology.networks[0];
const cluster = topology.clusters[0];
const nonVmAddresses = new Set([network.gateway, ...network.dns, cluster.apiVip, environments.production.cluster!.loadBalancerPool.start, environments.production.cluster!.loadBalancerPool.end, network.cidr!.split("/")[0], ...[cluster.podCidr, cluster.serviceCidr].map((cidr) => cidr.split("/")[0]), formatAddress(parseCidr(cluster.serviceCidr).first + 1n, 4)]);

describe("an environment in netbox addressing", () => {
  it("gives every VM a NIC without a static address", () => {
    expect(topology.vms.length).toBeGreaterThan(0);
    for (const vm of topology.vms) expect(vm.nic).toMatchObject({ addressing: "netbox", ipv4: { prefixLength: 24 } });
    for (const vm of topology.vms) expect(vm.nic.ipv4.address).toBeUndefined();
  });

  it("allocates one netbox_available_ip_address per VM from the network's prefix", () => {
    expect(Object.keys(allocations)).toHaveLength(topology.vms.length);
    const [prefixId] = Object.entries(doc.resource.netbox_prefix as Record<string, Doc>).find(([, prefix]) => prefix.prefix === network.cidr)!;
    for (const allocation of Object.values(allocations)) expect(allocation.prefix_id).toBe(`\${netbox_prefix.${prefixId}.id}`);
    expect(JSON.stringify(doc)).toHaveResourceWithProperties(AvailableIpAddress, { status: "active", dns_name: "microk8s-master-1.production.lab.example" });
  });

  it("allocates from the network's NetBox IP range when it names one", () => {
    const ranged = synth(
      resolveEnvironment(
        netboxProduction((environment) => {
          environment.networks[0].netboxRange = { start: "10.20.30.100", end: "10.20.30.149" };
        }),
        "production",
      ),
    );
    const ranges = Object.entries(ranged.resource.netbox_ip_range as Record<string, Doc>).filter(([, range]) => range.status === "active");
    expect(ranges.map(([, range]) => [range.start_address, range.end_address])).toEqual([["10.20.30.100/24", "10.20.30.149/24"]]);
    for (const allocation of Object.values(ranged.resource.netbox_available_ip_address as Record<string, Doc>)) {
      expect(allocation.ip_range_id).toBe(`\${netbox_ip_range.${ranges[0][0]}.id}`);
      expect(allocation.prefix_id).toBeUndefined();
    }
  });

  it("keeps NetBox from allocating the gateway, the API VIP and the LB pool by registering them first", () => {
    const held = (Object.values(allocations)[0].depends_on as string[]).map((address) => address.split(".")[0]);
    expect(held.sort()).toEqual(["netbox_ip_address", "netbox_ip_address", "netbox_ip_range", "netbox_ip_range"]);
  });

  it("points each VM's cloud-init ip_config at its own allocation", () => {
    expect(vms).toHaveLength(topology.vms.length);
    for (const [, vm] of vms) {
      const [, allocation] = /^\$\{netbox_available_ip_address\.([^.]+)\.ip_address\}$/.exec(vm.initialization.ip_config[0].ipv4.address)!;
      expect(allocations[allocation].virtual_machine_interface_id).toMatch(new RegExp(`_Vm-${vm.name}_Interface_`));
    }
  });

  it("leaves no static IPv4 of a VM in the cloud-init of any VM or snippet", () => {
    const cloudInit = JSON.stringify([vms.map(([, vm]) => vm.initialization), doc.resource.proxmox_virtual_environment_file]);
    const literals = cloudInit.match(IPV4) ?? [];
    expect(literals.filter((address) => !nonVmAddresses.has(address))).toEqual([]);
    for (const address of staticAddresses) expect(cloudInit).not.toContain(address);
  });

  it("leaves no static IPv4 of a VM in the inventory output", () => {
    const outputs = JSON.stringify([doc.output.ansible_inventory, doc.output.nodes]);
    expect((outputs.match(IPV4) ?? []).filter((address) => !nonVmAddresses.has(address))).toEqual([]);
    for (const address of staticAddresses) expect(outputs).not.toContain(address);
  });

  it("outputs the inventory as a Terraform expression over the allocations", () => {
    const inventory = doc.output.ansible_inventory.value as string;
    expect(inventory).toMatch(/^\$\{join\("", \[/);
    expect(inventory).toMatch(/yamlencode\(/);
    for (const id of Object.keys(allocations)) expect(inventory).toContain(`netbox_available_ip_address.${id}.ip_address`);
  });

  it("passes the pinned provider schemas", () => {
    expect(formatSchemaProblems(checkTerraformJson(doc, loadProviderSchemas()))).toBe("no provider-schema problems");
  });
});

describe("terraform validate and plan", () => {
  jest.setTimeout(180000);

  it("accept the netbox-mode stack and nuclear-lighters-infra: no reference cycle, no unknown reference", async () => {
    if (!terraformPresent()) return;
    const outdir = writeStacks({
      "production-netbox-infra": doc,
      "nuclear-lighters-infra": synth(resolveEnvironment(environments["nuclear-lighters"], "nuclear-lighters")),
    });
    try {
      const reports = await checkTerraform({ stacks: listStacks(outdir), reattach: reattach() });
      expect(reports.map((report) => report.stack).sort()).toEqual(["nuclear-lighters-infra", "production-netbox-infra"]);
      expect(reports.every((report) => report.ok) ? "" : formatReports(reports)).toBe("");
      for (const report of reports) expect(report.timingsMs.plan).toBeDefined();
    } finally {
      fs.rmSync(outdir, { recursive: true, force: true });
    }
  });
});

describe("homelab inventory on a netbox-mode environment", () => {
  const root = path.join(__dirname, "..", "..");
  const dir = tempDir("netbox-inventory");

  it("exits non-zero and sends the user to terraform output -raw ansible_inventory", () => {
    if (!fs.existsSync(path.join(root, "dist", "lib", "cli", "index.js"))) throw new Error("dist/ is missing: run `npm run build` (npm test does)");
    const file = path.join(dir, "production-netbox.json");
    fs.writeFileSync(file, JSON.stringify(netboxProduction()));
    const result = spawnSync(process.execPath, [path.join(root, "bin", "homelab.js"), "inventory", file], { cwd: root, encoding: "utf8" });
    expect(result.status).not.toBe(0);
    expect(result.stdout).toBe("");
    expect(result.stderr).toMatch(/uses netbox addressing: .*terraform output -raw ansible_inventory/);
  });
});
