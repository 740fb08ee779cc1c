import { Construct } from "constructs";
import type { Release } from "@cdktf/provider-helm/lib/release";
import type { TopologyIssuer } from "../../lib/topology/types";
import { CHARTS } from "./charts";
import { chartRelease, Dependency, KubernetesObject, MANAGED_BY, objectsRelease, platformNamespace } from "./release";

export interface CertManagerProps {
  /** The ClusterIssuer to create (Topology.platform.certManager.issuer). */
  readonly issuer: TopologyIssuer;
  /** Environment name, for the CA's common name. */
  readonly environment: string;
  /** Controller replicas. */
  readonly replicas: number;
  /** What must exist first (the CNI). @default nothing */
  readonly dependsOn?: readonly Dependency[];
}

export const CERT_MANAGER_NAMESPACE = "cert-manager";

/**
 * The issuer objects: a self-signed root, the lab CA certificate it signs and a CA ClusterIssuer;
 * or an ACME ClusterIssuer solving DNS-01 with a token from a Secret created out of band.
 */
export function issuerObjects(issuer: TopologyIssuer, environment: string): KubernetesObject[] {
  const labels = { ...MANAGED_BY };
  if (issuer.kind === "acme") {
    return [
      {
        apiVersion: "cert-manager.io/v1",
        kind: "ClusterIssuer",
        metadata: { name: issuer.name, labels },
        spec: {
          acme: {
            email: issuer.email,
            server: issuer.server,
            privateKeySecretRef: { name: `${issuer.name}-account-key` },
            solvers: [{ dns01: { cloudflare: { apiTokenSecretRef: { name: issuer.tokenSecretName, key: issuer.tokenSecretKey } } } }],
          },
        },
      },
    ];
  }
  return [
    { apiVersion: "cert-manager.io/v1", kind: "ClusterIssuer", metadata: { name: "selfsigned", labels }, spec: { selfSigned: {} } },
    {
      apiVersion: "cert-manager.io/v1",
      kind: "Certificate",
      metadata: { name: issuer.name, namespace: CERT_MANAGER_NAMESPACE, labels },
      spec: {
        isCA: true,
        commonName: `${environment} homelab CA`,
        secretName: issuer.name,
        duration: "87600h",
        privateKey: { algorithm: "ECDSA", size: 256 },
        issuerRef: { name: "selfsigned", kind: "ClusterIssuer", group: "cert-manager.io" },
      },
    },
    { apiVersion: "cert-manager.io/v1", kind: "ClusterIssuer", metadata: { name: issuer.name, labels }, spec: { ca: { secretName: issuer.name } } },
  ];
}

/** cert-manager with its CRDs, then the ClusterIssuer as a second release once the webhook is up. */
export class CertManager extends Construct {
  readonly release: Release;
  /** The ClusterIssuer: certificates can be requested once this is applied. */
  readonly issuers: Release;

  constructor(scope: Construct, id: string, props: CertManagerProps) {
    super(scope, id);
    const namespace = platformNamespace(this, CERT_MANAGER_NAMESPACE);
    this.release = chartRelease(this, "Resource", {
      chart: CHARTS.certManager,
      name: "cert-manager",
      namespace: CERT_MANAGER_NAMESPACE,
      values: {
        crds: { enabled: true, keep: true },
        replicaCount: props.replicas,
        // DNS-01 self-checks against public resolvers, not the lab's split-horizon DNS.
        ...(props.issuer.kind === "acme" ? { extraArgs: ["--dns01-recursive-nameservers-only", "--dns01-recursive-nameservers=1.1.1.1:53,9.9.9.9:53"] } : {}),
      },
      dependsOn: [namespace, ...(props.dependsOn ?? [])],
    });
    this.issuers = objectsRelease(this, "Issuers", {
      name: "cert-manager-issuers",
      namespace: CERT_MANAGER_NAMESPACE,
      objects: issuerObjects(props.issuer, props.environment),
      dependsOn: [this.release],
    });
  }
}
