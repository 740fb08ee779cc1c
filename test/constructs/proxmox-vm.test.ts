import { Testing } from "cdktf";
import { VirtualEnvironmentVm } from "../../.gen/providers/proxmox/virtual-environment-vm";
import { VirtualEnvironmentHaresource } from "../../.gen/providers/proxmox/virtual-environment-haresource";
import { ProxmoxVm } from "../../constructs/proxmox-vm";
import { PROXMOX_NETWORK_DEVICE_KEYS } from "../../constructs/object-list";
import { resolveChanged, topologyOf } from "../support/environments";

const orion = topologyOf("orion");
const production = topologyOf("production");

function synthVm(name: string, topology = orion, ha = false): string {
  const vm = { ...topology.vms.find((candidate) => candidate.name === name)!, ha };
  return Testing.synthScope((scope) => {
    new ProxmoxVm(scope, "Vm", { vm, topology, vendorDataFileId: "local:snippets/orion-base-vendor.yaml" });
  });
}

function vmResource(synthesized: string): Record<string, unknown> {
  const parsed = JSON.parse(synthesized);
  return Object.values(parsed.resource.proxmox_virtual_environment_vm)[0] as Record<string, unknown>;
}

describe("ProxmoxVm", () => {
  it("clones the template onto the VM's node with the seed's VMID and size", () => {
    expect(synthVm("orion-netbox")).toHaveResourceWithProperties(VirtualEnvironmentVm, {
      node_name: "r730",
      vm_id: 500,
      name: "orion-netbox",
      clone: { vm_id: 9000, node_name: "r730", full: true },
      cpu: { cores: 4, type: "x86-64-v2-AES" },
      memory: { dedicated: 8192 },
      disk: [expect.objectContaining({ interface: "scsi0", size: 100, datastore_id: "local-lvm" })],
    });
  });

  it("configures cloud-init with the planned addresses, DNS, user, keys and vendor data", () => {
    expect(synthVm("orion-netbox")).toHaveResourceWithProperties(VirtualEnvironmentVm, {
      initialization: {
        datastore_id: "local-lvm",
        dns: { servers: ["192.168.100.1"], domain: "orion.lab" },
        ip_config: [
          {
            ipv4: { address: "192.168.100.50/24", gateway: "192.168.100.1" },
            ipv6: { address: "2602:f674:1000::50/64", gateway: "2602:f674:1000::1" },
          },
        ],
        user_account: { username: "ubuntu", keys: [expect.stringMatching(/^ssh-ed25519 /)] },
        vendor_data_file_id: "local:snippets/orion-base-vendor.yaml",
      },
    });
  });

  it("writes network_device with all eleven keys, null where unset", () => {
    const device = (vmResource(synthVm("prod-k3s-agent-1", production)).network_device as Record<string, unknown>[])[0];
    expect(Object.keys(device).sort()).toEqual([...PROXMOX_NETWORK_DEVICE_KEYS].sort());
    expect(device).toMatchObject({ bridge: "vmbr0", vlan_id: 30, model: "virtio", mac_address: null, mtu: null });
  });

  it("writes exactly one network_device, not the configured one plus an override", () => {
    expect(vmResource(synthVm("orion-router")).network_device).toHaveLength(1);
  });

  it("enables the guest agent, starts on boot and stops the guest before destroying it", () => {
    expect(synthVm("orion-router")).toHaveResourceWithProperties(VirtualEnvironmentVm, {
      agent: { enabled: true },
      on_boot: true,
      stop_on_destroy: true,
    });
  });

  it("keeps tags sorted so Proxmox shows no diff", () => {
    const tags = vmResource(synthVm("prod-k3s-server-1", production)).tags as string[];
    expect(tags).toEqual([...tags].sort());
    expect(tags).toContain("control-plane");
  });

  it("registers an HA resource only for VMs marked ha", () => {
    expect(synthVm("orion-netbox", orion, true)).toHaveResourceWithProperties(VirtualEnvironmentHaresource, { resource_id: "vm:500", state: "started" });
    expect(synthVm("orion-netbox")).not.toHaveResource(VirtualEnvironmentHaresource);
  });

  it("imports the disk from a downloaded cloud image instead of cloning when the environment uses one", () => {
    const topology = resolveChanged("orion", (environment) => {
      environment.image = { kind: "cloudImage", url: "https://cloud-images.ubuntu.com/noble/current/noble-server-cloudimg-amd64.img", fileName: "noble.img", datastore: "local" };
    });
    const vm = topology.vms[0];
    const synthesized = Testing.synthScope((scope) => {
      new ProxmoxVm(scope, "Vm", { vm, topology, vendorDataFileId: "x", cloudImageFileId: "local:import/noble.img" });
    });
    const resource = vmResource(synthesized);
    expect(resource.clone).toBeUndefined();
    expect(resource.disk).toEqual([expect.objectContaining({ import_from: "local:import/noble.img" })]);
  });
});
