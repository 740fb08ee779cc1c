import { Release } from "@cdktf/provider-helm/lib/release";
import { ExternalSecrets } from "../../constructs/platform/external-secrets";
import { Rancher } from "../../constructs/platform/rancher";
import { Velero } from "../../constructs/platform/velero";
import { objectsOf, platformOf, synth, valuesOf } from "./helpers";

const production = platformOf("production");

describe("Velero", () => {
  it("installs the pinned chart into an explicit velero namespace", () => {
    const { json } = synth((scope) => new Velero(scope, "Velero", { velero: production.velero! }));
    expect(json).toHaveResourceWithProperties(Release, { name: "velero", chart: "velero", repository: "https://vmware-tanzu.github.io/helm-charts", version: "11.1.1", namespace: "velero" });
  });

  it("backs up to the environment's S3 target with credentials from the named Secret", () => {
    const { doc } = synth((scope) => new Velero(scope, "Velero", { velero: production.velero! }));
    const values = valuesOf(doc, "velero");
    expect(values.credentials).toEqual({ useSecret: true, existingSecret: "velero-s3-credentials" });
    expect(values.configuration.backupStorageLocation[0]).toMatchObject({ bucket: "velero-production", config: { s3Url: "https://minio.lab.example:9000", s3ForcePathStyle: true } });
  });
});

describe("ExternalSecrets", () => {
  it("installs the pinned chart and a ClusterSecretStore for the environment's Vault", () => {
    const { json, doc } = synth((scope) => new ExternalSecrets(scope, "ExternalSecrets", { externalSecrets: production.externalSecrets! }));
    expect(json).toHaveResourceWithProperties(Release, { name: "external-secrets", chart: "external-secrets", version: "1.1.1", namespace: "external-secrets" });
    const [store] = objectsOf(doc, "external-secrets-store");
    expect(store.spec.provider.vault).toMatchObject({ server: "https://vault.lab.example:8200", auth: { tokenSecretRef: { name: "vault-token", key: "token" } } });
  });
});

describe("Rancher", () => {
  it("installs the pinned chart on the Topology's host name with the bootstrap password set sensitively", () => {
    const { json, doc } = synth((scope) => new Rancher(scope, "Rancher", { rancher: production.rancher!, ingressClassName: "traefik", bootstrapPassword: "${var.rancher_bootstrap_password}", dependsOn: [] }));
    expect(json).toHaveResourceWithProperties(Release, {
      name: "rancher",
      chart: "rancher",
      repository: "https://releases.rancher.com/server-charts/stable",
      version: "2.12.3",
      namespace: "cattle-system",
      set_sensitive: [{ name: "bootstrapPassword", value: "${var.rancher_bootstrap_password}" }],
    });
    expect(valuesOf(doc, "rancher")).toMatchObject({ hostname: "rancher.production.lab.example", replicas: 3 });
    expect(JSON.stringify(valuesOf(doc, "rancher"))).not.toContain("bootstrapPassword");
  });
});
