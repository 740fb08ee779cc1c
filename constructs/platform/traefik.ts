import { Construct } from "constructs";
import type { Release } from "@cdktf/provider-helm/lib/release";
import type { TopologyPlatform } from "../../lib/topology/types";
import { CHARTS } from "./charts";
import { chartRelease, Dependency, platformNamespace } from "./release";

export interface TraefikProps {
  /** Resolved ingress (Topology.platform.ingress, controller "traefik"). */
  readonly ingress: NonNullable<TopologyPlatform["ingress"]>;
  /** What must exist first (CNI, the LB pool: Helm waits for the LoadBalancer address). @default nothing */
  readonly dependsOn?: readonly Dependency[];
}

/** Traefik as the cluster's default ingress class, on a fixed address from the LB pool. */
export class Traefik extends Construct {
  readonly release: Release;

  constructor(scope: Construct, id: string, props: TraefikProps) {
    super(scope, id);
    const { ingress } = props;
    const namespace = platformNamespace(this, "traefik");
    this.release = chartRelease(this, "Resource", {
      chart: CHARTS.traefik,
      name: "traefik",
      namespace: "traefik",
      values: {
        deployment: { replicas: ingress.replicas },
        ingressClass: { enabled: true, isDefaultClass: true, name: ingress.className },
        providers: { kubernetesIngress: { publishedService: { enabled: true } } },
        service: { type: "LoadBalancer", ...(ingress.loadBalancerIP ? { spec: { loadBalancerIP: ingress.loadBalancerIP } } : {}) },
        ...(ingress.replicas > 1 ? { podDisruptionBudget: { enabled: true, maxUnavailable: 1 } } : {}),
      },
      dependsOn: [namespace, ...(props.dependsOn ?? [])],
    });
  }
}
