import { Release } from "@cdktf/provider-helm/lib/release";
import { NamespaceV1 } from "@cdktf/provider-kubernetes/lib/namespace-v1";
import { MetalLb } from "../../constructs/platform/metallb";
import type { TopologyLoadBalancer } from "../../lib/topology/types";
import { addressOf, objectsOf, platformOf, synth, valuesOf } from "./helpers";

const l2 = platformOf("dev").loadBalancer!;
const bgp: TopologyLoadBalancer = { ...l2, mode: "bgp", peers: [{ name: "router", address: "10.20.10.2", asn: 65000 }] };

describe("MetalLb", () => {
  it("installs the pinned chart into an explicit metallb-system namespace", () => {
    const { json } = synth((scope) => new MetalLb(scope, "MetalLb", { loadBalancer: l2 }));
    expect(json).toHaveResourceWithProperties(Release, { name: "metallb", chart: "metallb", repository: "https://metallb.github.io/metallb", version: "0.15.3", namespace: "metallb-system" });
    expect(json).toHaveResourceWithProperties(NamespaceV1, { metadata: { name: "metallb-system", labels: expect.objectContaining({ "pod-security.kubernetes.io/enforce": "privileged" }) } });
  });

  it("fills the IPAddressPool from the Topology's LoadBalancer pool", () => {
    const { doc } = synth((scope) => new MetalLb(scope, "MetalLb", { loadBalancer: l2 }));
    const pool = objectsOf(doc, "metallb-config").find((object) => object.kind === "IPAddressPool");
    expect(pool.spec.addresses).toEqual(["10.20.10.40-10.20.10.49"]);
  });

  it("advertises the pool over L2 in l2 mode", () => {
    const { doc } = synth((scope) => new MetalLb(scope, "MetalLb", { loadBalancer: l2 }));
    expect(objectsOf(doc, "metallb-config").map((object) => object.kind)).toEqual(["IPAddressPool", "L2Advertisement"]);
  });

  it("peers with each router and advertises the pool over BGP in bgp mode", () => {
    const { doc } = synth((scope) => new MetalLb(scope, "MetalLb", { loadBalancer: bgp }));
    const objects = objectsOf(doc, "metallb-config");
    expect(objects.map((object) => object.kind)).toEqual(["IPAddressPool", "BGPPeer", "BGPAdvertisement"]);
    expect(objects[1].spec).toEqual({ myASN: 64512, peerASN: 65000, peerAddress: "10.20.10.2" });
  });

  it("applies the pool only after the chart that brings its CRDs", () => {
    const { doc } = synth((scope) => new MetalLb(scope, "MetalLb", { loadBalancer: l2 }));
    expect(Object.values(doc.resource.helm_release).find((r: any) => r.name === "metallb-config")!.depends_on).toEqual([addressOf(doc, "metallb")]);
  });

  it("ships no ServiceMonitor without monitoring (the CRD would be missing)", () => {
    const { doc } = synth((scope) => new MetalLb(scope, "MetalLb", { loadBalancer: bgp }));
    expect(valuesOf(doc, "metallb")).toEqual({ speaker: { frr: { enabled: true } } });
  });

  it("ships the chart's ServiceMonitors with monitoring, after the release that brings their CRD", () => {
    const { doc } = synth((scope) => {
      const prometheus = new NamespaceV1(scope, "StandIn", { metadata: { name: "stand-in" } });
      new MetalLb(scope, "MetalLb", { loadBalancer: bgp, prometheus });
    });
    // metallb 0.15.3: the speaker ServiceMonitor also scrapes the FRR metrics port (metallb_bgp_session_up).
    expect(valuesOf(doc, "metallb")).toEqual({ speaker: { frr: { enabled: true } }, prometheus: { serviceMonitor: { enabled: true }, rbacPrometheus: false } });
    expect(Object.values(doc.resource.helm_release).find((r: any) => r.name === "metallb")!.depends_on).toContain("kubernetes_namespace_v1.StandIn");
  });

  it("delivers the pool through the in-repo platform-objects chart", () => {
    const { doc } = synth((scope) => new MetalLb(scope, "MetalLb", { loadBalancer: l2 }));
    expect(Object.values(doc.resource.helm_release).find((r: any) => r.name === "metallb-config")!.chart).toMatch(/^assets\/PlatformObjectsChart\//);
  });
});
