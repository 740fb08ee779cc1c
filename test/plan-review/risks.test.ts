import { renderPlanComment } from "../../lib/plan-review/markdown";
import type { ResourceChange } from "../../lib/plan-review/plan";
import { findRisks } from "../../lib/plan-review/risks";
import { controlPlane, planOf, vmChange } from "./helpers/proxmox-plan";

const vendorReplace = (name: string, tags: string[] = []): ResourceChange => {
  const base = vmChange(name, ["update"], { tags });
  const before = base.change.before as Record<string, unknown>;
  return vmChange(name, ["delete", "create"], {
    tags,
    before,
    after: { ...before, initialization: [{ user_data_file_id: `local:snippets/${name}-user.yaml`, vendor_data_file_id: `local:snippets/${name}-vendor-v2.yaml` }] },
    replacePaths: [["initialization", 0, "vendor_data_file_id"]],
    reason: "replace_because_cannot_update",
  });
};

const snippetReplace = (name: string): ResourceChange => ({
  address: `proxmox_virtual_environment_file.${name}_vendor`,
  mode: "managed",
  type: "proxmox_virtual_environment_file",
  change: {
    actions: ["delete", "create"],
    before: { id: `local:snippets/${name}-vendor.yaml`, content_type: "snippets" },
    after: { content_type: "snippets" },
    after_unknown: { id: true },
  },
});

const comment = (...changes: ResourceChange[]): string => renderPlanComment([{ name: "prod-infra", plan: planOf(...changes) }]).parts.join("\n");

describe("findRisks", () => {
  it("names the attribute that forces a VM replacement", () => {
    const risks = findRisks(planOf(vendorReplace("orion")));
    expect(risks.vmLosses).toEqual([expect.objectContaining({ address: "proxmox_virtual_environment_vm.orion", kind: "replace", forcedBy: ["initialization[0].vendor_data_file_id"], cloudInit: true })]);
  });

  it("links a cloud-init replacement to the snippet resource that changes", () => {
    const risks = findRisks(planOf(vendorReplace("orion"), snippetReplace("orion")));
    expect(risks.vmLosses[0].changedSnippets).toEqual(["proxmox_virtual_environment_file.orion_vendor"]);
  });

  it("finds quorum loss when two of three control-plane VMs are destroyed", () => {
    const tags = controlPlane("prod");
    const risks = findRisks(planOf(vmChange("cp1", ["no-op"], { tags }), vmChange("cp2", ["delete"], { tags }), vmChange("cp3", ["delete"], { tags })));
    expect(risks.quorumLosses).toEqual([{ cluster: "prod", total: 3, lost: ["proxmox_virtual_environment_vm.cp2", "proxmox_virtual_environment_vm.cp3"] }]);
  });

  it("does not report quorum loss when one of three control-plane VMs is replaced", () => {
    const tags = controlPlane("prod");
    const risks = findRisks(planOf(vendorReplace("cp1", tags), vmChange("cp2", ["no-op"], { tags }), vmChange("cp3", ["no-op"], { tags })));
    expect(risks.quorumLosses).toEqual([]);
  });

  it("counts control-plane VMs per cluster tag", () => {
    const a = controlPlane("a");
    const b = controlPlane("b");
    const risks = findRisks(planOf(vmChange("a1", ["delete"], { tags: a }), vmChange("b1", ["delete"], { tags: b }), vmChange("b2", ["no-op"], { tags: b }), vmChange("b3", ["no-op"], { tags: b })));
    expect(risks.quorumLosses.map((q) => q.cluster)).toEqual(["a"]);
  });

  it("takes the cluster from its k8s-<name> tag, not from a k8s-<version> tag sorted before it", () => {
    const tags = ["control-plane", "k8s-1.31-stable", "k8s-prod", "k8s-v1.31.4+k3s1"];
    const risks = findRisks(planOf(vmChange("cp1", ["no-op"], { tags }), vmChange("cp2", ["delete"], { tags }), vmChange("cp3", ["delete"], { tags })));
    expect(risks.quorumLosses.map((q) => q.cluster)).toEqual(["prod"]);
  });

  it("puts control-plane VMs without a cluster tag into one group", () => {
    const tags = controlPlane();
    const risks = findRisks(planOf(vmChange("cp1", ["delete"], { tags }), vmChange("cp2", ["no-op"], { tags })));
    expect(risks.quorumLosses).toEqual([]);
    const lost = findRisks(planOf(vmChange("cp1", ["delete"], { tags }), vmChange("cp2", ["delete"], { tags }), vmChange("cp3", ["no-op"], { tags })));
    expect(lost.quorumLosses).toEqual([expect.objectContaining({ cluster: "", total: 3 })]);
  });

  it("counts control-plane VMs that only the prior state lists", () => {
    const tags = controlPlane("prod");
    const plan = {
      ...planOf(vmChange("cp1", ["delete"], { tags }), vmChange("cp2", ["delete"], { tags })),
      prior_state: { values: { root_module: { resources: ["cp1", "cp2", "cp3", "cp4", "cp5"].map((n) => ({ address: `proxmox_virtual_environment_vm.${n}`, type: "proxmox_virtual_environment_vm", mode: "managed", values: { tags } })) } } },
    };
    expect(findRisks(plan).quorumLosses).toEqual([]);
  });

  it("does not count forgotten control-plane VMs as lost: destroy = false keeps them running", () => {
    const risks = findRisks(planOf(vmChange("s1", ["forget"], { tags: controlPlane("prod") }), vmChange("s2", ["forget"], { tags: controlPlane("prod") }), vmChange("s3", ["no-op"], { tags: controlPlane("prod") })));
    expect(risks.quorumLosses).toEqual([]);
  });

  it("ignores newly created control-plane VMs when judging quorum", () => {
    const tags = controlPlane("prod");
    const risks = findRisks(planOf(vmChange("cp1", ["delete"], { tags }), vmChange("cp2", ["create"], { tags }), vmChange("cp3", ["create"], { tags })));
    expect(risks.quorumLosses).toEqual([expect.objectContaining({ total: 1 })]);
  });

  it("finds an in-place disk resize", () => {
    const before = vmChange("w1", ["update"]).change.before as Record<string, unknown>;
    const risks = findRisks(planOf(vmChange("w1", ["update"], { before, after: { ...before, disk: [{ datastore_id: "local-lvm", interface: "scsi0", size: 64 }] } })));
    expect(risks.diskChanges).toEqual([{ address: "proxmox_virtual_environment_vm.w1", paths: ["disk[0].size"] }]);
  });
});

describe("the warning banners", () => {
  it("shows a caution banner naming the forcing attribute when a VM is replaced", () => {
    const text = comment(vendorReplace("orion"), snippetReplace("orion"));
    expect(text).toContain("> [!CAUTION]");
    expect(text).toMatch(/`proxmox_virtual_environment_vm\.orion`: forced by `initialization\[0\]\.vendor_data_file_id` \(its cloud-init snippet `proxmox_virtual_environment_file\.orion_vendor` changes\)/);
  });

  it("says the cluster loses quorum when most control-plane VMs go", () => {
    const tags = controlPlane("prod");
    const text = comment(vmChange("cp1", ["no-op"], { tags }), vmChange("cp2", ["delete"], { tags }), vmChange("cp3", ["delete"], { tags }));
    expect(text).toMatch(/Quorum loss:.* 2 of the 3 control-plane VMs of cluster `prod`/);
  });

  it("warns about destroyed resources that are not VMs with a plain warning", () => {
    const text = comment(snippetReplace("orion"));
    expect(text).toContain("> [!WARNING]");
    expect(text).not.toContain("[!CAUTION]");
  });

  it("shows no banner for a plan that only creates", () => {
    const text = comment(vmChange("new", ["create"]));
    expect(text).not.toMatch(/\[!(WARNING|CAUTION)\]/);
  });

  it("warns about VM disk changes", () => {
    const before = vmChange("w1", ["update"]).change.before as Record<string, unknown>;
    const text = comment(vmChange("w1", ["update"], { before, after: { ...before, disk: [{ datastore_id: "local-lvm", interface: "scsi0", size: 64 }] } }));
    expect(text).toMatch(/VM disks change.*\n> - `proxmox_virtual_environment_vm\.w1`: `disk\[0\]\.size`/);
  });
});
