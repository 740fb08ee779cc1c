import { Construct } from "constructs";
import { TerraformProvider, TerraformResource } from "cdktf";
import { Vlan } from "../.gen/providers/netbox/vlan";
import { Prefix } from "../.gen/providers/netbox/prefix";
import { IpAddress } from "../.gen/providers/netbox/ip-address";
import { IpRange } from "../.gen/providers/netbox/ip-range";
import type { TopologyAllocatedAddress, TopologyNetbox, TopologyNetwork } from "../lib/topology/types";
import type { NetboxSites } from "./netbox-sites";
import { numericId } from "./netbox-id";

export interface NetboxNetworksProps {
  /** The environment's networks as the Topology resolved them. */
  readonly networks: readonly TopologyNetwork[];
  /** The prefixes to register: the networks' own, then the extra ones. */
  readonly prefixes: TopologyNetbox["prefixes"];
  /** The sites the VLANs and prefixes are filed under, and the tags they carry. */
  readonly sites: NetboxSites;
  /** @default the stack's default netbox provider */
  readonly provider?: TerraformProvider;
}

/** Where NetBox allocates an address from, and what must be registered before it does. */
export interface NetboxAllocationSource {
  readonly prefixId?: number;
  readonly ipRangeId?: number;
  /** The held addresses and ranges of the network (empty for IPv6: what is held is IPv4). */
  readonly held: readonly TerraformResource[];
}

/**
 * The environment's VLANs and prefixes in NetBox and, per netbox-addressed network, what NetBox
 * must leave free (held addresses and ranges) and the IP range it allocates from.
 *
 * Not a construct of its own: it adds its resources to the scope it is given, so they keep the
 * Terraform addresses they had inside `NetboxRegistration` before it was split by concern.
 */
export class NetboxNetworks {
  /** VLAN records by network name, for the networks with a VLAN tag. */
  readonly vlans = new Map<string, Vlan>();
  /** Prefix records by prefix. */
  readonly prefixes = new Map<string, Prefix>();
  private readonly pools = new Map<string, { readonly range?: IpRange; readonly held: TerraformResource[] }>();

  constructor(scope: Construct, props: NetboxNetworksProps) {
    const { networks, sites, provider } = props;
    const tags = sites.tags;
    const siteOfNetwork = (name: string | undefined) => sites.placementOf(networks.find((network) => network.name === name)?.site).site;

    for (const network of networks) {
      if (network.vlan === undefined) continue;
      this.vlans.set(
        network.name,
        new Vlan(scope, `Vlan-${network.name}`, { provider, name: network.name, vid: network.vlan, siteId: numericId(siteOfNetwork(network.name)), status: "active", tags }),
      );
    }
    for (const prefix of props.prefixes) {
      const vlan = prefix.network ? this.vlans.get(prefix.network) : undefined;
      this.prefixes.set(
        prefix.prefix,
        new Prefix(scope, `Prefix-${prefix.prefix}`, {
          provider,
          prefix: prefix.prefix,
          status: "active",
          description: prefix.description,
          siteId: numericId(siteOfNetwork(prefix.network)),
          vlanId: vlan ? numericId(vlan) : undefined,
          tags,
        }),
      );
    }
    for (const network of networks) {
      const pool = network.netboxPool;
      if (!pool) continue;
      const held: TerraformResource[] = pool.held.map((entry) =>
        entry.endAddress === undefined
          ? new IpAddress(scope, `Held-${network.name}-${entry.start}`, { provider, ipAddress: entry.startAddress, status: "reserved", description: entry.description, tags })
          : new IpRange(scope, `Held-${network.name}-${entry.start}`, {
              provider,
              startAddress: entry.startAddress,
              endAddress: entry.endAddress,
              status: "reserved",
              // A populated range counts as used, so NetBox never allocates from it.
              markPopulated: true,
              description: entry.description,
              tags,
            }),
      );
      const range = pool.range
        ? new IpRange(scope, `Range-${network.name}`, {
            provider,
            startAddress: pool.range.startAddress,
            endAddress: pool.range.endAddress,
            status: "active",
            description: pool.range.description,
            tags,
          })
        : undefined;
      this.pools.set(network.name, { ...(range ? { range } : {}), held });
    }
  }

  /**
   * Makes every IPv4 allocation on a netbox-addressed network wait for `record` (a bare-metal host's
   * static address), so NetBox never hands that address to a VM. No-op on a statically addressed network.
   */
  hold(network: string, record: TerraformResource): void {
    this.pools.get(network)?.held.push(record);
  }

  /** Where NetBox allocates an address of a VM from: the network's range, else the address's prefix. */
  allocationSource(address: TopologyAllocatedAddress): NetboxAllocationSource {
    const pool = this.pools.get(address.network);
    if (!pool) throw new Error(`NetboxNetworks: network ${address.network} is not netbox-addressed, so NetBox allocates nothing on it`);
    const held = address.family === 4 ? pool.held : [];
    if (address.fromRange && pool.range) return { ipRangeId: numericId(pool.range), held };
    const prefix = this.prefixes.get(address.prefix);
    if (!prefix) throw new Error(`NetboxNetworks: prefix ${address.prefix} of network ${address.network} is not registered, so NetBox cannot allocate from it`);
    return { prefixId: numericId(prefix), held };
  }
}
