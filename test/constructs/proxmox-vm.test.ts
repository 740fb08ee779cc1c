import { Testing } from "cdktf";
import { VirtualEnvironmentVm } from "../../.gen/providers/proxmox/virtual-environment-vm";
import { VirtualEnvironmentHaresource } from "../../.gen/providers/proxmox/virtual-environment-haresource";
import { ProxmoxVm, type ProxmoxVmProps } from "../../constructs/proxmox-vm";
import { PROXMOX_NETWORK_DEVICE_KEYS } from "../../constructs/object-list";
import type { Topology, TopologyVm } from "../../lib/topology/types";
import { planTiny, TINY_SSH_KEY } from "../support/tiny-environment";

/**
 * The tiny environment on a tagged dual-stack network, with a NetBox VM next to its one k3s
 * server: tiny-netbox is VMID 500 at 10.0.0.50 with 4 vCPU, 8 GiB and 100 GiB.
 */
const topology = planTiny({
  networks: [
    {
      name: "lan",
      bridge: "vmbr0",
      vlan: 30,
      cidr: "10.0.0.0/24",
      gateway: "10.0.0.1",
      dns: ["10.0.0.1"],
      domain: "tiny.lab",
      ipv6: { prefix: "2001:db8:1000::/64", gateway: "2001:db8:1000::1" },
    },
  ],
  vms: [{ name: "tiny-netbox", role: "netbox", vmId: 500, node: "pve1", cores: 4, memoryMiB: 8192, diskGiB: 100, network: "lan", address: "10.0.0.50" }],
});

function vmNamed(name: string, changes: Partial<TopologyVm> = {}): TopologyVm {
  const vm = topology.vms.find((candidate) => candidate.name === name);
  if (!vm) throw new Error(`no VM ${name} in the tiny topology`);
  return { ...vm, ...changes };
}

/** Synthesizes one ProxmoxVm; the VM, topology and file ids can be replaced. */
function synthVm(props: Partial<ProxmoxVmProps> & { vm: TopologyVm }, inTopology: Topology = topology): string {
  return Testing.synthScope((scope) => {
    new ProxmoxVm(scope, "Vm", { topology: inTopology, vendorDataFileId: "local:snippets/tiny-base-vendor.yaml", ...props });
  });
}

/** The one proxmox_virtual_environment_vm of a synthesized scope. */
function vmResource(synthesized: string): Record<string, unknown> {
  const parsed = JSON.parse(synthesized);
  return Object.values(parsed.resource.proxmox_virtual_environment_vm)[0] as Record<string, unknown>;
}

describe("ProxmoxVm", () => {
  it("clones the template onto the VM's node with the planned VMID and size", () => {
    expect(synthVm({ vm: vmNamed("tiny-netbox") })).toHaveResourceWithProperties(VirtualEnvironmentVm, {
      node_name: "pve1",
      vm_id: 500,
      name: "tiny-netbox",
      clone: { vm_id: 9000, node_name: "pve1", full: true },
      cpu: { cores: 4, type: "x86-64-v2-AES" },
      memory: { dedicated: 8192 },
      disk: [expect.objectContaining({ interface: "scsi0", size: 100, datastore_id: "local-lvm" })],
    });
  });

  it("configures cloud-init with the planned addresses, DNS, user, keys and vendor data", () => {
    expect(synthVm({ vm: vmNamed("tiny-netbox") })).toHaveResourceWithProperties(VirtualEnvironmentVm, {
      initialization: {
        datastore_id: "local-lvm",
        dns: { servers: ["10.0.0.1"], domain: "tiny.lab" },
        ip_config: [
          {
            ipv4: { address: "10.0.0.50/24", gateway: "10.0.0.1" },
            ipv6: { address: "2001:db8:1000::50/64", gateway: "2001:db8:1000::1" },
          },
        ],
        user_account: { username: "ubuntu", keys: [TINY_SSH_KEY] },
        vendor_data_file_id: "local:snippets/tiny-base-vendor.yaml",
      },
    });
  });

  it("writes network_device with all eleven keys, null where unset", () => {
    const device = (vmResource(synthVm({ vm: vmNamed("tiny-k3s-server-1") })).network_device as Record<string, unknown>[])[0];
    expect(Object.keys(device).sort()).toEqual([...PROXMOX_NETWORK_DEVICE_KEYS].sort());
    expect(device).toMatchObject({ bridge: "vmbr0", vlan_id: 30, model: "virtio", mac_address: null, mtu: null });
  });

  it("writes exactly one network_device, not the configured one plus an override", () => {
    expect(vmResource(synthVm({ vm: vmNamed("tiny-netbox") })).network_device).toHaveLength(1);
  });

  it("enables the guest agent, starts on boot and stops the guest before destroying it", () => {
    expect(synthVm({ vm: vmNamed("tiny-netbox") })).toHaveResourceWithProperties(VirtualEnvironmentVm, {
      agent: { enabled: true },
      on_boot: true,
      stop_on_destroy: true,
    });
  });

  it("keeps tags sorted so Proxmox shows no diff", () => {
    const tags = vmResource(synthVm({ vm: vmNamed("tiny-k3s-server-1") })).tags as string[];
    expect(tags).toEqual([...tags].sort());
    expect(tags).toContain("control-plane");
  });

  it("registers an HA resource for a VM marked ha", () => {
    expect(synthVm({ vm: vmNamed("tiny-netbox", { ha: true }) })).toHaveResourceWithProperties(VirtualEnvironmentHaresource, { resource_id: "vm:500", state: "started" });
  });

  it("registers no HA resource for a VM not marked ha", () => {
    expect(synthVm({ vm: vmNamed("tiny-netbox", { ha: false }) })).not.toHaveResource(VirtualEnvironmentHaresource);
  });

  it("imports the disk from a downloaded cloud image instead of cloning when the environment uses one", () => {
    // given an environment that downloads a cloud image instead of cloning a template
    const withImage = planTiny({ image: { kind: "cloudImage", templateVmId: undefined, url: "https://cloud-images.ubuntu.com/noble/current/noble-server-cloudimg-amd64.img", fileName: "noble.img", datastore: "local" } });
    // when a VM is synthesized with the downloaded file
    const resource = vmResource(synthVm({ vm: withImage.vms[0], cloudImageFileId: "local:import/noble.img" }, withImage));
    // then its disk is imported from that file and nothing is cloned
    expect(resource.clone).toBeUndefined();
    expect(resource.disk).toEqual([expect.objectContaining({ import_from: "local:import/noble.img" })]);
  });
});
