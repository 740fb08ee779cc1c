import { Testing } from "cdktf";
import { VirtualEnvironmentNetworkLinuxBridge } from "../../.gen/providers/proxmox/virtual-environment-network-linux-bridge";
import { VirtualEnvironmentNetworkLinuxVlan } from "../../.gen/providers/proxmox/virtual-environment-network-linux-vlan";
import { NetworkSegment } from "../../constructs/network-segment";
import type { TopologyNetwork } from "../../lib/topology/types";
import { planTiny } from "../support/tiny-environment";

const node = (name: string) => ({ name, cores: 16, memoryMiB: 65536, datastores: ["local-lvm"], snippetsDatastore: "local" });

/** The tiny environment's managed network on four Proxmox nodes, three servers placed round-robin on pve1-pve3. */
function plannedNetwork(network: Record<string, unknown>): TopologyNetwork {
  return planTiny({
    proxmox: { nodes: [node("pve1"), node("pve2"), node("pve3"), node("pve4")] },
    networks: [{ name: "lan", bridge: "vmbr0", cidr: "10.0.0.0/24", gateway: "10.0.0.1", dns: ["10.0.0.1"], manageBridge: true, bridgePorts: ["eno1"], ...network }],
    cluster: { servers: { count: 3, nodes: ["pve1", "pve2", "pve3"] } },
  }).networks[0];
}

function synthesize(network: TopologyNetwork): string {
  return Testing.synthScope((scope) => {
    new NetworkSegment(scope, "Network", { network });
  });
}

describe("NetworkSegment", () => {
  const tagged = plannedNetwork({ vlan: 30 });

  it("creates the bridge on every Proxmox node that hosts a VM of the network", () => {
    const synthesized = synthesize(tagged);
    for (const name of ["pve1", "pve2", "pve3"]) {
      expect(synthesized).toHaveResourceWithProperties(VirtualEnvironmentNetworkLinuxBridge, { node_name: name, name: "vmbr0", ports: ["eno1"], vlan_aware: true });
    }
  });

  it("creates nothing on a Proxmox node that hosts no VM of the network", () => {
    const parsed = JSON.parse(synthesize(tagged));
    const resources = [...Object.values(parsed.resource.proxmox_virtual_environment_network_linux_bridge), ...Object.values(parsed.resource.proxmox_virtual_environment_network_linux_vlan)];
    expect(resources.map((resource: any) => resource.node_name)).not.toContain("pve4");
  });

  it("creates the VLAN interface for a tagged network on each of those nodes", () => {
    const synthesized = synthesize(tagged);
    for (const name of ["pve1", "pve2", "pve3"]) {
      expect(synthesized).toHaveResourceWithProperties(VirtualEnvironmentNetworkLinuxVlan, { node_name: name, name: "vmbr0.30", interface: "vmbr0", vlan: 30 });
    }
  });

  it("creates no VLAN interface and a VLAN-unaware bridge for an untagged network", () => {
    const untagged = synthesize(plannedNetwork({}));
    expect(untagged).toHaveResourceWithProperties(VirtualEnvironmentNetworkLinuxBridge, { node_name: "pve1", name: "vmbr0", vlan_aware: false });
    expect(untagged).not.toHaveResource(VirtualEnvironmentNetworkLinuxVlan);
  });
});
