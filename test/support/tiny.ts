import type { EnvironmentInput } from "../../lib/config/schema";

/**
 * A tiny environment for specifications: one Proxmox node "pve", one network "lan" (10.0.0.0/24,
 * gateway 10.0.0.1, domain lab.test, VLAN-less), one extra VM "dns" (role dns, VMID 100) at
 * 10.0.0.10, a template image (VMID 9000) and NetBox site "Tiny". `change` adjusts it.
 */
export function tinyEnvironment(change: (environment: EnvironmentInput) => void = () => undefined): EnvironmentInput {
  const environment = {
    name: "tiny",
    proxmox: { endpoint: "https://pve.test:8006/", nodes: [{ name: "pve", cores: 8, memoryMiB: 16384, datastores: ["local-lvm"], snippetsDatastore: "local" }] },
    networks: [{ name: "lan", bridge: "vmbr0", cidr: "10.0.0.0/24", gateway: "10.0.0.1", dns: ["10.0.0.1"], domain: "lab.test" }],
    image: { kind: "template", templateVmId: 9000 },
    vms: [{ name: "dns", role: "dns", vmId: 100, node: "pve", network: "lan", address: "10.0.0.10", cores: 1, memoryMiB: 1024, diskGiB: 10 }],
    sshPublicKeys: ["ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIB1 admin@test"],
    netbox: { url: "https://netbox.test", site: { name: "Tiny", slug: "tiny" } },
  } as EnvironmentInput;
  change(environment);
  return environment;
}

/** The tiny environment with NetBox allocating on "lan": the VM "dns" has no address of its own. */
export function tinyInNetboxAddressing(change: (environment: EnvironmentInput) => void = () => undefined): EnvironmentInput {
  return tinyEnvironment((environment) => {
    environment.addressing = "netbox";
    delete (environment.vms![0] as { address?: string }).address;
    change(environment);
  });
}
