import type { Topology, TopologyTemplate } from "../topology/types";
import { attr, block, raw, renderHcl, type HclBlock, type HclNode } from "./hcl";

/*
 * The Packer HCL2 template that builds an environment's VM templates (`homelab image <env>`). Every
 * number that the infra stack clones from (VMID, node, name, datastore) comes from
 * Topology.templates, the same field the clones read; credentials come only from the environment
 * (PROXMOX_USERNAME and PROXMOX_TOKEN, read by the plugin itself) and PKR_VAR_* for variables.
 */

/** The Proxmox plugin the template requires, pinned to the version whose arguments providers/packer-proxmox.arguments.json lists. */
export const PACKER_PROXMOX_PLUGIN = { source: "github.com/hashicorp/proxmox", version: "1.2.4" } as const;

/** Packages every template gets: the guest agent (Proxmox reads addresses through it) and cloud-init (clones are configured by it). */
export const BASE_PACKAGES = ["qemu-guest-agent", "cloud-init"] as const;

/** sshd settings of the seed's SSH hardening, written to /etc/ssh/sshd_config.d/90-homelab.conf. */
export const SSH_HARDENING = ["PermitRootLogin no", "PasswordAuthentication no", "KbdInteractiveAuthentication no", "PubkeyAuthentication yes", "X11Forwarding no", "MaxAuthTries 3"] as const;

/** A rendered Packer template. */
export interface PackerTemplate {
  /** File name: <env>.pkr.hcl. */
  readonly fileName: string;
  readonly hcl: string;
  /** The top-level blocks the HCL was rendered from (what the argument check walks). */
  readonly blocks: readonly HclBlock[];
}

type Build = NonNullable<Extract<Topology["image"], { kind: "template" }>["build"]>;

/** The template's source name: the node it is built on. */
export function packerSourceName(template: TopologyTemplate): string {
  return template.perNode ? template.node : `${template.site}-${template.node}`;
}

/** The Ubuntu autoinstall answer served over Packer's HTTP server (proxmox-iso): the login user with the environment's keys, no password. */
function autoinstallUserData(topology: Topology, build: Build): string {
  const keys = topology.sshPublicKeys.map((key) => `          - ${JSON.stringify(key)}`).join("\n");
  return [
    "#cloud-config",
    "autoinstall:",
    "  version: 1",
    "  ssh:",
    "    install-server: true",
    "    allow-pw: false",
    `  packages: [${[...BASE_PACKAGES].join(", ")}]`,
    "  user-data:",
    "    users:",
    `      - name: ${build.sshUsername}`,
    "        sudo: ALL=(ALL) NOPASSWD:ALL",
    "        shell: /bin/bash",
    "        lock_passwd: true",
    "        ssh_authorized_keys:",
    keys,
    "",
  ].join("\n");
}

/** Settings both builders share: where, what VMID and name, how Packer logs in. */
function commonArguments(topology: Topology, template: TopologyTemplate, build: Build): HclNode[] {
  return [
    attr("proxmox_url", raw("var.proxmox_url")),
    attr("insecure_skip_tls_verify", topology.proxmox.insecure),
    attr("node", template.node),
    attr("vm_id", template.vmId),
    attr("vm_name", template.name),
    attr("template_name", template.name),
    attr("template_description", `${topology.environment}: built by Packer from homelab-cdktf; cloned by the ${topology.environment}-infra stack`),
    attr("os", "l26"),
    attr("cpu_type", topology.cpuType),
    attr("cores", 2),
    attr("memory", 2048),
    attr("scsi_controller", "virtio-scsi-single"),
    attr("qemu_agent", true),
    attr("cloud_init", true),
    attr("cloud_init_storage_pool", template.datastore),
    attr("ssh_username", build.sshUsername),
    attr("ssh_private_key_file", raw("var.ssh_private_key_file")),
    attr("ssh_timeout", "30m"),
    block("network_adapters", [], [attr("model", "virtio"), attr("bridge", build.bridge)]),
  ];
}

/** One source per template: proxmox-iso installs Ubuntu unattended, proxmox-clone converts a cloud-image VM. */
function source(topology: Topology, template: TopologyTemplate, build: Build): HclBlock {
  const common = commonArguments(topology, template, build);
  if (build.source === "proxmox-clone") {
    return block("source", ["proxmox-clone", packerSourceName(template)], [...common, attr("clone_vm_id", build.cloneVmId!), attr("full_clone", true)]);
  }
  return block("source", ["proxmox-iso", packerSourceName(template)], [
    ...common,
    block("boot_iso", [], [attr("type", "scsi"), attr("iso_file", build.isoFile!), attr("unmount", true)]),
    block("disks", [], [attr("type", "scsi"), attr("disk_size", `${build.diskGiB}G`), attr("storage_pool", template.datastore), attr("format", "raw")]),
    attr("http_content", { "/meta-data": "", "/user-data": autoinstallUserData(topology, build) }),
    attr("boot_wait", "10s"),
    attr("boot_command", ["<esc><wait>e<wait>", "<down><down><down><end>", " autoinstall ds=nocloud-net\\;s=http://{{ .HTTPIP }}:{{ .HTTPPort }}/", "<f10>"]),
  ]);
}

/** What runs inside the build VM: packages, the guest agent, SSH hardening, and a clean cloud-init for the clones. */
function provisioner(build: Build): HclBlock {
  const packages = [...new Set([...BASE_PACKAGES, ...build.packages])];
  const hardening = build.sshHardening
    ? [
        `printf '%s\\n' ${SSH_HARDENING.map((line) => `'${line}'`).join(" ")} | sudo tee /etc/ssh/sshd_config.d/90-homelab.conf`,
        "sudo sshd -t",
      ]
    : [];
  return block("provisioner", ["shell"], [
    attr("inline", [
      "cloud-init status --wait || true",
      "sudo apt-get update",
      `sudo DEBIAN_FRONTEND=noninteractive apt-get install -y ${packages.join(" ")}`,
      "sudo systemctl enable qemu-guest-agent",
      ...hardening,
      "sudo cloud-init clean --logs --machine-id",
      "sudo truncate -s 0 /etc/machine-id",
    ]),
  ]);
}

/**
 * The Packer template of an environment whose image is built (`image.build`), or undefined when
 * the image is assumed to exist or is a cloud image.
 */
export function packerTemplate(topology: Topology): PackerTemplate | undefined {
  const image = topology.image;
  if (image.kind !== "template" || !image.build || topology.templates.length === 0) return undefined;
  const build = image.build;
  const sources = topology.templates.map((template) => source(topology, template, build));
  const blocks: HclBlock[] = [
    block("packer", [], [
      block("required_plugins", [], [attr("proxmox", { version: `= ${PACKER_PROXMOX_PLUGIN.version}`, source: PACKER_PROXMOX_PLUGIN.source })]),
    ]),
    block("variable", ["proxmox_url"], [
      attr("type", raw("string")),
      attr("description", "Proxmox API URL; PROXMOX_USERNAME and PROXMOX_TOKEN (an API token) come from the environment"),
      attr("default", `${topology.proxmox.endpoint.replace(/\/$/, "")}/api2/json`),
    ]),
    block("variable", ["ssh_private_key_file"], [
      attr("type", raw("string")),
      attr("description", "Private key matching one of the environment's SSH public keys; set PKR_VAR_ssh_private_key_file"),
      attr("sensitive", true),
    ]),
    ...sources,
    block("build", [], [
      attr("sources", sources.map((node) => `source.${node.labels[0]}.${node.labels[1]}`)),
      provisioner(build),
    ]),
  ];
  return { fileName: `${topology.environment}.pkr.hcl`, hcl: renderHcl(blocks), blocks };
}
