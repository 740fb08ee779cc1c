import * as fs from "fs";
import { checkTerraform, listStacks, StackReport } from "../../lib/terraform-check";
import { demoInfra, reattach, StackDoc, terraformPresent, writeStacks } from "./helpers";

/** Runs the checker on one stack document and returns its report. */
async function check(doc: StackDoc): Promise<StackReport> {
  const outdir = writeStacks({ "demo-infra": doc });
  try {
    const [report] = await checkTerraform({ stacks: listStacks(outdir), reattach: reattach() });
    return report;
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

function errorsOf(report: StackReport) {
  return report.diagnostics.filter((d) => d.severity === "error");
}

const vm = (doc: StackDoc) => doc.resource.proxmox_virtual_environment_vm.router;

describe("checkTerraform", () => {
  it("passes a valid stack through terraform validate and plan", async () => {
    if (!terraformPresent()) return;
    const report = await check(demoInfra());
    expect(report.diagnostics).toEqual([]);
    expect(report.ok).toBe(true);
    expect(report.timingsMs.plan).toBeGreaterThan(0);
  });

  it("reports an unknown attribute with Terraform's diagnostic at the construct path", async () => {
    if (!terraformPresent()) return;
    const doc = demoInfra();
    vm(doc).cpu_count = 2;
    const [error] = errorsOf(await check(doc));
    expect(error).toMatchObject({
      phase: "validate",
      summary: "Extraneous JSON object property",
      address: "proxmox_virtual_environment_vm.router",
      constructPath: "demo-infra/Router/Resource",
    });
    expect(error.detail).toMatch(/No argument or block type is named "cpu_count"/);
  });

  it("reports a missing required attribute at the construct path", async () => {
    if (!terraformPresent()) return;
    const doc = demoInfra();
    delete doc.resource.proxmox_virtual_environment_file.router_vendor_data.datastore_id;
    const [error] = errorsOf(await check(doc));
    expect(error).toMatchObject({ summary: "Missing required argument", constructPath: "demo-infra/Router/VendorData" });
    expect(error.detail).toMatch(/"datastore_id" is required/);
  });

  it("reports a value of the wrong type at the construct path", async () => {
    if (!terraformPresent()) return;
    const doc = demoInfra();
    vm(doc).vm_id = "one hundred";
    const [error] = errorsOf(await check(doc));
    expect(error).toMatchObject({ summary: "Incorrect attribute value type", constructPath: "demo-infra/Router/Resource" });
    expect(error.detail).toMatch(/"vm_id": a number is required/);
  });

  it("reports too many blocks of a max-one block type at the construct path", async () => {
    if (!terraformPresent()) return;
    const doc = demoInfra();
    vm(doc).initialization = [{ type: "nocloud" }, { type: "configdrive2" }];
    const [error] = errorsOf(await check(doc));
    expect(error).toMatchObject({ summary: "Too many initialization blocks", constructPath: "demo-infra/Router/Resource" });
  });

  it("reports a reference to an undeclared resource at the construct path", async () => {
    if (!terraformPresent()) return;
    const doc = demoInfra();
    vm(doc).description = "${netbox_ip_address.missing.ip_address}";
    const [error] = errorsOf(await check(doc));
    expect(error).toMatchObject({ summary: "Reference to undeclared resource", constructPath: "demo-infra/Router/Resource" });
  });

  it("reports an undeclared provider alias at the construct path that uses it", async () => {
    if (!terraformPresent()) return;
    const doc = demoInfra();
    doc.resource.netbox_ip_address.router.provider = "netbox.secondary";
    const errors = errorsOf(await check(doc));
    expect(errors.length).toBeGreaterThan(0);
    expect(errors[0]).toMatchObject({ summary: "Provider configuration not present", constructPath: "demo-infra/Router/Address" });
  });

  it("reports a value on a read-only attribute as the provider does, at the construct path", async () => {
    if (!terraformPresent()) return;
    const doc = demoInfra();
    vm(doc).ipv4_addresses = [["10.20.0.1"]];
    const [error] = errorsOf(await check(doc));
    expect(error).toMatchObject({ summary: "Invalid Configuration for Read-Only Attribute", constructPath: "demo-infra/Router/Resource" });
    expect(error.detail).toMatch(/ipv4_addresses/);
  });

  it("reports a value on a read-only attribute inside a nested block", async () => {
    if (!terraformPresent()) return;
    const doc = demoInfra();
    doc.resource.proxmox_virtual_environment_file.router_vendor_data.file_size = 10;
    const [error] = errorsOf(await check(doc));
    expect(error).toMatchObject({ summary: "Invalid Configuration for Read-Only Attribute", constructPath: "demo-infra/Router/VendorData" });
  });

  it("checks several stacks in one call and reports each separately", async () => {
    if (!terraformPresent()) return;
    const broken = demoInfra();
    vm(broken).cpu_count = 2;
    const outdir = writeStacks({ "a-infra": demoInfra(), "b-infra": broken });
    try {
      const reports = await checkTerraform({ stacks: listStacks(outdir), reattach: reattach() });
      expect(reports.map((r) => [r.stack, r.ok])).toEqual([
        ["a-infra", true],
        ["b-infra", false],
      ]);
    } finally {
      fs.rmSync(outdir, { recursive: true, force: true });
    }
  });
});
