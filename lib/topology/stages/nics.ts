import type { IssueLog } from "../../config/errors";
import { parseAddress } from "../../net/ip";
import type { TopologyNic } from "../types";
import type { AddressClaims } from "./claims";
import { hasIpv4, nicFor, type Ipv4Network, type PlannedNetwork } from "./networks";
import type { SiteInput } from "./sites";

/*
 * Secondary NICs: the NICs a VM has besides its primary one (an extra VM's `nics`, a pool's
 * `nics`). Each joins a network of the VM's own site, takes a static address (claimed like every
 * other, so collisions are caught) or DHCP, and may set an MTU and the Proxmox firewall. The
 * primary NIC keeps the VM's default route; a secondary NIC carries no gateway.
 */

/** A secondary NIC as the config gives it, with the address this VM takes on it. */
export interface SecondaryNicConfig {
  readonly network: string;
  readonly dhcp: boolean;
  readonly mtu?: number;
  readonly firewall: boolean;
  /** The static address as written (`address`, or a pool's `addressStart`). */
  readonly address?: string;
}

/** Who the NICs belong to and where they are configured. */
export interface SecondaryNicsOwner {
  /** The VM's name, the owner of its claimed addresses. */
  readonly vm: string;
  readonly site: SiteInput;
  /** The network of the VM's primary NIC. */
  readonly primaryNetwork: string;
  /** Config path of the list, e.g. `vms[0].nics` or `cluster.agents.nics`. */
  readonly path: string;
  /** The address field's name: `address` (extra VMs) or `addressStart` (pools). */
  readonly addressField: "address" | "addressStart";
  /** Added to each static address: the VM's position in its pool, 0 for an extra VM. */
  readonly offset: number;
}

/**
 * The VM's secondary NICs in config order, or undefined after reporting why one cannot be planned
 * (unknown network, a network of another site, a second NIC on one network, no address and no
 * DHCP, or an address that is outside its network or taken).
 */
export function planSecondaryNics(
  configs: readonly SecondaryNicConfig[],
  owner: SecondaryNicsOwner,
  networks: ReadonlyMap<string, PlannedNetwork>,
  claims: AddressClaims,
  issues: IssueLog,
): TopologyNic[] | undefined {
  const nics: TopologyNic[] = [];
  const joined = new Set([owner.primaryNetwork]);
  let ok = true;
  configs.forEach((config, index) => {
    const path = `${owner.path}[${index}]`;
    const network = networks.get(config.network);
    if (!network) {
      issues.error(`${path}.network`, config.network, `is not a declared network; use one of ${[...networks.keys()].join(", ")}`);
      ok = false;
      return;
    }
    if (network.site !== owner.site) {
      issues.error(`${path}.network`, config.network, `belongs to site ${network.site.config.name}, not the VM's site ${owner.site.config.name}; attach NICs to networks of the VM's own site`);
      ok = false;
      return;
    }
    if (joined.has(config.network)) {
      issues.error(`${path}.network`, config.network, `already has a NIC of ${owner.vm} on it; give each NIC of a VM its own network`);
      ok = false;
      return;
    }
    joined.add(config.network);
    if (!hasIpv4(network)) {
      const address = ipv6OnlyAddress(network, config, owner, path, claims, issues);
      if (address === undefined) ok = false;
      else nics.push(ipv6OnlyNic(network, address, config));
      return;
    }
    if (config.dhcp) {
      if (config.address !== undefined) {
        issues.error(`${path}.${owner.addressField}`, config.address, "is set together with dhcp: true; remove the address or dhcp");
        ok = false;
        return;
      }
      nics.push(secondaryNic(network, undefined, config));
      return;
    }
    if (network.addressing === "netbox") {
      issues.error(`${path}.${owner.addressField}`, config.address, `is a static address on network ${network.config.name}, which NetBox addresses at apply and could hand out again; set dhcp: true or attach the NIC to a statically addressed network`);
      ok = false;
      return;
    }
    if (config.address === undefined) {
      issues.error(`${path}.${owner.addressField}`, undefined, `is missing; give the NIC a static address in ${network.config.cidr} or set dhcp: true`);
      ok = false;
      return;
    }
    if (parseAddress(config.address).family === 6) {
      issues.error(`${path}.${owner.addressField}`, config.address, `is an IPv6 address; network ${network.config.name} has IPv4 (${network.config.cidr}), so give the NIC its IPv4 address there (the IPv6 one derives from it)`);
      ok = false;
      return;
    }
    const address = claims.hostAddress(network, parseAddress(config.address).value + BigInt(owner.offset), owner.vm, `${path}.${owner.addressField}`);
    if (!address) {
      ok = false;
      return;
    }
    nics.push(secondaryNic(network, address, config));
  });
  return ok ? nics : undefined;
}

/** The static IPv6 address a NIC takes on an IPv6-only network, claimed; reports DHCP or a missing or bad address. */
function ipv6OnlyAddress(network: PlannedNetwork, config: SecondaryNicConfig, owner: SecondaryNicsOwner, path: string, claims: AddressClaims, issues: IssueLog): string | undefined {
  const prefix = network.ipv6!;
  if (config.dhcp) {
    issues.error(`${path}.dhcp`, true, `asks for DHCPv4 on network ${network.config.name}, which is IPv6-only (no cidr); give the NIC a static IPv6 address in ${prefix.text} instead`);
    return undefined;
  }
  if (config.address === undefined) {
    issues.error(`${path}.${owner.addressField}`, undefined, `is missing; network ${network.config.name} is IPv6-only, so give the NIC an IPv6 address in ${prefix.text}`);
    return undefined;
  }
  return claims.ipv6HostAddress({ ...network, ipv6: prefix }, config.address, owner.offset, owner.vm, `${path}.${owner.addressField}`);
}

/** A NIC on an IPv6-only network: the network's bridge and VLAN, no IPv4, its IPv6 address, MTU and firewall. */
function ipv6OnlyNic(network: PlannedNetwork, address: string, config: SecondaryNicConfig): TopologyNic {
  const gateway = network.config.ipv6?.gateway;
  return {
    network: network.config.name,
    bridge: network.config.bridge,
    ...(network.config.vlan !== undefined ? { vlan: network.config.vlan } : {}),
    addressing: "static",
    ipv6: { address, prefixLength: network.ipv6!.prefixLength, ...(gateway ? { gateway } : {}) },
    ...(config.mtu !== undefined ? { mtu: config.mtu } : {}),
    firewall: config.firewall,
  };
}

/** A secondary NIC: the network's bridge and VLAN, a static address or DHCP, its MTU and firewall. */
function secondaryNic(network: Ipv4Network, address: string | undefined, config: SecondaryNicConfig): TopologyNic {
  const { ipv6, ...nic } = nicFor(network, address);
  return {
    ...nic,
    // A DHCP NIC gets no planned IPv6 address; the network's router advertises one, if any.
    ...(ipv6 && address ? { ipv6 } : {}),
    addressing: "static",
    ...(config.dhcp ? { dhcp: true } : {}),
    ...(config.mtu !== undefined ? { mtu: config.mtu } : {}),
    firewall: config.firewall,
  };
}
