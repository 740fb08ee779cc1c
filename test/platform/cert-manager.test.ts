import { Release } from "@cdktf/provider-helm/lib/release";
import { CertManager } from "../../constructs/platform/cert-manager";
import { addressOf, objectsOf, platformOf, synth, valuesOf } from "./helpers";

const selfSigned = platformOf("orion").certManager!.issuer;
const acme = platformOf("production").certManager!.issuer;

describe("CertManager", () => {
  it("installs the pinned chart with its CRDs into an explicit namespace", () => {
    const { json, doc } = synth((scope) => new CertManager(scope, "CertManager", { issuer: selfSigned, environment: "orion", replicas: 1 }));
    expect(json).toHaveResourceWithProperties(Release, { name: "cert-manager", chart: "cert-manager", repository: "https://charts.jetstack.io", version: "v1.19.1", namespace: "cert-manager" });
    expect(valuesOf(doc, "cert-manager").crds).toEqual({ enabled: true, keep: true });
  });

  it("creates a self-signed lab CA and a CA ClusterIssuer by default", () => {
    const { doc } = synth((scope) => new CertManager(scope, "CertManager", { issuer: selfSigned, environment: "orion", replicas: 1 }));
    const objects = objectsOf(doc, "cert-manager-issuers");
    expect(objects.map((object) => `${object.kind}/${object.metadata.name}`)).toEqual(["ClusterIssuer/selfsigned", "Certificate/homelab-ca", "ClusterIssuer/homelab-ca"]);
    expect(objects[1].spec).toMatchObject({ isCA: true, commonName: "orion homelab CA" });
  });

  it("reads the ACME DNS-01 token from the named Secret, never a literal", () => {
    const { doc } = synth((scope) => new CertManager(scope, "CertManager", { issuer: acme, environment: "production", replicas: 1 }));
    const [issuer] = objectsOf(doc, "cert-manager-issuers");
    expect(issuer.spec.acme.solvers[0].dns01.cloudflare).toEqual({ apiTokenSecretRef: { name: "cloudflare-api-token", key: "api-token" } });
  });

  it("creates the ClusterIssuer only after cert-manager is installed", () => {
    const { doc } = synth((scope) => new CertManager(scope, "CertManager", { issuer: selfSigned, environment: "orion", replicas: 1 }));
    const issuers = Object.values(doc.resource.helm_release).find((r: any) => r.name === "cert-manager-issuers")!;
    expect(issuers.depends_on).toEqual([addressOf(doc, "cert-manager")]);
  });
});
