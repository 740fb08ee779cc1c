import { Testing } from "cdktf";
import { VirtualEnvironmentNetworkLinuxBridge } from "../../.gen/providers/proxmox/virtual-environment-network-linux-bridge";
import { VirtualEnvironmentNetworkLinuxVlan } from "../../.gen/providers/proxmox/virtual-environment-network-linux-vlan";
import { NetworkSegment } from "../../constructs/network-segment";
import { topologyOf } from "../support/environments";

describe("NetworkSegment", () => {
  const production = topologyOf("production").networks[0];
  const network = { ...production, manageBridge: true, bridgePorts: ["eno1"] };
  const synthesized = Testing.synthScope((scope) => {
    new NetworkSegment(scope, "Network", { network });
  });

  it("creates the bridge on every Proxmox node that hosts a VM of the network", () => {
    for (const node of ["pve1", "pve2", "pve3"]) {
      expect(synthesized).toHaveResourceWithProperties(VirtualEnvironmentNetworkLinuxBridge, { node_name: node, name: "vmbr0", ports: ["eno1"], vlan_aware: true });
    }
  });

  it("creates the VLAN interface for a tagged network on each of those nodes", () => {
    expect(synthesized).toHaveResourceWithProperties(VirtualEnvironmentNetworkLinuxVlan, { node_name: "pve2", name: "vmbr0.30", interface: "vmbr0", vlan: 30 });
  });

  it("creates no VLAN interface for an untagged network", () => {
    const orion = topologyOf("orion").networks[0];
    const untagged = Testing.synthScope((scope) => {
      new NetworkSegment(scope, "Network", { network: { ...orion, manageBridge: true } });
    });
    expect(untagged).toHaveResourceWithProperties(VirtualEnvironmentNetworkLinuxBridge, { node_name: "r730", name: "vmbr1", vlan_aware: false });
    expect(untagged).not.toHaveResource(VirtualEnvironmentNetworkLinuxVlan);
  });
});
