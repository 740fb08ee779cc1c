import { IssueLog } from "../../../lib/config/errors";
import { nodeSliceLength, planBgp, rangeToCidrs } from "../../../lib/topology/stages/bgp";
import type { TopologyCluster, TopologyNetwork, TopologyVm } from "../../../lib/topology/types";
import { lab } from "./given";

/*
 * The BGP stage reads VMs, networks and clusters that earlier stages planned; here they are
 * written out by hand, with only the fields BGP looks at.
 */

const router = { name: "lab-router", kind: "extra", site: "lab", nic: { ipv4: { address: "10.0.0.2" } } } as TopologyVm;
const nodeVm = (name: string, address?: string) => ({ name, kind: "server", site: "lab", nic: { ipv4: address ? { address } : {} } }) as TopologyVm;
const lan = (addressing: "static" | "netbox") => ({ name: "lan", cidr: "10.0.0.0/24", addressing }) as TopologyNetwork;
const k3s = { name: "k3s", network: "lan", servers: ["k3s-1", "k3s-2"], agents: [], loadBalancerPrefixes: ["10.0.0.40/29"] } as unknown as TopologyCluster;
const routers = [{ name: "edge", asn: 65000, routerId: "10.0.0.2", vm: "lab-router" }];

describe("the BGP stage", () => {
  it("gives the router one neighbor per cluster node and the cluster side its router", () => {
    const issues = new IssueLog();
    const env = lab({ routers });

    const bgp = planBgp(
      { env, vms: [router, nodeVm("k3s-1", "10.0.0.11"), nodeVm("k3s-2", "10.0.0.12")], networks: [lan("static")], clusters: [{ cluster: k3s, path: "cluster", bgp: { mode: "metallb", asn: 65001, router: "edge", advertisePodCidrs: false } }] },
      issues,
    );

    expect(issues.errors).toEqual([]);
    expect(bgp.routers[0].nodePeers.map((peer) => [peer.address, peer.asn, peer.vm])).toEqual([["10.0.0.11", 65001, "k3s-1"], ["10.0.0.12", 65001, "k3s-2"]]);
    expect(bgp.routers[0].accepted).toEqual([{ cluster: "k3s", prefixes: ["10.0.0.40/29"] }]);
    expect(bgp.clusters).toEqual([
      { cluster: "k3s", mode: "metallb", asn: 65001, router: "edge", routerAsn: 65000, routerAddress: "10.0.0.2", routerPort: 179, nodes: ["k3s-1", "k3s-2"], announce: ["10.0.0.40/29"] },
    ]);
  });

  it("accepts any peer of the network's prefix when NetBox picks the node addresses", () => {
    const env = lab({ routers });

    const bgp = planBgp({ env, vms: [router, nodeVm("k3s-1"), nodeVm("k3s-2")], networks: [lan("netbox")], clusters: [{ cluster: k3s, path: "cluster", bgp: { mode: "metallb", asn: 65001, router: "edge", advertisePodCidrs: false } }] }, new IssueLog());

    expect(bgp.routers[0].nodePeers).toEqual([]);
    expect(bgp.routers[0].dynamicPeers).toEqual([{ cluster: "k3s", prefix: "10.0.0.0/24", asn: 65001 }]);
  });

  it("refuses a cluster speaking the router's own AS, since the session is eBGP", () => {
    const issues = new IssueLog();

    planBgp({ env: lab({ routers }), vms: [router], networks: [lan("static")], clusters: [{ cluster: k3s, path: "cluster", bgp: { mode: "metallb", asn: 65000, router: "edge", advertisePodCidrs: false } }] }, issues);

    expect(issues.errors).toEqual([
      { path: "cluster.bgp.asn", value: 65000, message: "equals router edge's AS65000; the cluster peers over eBGP, so give it its own ASN (e.g. a private one, 64512-65534)" },
    ]);
  });

  it("refuses an upstream on no network of the environment unless it is marked external", () => {
    const issues = new IssueLog();
    const env = lab({ routers: [{ ...routers[0], upstreams: [{ address: "192.0.2.1", asn: 6939 }, { address: "198.51.100.1", asn: 6939, external: true }] }] });

    const bgp = planBgp({ env, vms: [router], networks: [lan("static")], clusters: [] }, issues);

    expect(issues.errors.map((issue) => issue.path)).toEqual(["routers[0].upstreams[0].address"]);
    expect(bgp.routers[0].upstreams.map((peer) => [peer.address, peer.external, peer.afiSafis])).toEqual([
      ["192.0.2.1", false, ["ipv4-unicast"]],
      ["198.51.100.1", true, ["ipv4-unicast"]],
    ]);
  });

  it("accepts a cluster's pod networks when it advertises them, down to a node's slice, with IPv6 as a second family of the node sessions", () => {
    const issues = new IssueLog();
    const dualStack = { ...k3s, podCidr: "10.42.0.0/16", podCidrIpv6: "2001:db8:42::/56" } as TopologyCluster;

    const bgp = planBgp(
      { env: lab({ routers }), vms: [router, nodeVm("k3s-1", "10.0.0.11"), nodeVm("k3s-2", "10.0.0.12")], networks: [lan("static")], clusters: [{ cluster: dualStack, path: "cluster", bgp: { mode: "cilium", asn: 65001, router: "edge", advertisePodCidrs: true } }] },
      issues,
    );

    expect(issues.errors).toEqual([]);
    expect(bgp.routers[0].accepted).toEqual([
      { cluster: "k3s", prefixes: ["10.0.0.40/29"], podCidrs: [{ prefix: "10.42.0.0/16", maxLength: 24 }, { prefix: "2001:db8:42::/56", maxLength: 64 }] },
    ]);
    expect(bgp.routers[0].nodePeers.map((peer) => peer.afiSafis)).toEqual([["ipv4-unicast", "ipv6-unicast"], ["ipv4-unicast", "ipv6-unicast"]]);
    expect(bgp.clusters[0].podCidrs).toEqual(["10.42.0.0/16", "2001:db8:42::/56"]);
  });

  it("leaves the pod networks out, and the sessions IPv4 only, unless the cluster advertises them", () => {
    const dualStack = { ...k3s, podCidr: "10.42.0.0/16", podCidrIpv6: "2001:db8:42::/56" } as TopologyCluster;

    const bgp = planBgp({ env: lab({ routers }), vms: [router, nodeVm("k3s-1", "10.0.0.11"), nodeVm("k3s-2", "10.0.0.12")], networks: [lan("static")], clusters: [{ cluster: dualStack, path: "cluster", bgp: { mode: "cilium", asn: 65001, router: "edge", advertisePodCidrs: false } }] }, new IssueLog());

    expect(bgp.routers[0].accepted).toEqual([{ cluster: "k3s", prefixes: ["10.0.0.40/29"] }]);
    expect(bgp.routers[0].nodePeers[0].afiSafis).toEqual(["ipv4-unicast"]);
    expect(bgp.clusters[0]).not.toHaveProperty("podCidrs");
  });

  it("gives the dynamic-neighbor peer group the IPv6 family too when NetBox picks the node addresses", () => {
    const dualStack = { ...k3s, podCidr: "10.42.0.0/16", podCidrIpv6: "2001:db8:42::/56" } as TopologyCluster;

    const bgp = planBgp({ env: lab({ routers }), vms: [router, nodeVm("k3s-1"), nodeVm("k3s-2")], networks: [lan("netbox")], clusters: [{ cluster: dualStack, path: "cluster", bgp: { mode: "cilium", asn: 65001, router: "edge", advertisePodCidrs: true } }] }, new IssueLog());

    expect(bgp.routers[0].dynamicPeers).toEqual([{ cluster: "k3s", prefix: "10.0.0.0/24", asn: 65001, afiSafis: ["ipv4-unicast", "ipv6-unicast"] }]);
  });

  it("refuses to advertise pod networks with MetalLB, which announces Services only", () => {
    const issues = new IssueLog();

    planBgp({ env: lab({ routers }), vms: [router, nodeVm("k3s-1", "10.0.0.11")], networks: [lan("static")], clusters: [{ cluster: k3s, path: "cluster", bgp: { mode: "metallb", asn: 65001, router: "edge", advertisePodCidrs: true } }] }, issues);

    expect(issues.errors).toEqual([
      { path: "cluster.bgp.advertisePodCidrs", value: true, message: 'needs mode "cilium": MetalLB announces Service addresses only, not the pod networks; use Cilium\'s BGP control plane (mode: cilium) or remove advertisePodCidrs' },
    ]);
  });

  it("takes a node's slice of a pod network at Kubernetes' default node CIDR sizes", () => {
    expect([nodeSliceLength("10.42.0.0/16"), nodeSliceLength("10.42.0.0/25"), nodeSliceLength("2001:db8:42::/56"), nodeSliceLength("2001:db8:42::/80")]).toEqual([24, 25, 64, 80]);
  });

  it("announces an LB pool as the CIDR blocks that cover it exactly", () => {
    expect(rangeToCidrs("10.0.0.40", "10.0.0.49")).toEqual(["10.0.0.40/29", "10.0.0.48/31"]);
  });
});
