import { parseEnvironment } from "../../lib/config/load";
import { planTopology } from "../../lib/topology";
import { copyOf, resolveChanged } from "../support/environments";

function errorOf(name: string, change: Parameters<typeof resolveChanged>[1]): string {
  try {
    resolveChanged(name, change);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error("expected the environment to be rejected");
}

describe("BGP validation", () => {
  it("rejects a documentation ASN, naming the usable ranges", () => {
    const message = errorOf("orion", (env) => {
      env.routers![0].asn = 64500;
    });
    expect(message).toMatch(/routers\[0\]\.asn = 64500: is reserved for documentation \(RFC 5398\); use your public ASN or a private one/);
  });

  it("holds an environment that skipped parsing to the same ASN rule as the schema", () => {
    const parsed = parseEnvironment(copyOf("orion"));
    parsed.cluster!.bgp!.asn = 65552;
    expect(() => planTopology(parsed)).toThrow(/cluster\.bgp\.asn = 65552: is reserved by IANA; use your public ASN or a private one \(64512-65534, 4200000000-4294967294\)/);
  });

  it("rejects an ASN beyond 32 bits", () => {
    expect(errorOf("orion", (env) => { env.routers![0].asn = 4294967296; })).toMatch(/routers\[0\]\.asn = 4294967296: AS numbers run from 1 to 4294967295/);
  });

  it("rejects two routers with one router-id", () => {
    const message = errorOf("orion", (env) => {
      env.vms!.push({ name: "orion-router-2", role: "router", vmId: 201, node: "r730", cores: 1, memoryMiB: 1024, diskGiB: 10, network: "lan", address: "192.168.100.3" });
      env.routers!.push({ name: "second", asn: 394955, routerId: "100.64.0.1", vm: "orion-router-2" });
    });
    expect(message).toMatch(/routers\[1\]\.routerId = "100\.64\.0\.1": is also the router-id of router orion-router/);
  });

  it("rejects a peer on no declared network unless it is marked external", () => {
    const message = errorOf("orion", (env) => {
      env.routers![0].upstreams![0] = { ...env.routers![0].upstreams![0], address: "2001:db8:ffff::1", external: false };
    });
    expect(message).toMatch(/routers\[0\]\.upstreams\[0\]\.address = "2001:db8:ffff::1": is on no network of this environment; .*set external: true/);
  });

  it("rejects a cluster ASN equal to the router's", () => {
    const message = errorOf("orion", (env) => {
      env.cluster!.bgp!.asn = 394955;
    });
    expect(message).toMatch(/cluster\.bgp\.asn = 394955: equals router orion-router's AS394955; the cluster peers over eBGP/);
  });

  it("rejects a cluster that peers with an unknown router", () => {
    expect(errorOf("orion", (env) => { env.cluster!.bgp!.router = "nowhere"; })).toMatch(/cluster\.bgp\.router = "nowhere": is not a router of this environment/);
  });

  it("rejects a keepalive above a third of the hold time", () => {
    const message = errorOf("orion", (env) => {
      env.routers![0].upstreams![0].keepaliveIntervalSeconds = 31;
    });
    expect(message).toMatch(/keepaliveIntervalSeconds = 31: is more than a third of the hold time \(90 s\); use at most 30/);
  });
});
