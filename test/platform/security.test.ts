import { App, Testing } from "cdktf";
import { Release } from "@cdktf/provider-helm/lib/release";
import { Authentik } from "../../constructs/platform/authentik";
import { Crowdsec } from "../../constructs/platform/crowdsec";
import { ExternalSecrets } from "../../constructs/platform/external-secrets";
import { PlatformStack } from "../../constructs/platform-stack";
import { planTiny } from "../support/tiny-environment";
import { addressOf, objectsOf, release, StackJson, synth, valuesOf } from "./helpers";

/*
 * The gitops-lab seed's security components: Authentik, CrowdSec and External Secrets on Bitwarden
 * Secrets Manager. Each is off by default, planned from the tiny environment, and takes its secrets
 * from Secrets made out of band.
 */

const TRAEFIK = { traefik: { enabled: true } };
const CERT_MANAGER = { certManager: { enabled: true } };
const BITWARDEN = { enabled: true, backend: "bitwarden", organizationId: "7c0d21ec-10d9-4972-bdf8-ec52df99cc86", projectId: "9c713cd6-728c-437a-a783-252b0773a0bb" };

/** The whole platform stack of the tiny environment with `platform`, synthesized. */
function platformStack(platform: Record<string, unknown>): StackJson {
  const topology = planTiny({ platform });
  return JSON.parse(Testing.synth(new PlatformStack(Testing.app() as App, "tiny-platform", { topology }))) as StackJson;
}

describe("the security components", () => {
  it("are off by default and the platform stack then has none of their releases", () => {
    const platform = planTiny().platform;
    expect([platform.authentik, platform.crowdsec, platform.externalSecrets]).toEqual([undefined, undefined, undefined]);
    const names = Object.values(platformStack({}).resource.helm_release ?? {}).map((each) => each.name);
    expect(names.filter((name) => /authentik|crowdsec|external-secrets|bitwarden/.test(name))).toEqual([]);
  });
});

describe("Authentik", () => {
  const withCnpg = { ...TRAEFIK, ...CERT_MANAGER, cnpg: { enabled: true, backup: { enabled: false } }, authentik: { enabled: true } };

  it("installs the pinned chart, served on its host name through the ingress class with a certificate from the ClusterIssuer", () => {
    const authentik = planTiny({ platform: withCnpg }).platform.authentik!;
    const { json, doc } = synth((scope) => new Authentik(scope, "Authentik", { authentik, dependsOn: [] }));
    expect(json).toHaveResourceWithProperties(Release, { name: "authentik", chart: "authentik", repository: "https://charts.goauthentik.io", version: "2026.8.0", namespace: "authentik" });
    expect(valuesOf(doc, "authentik").server.ingress).toEqual({
      enabled: true,
      ingressClassName: "traefik",
      hosts: ["auth.tiny.lab"],
      annotations: { "cert-manager.io/cluster-issuer": "homelab-ca" },
      tls: [{ secretName: "authentik-tls", hosts: ["auth.tiny.lab"] }],
    });
  });

  it("reads its secret key and database password from the out-of-band Secret, never from values", () => {
    const authentik = planTiny({ platform: withCnpg }).platform.authentik!;
    const { doc } = synth((scope) => new Authentik(scope, "Authentik", { authentik, dependsOn: [] }));
    const values = valuesOf(doc, "authentik");
    expect(values.global.env).toEqual([
      { name: "AUTHENTIK_SECRET_KEY", valueFrom: { secretKeyRef: { name: "authentik-credentials", key: "secret-key" } } },
      { name: "AUTHENTIK_POSTGRESQL__PASSWORD", valueFrom: { secretKeyRef: { name: "authentik-credentials", key: "postgresql-password" } } },
    ]);
    expect(values.authentik.secret_key).toBeUndefined();
    expect(values.authentik.postgresql.password).toBeUndefined();
  });

  it("keeps its data in the platform's CNPG Cluster: a managed role, a Database, and the release after that Cluster", () => {
    const doc = platformStack(withCnpg);
    expect(valuesOf(doc, "authentik").authentik.postgresql).toEqual({ host: "postgres-rw.databases.svc", name: "authentik", user: "authentik", port: 5432 });
    expect(valuesOf(doc, "authentik").postgresql).toEqual({ enabled: false });
    const [cluster, database] = objectsOf(doc, "cnpg-postgres");
    expect(cluster.spec.managed.roles).toEqual([{ name: "authentik", ensure: "present", login: true, passwordSecret: { name: "authentik-postgres" } }]);
    expect(database).toMatchObject({ apiVersion: "postgresql.cnpg.io/v1", kind: "Database", spec: { name: "authentik", owner: "authentik", cluster: { name: "postgres" } } });
    expect(release(doc, "authentik").depends_on).toEqual(expect.arrayContaining([addressOf(doc, "cnpg-postgres"), addressOf(doc, "traefik"), addressOf(doc, "cert-manager-issuers")]));
  });

  it("runs the chart's bundled PostgreSQL on the default class when the platform has no CNPG", () => {
    const authentik = planTiny({ platform: { ...TRAEFIK, authentik: { enabled: true } } }).platform.authentik!;
    const { doc } = synth((scope) => new Authentik(scope, "Authentik", { authentik, dependsOn: [] }));
    const values = valuesOf(doc, "authentik");
    expect(values.postgresql).toMatchObject({
      enabled: true,
      auth: { existingSecret: "authentik-credentials", secretKeys: { userPasswordKey: "postgresql-password", adminPasswordKey: "postgres-password" } },
      primary: { persistence: { storageClass: "local-path" } },
    });
    expect(values.authentik.postgresql).toBeUndefined();
    expect(values.server.ingress.tls).toBeUndefined();
  });

  it("refuses to run without an ingress, and a CNPG database without CNPG, naming the paths and the fix", () => {
    expect(() => planTiny({ platform: { authentik: { enabled: true, database: "cnpg" } } })).toThrow(
      /platform\.authentik\.enabled = true: Authentik is served through an ingress[\s\S]*platform\.authentik\.database = "cnpg": .*set platform\.cnpg\.enabled: true or database: "bundled"/,
    );
  });
});

describe("Crowdsec", () => {
  it("installs the pinned chart with agents reading Traefik's pod logs through the Traefik collection", () => {
    const crowdsec = planTiny({ platform: { ...TRAEFIK, crowdsec: { enabled: true } } }).platform.crowdsec!;
    const { json, doc } = synth((scope) => new Crowdsec(scope, "Crowdsec", { crowdsec, dependsOn: [] }));
    expect(json).toHaveResourceWithProperties(Release, { name: "crowdsec", chart: "crowdsec", repository: "https://crowdsecurity.github.io/helm-charts", version: "0.24.0", namespace: "crowdsec" });
    const values = valuesOf(doc, "crowdsec");
    expect(values.container_runtime).toBe("containerd");
    expect(values.agent).toEqual({ acquisition: [{ namespace: "traefik", podName: "traefik-*", program: "traefik" }], env: [{ name: "COLLECTIONS", value: "crowdsecurity/traefik" }] });
    expect(values.lapi.env).toBeUndefined();
  });

  it("reads ingress-nginx's controller logs with the nginx collection when that is the ingress", () => {
    const crowdsec = planTiny({ platform: { ingressNginx: { enabled: true }, crowdsec: { enabled: true } } }).platform.crowdsec!;
    expect(crowdsec.acquisition).toEqual({ namespace: "ingress-nginx", podName: "ingress-nginx-controller-*", program: "nginx" });
    expect(crowdsec.collections).toEqual(["crowdsecurity/nginx"]);
  });

  it("enrolls with the key from the named Secret under the environment's name", () => {
    const crowdsec = planTiny({ platform: { ...TRAEFIK, crowdsec: { enabled: true, enrollKeySecret: { name: "cs-enroll" } } } }).platform.crowdsec!;
    const { doc } = synth((scope) => new Crowdsec(scope, "Crowdsec", { crowdsec, dependsOn: [] }));
    expect(valuesOf(doc, "crowdsec").lapi.env).toEqual([
      { name: "ENROLL_KEY", valueFrom: { secretKeyRef: { name: "cs-enroll", key: "enroll-key" } } },
      { name: "ENROLL_INSTANCE_NAME", value: "tiny" },
    ]);
  });

  it("installs after the ingress controller whose logs it reads", () => {
    const doc = platformStack({ ...TRAEFIK, crowdsec: { enabled: true } });
    expect(release(doc, "crowdsec").depends_on).toContain(addressOf(doc, "traefik"));
  });

  it("refuses to run without an ingress controller to read", () => {
    expect(() => planTiny({ platform: { crowdsec: { enabled: true } } })).toThrow(/platform\.crowdsec\.enabled = true: CrowdSec's agents read the ingress controller's access logs; enable platform\.traefik/);
  });
});

describe("CrowdSec's Traefik bouncer", () => {
  const BOUNCER = { ...TRAEFIK, crowdsec: { enabled: true, bouncer: { enabled: true } } };
  const doc = platformStack(BOUNCER);

  it("is off by default: no plugin, no entrypoint middleware, no Middleware, nothing registered", () => {
    const off = platformStack({ ...TRAEFIK, crowdsec: { enabled: true } });
    expect(planTiny({ platform: { ...TRAEFIK, crowdsec: { enabled: true } } }).platform.crowdsec!.bouncer).toBeUndefined();
    const traefik = valuesOf(off, "traefik");
    expect([traefik.experimental, traefik.ports]).toEqual([undefined, undefined]);
    expect(traefik.service).toEqual({ type: "LoadBalancer", spec: { loadBalancerIP: "10.0.0.49" } });
    expect(Object.keys(traefik)).toEqual(["deployment", "ingressClass", "providers", "service"]);
    expect(valuesOf(off, "crowdsec").lapi.env).toBeUndefined();
    expect(() => release(off, "crowdsec-bouncer")).toThrow(/no helm_release named crowdsec-bouncer/);
  });

  it("registers the bouncer with the local API from the out-of-band Secret", () => {
    expect(valuesOf(doc, "crowdsec").lapi.env).toEqual([{ name: "BOUNCER_KEY_traefik", valueFrom: { secretKeyRef: { name: "crowdsec-bouncer-key", key: "api-key" } } }]);
  });

  it("beside the enrollment key, each from its own Secret", () => {
    const both = platformStack({ ...TRAEFIK, crowdsec: { enabled: true, enrollKeySecret: { name: "cs-enroll" }, bouncer: { enabled: true, keySecret: { name: "cs-bouncer", key: "lapi.key" } } } });
    expect(valuesOf(both, "crowdsec").lapi.env).toEqual([
      { name: "ENROLL_KEY", valueFrom: { secretKeyRef: { name: "cs-enroll", key: "enroll-key" } } },
      { name: "ENROLL_INSTANCE_NAME", value: "tiny" },
      { name: "BOUNCER_KEY_traefik", valueFrom: { secretKeyRef: { name: "cs-bouncer", key: "lapi.key" } } },
    ]);
    expect(objectsOf(both, "crowdsec-bouncer")[0].spec.plugin["crowdsec-bouncer"].crowdsecLapiKey).toBe("urn:k8s:secret:cs-bouncer:lapi.key");
  });

  it("loads the pinned plugin in Traefik, runs it on both HTTP entrypoints and keeps clients' source addresses", () => {
    const traefik = valuesOf(doc, "traefik");
    expect(traefik.experimental).toEqual({
      abortOnPluginFailure: true,
      plugins: { "crowdsec-bouncer": { moduleName: "github.com/maxlerebourg/crowdsec-bouncer-traefik-plugin", version: "v1.7.1" } },
    });
    expect(traefik.ports).toEqual({ web: { middlewares: ["crowdsec-bouncer@kubernetescrd"] }, websecure: { middlewares: ["crowdsec-bouncer@kubernetescrd"] } });
    expect(traefik.service).toEqual({ type: "LoadBalancer", spec: { loadBalancerIP: planTiny({ platform: BOUNCER }).platform.ingress!.loadBalancerIP, externalTrafficPolicy: "Local" } });
  });

  it("is a Middleware in the crowdsec namespace pointing at the local API's Service, with the key read from the Secret there", () => {
    expect(objectsOf(doc, "crowdsec-bouncer")).toEqual([
      {
        apiVersion: "traefik.io/v1alpha1",
        kind: "Middleware",
        metadata: { name: "bouncer", namespace: "crowdsec", labels: { "app.kubernetes.io/managed-by": "homelab-cdktf" } },
        spec: {
          plugin: {
            "crowdsec-bouncer": {
              enabled: true,
              crowdsecMode: "stream",
              crowdsecLapiScheme: "http",
              crowdsecLapiHost: "crowdsec-service.crowdsec.svc.cluster.local:8080",
              crowdsecLapiKey: "urn:k8s:secret:crowdsec-bouncer-key:api-key",
              updateMaxFailure: 2,
            },
          },
        },
      },
    ]);
    expect(release(doc, "crowdsec-bouncer").namespace).toBe("crowdsec");
  });

  it("applies the Middleware once Traefik's CRDs are in and the local API is up with the bouncer registered", () => {
    expect(release(doc, "crowdsec-bouncer").depends_on).toEqual(expect.arrayContaining([addressOf(doc, "traefik"), addressOf(doc, "crowdsec")]));
  });

  it("never holds the key: only Secret references reach the synthesized JSON", () => {
    const json = JSON.stringify(doc);
    const references = [...json.matchAll(/crowdsec-bouncer-key/g)].length;
    // one secretKeyRef in the local API's env, one URN in the Middleware
    expect(references).toBe(2);
    expect(json).not.toContain("crowdsecLapiKeyFile");
    const env = valuesOf(doc, "crowdsec").lapi.env as any[];
    expect(env.filter((entry) => entry.name.startsWith("BOUNCER_KEY_")).every((entry) => entry.value === undefined && entry.valueFrom.secretKeyRef)).toBe(true);
  });

  it("needs the Traefik release for its Middleware", () => {
    const crowdsec = planTiny({ platform: BOUNCER }).platform.crowdsec!;
    expect(() => synth((scope) => new Crowdsec(scope, "Crowdsec", { crowdsec, dependsOn: [] }))).toThrow(/the bouncer needs props\.traefik/);
  });

  it("refuses ingress-nginx, and a bouncer without CrowdSec, naming the path and the fix", () => {
    expect(() => planTiny({ platform: { ingressNginx: { enabled: true }, crowdsec: { enabled: true, bouncer: { enabled: true } } } })).toThrow(
      /platform\.crowdsec\.bouncer\.enabled = true: the bouncer is a Traefik plugin and the ingress controller is ingress-nginx, whose CrowdSec bouncer .* is not supported yet; set platform\.crowdsec\.bouncer\.enabled: false, or switch to platform\.traefik/,
    );
    expect(() => planTiny({ platform: { ...TRAEFIK, crowdsec: { bouncer: { enabled: true } } } })).toThrow(
      /platform\.crowdsec\.bouncer\.enabled = true: the bouncer enforces the decisions of CrowdSec's local API, but platform\.crowdsec\.enabled is false/,
    );
  });

  it("refuses a Secret key that is not a Secret data key", () => {
    expect(() => planTiny({ platform: { ...TRAEFIK, crowdsec: { enabled: true, bouncer: { enabled: true, keySecret: { key: "api:key" } } } } })).toThrow(
      /platform\.crowdsec\.bouncer\.keySecret\.key = "api:key": is not a Secret data key/,
    );
  });
});

describe("ExternalSecrets on Bitwarden Secrets Manager", () => {
  const doc = platformStack({ ...CERT_MANAGER, externalSecrets: BITWARDEN });

  it("runs the chart's Bitwarden SDK server and a ClusterSecretStore for the organization and project", () => {
    expect(valuesOf(doc, "external-secrets")).toEqual({ installCRDs: true, "bitwarden-sdk-server": { enabled: true } });
    const [store] = objectsOf(doc, "external-secrets-store");
    expect(store).toMatchObject({ kind: "ClusterSecretStore", metadata: { name: "bitwarden" } });
    expect(store.spec.provider.bitwardensecretsmanager).toEqual({
      apiURL: "https://api.bitwarden.com",
      identityURL: "https://identity.bitwarden.com",
      bitwardenServerSDKURL: "https://bitwarden-sdk-server.external-secrets.svc.cluster.local:9998",
      caProvider: { type: "Secret", name: "bitwarden-tls-certs", namespace: "external-secrets", key: "ca.crt" },
      organizationID: "7c0d21ec-10d9-4972-bdf8-ec52df99cc86",
      projectID: "9c713cd6-728c-437a-a783-252b0773a0bb",
      auth: { secretRef: { credentials: { name: "bitwarden-access-token", key: "token", namespace: "external-secrets" } } },
    });
  });

  it("issues the SDK server's certificate from its own CA once cert-manager is up, before the chart that mounts it", () => {
    const objects = objectsOf(doc, "bitwarden-sdk-server-tls");
    expect(objects.map((object) => `${object.kind}/${object.metadata.name}`)).toEqual(["Issuer/bitwarden-sdk-selfsigned", "Certificate/bitwarden-sdk-ca", "Issuer/bitwarden-sdk-ca", "Certificate/bitwarden-tls-certs"]);
    expect(objects[3].spec.dnsNames).toContain("bitwarden-sdk-server.external-secrets.svc.cluster.local");
    expect(release(doc, "bitwarden-sdk-server-tls").depends_on).toContain(addressOf(doc, "cert-manager"));
    expect(release(doc, "external-secrets").depends_on).toContain(addressOf(doc, "bitwarden-sdk-server-tls"));
    expect(release(doc, "external-secrets-store").depends_on).toContain(addressOf(doc, "external-secrets"));
  });

  it("keeps Vault and OpenBao stores as they were, with no SDK server", () => {
    const vault = planTiny({ platform: { externalSecrets: { enabled: true, server: "https://vault.tiny.example:8200" } } }).platform.externalSecrets!;
    const { doc: vaultDoc } = synth((scope) => new ExternalSecrets(scope, "ExternalSecrets", { externalSecrets: vault }));
    expect(valuesOf(vaultDoc, "external-secrets")).toEqual({ installCRDs: true });
    expect(objectsOf(vaultDoc, "external-secrets-store")[0].spec.provider.vault).toEqual({
      server: "https://vault.tiny.example:8200",
      path: "secret",
      version: "v2",
      auth: { tokenSecretRef: { name: "vault-token", key: "token", namespace: "external-secrets" } },
    });
  });

  it("refuses a Bitwarden store without organization and project, with Vault fields, or without cert-manager", () => {
    expect(() => planTiny({ platform: { externalSecrets: { enabled: true, backend: "bitwarden", server: "https://vault.tiny.example:8200" } } })).toThrow(
      /platform\.externalSecrets\.server = "https:\/\/vault\.tiny\.example:8200": is a Vault\/OpenBao setting[\s\S]*platform\.externalSecrets\.organizationId: [\s\S]*platform\.externalSecrets\.projectId: [\s\S]*platform\.externalSecrets\.backend = "bitwarden": .*set platform\.certManager\.enabled: true/,
    );
  });

  it("refuses Bitwarden fields on a Vault store", () => {
    expect(() => planTiny({ platform: { externalSecrets: { enabled: true, server: "https://vault.tiny.example:8200", projectId: BITWARDEN.projectId } } })).toThrow(
      /platform\.externalSecrets\.projectId = "9c713cd6-728c-437a-a783-252b0773a0bb": is a Bitwarden setting; the vault backend does not read it/,
    );
  });

  it("refuses an organization ID that is not a UUID", () => {
    expect(() => planTiny({ platform: { ...CERT_MANAGER, externalSecrets: { ...BITWARDEN, organizationId: "my-org" } } })).toThrow(/platform\.externalSecrets\.organizationId = "my-org": is not a UUID/);
  });
});
