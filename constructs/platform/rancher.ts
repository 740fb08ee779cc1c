import { Construct } from "constructs";
import type { Release } from "@cdktf/provider-helm/lib/release";
import type { TopologyPlatform } from "../../lib/topology/types";
import { CHARTS } from "./charts";
import { chartRelease, Dependency, platformNamespace } from "./release";

export interface RancherProps {
  /** Resolved Rancher options (Topology.platform.rancher). */
  readonly rancher: NonNullable<TopologyPlatform["rancher"]>;
  /** Ingress class Rancher's ingress uses. */
  readonly ingressClassName: string;
  /** The bootstrap password: a sensitive variable's value, passed with set_sensitive. */
  readonly bootstrapPassword: string;
  /** What must exist first (cert-manager, the ingress controller). */
  readonly dependsOn: readonly Dependency[];
}

/** Rancher (the MicroK8s plan seed), its certificate issued by cert-manager through Rancher's own CA. */
export class Rancher extends Construct {
  readonly release: Release;

  constructor(scope: Construct, id: string, props: RancherProps) {
    super(scope, id);
    const namespace = platformNamespace(this, "cattle-system");
    this.release = chartRelease(this, "Resource", {
      chart: CHARTS.rancher,
      name: "rancher",
      namespace: "cattle-system",
      values: {
        hostname: props.rancher.hostname,
        replicas: props.rancher.replicas,
        ingress: { ingressClassName: props.ingressClassName, tls: { source: "rancher" } },
      },
      sensitiveValues: [{ name: "bootstrapPassword", value: props.bootstrapPassword }],
      dependsOn: [namespace, ...props.dependsOn],
      timeoutSeconds: 900,
    });
  }
}
