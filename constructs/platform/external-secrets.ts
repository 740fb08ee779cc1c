import { Construct } from "constructs";
import type { Release } from "@cdktf/provider-helm/lib/release";
import type { TopologyExternalSecrets } from "../../lib/topology/types";
import { CHARTS } from "./charts";
import { chartRelease, Dependency, KubernetesObject, MANAGED_BY, objectsRelease, platformNamespace } from "./release";

export interface ExternalSecretsProps {
  /** Resolved secret backend (Topology.platform.externalSecrets). */
  readonly externalSecrets: TopologyExternalSecrets;
  /** What must exist first (the CNI). @default nothing */
  readonly dependsOn?: readonly Dependency[];
  /**
   * The cert-manager release (its CRDs): the bitwarden backend's SDK server serves HTTPS with a
   * certificate cert-manager issues. Required for backend "bitwarden". @default none
   */
  readonly certManager?: Dependency;
}

export const EXTERNAL_SECRETS_NAMESPACE = "external-secrets";

/**
 * The Bitwarden SDK server as the ESO chart deploys it: its full name is fixed to bitwarden-sdk-server
 * (so the URL is known), it listens on 9998 and mounts its certificate from the Secret
 * bitwarden-tls-certs (keys tls.crt, tls.key, ca.crt), per bitwarden-sdk-server's chart values.
 */
export const BITWARDEN_SDK_SERVER = {
  name: "bitwarden-sdk-server",
  port: 9998,
  tlsSecret: "bitwarden-tls-certs",
} as const;

const SDK_SERVER_HOST = `${BITWARDEN_SDK_SERVER.name}.${EXTERNAL_SECRETS_NAMESPACE}.svc.cluster.local`;

/**
 * The SDK server's certificate: a namespace-local CA (a self-signed Issuer signs it, a CA Issuer
 * issues from it) and the server certificate for its Service name. A public ACME issuer cannot
 * issue for a cluster-internal name, and the store trusts this CA through the Secret's ca.crt.
 */
export function bitwardenCertificateObjects(): KubernetesObject[] {
  const metadata = (name: string) => ({ name, namespace: EXTERNAL_SECRETS_NAMESPACE, labels: { ...MANAGED_BY } });
  const issuerRef = (name: string) => ({ name, kind: "Issuer", group: "cert-manager.io" });
  return [
    { apiVersion: "cert-manager.io/v1", kind: "Issuer", metadata: metadata("bitwarden-sdk-selfsigned"), spec: { selfSigned: {} } },
    {
      apiVersion: "cert-manager.io/v1",
      kind: "Certificate",
      metadata: metadata("bitwarden-sdk-ca"),
      spec: {
        isCA: true,
        commonName: "bitwarden-sdk-server CA",
        secretName: "bitwarden-sdk-ca",
        duration: "87600h",
        privateKey: { algorithm: "ECDSA", size: 256 },
        issuerRef: issuerRef("bitwarden-sdk-selfsigned"),
      },
    },
    { apiVersion: "cert-manager.io/v1", kind: "Issuer", metadata: metadata("bitwarden-sdk-ca"), spec: { ca: { secretName: "bitwarden-sdk-ca" } } },
    {
      apiVersion: "cert-manager.io/v1",
      kind: "Certificate",
      metadata: metadata(BITWARDEN_SDK_SERVER.tlsSecret),
      spec: {
        secretName: BITWARDEN_SDK_SERVER.tlsSecret,
        dnsNames: [SDK_SERVER_HOST, `${BITWARDEN_SDK_SERVER.name}.${EXTERNAL_SECRETS_NAMESPACE}.svc`, "localhost"],
        privateKey: { algorithm: "RSA", encoding: "PKCS8", size: 2048 },
        issuerRef: issuerRef("bitwarden-sdk-ca"),
      },
    },
  ];
}

/**
 * The ClusterSecretStore, named after its backend: Vault or OpenBao (same API) with a token, or
 * Bitwarden Secrets Manager (one organization and project) through the in-cluster SDK server,
 * trusted by the CA in its certificate Secret. Credentials are Secrets made out of band.
 */
export function clusterSecretStore(store: TopologyExternalSecrets): KubernetesObject {
  const credentials = { name: store.tokenSecretName, key: "token", namespace: EXTERNAL_SECRETS_NAMESPACE };
  const provider =
    store.backend === "bitwarden"
      ? {
          bitwardensecretsmanager: {
            apiURL: store.apiUrl,
            identityURL: store.identityUrl,
            bitwardenServerSDKURL: `https://${SDK_SERVER_HOST}:${BITWARDEN_SDK_SERVER.port}`,
            caProvider: { type: "Secret", name: BITWARDEN_SDK_SERVER.tlsSecret, namespace: EXTERNAL_SECRETS_NAMESPACE, key: "ca.crt" },
            organizationID: store.organizationId,
            projectID: store.projectId,
            auth: { secretRef: { credentials } },
          },
        }
      : { vault: { server: store.server, path: store.path, version: "v2", auth: { tokenSecretRef: credentials } } };
  return {
    apiVersion: "external-secrets.io/v1",
    kind: "ClusterSecretStore",
    metadata: { name: store.backend, labels: { ...MANAGED_BY } },
    spec: { provider },
  };
}

/**
 * External Secrets Operator, then the ClusterSecretStore once its CRDs and webhook are up. With the
 * bitwarden backend the chart also runs the Bitwarden SDK server, after its certificate exists.
 */
export class ExternalSecrets extends Construct {
  readonly release: Release;
  readonly store: Release;
  /** The SDK server's CA and certificate (bitwarden backend only). */
  readonly certificates?: Release;

  constructor(scope: Construct, id: string, props: ExternalSecretsProps) {
    super(scope, id);
    const { externalSecrets } = props;
    const namespace = platformNamespace(this, EXTERNAL_SECRETS_NAMESPACE);
    const bitwarden = externalSecrets.backend === "bitwarden";
    if (bitwarden) {
      if (!props.certManager) throw new Error("ExternalSecrets: the bitwarden backend needs props.certManager (the cert-manager release) for the SDK server's certificate");
      this.certificates = objectsRelease(this, "SdkServerCertificates", {
        name: "bitwarden-sdk-server-tls",
        namespace: EXTERNAL_SECRETS_NAMESPACE,
        objects: bitwardenCertificateObjects(),
        dependsOn: [props.certManager, namespace],
      });
    }
    this.release = chartRelease(this, "Resource", {
      chart: CHARTS.externalSecrets,
      name: "external-secrets",
      namespace: EXTERNAL_SECRETS_NAMESPACE,
      values: { installCRDs: true, ...(bitwarden ? { "bitwarden-sdk-server": { enabled: true } } : {}) },
      dependsOn: [namespace, ...(props.dependsOn ?? []), ...(this.certificates ? [this.certificates] : [])],
    });
    this.store = objectsRelease(this, "Store", {
      name: "external-secrets-store",
      namespace: EXTERNAL_SECRETS_NAMESPACE,
      objects: [clusterSecretStore(externalSecrets)],
      dependsOn: [this.release],
    });
  }
}
