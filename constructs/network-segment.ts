import { Construct } from "constructs";
import { TerraformProvider } from "cdktf";
import { VirtualEnvironmentNetworkLinuxBridge } from "../.gen/providers/proxmox/virtual-environment-network-linux-bridge";
import { VirtualEnvironmentNetworkLinuxVlan } from "../.gen/providers/proxmox/virtual-environment-network-linux-vlan";
import type { TopologyNetwork } from "../lib/topology/types";

export interface NetworkSegmentProps {
  readonly network: TopologyNetwork;
  /** @default the stack's default proxmox provider */
  readonly provider?: TerraformProvider;
}

/**
 * The Linux bridge (and, for a tagged network, the VLAN interface) on every Proxmox node that hosts
 * a VM of the network. Only for networks with `manageBridge`: an existing bridge shared by several
 * environments must not be owned by any one of their stacks.
 */
export class NetworkSegment extends Construct {
  readonly bridges: VirtualEnvironmentNetworkLinuxBridge[] = [];
  readonly vlans: VirtualEnvironmentNetworkLinuxVlan[] = [];

  constructor(scope: Construct, id: string, props: NetworkSegmentProps) {
    super(scope, id);
    const { network } = props;
    for (const node of network.nodes) {
      const bridge = new VirtualEnvironmentNetworkLinuxBridge(this, `Bridge-${node}`, {
        provider: props.provider,
        nodeName: node,
        name: network.bridge,
        ports: [...network.bridgePorts],
        vlanAware: network.vlan !== undefined,
        autostart: true,
        comment: `${network.description ?? network.name} (homelab-cdktf)`,
      });
      this.bridges.push(bridge);
      if (network.vlan !== undefined) {
        this.vlans.push(
          new VirtualEnvironmentNetworkLinuxVlan(this, `Vlan-${node}`, {
            provider: props.provider,
            nodeName: node,
            name: `${network.bridge}.${network.vlan}`,
            interface: network.bridge,
            vlan: network.vlan,
            autostart: true,
            comment: `${network.description ?? network.name} VLAN ${network.vlan} (homelab-cdktf)`,
            dependsOn: [bridge],
          }),
        );
      }
    }
  }
}
