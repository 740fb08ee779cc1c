import * as ipaddr from "ipaddr.js";

/** An IP address parsed once, kept with its numeric value for range arithmetic. */
export interface ParsedAddress {
  readonly text: string;
  readonly family: 4 | 6;
  readonly value: bigint;
}

/** A network in CIDR form with its first and last address as numbers. */
export interface ParsedCidr {
  readonly text: string;
  readonly family: 4 | 6;
  readonly network: bigint;
  readonly prefixLength: number;
  readonly first: bigint;
  readonly last: bigint;
}

function bytesToBigInt(bytes: number[]): bigint {
  let value = 0n;
  for (const byte of bytes) value = (value << 8n) | BigInt(byte);
  return value;
}

function bigIntToBytes(value: bigint, length: number): number[] {
  const bytes = new Array<number>(length);
  let rest = value;
  for (let i = length - 1; i >= 0; i--) {
    bytes[i] = Number(rest & 0xffn);
    rest >>= 8n;
  }
  return bytes;
}

/**
 * True when `text` is an IPv4 address in dotted-quad form (`192.168.1.10`). ipaddr.js's general
 * parser also takes `10.1`, `0x0a000001` and octal parts; configs should not rely on those.
 */
export function isIpv4Address(text: string): boolean {
  return ipaddr.IPv4.isValidFourPartDecimal(text);
}

/** True when `text` is an IPv6 address (`2001:db8::10`, a zone such as `%eth0` allowed), without a prefix length. */
export function isIpv6Address(text: string): boolean {
  return ipaddr.IPv6.isValid(text) && !text.includes("/");
}

/** True when `text` is a plain IPv4 or IPv6 address in a standard notation (no prefix length). */
export function isIpAddress(text: string): boolean {
  return isIpv4Address(text) || isIpv6Address(text);
}

/** The address family of a network in CIDR notation, or undefined when `text` is not one. */
function cidrFamily(text: string): 4 | 6 | undefined {
  try {
    const [address] = ipaddr.parseCIDR(text);
    if (!isIpAddress(text.slice(0, text.indexOf("/")))) return undefined;
    return address.kind() === "ipv4" ? 4 : 6;
  } catch {
    return undefined;
  }
}

/** True when `text` is a network in CIDR notation (`192.168.1.0/24`, `2001:db8::/48`). */
export function isCidr(text: string): boolean {
  return cidrFamily(text) !== undefined;
}

/** True when `text` is an IPv4 network in CIDR notation (`192.168.1.0/24`). */
export function isCidrV4(text: string): boolean {
  return cidrFamily(text) === 4;
}

/** True when `text` is an IPv6 prefix in CIDR notation (`2001:db8::/48`); IPv4-mapped forms count as IPv6. */
export function isCidrV6(text: string): boolean {
  return cidrFamily(text) === 6;
}

/** Parses an address; throws when it is not one (callers validate with {@link isIpAddress} first). */
export function parseAddress(text: string): ParsedAddress {
  const parsed = ipaddr.parse(text);
  const family = parsed.kind() === "ipv4" ? 4 : 6;
  return { text: parsed.toString(), family, value: bytesToBigInt(parsed.toByteArray()) };
}

/** Parses a CIDR; the network address is normalised (host bits cleared). */
export function parseCidr(text: string): ParsedCidr {
  const [address, prefixLength] = ipaddr.parseCIDR(text);
  const family = address.kind() === "ipv4" ? 4 : 6;
  const bits = family === 4 ? 32 : 128;
  const hostBits = BigInt(bits - prefixLength);
  const value = bytesToBigInt(address.toByteArray());
  const network = (value >> hostBits) << hostBits;
  const last = network + (1n << hostBits) - 1n;
  return {
    text: `${formatAddress(network, family)}/${prefixLength}`,
    family,
    network,
    prefixLength,
    first: network,
    last,
  };
}

/** Formats a numeric address of the given family in its canonical text form. */
export function formatAddress(value: bigint, family: 4 | 6): string {
  const bytes = bigIntToBytes(value, family === 4 ? 4 : 16);
  return ipaddr.fromByteArray(bytes).toString();
}

/** True when `address` lies inside `cidr` (same family). */
export function cidrContains(cidr: ParsedCidr, address: ParsedAddress): boolean {
  return cidr.family === address.family && address.value >= cidr.first && address.value <= cidr.last;
}

/** True when two networks share at least one address. */
export function cidrsOverlap(a: ParsedCidr, b: ParsedCidr): boolean {
  return a.family === b.family && a.first <= b.last && b.first <= a.last;
}

/** The usable host range of an IPv4 network (network and broadcast excluded for prefixes up to /30). */
export function usableRange(cidr: ParsedCidr): { first: bigint; last: bigint } {
  if (cidr.family === 4 && cidr.prefixLength <= 30) return { first: cidr.first + 1n, last: cidr.last - 1n };
  return { first: cidr.first, last: cidr.last };
}
