import { Release } from "@cdktf/provider-helm/lib/release";
import { IngressNginx } from "../../constructs/platform/ingress-nginx";
import { Traefik } from "../../constructs/platform/traefik";
import { platformOf, synth, valuesOf } from "./helpers";

const ingress = platformOf("orion").ingress!;

describe("Traefik", () => {
  it("installs the pinned chart into an explicit traefik namespace", () => {
    const { json } = synth((scope) => new Traefik(scope, "Traefik", { ingress }));
    expect(json).toHaveResourceWithProperties(Release, { name: "traefik", chart: "traefik", repository: "https://traefik.github.io/charts", version: "37.1.1", namespace: "traefik" });
  });

  it("serves on the LoadBalancer address the Topology reserves for the ingress", () => {
    const { doc } = synth((scope) => new Traefik(scope, "Traefik", { ingress }));
    expect(valuesOf(doc, "traefik").service).toEqual({ type: "LoadBalancer", spec: { loadBalancerIP: "192.168.100.49" } });
  });

  it("runs as many replicas as the cluster can spread, with a disruption budget", () => {
    const { doc } = synth((scope) => new Traefik(scope, "Traefik", { ingress }));
    expect(valuesOf(doc, "traefik")).toMatchObject({ deployment: { replicas: 2 }, podDisruptionBudget: { enabled: true } });
  });
});

describe("IngressNginx", () => {
  it("installs the pinned chart with the reserved LoadBalancer address", () => {
    const { json, doc } = synth((scope) => new IngressNginx(scope, "IngressNginx", { ingress: { ...ingress, controller: "ingress-nginx", className: "nginx" } }));
    expect(json).toHaveResourceWithProperties(Release, { name: "ingress-nginx", chart: "ingress-nginx", version: "4.14.1", namespace: "ingress-nginx" });
    expect(valuesOf(doc, "ingress-nginx").controller.service.loadBalancerIP).toBe("192.168.100.49");
  });
});
