import { Release } from "@cdktf/provider-helm/lib/release";
import { Cilium } from "../../constructs/platform/cilium";
import { CiliumLbIpam } from "../../constructs/platform/cilium-lb-ipam";
import type { TopologyLoadBalancer } from "../../lib/topology/types";
import { resolveChanged } from "../support/environments";
import { objectsOf, synth, valuesOf } from "./helpers";

// ORION runs Cilium with the kube-proxy replacement; here with Cilium's own LB-IPAM in L2 mode
// instead of MetalLB over BGP, so the L2 branch is exercised on a shipped cluster.
const production = resolveChanged("orion", (env) => {
  delete env.cluster!.bgp;
  env.platform!.loadBalancer = { provider: "cilium", mode: "l2" };
}).platform;

describe("Cilium", () => {
  it("installs the pinned chart into kube-system", () => {
    const { json } = synth((scope) => new Cilium(scope, "Cilium", { cilium: production.cilium!, replicas: 2 }));
    expect(json).toHaveResourceWithProperties(Release, { name: "cilium", chart: "cilium", repository: "https://helm.cilium.io/", version: "1.18.4", namespace: "kube-system" });
  });

  it("reaches the API through the Topology's VIP when it replaces kube-proxy", () => {
    const { doc } = synth((scope) => new Cilium(scope, "Cilium", { cilium: production.cilium!, replicas: 2 }));
    expect(valuesOf(doc, "cilium")).toMatchObject({ kubeProxyReplacement: true, k8sServiceHost: "192.168.100.10", k8sServicePort: 6443, ipam: { mode: "kubernetes" } });
  });

  it("turns Hubble and L2 announcements on as the Topology says", () => {
    const { doc } = synth((scope) => new Cilium(scope, "Cilium", { cilium: production.cilium!, replicas: 2 }));
    expect(valuesOf(doc, "cilium")).toMatchObject({ hubble: { enabled: true, relay: { enabled: true } }, l2announcements: { enabled: true }, bgpControlPlane: { enabled: false } });
  });
});

describe("CiliumLbIpam", () => {
  it("hands out the Topology's LoadBalancer pool", () => {
    const { doc } = synth((scope) => new CiliumLbIpam(scope, "Lb", { loadBalancer: production.loadBalancer!, cilium: new Cilium(scope, "Cilium", { cilium: production.cilium!, replicas: 1 }).release }));
    const [pool, policy] = objectsOf(doc, "cilium-lb-ipam");
    expect(pool).toMatchObject({ kind: "CiliumLoadBalancerIPPool", spec: { blocks: [{ start: "192.168.100.40", stop: "192.168.100.49" }] } });
    expect(policy).toMatchObject({ kind: "CiliumL2AnnouncementPolicy", spec: { loadBalancerIPs: true } });
    // Cilium 1.18 serves the pool at v2 (v2alpha1 deprecated); the L2 policy exists only as v2alpha1.
    expect([pool.apiVersion, policy.apiVersion]).toEqual(["cilium.io/v2", "cilium.io/v2alpha1"]);
  });

  it("peers with the routers through the BGP control plane in bgp mode", () => {
    const bgp: TopologyLoadBalancer = { ...production.loadBalancer!, mode: "bgp", asn: 64513, peers: [{ name: "router", address: "10.20.30.2", asn: 65000 }] };
    const { doc } = synth((scope) => new CiliumLbIpam(scope, "Lb", { loadBalancer: bgp, cilium: new Cilium(scope, "Cilium", { cilium: production.cilium!, replicas: 1 }).release }));
    const config = objectsOf(doc, "cilium-lb-ipam").find((object) => object.kind === "CiliumBGPClusterConfig");
    expect(config.spec.bgpInstances[0]).toMatchObject({ localASN: 64513, peers: [{ name: "router", peerASN: 65000, peerAddress: "10.20.30.2" }] });
    // BGP CRDs are cilium.io/v2 since Cilium 1.18.0.
    for (const object of objectsOf(doc, "cilium-lb-ipam")) expect(object.apiVersion).toBe("cilium.io/v2");
  });

  const bgpObjects = (podCidrs?: TopologyLoadBalancer["podCidrs"]) => {
    const loadBalancer: TopologyLoadBalancer = { ...production.loadBalancer!, mode: "bgp", asn: 64513, peers: [{ name: "router", address: "10.20.30.2", asn: 65000 }], ...(podCidrs ? { podCidrs } : {}) };
    const { doc } = synth((scope) => new CiliumLbIpam(scope, "Lb", { loadBalancer, cilium: new Cilium(scope, "Cilium", { cilium: production.cilium!, replicas: 1 }).release }));
    return objectsOf(doc, "cilium-lb-ipam");
  };

  it("announces the LoadBalancer addresses only, over IPv4, unless the pod networks are advertised", () => {
    const objects = bgpObjects();
    expect(objects.find((object) => object.kind === "CiliumBGPPeerConfig").spec.families.map((family: any) => family.afi)).toEqual(["ipv4"]);
    expect(objects.filter((object) => object.kind === "CiliumBGPAdvertisement").map((object) => object.spec.advertisements[0].advertisementType)).toEqual(["Service"]);
  });

  it("adds a PodCIDR advertisement the peering's families select when the pod networks are advertised", () => {
    const objects = bgpObjects({ ipv4: "10.42.0.0/16" });
    const podCidr = objects.find((object) => object.metadata.name === "pod-cidrs");
    expect(podCidr).toMatchObject({ apiVersion: "cilium.io/v2", kind: "CiliumBGPAdvertisement", spec: { advertisements: [{ advertisementType: "PodCIDR" }] } });
    // No selector: the CRD's validation refuses one on a PodCIDR advertisement (each node announces its own slice).
    expect(podCidr.spec.advertisements[0]).not.toHaveProperty("selector");
    const families = objects.find((object) => object.kind === "CiliumBGPPeerConfig").spec.families;
    expect(families.map((family: any) => family.afi)).toEqual(["ipv4"]);
    expect(podCidr.metadata.labels).toMatchObject(families[0].advertisements.matchLabels);
  });

  it("adds an IPv6 family to the peering for an IPv6 pod network", () => {
    const families = bgpObjects({ ipv4: "10.42.0.0/16", ipv6: "2001:db8:42::/56" }).find((object) => object.kind === "CiliumBGPPeerConfig").spec.families;
    expect(families.map((family: any) => [family.afi, family.safi])).toEqual([["ipv4", "unicast"], ["ipv6", "unicast"]]);
    expect(families[1].advertisements).toEqual(families[0].advertisements);
  });
});
