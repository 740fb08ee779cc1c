import { Construct } from "constructs";
import type { Release } from "@cdktf/provider-helm/lib/release";
import type { TopologyPlatform } from "../../lib/topology/types";
import { CHARTS } from "./charts";
import { chartRelease, Dependency, platformNamespace } from "./release";

export interface ExternalDnsProps {
  /** Resolved external-dns (Topology.platform.externalDns). */
  readonly externalDns: NonNullable<TopologyPlatform["externalDns"]>;
  /** What must exist first (the CNI). @default nothing */
  readonly dependsOn?: readonly Dependency[];
}

export const EXTERNAL_DNS_NAMESPACE = "external-dns";

/** The chart's values (external-dns 1.19.0 values.yaml): Cloudflare, token from a Secret, zones from the model. */
export function externalDnsValues(externalDns: NonNullable<TopologyPlatform["externalDns"]>): Record<string, unknown> {
  return {
    provider: { name: "cloudflare" },
    env: [{ name: "CF_API_TOKEN", valueFrom: { secretKeyRef: { name: externalDns.apiTokenSecret.name, key: externalDns.apiTokenSecret.key } } }],
    sources: ["service", "ingress"],
    domainFilters: [...externalDns.domainFilters],
    policy: "sync",
    registry: "txt",
    txtOwnerId: externalDns.txtOwnerId,
    ...(externalDns.proxied ? { extraArgs: ["--cloudflare-proxied"] } : {}),
  };
}

/**
 * external-dns publishing Ingress and LoadBalancer host names to Cloudflare. The API token lives in
 * the Secret the environment names (created out of band); the chart only references it.
 */
export class ExternalDns extends Construct {
  readonly release: Release;

  constructor(scope: Construct, id: string, props: ExternalDnsProps) {
    super(scope, id);
    const namespace = platformNamespace(this, EXTERNAL_DNS_NAMESPACE);
    this.release = chartRelease(this, "Resource", {
      chart: CHARTS.externalDns,
      name: "external-dns",
      namespace: EXTERNAL_DNS_NAMESPACE,
      values: externalDnsValues(props.externalDns),
      dependsOn: [namespace, ...(props.dependsOn ?? [])],
    });
  }
}
