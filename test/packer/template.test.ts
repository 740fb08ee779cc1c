import * as fs from "fs";
import * as path from "path";
import { App, Testing } from "cdktf";
import { InfraStack } from "../../constructs/infra-stack";
import { checkPackerArguments, pinnedPackerArguments } from "../../lib/packer/arguments";
import { attr, block } from "../../lib/packer/hcl";
import { packerTemplate, PACKER_PROXMOX_PLUGIN, SSH_HARDENING } from "../../lib/packer/template";
import { topologyOf } from "../support/environments";
import { planTiny } from "../support/tiny-environment";
import { requireTool, run, tempDir } from "../support/tools";

/*
 * `homelab image`: the Packer template comes from the same Topology field as the infra stack's
 * clones, uses only arguments the pinned Proxmox plugin has, and carries no credential.
 */

const built = { kind: "template", templateVmId: 9000, build: { source: "proxmox-clone", cloneVmId: 8000, packages: ["htop"] } };

/** The gitops-lab template, rendered once. */
const gitopsLab = packerTemplate(topologyOf("gitops-lab"))!;
const dir = tempDir("packer");

describe("the Packer template", () => {
  it("builds one template per node with the VMID and node every infra-stack clone points at", () => {
    const topology = topologyOf("gitops-lab");
    const stack = JSON.parse(Testing.synth(new InfraStack(Testing.app() as App, "gitops-lab-infra", { topology })));
    const clones = Object.values(stack.resource.proxmox_virtual_environment_vm as Record<string, { node_name: string; clone: { vm_id: number; node_name: string } }>).map((vm) => [vm.node_name, vm.clone.vm_id, vm.clone.node_name]);
    const sources = gitopsLab.blocks.filter((node) => node.type === "source").map((source) => {
      const value = (name: string) => source.body.find((node) => node.kind === "attribute" && node.name === name);
      return [(value("node") as { value: string }).value, (value("vm_id") as { value: number }).value];
    });

    expect(sources).toEqual([["pve1", 9000], ["pve2", 9001]]);
    for (const [node, vmId, templateNode] of clones) {
      expect(templateNode).toBe(node);
      expect(sources).toContainEqual([templateNode, vmId]);
    }
  });

  it("pins the Proxmox plugin the argument lists were taken from", () => {
    expect(gitopsLab.hcl).toContain(`version = "= ${PACKER_PROXMOX_PLUGIN.version}"`);
    expect(gitopsLab.hcl).toContain(`source  = "${PACKER_PROXMOX_PLUGIN.source}"`);
    expect(pinnedPackerArguments().version).toBe(PACKER_PROXMOX_PLUGIN.version);
  });

  it("uses only arguments the pinned Proxmox plugin has, for both builders", () => {
    const clone = packerTemplate(planTiny({ image: built }))!;

    expect(checkPackerArguments(gitopsLab.blocks)).toEqual([]);
    expect(checkPackerArguments(clone.blocks)).toEqual([]);
    expect(clone.hcl).toContain('source "proxmox-clone" "tiny-pve1"');
  });

  it("names an argument or nested argument the plugin does not have", () => {
    const source = block("source", ["proxmox-iso", "pve1"], [attr("iso_file_typo", "x"), block("disks", [], [attr("size", "10G")])]);

    expect(checkPackerArguments([source])).toEqual([
      "source.proxmox-iso.pve1: iso_file_typo is not an argument of proxmox-iso 1.2.4",
      "source.proxmox-iso.pve1: disks.size is not an argument of proxmox-iso 1.2.4",
    ]);
  });

  it("installs qemu-guest-agent, cloud-init and the listed packages, and hardens SSH", () => {
    expect(gitopsLab.hcl).toContain("apt-get install -y qemu-guest-agent cloud-init curl nfs-common open-iscsi");
    expect(gitopsLab.hcl).toContain("sudo systemctl enable qemu-guest-agent");
    for (const line of SSH_HARDENING) expect(gitopsLab.hcl).toContain(`'${line}'`);
  });

  it("reads credentials only from the environment: no username, password or token in the template", () => {
    expect(gitopsLab.hcl).not.toMatch(/^\s*(username|password|token)\s*=/m);
    expect(gitopsLab.hcl).toContain("PROXMOX_TOKEN");
    expect(gitopsLab.hcl).toMatch(/variable "ssh_private_key_file" \{[^}]*sensitive\s+= true/);
  });

  it("renders nothing for an environment whose template is assumed to exist", () => {
    expect(packerTemplate(planTiny())).toBeUndefined();
  });

  it("is formatted as packer fmt formats it and parses with packer validate -syntax-only", () => {
    requireTool("packer", "packer");
    const file = path.join(dir, gitopsLab.fileName);
    fs.writeFileSync(file, gitopsLab.hcl);
    run("packer", ["fmt", "-check", file]);
    // Debian's Packer 1.6 predates required_plugins (Packer 1.7), so the syntax check reads the
    // template without its `packer` block; `packer fmt` above read the whole file.
    const withoutPackerBlock = path.join(dir, "syntax.pkr.hcl");
    fs.writeFileSync(withoutPackerBlock, gitopsLab.hcl.replace(/^packer \{[\s\S]*?\n\}\n\n/, ""));

    expect(run("packer", ["validate", "-syntax-only", withoutPackerBlock])).toMatch(/Syntax-only check passed/);
  });
});
