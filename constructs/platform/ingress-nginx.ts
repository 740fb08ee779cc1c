import { Construct } from "constructs";
import type { Release } from "@cdktf/provider-helm/lib/release";
import type { TopologyPlatform } from "../../lib/topology/types";
import { CHARTS } from "./charts";
import { chartRelease, Dependency, platformNamespace } from "./release";

export interface IngressNginxProps {
  /** Resolved ingress (Topology.platform.ingress, controller "ingress-nginx"). */
  readonly ingress: NonNullable<TopologyPlatform["ingress"]>;
  /** What must exist first (CNI, the LB pool: Helm waits for the LoadBalancer address). @default nothing */
  readonly dependsOn?: readonly Dependency[];
}

/** ingress-nginx as the cluster's default ingress class, on a fixed address from the LB pool. */
export class IngressNginx extends Construct {
  readonly release: Release;

  constructor(scope: Construct, id: string, props: IngressNginxProps) {
    super(scope, id);
    const { ingress } = props;
    const namespace = platformNamespace(this, "ingress-nginx");
    this.release = chartRelease(this, "Resource", {
      chart: CHARTS.ingressNginx,
      name: "ingress-nginx",
      namespace: "ingress-nginx",
      values: {
        controller: {
          replicaCount: ingress.replicas,
          ingressClassResource: { name: ingress.className, default: true },
          service: { type: "LoadBalancer", ...(ingress.loadBalancerIP ? { loadBalancerIP: ingress.loadBalancerIP } : {}) },
          ...(ingress.replicas > 1 ? { minAvailable: 1 } : {}),
        },
      },
      dependsOn: [namespace, ...(props.dependsOn ?? [])],
    });
  }
}
