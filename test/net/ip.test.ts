import { cidrContains, cidrsOverlap, formatAddress, isCidr, isCidrV4, isCidrV6, isIpAddress, isIpv4Address, isIpv6Address, parseAddress, parseCidr, usableRange } from "../../lib/net/ip";

describe("IP helpers", () => {
  it("recognises addresses and rejects prefixes or garbage", () => {
    expect(isIpAddress("192.168.100.50")).toBe(true);
    expect(isIpAddress("2602:f674::ffff")).toBe(true);
    expect(isIpAddress("192.168.100.0/24")).toBe(false);
    expect(isIpAddress("192.168.1")).toBe(false);
  });

  it("recognises CIDRs of both families", () => {
    expect(isCidr("10.0.0.0/8")).toBe(true);
    expect(isCidr("2a0c:9a40:8e20::/48")).toBe(true);
    expect(isCidr("10.0.0.0/33")).toBe(false);
    expect(isCidr("10.0.0.0")).toBe(false);
  });

  it("tells the families apart, taking only dotted quads as IPv4 and IPv4-mapped prefixes as IPv6", () => {
    expect(["10.0.0.1", "10.1", "0x0a000001", "2001:db8::1"].map(isIpv4Address)).toEqual([true, false, false, false]);
    expect(["2001:db8::1", "fe80::1%eth0", "2001:db8::/64", "10.0.0.1"].map(isIpv6Address)).toEqual([true, true, false, false]);
    expect(["10.0.0.0/24", "::ffff:10.0.0.0/120", "10.0.0.0/33"].map(isCidrV4)).toEqual([true, false, false]);
    expect(["2001:db8::/48", "::ffff:10.0.0.0/120", "10.0.0.0/24"].map(isCidrV6)).toEqual([true, true, false]);
  });

  it("normalises a network and knows its first and last address", () => {
    const lan = parseCidr("192.168.100.7/24");
    expect(lan.text).toBe("192.168.100.0/24");
    expect(formatAddress(lan.last, 4)).toBe("192.168.100.255");
  });

  it("excludes network and broadcast addresses from the usable IPv4 range", () => {
    const range = usableRange(parseCidr("10.0.0.0/30"));
    expect([formatAddress(range.first, 4), formatAddress(range.last, 4)]).toEqual(["10.0.0.1", "10.0.0.2"]);
  });

  it("tests membership and overlap within one family only", () => {
    expect(cidrContains(parseCidr("2602:f674::/48"), parseAddress("2602:f674:0:1000::1"))).toBe(true);
    expect(cidrContains(parseCidr("2602:f674::/48"), parseAddress("2602:f674:1000::1"))).toBe(false);
    expect(cidrContains(parseCidr("10.0.0.0/24"), parseAddress("10.0.1.1"))).toBe(false);
    expect(cidrsOverlap(parseCidr("10.0.0.0/23"), parseCidr("10.0.1.0/24"))).toBe(true);
    expect(cidrsOverlap(parseCidr("10.0.0.0/24"), parseCidr("10.0.1.0/24"))).toBe(false);
  });

  it("formats IPv6 addresses canonically", () => {
    expect(formatAddress(parseAddress("2602:F674:0000::FFFF").value, 6)).toBe("2602:f674::ffff");
  });
});
