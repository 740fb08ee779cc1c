import { IssueLog } from "../../../lib/config/errors";
import { parseAddress } from "../../../lib/net/ip";
import { AddressClaims, VmIdentities } from "../../../lib/topology/stages/claims";
import { planNetworks } from "../../../lib/topology/stages/networks";
import { siteInputs } from "../../../lib/topology/stages/sites";
import { lab, network, withIpv4 } from "./given";

const at = (address: string): bigint => parseAddress(address).value;

/** The lan network of a lab reserving .200-.209 for DHCP. */
function lan(issues: IssueLog) {
  const env = lab({ networks: [network("lan", "10.0.0.0/24", { reserved: [{ start: "10.0.0.200", end: "10.0.0.209", description: "DHCP" }] })] });
  return withIpv4(planNetworks(env, siteInputs(env, issues), issues).get("lan"));
}

describe("the address claims registry", () => {
  it("names the first owner when a second one claims the same address", () => {
    const issues = new IssueLog();
    const claims = new AddressClaims(issues);

    expect(claims.claim(at("10.0.0.5"), "the Kubernetes API VIP", "cluster.apiVip", "10.0.0.5")).toBe(true);
    expect(claims.claim(at("10.0.0.5"), "lab-router", "vms[0].address", "10.0.0.5")).toBe(false);

    expect(issues.errors).toEqual([
      {
        path: "vms[0].address",
        value: "10.0.0.5",
        message: "collides with the Kubernetes API VIP (cluster.apiVip); every host, gateway, VIP and LB pool address must be distinct",
      },
    ]);
  });

  it("claims the gateways of every network first", () => {
    const issues = new IssueLog();
    const claims = new AddressClaims(issues);

    claims.claimGateways([lan(issues)]);

    expect(claims.holder(at("10.0.0.1"))).toEqual({ owner: "the gateway of network lan", path: "networks[0].gateway" });
  });

  it("stops claiming an LB pool at the first address someone holds and reports it", () => {
    const issues = new IssueLog();
    const claims = new AddressClaims(issues);
    claims.claim(at("10.0.0.42"), "lab-router", "vms[0].address", "10.0.0.42");

    claims.claimRange(at("10.0.0.40"), at("10.0.0.49"), "the LoadBalancer pool", "cluster.loadBalancerPool", { start: "10.0.0.40", end: "10.0.0.49" });

    expect(claims.holder(at("10.0.0.41"))?.owner).toBe("the LoadBalancer pool");
    expect(claims.holder(at("10.0.0.43"))).toBeUndefined();
    expect(issues.errors[0].message).toBe("contains 10.0.0.42, which is lab-router (vms[0].address); shrink or move the pool");
  });

  it("refuses a VM address in a reserved range, naming the range", () => {
    const issues = new IssueLog();
    const network = lan(issues);

    const address = new AddressClaims(issues).hostAddress(network, at("10.0.0.201"), "lab-dns", "vms[1].address");

    expect(address).toBeUndefined();
    expect(issues.errors).toEqual([
      { path: "vms[1].address", value: "10.0.0.201", message: "lab-dns's address lies in reserved range 10.0.0.200-10.0.0.209 (DHCP); move it out of the reserved range" },
    ]);
  });

  it("refuses the broadcast address as a VM address", () => {
    const issues = new IssueLog();

    new AddressClaims(issues).hostAddress(lan(issues), at("10.0.0.255"), "lab-dns", "vms[1].address");

    expect(issues.errors[0].message).toBe("lab-dns's address is the network or broadcast address of 10.0.0.0/24; use a host address");
  });
});

describe("the VM identities registry", () => {
  it("reports a VMID taken by an earlier VM, naming it and its path", () => {
    const issues = new IssueLog();
    const identities = new VmIdentities(issues);

    expect(identities.take("lab-router", 200, "vms[0].name", "vms[0].vmId")).toBe(true);
    expect(identities.take("lab-netbox", 200, "vms[1].name", "vms[1].vmId")).toBe(false);

    expect(issues.errors).toEqual([{ path: "vms[1].vmId", value: 200, message: "VMID 200 is also used by lab-router (vms[0].name); VMIDs must be unique" }]);
  });

  it("reports a name taken by an earlier VM", () => {
    const issues = new IssueLog();
    const identities = new VmIdentities(issues);
    identities.take("lab-router", 200, "vms[0].name", "vms[0].vmId");

    identities.take("lab-router", 201, "vms[1].name", "vms[1].vmId");

    expect(issues.errors).toEqual([{ path: "vms[1].name", value: "lab-router", message: "is also the name of vms[0].name; VM names must be unique" }]);
  });
});
