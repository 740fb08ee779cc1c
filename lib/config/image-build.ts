import { z } from "zod";
import { dnsLabel } from "./primitives";

/*
 * How an environment's VM template is built with Packer (`homelab image <env>`), when it is built
 * rather than assumed. The VMID, the name and the Proxmox node(s) of the template are not here: they
 * are the image's `templateVmId`, `templateNode`/`nodes` and `placement`, which the infra stack
 * clones from too, so Packer and Terraform cannot disagree.
 */

/** A Debian/Ubuntu package name. */
const packageName = z.string().regex(/^[a-z0-9][a-z0-9+.-]+$/, { message: "is not a Debian package name; use lowercase letters, digits, '+', '-' and '.'" });

export const imageBuildSchema = z
  .strictObject({
    /**
     * Packer builder: "proxmox-clone" converts a VM that already boots a cloud image (cloneVmId),
     * "proxmox-iso" installs from an ISO (isoFile) with an autoinstall answer served over HTTP.
     */
    source: z.enum(["proxmox-clone", "proxmox-iso"]),
    /** proxmox-clone: VMID of the cloud-image VM to clone on each template node. */
    cloneVmId: z.number().int().min(100, { message: "is below 100; Proxmox VMIDs run from 100 to 999999999" }).optional(),
    /** proxmox-iso: the installer ISO as a Proxmox volume, e.g. local:iso/ubuntu-24.04.3-live-server-amd64.iso. */
    isoFile: z.string().regex(/^[A-Za-z0-9_.-]+:iso\/.+\.iso$/, { message: "must be a Proxmox ISO volume such as local:iso/ubuntu-24.04.3-live-server-amd64.iso" }).optional(),
    /** Name of the template VM. @default "<env>-template" */
    templateName: dnsLabel.optional(),
    /** Datastore of the template's disk (shared storage for a shared template). @default the node's first datastore */
    datastore: z.string().min(1).optional(),
    /** Disk size of the template in GiB; clones grow it to their own size. @default 10 */
    diskGiB: z.number().int().positive().default(10),
    /** Packages installed on top of qemu-guest-agent and cloud-init (always installed). @default none */
    packages: z.array(packageName).default([]),
    /** SSH hardening: no root login, no password authentication. @default true */
    sshHardening: z.boolean().default(true),
    /** User Packer logs in as during the build (its key comes from PKR_VAR_ssh_private_key_file). @default "ubuntu" */
    sshUsername: z.string().regex(/^[a-z_][a-z0-9_-]*$/).default("ubuntu"),
    /** Bridge of the build VM's NIC (needs DHCP for the build). @default "vmbr0" */
    bridge: z.string().regex(/^vmbr\d+$/, { message: "must be a Linux bridge name such as vmbr0" }).default("vmbr0"),
  })
  .superRefine((build, context) => {
    if (build.source === "proxmox-clone" && build.cloneVmId === undefined) {
      context.addIssue({ code: "custom", path: ["cloneVmId"], input: undefined, message: "is missing; proxmox-clone needs the VMID of the cloud-image VM to clone" });
    }
    if (build.source === "proxmox-iso" && build.isoFile === undefined) {
      context.addIssue({ code: "custom", path: ["isoFile"], input: undefined, message: "is missing; proxmox-iso needs the installer ISO, such as local:iso/ubuntu-24.04.3-live-server-amd64.iso" });
    }
  });

export type ImageBuild = z.output<typeof imageBuildSchema>;
