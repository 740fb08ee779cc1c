import YAML from "yaml";
import type { VendorDataProfile } from "./topology/types";

/*
 * Vendor data: what every VM of a role needs at first boot, before Ansible reaches it. Per-VM data
 * (hostname, user, keys, addresses) goes through the Proxmox cloud-init drive instead, so one
 * snippet per profile and node serves every VM of that profile.
 */

const BASE_PACKAGES = ["qemu-guest-agent", "chrony"];

const KUBERNETES_MODULES = ["overlay", "br_netfilter"];
const KUBERNETES_SYSCTLS: Record<string, string> = {
  "net.bridge.bridge-nf-call-iptables": "1",
  "net.bridge.bridge-nf-call-ip6tables": "1",
  "net.ipv4.ip_forward": "1",
  "net.ipv6.conf.all.forwarding": "1",
  "fs.inotify.max_user_instances": "8192",
  "fs.inotify.max_user_watches": "524288",
};
const ROUTER_SYSCTLS: Record<string, string> = {
  "net.ipv4.ip_forward": "1",
  "net.ipv6.conf.all.forwarding": "1",
};

function sysctlFile(values: Record<string, string>): string {
  return Object.entries(values)
    .map(([key, value]) => `${key} = ${value}\n`)
    .join("");
}

/** The cloud-config document (without the `#cloud-config` header) for a vendor-data profile. */
export function vendorDataDocument(profile: VendorDataProfile): Record<string, unknown> {
  const packages = [...BASE_PACKAGES];
  const writeFiles: { path: string; content: string; permissions: string }[] = [];
  const runcmd: string[][] = [["systemctl", "enable", "--now", "qemu-guest-agent"]];

  if (profile === "kubernetes") {
    // Longhorn needs iSCSI and NFS clients on every node that may hold a replica.
    packages.push("open-iscsi", "nfs-common");
    writeFiles.push(
      { path: "/etc/modules-load.d/kubernetes.conf", content: KUBERNETES_MODULES.map((m) => `${m}\n`).join(""), permissions: "0644" },
      { path: "/etc/sysctl.d/90-kubernetes.conf", content: sysctlFile(KUBERNETES_SYSCTLS), permissions: "0644" },
    );
    runcmd.push(
      ...KUBERNETES_MODULES.map((module) => ["modprobe", module]),
      ["sysctl", "--system"],
      // The kubelet refuses to run with swap on; keep it off across reboots too.
      ["swapoff", "-a"],
      ["sed", "-i", "-E", "/\\sswap\\s/s/^([^#])/# \\1/", "/etc/fstab"],
    );
  }
  if (profile === "router") {
    writeFiles.push({ path: "/etc/sysctl.d/90-router.conf", content: sysctlFile(ROUTER_SYSCTLS), permissions: "0644" });
    runcmd.push(["sysctl", "--system"]);
  }

  return {
    package_update: true,
    packages,
    ntp: { enabled: true, ntp_client: "chrony" },
    ...(writeFiles.length > 0 ? { write_files: writeFiles } : {}),
    runcmd,
  };
}

/** Renders a profile's vendor data as a cloud-config file. */
export function renderVendorData(profile: VendorDataProfile): string {
  return `#cloud-config\n${YAML.stringify(vendorDataDocument(profile), { lineWidth: 0 })}`;
}
