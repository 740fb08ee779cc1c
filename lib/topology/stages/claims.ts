import type { IssueLog } from "../../config/errors";
import { cidrContains, formatAddress, parseAddress, usableRange } from "../../net/ip";
import { ipv6For, type Ipv4Network, type PlannedNetwork } from "./networks";

/*
 * Collisions. Every address handed out (gateways, API VIPs, LB pools, VM addresses) and every VM
 * name and VMID is claimed in one registry, in planning order; a second claim is reported naming
 * the first owner, so the user sees both sides of the collision.
 */

/** Who holds an address, so a collision names both owners. */
export interface Claim {
  readonly owner: string;
  readonly path: string;
  /** A network's gateway that this VM (the network's `gatewayVm`) may take over. */
  readonly gatewayVm?: string;
}

/** The addresses claimed so far, across every network of the environment. */
export class AddressClaims {
  private readonly held = new Map<bigint, Claim>();

  constructor(private readonly issues: IssueLog) {}

  /** Who holds `value`, if anyone. */
  holder(value: bigint): Claim | undefined {
    return this.held.get(value);
  }

  /** Claims one address; reports and returns false when someone holds it already. */
  claim(value: bigint, owner: string, path: string, shown: string): boolean {
    const held = this.held.get(value);
    if (held?.gatewayVm === owner) {
      // The network says this VM routes it: its address is the gateway, no collision.
      this.held.set(value, { owner, path });
      return true;
    }
    if (held) {
      this.issues.error(path, shown, `collides with ${held.owner} (${held.path}); every host, gateway, VIP and LB pool address must be distinct`);
      return false;
    }
    this.held.set(value, { owner, path });
    return true;
  }

  /**
   * Claims first..last for one owner (an LB pool). Stops at the first address already held and
   * reports it as inside the range, since the range, not one address, is what the user moves.
   */
  claimRange(first: bigint, last: bigint, owner: string, path: string, shown: unknown): void {
    for (let value = first; value <= last; value++) {
      const held = this.held.get(value);
      if (held) {
        this.issues.error(path, shown, `contains ${formatAddress(value, 4)}, which is ${held.owner} (${held.path}); shrink or move the pool`);
        return;
      }
      this.held.set(value, { owner, path });
    }
  }

  /**
   * Claims every network's gateway, before anything else can take it; only the network's
   * `gatewayVm` may take it over.
   */
  claimGateways(networks: Iterable<PlannedNetwork>): void {
    for (const network of networks) {
      if (network.config.gateway === undefined) continue;
      const value = parseAddress(network.config.gateway).value;
      if (!this.claim(value, `the gateway of network ${network.config.name}`, `${network.path}.gateway`, network.config.gateway)) continue;
      const gatewayVm = network.config.gatewayVm;
      if (gatewayVm) this.held.set(value, { ...this.held.get(value)!, gatewayVm });
    }
  }

  /**
   * Checks and claims the address a VM wants on a network: inside it, a host address, outside the
   * reserved ranges, and free. Returns the address as text when usable, else reports and returns undefined.
   */
  hostAddress(network: Ipv4Network, value: bigint, owner: string, path: string): string | undefined {
    const text = formatAddress(value, 4);
    const usable = usableRange(network.cidr);
    if (value < network.cidr.first || value > network.cidr.last) {
      this.issues.error(path, text, `${owner}'s address is outside network ${network.config.name} (${network.config.cidr}); use an address inside it`);
      return undefined;
    }
    if (value < usable.first || value > usable.last) {
      this.issues.error(path, text, `${owner}'s address is the network or broadcast address of ${network.config.cidr}; use a host address`);
      return undefined;
    }
    const reserved = reservedOwner(value, network);
    if (reserved) {
      this.issues.error(path, text, `${owner}'s address lies in ${reserved}; move it out of the reserved range`);
      return undefined;
    }
    // An IPv4 collision is the clearer message; the IPv6 checks only speak when IPv4 is free.
    const held = this.held.get(value);
    if ((!held || held.gatewayVm === owner) && !this.ipv6Usable(network, value, owner, path, text)) return undefined;
    return this.claim(value, owner, path, text) ? text : undefined;
  }

  /**
   * The IPv6 address derived from a VM's IPv4 one must lie inside the network's IPv6 prefix and
   * must not be the IPv6 gateway (unless the VM is the network's gatewayVm).
   */
  private ipv6Usable(network: Ipv4Network, value: bigint, owner: string, path: string, text: string): boolean {
    const ipv6 = network.ipv6;
    const config = network.config.ipv6;
    if (!ipv6 || !config) return true;
    const derived = ipv6For(ipv6, value, network.cidr);
    const derivedValue = parseAddress(derived).value;
    if (!cidrContains(ipv6, parseAddress(derived))) {
      this.issues.error(path, text, `${owner}'s IPv6 address ${derived} is outside network ${network.config.name}'s ipv6.prefix ${config.prefix}; widen the prefix or pick a lower address`);
      return false;
    }
    if (config.gateway && parseAddress(config.gateway).value === derivedValue && network.config.gatewayVm !== owner) {
      this.issues.error(path, text, `${owner}'s IPv6 address ${derived} collides with the IPv6 gateway of network ${network.config.name} (${network.path}.ipv6.gateway); move the VM or the gateway`);
      return false;
    }
    return true;
  }

  /**
   * Checks and claims the IPv6 address a NIC takes on an IPv6-only network: an IPv6 address,
   * inside the prefix, not the prefix's own (subnet-router anycast) address nor its IPv6 gateway,
   * and free. Returns it normalised, else reports and returns undefined.
   */
  ipv6HostAddress(network: PlannedNetwork & { readonly ipv6: NonNullable<PlannedNetwork["ipv6"]> }, written: string, offset: number, owner: string, path: string): string | undefined {
    const prefix = network.ipv6;
    if (parseAddress(written).family !== 6) {
      this.issues.error(path, written, `is an IPv4 address, but network ${network.config.name} is IPv6-only (no cidr); give ${owner} an IPv6 address in ${prefix.text}`);
      return undefined;
    }
    // A pool's NICs count up from addressStart like its IPv4 addresses do.
    const text = formatAddress(parseAddress(written).value + BigInt(offset), 6);
    const parsed = parseAddress(text);
    if (!cidrContains(prefix, parsed)) {
      this.issues.error(path, written, `${owner}'s address is outside network ${network.config.name} (${prefix.text}); use an address inside it`);
      return undefined;
    }
    if (parsed.value === prefix.network) {
      this.issues.error(path, written, `is the subnet-router anycast address of ${prefix.text}; use a host address`);
      return undefined;
    }
    const gateway = network.config.ipv6?.gateway;
    if (gateway !== undefined && parseAddress(gateway).value === parsed.value) {
      this.issues.error(path, written, `collides with the IPv6 gateway of network ${network.config.name} (${network.path}.ipv6.gateway); use another address`);
      return undefined;
    }
    return this.claim(parsed.value, owner, path, written) ? text : undefined;
  }
}

/** The reserved range of the network holding `value`, described for a message. */
function reservedOwner(value: bigint, network: PlannedNetwork): string | undefined {
  for (const range of network.config.reserved) {
    if (value >= parseAddress(range.start).value && value <= parseAddress(range.end).value) {
      return `reserved range ${range.start}-${range.end}${range.description ? ` (${range.description})` : ""}`;
    }
  }
  return undefined;
}

/** VM names and VMIDs taken so far; each must be unique across the environment. */
export class VmIdentities {
  private readonly names = new Map<string, string>();
  private readonly vmIds = new Map<number, string>();

  constructor(private readonly issues: IssueLog) {}

  /**
   * Takes a name and a VMID for a VM (reported under `path` and `vmIdPath`); reports either one
   * already taken and returns false. The VM's claim is recorded either way, so a third VM with the
   * same name names this one.
   */
  take(name: string, vmId: number, path: string, vmIdPath: string): boolean {
    let ok = true;
    const heldName = this.names.get(name);
    if (heldName) {
      this.issues.error(path, name, `is also the name of ${heldName}; VM names must be unique`);
      ok = false;
    }
    const heldId = this.vmIds.get(vmId);
    if (heldId) {
      this.issues.error(vmIdPath, vmId, `VMID ${vmId} is also used by ${heldId}; VMIDs must be unique`);
      ok = false;
    }
    this.names.set(name, path);
    this.vmIds.set(vmId, `${name} (${path})`);
    return ok;
  }

  /** Takes a name for a machine without a VMID (a bare-metal host); reports it if taken. */
  takeName(name: string, path: string): boolean {
    const held = this.names.get(name);
    if (held) {
      this.issues.error(path, name, `is taken by another VM or host (${held}); VM and host names must be unique`);
      return false;
    }
    this.names.set(name, path);
    return true;
  }
}

/** The registries VM stages record what they take in, so a later stage sees the collision. */
export interface Registries {
  readonly claims: AddressClaims;
  readonly identities: VmIdentities;
}
