import type { EnvironmentInput } from "../lib/config/schema";

/*
 * The three-node Proxmox cluster that dev, staging and production share (the MicroK8s plan seed).
 * Each environment gets its own VLAN on vmbr0 and its own VMID and address ranges.
 */

/** Public key of the lab's admin (public keys are not secrets; replace with yours). */
export const ADMIN_SSH_KEY =
  "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAILLPNgFlDZIioosD2zXg3aTvCT08JOFK1WQv21xH83yX homelab-admin@example";

/** A k3s release the Ansible phase installs; Renovate keeps it current. */
export const K3S_VERSION = "v1.31.4+k3s1";

/**
 * The MicroK8s snap channel dev, staging and production install (the MicroK8s plan seed pins a
 * channel per cluster without naming one; this is the microk8s role's default).
 */
export const MICROK8S_CHANNEL = "1.31/stable";

/** Proxmox CPU type of the MicroK8s plan's VMs: "host", for performance (the seed's vcpu_type). */
export const MICROK8S_CPU_TYPE = "host";

export const labProxmox: EnvironmentInput["proxmox"] = {
  endpoint: "https://pve1.lab.example:8006/",
  insecure: true,
  nodes: ["pve1", "pve2", "pve3"].map((name) => ({
    name,
    cores: 16,
    memoryMiB: 65536,
    datastores: ["local-lvm"],
    snippetsDatastore: "local",
  })),
};

/** Ubuntu 24.04 cloud-init template, VMID 9000, built once per cluster (Packer or by hand). */
export const labImage: EnvironmentInput["image"] = { kind: "template", templateVmId: 9000, templateNode: "pve1" };

/** A VLAN network of the lab, 10.20.<vlan>.0/24 with the gateway at .1. */
export function labVlan(name: string, vlan: number): NonNullable<EnvironmentInput["networks"]>[number] {
  return {
    name,
    bridge: "vmbr0",
    vlan,
    cidr: `10.20.${vlan}.0/24`,
    gateway: `10.20.${vlan}.1`,
    dns: [`10.20.${vlan}.1`],
    domain: `${name}.lab.example`,
    reserved: [{ start: `10.20.${vlan}.200`, end: `10.20.${vlan}.254`, description: "DHCP pool" }],
    description: `${name} VLAN ${vlan}`,
  };
}

/**
 * The management network of an environment (the MicroK8s plan seed's `vm_bridge_mgmt`, turned on
 * with `enable_management_network`): its own VLAN on a second bridge, vmbr1, 10.20.<vlan>.0/24.
 * Nodes get a static address on it as their second NIC, also when the cluster network leaves its
 * addresses to NetBox; the default route stays on the cluster network.
 */
export function labManagement(environment: string, vlan: number): NonNullable<EnvironmentInput["networks"]>[number] {
  return {
    name: "management",
    bridge: "vmbr1",
    vlan,
    cidr: `10.20.${vlan}.0/24`,
    gateway: `10.20.${vlan}.1`,
    dns: [`10.20.${vlan}.1`],
    reserved: [{ start: `10.20.${vlan}.200`, end: `10.20.${vlan}.254`, description: "DHCP pool" }],
    description: `${environment} management VLAN ${vlan}`,
    addressing: "static",
  };
}

/**
 * Proxmox tags of a MicroK8s pool's VMs as the MicroK8s plan seed tags them (besides the common
 * and environment tags every VM carries): microk8s-master or microk8s-worker, the Proxmox node,
 * and k8s-<version> (the snap channel, tag-safe: k8s-1.31-stable).
 */
export function microk8sTags(role: "master" | "worker"): string[] {
  return [`microk8s-${role}`, "{node}", "k8s-{version}"];
}

/**
 * `renamedVms` entries for a pool whose VMs went from <from>-<n> to <to>-<n> (n = 1 .. count), so
 * deployments made under the old names are renamed in place (Terraform moved blocks).
 */
export function renamedPool(from: string, to: string, count: number): NonNullable<EnvironmentInput["renamedVms"]> {
  return Array.from({ length: count }, (_, index) => ({ from: `${from}-${index + 1}`, to: `${to}-${index + 1}` }));
}

export function labNetbox(environment: string): EnvironmentInput["netbox"] {
  return { url: "https://netbox.lab.example", site: { name: `Homelab ${environment}`, slug: `homelab-${environment}` } };
}
