import { Construct } from "constructs";
import type { Release } from "@cdktf/provider-helm/lib/release";
import type { TopologyCrowdsecBouncer, TopologyPlatform } from "../../lib/topology/types";
import { CHARTS, CROWDSEC_BOUNCER_PLUGIN } from "./charts";
import { CROWDSEC_BOUNCER, CROWDSEC_BOUNCER_MIDDLEWARE_REF } from "./crowdsec";
import { chartRelease, Dependency, platformNamespace } from "./release";

export interface TraefikProps {
  /** Resolved ingress (Topology.platform.ingress, controller "traefik"). */
  readonly ingress: NonNullable<TopologyPlatform["ingress"]>;
  /** CrowdSec's bouncer, run on every entrypoint (Topology.platform.crowdsec.bouncer). @default none */
  readonly bouncer?: TopologyCrowdsecBouncer;
  /** What must exist first (CNI, the LB pool: Helm waits for the LoadBalancer address). @default nothing */
  readonly dependsOn?: readonly Dependency[];
}

/** The entrypoints the chart exposes for HTTP(S) routes (values ports.web, ports.websecure). */
const HTTP_ENTRYPOINTS = ["web", "websecure"] as const;

/**
 * The chart's values (traefik 37.1.1 values.yaml). With CrowdSec's bouncer: the plugin is loaded at
 * start (experimental.plugins; abortOnPluginFailure so a pod that could not fetch it never becomes
 * ready, and a rolling update keeps the old pods serving), the bouncer Middleware runs on both HTTP
 * entrypoints (ports.<name>.middlewares) so every route, Ingress and IngressRoute alike, is covered
 * without per-route opt-in, and the Service keeps clients' source addresses
 * (externalTrafficPolicy Local): with Cluster every request would come from a node address and
 * CrowdSec would ban, or let through, the wrong address.
 */
export function traefikValues(ingress: NonNullable<TopologyPlatform["ingress"]>, bouncer?: TopologyCrowdsecBouncer): Record<string, unknown> {
  const serviceSpec = {
    ...(ingress.loadBalancerIP ? { loadBalancerIP: ingress.loadBalancerIP } : {}),
    ...(bouncer ? { externalTrafficPolicy: "Local" } : {}),
  };
  return {
    deployment: { replicas: ingress.replicas },
    ingressClass: { enabled: true, isDefaultClass: true, name: ingress.className },
    providers: { kubernetesIngress: { publishedService: { enabled: true } } },
    service: { type: "LoadBalancer", ...(Object.keys(serviceSpec).length > 0 ? { spec: serviceSpec } : {}) },
    ...(ingress.replicas > 1 ? { podDisruptionBudget: { enabled: true, maxUnavailable: 1 } } : {}),
    ...(bouncer
      ? {
          experimental: {
            abortOnPluginFailure: true,
            plugins: { [CROWDSEC_BOUNCER.pluginName]: { moduleName: CROWDSEC_BOUNCER_PLUGIN.moduleName, version: CROWDSEC_BOUNCER_PLUGIN.version } },
          },
          ports: Object.fromEntries(HTTP_ENTRYPOINTS.map((entrypoint) => [entrypoint, { middlewares: [CROWDSEC_BOUNCER_MIDDLEWARE_REF] }])),
        }
      : {}),
  };
}

/** Traefik as the cluster's default ingress class, on a fixed address from the LB pool. */
export class Traefik extends Construct {
  readonly release: Release;

  constructor(scope: Construct, id: string, props: TraefikProps) {
    super(scope, id);
    const namespace = platformNamespace(this, "traefik");
    this.release = chartRelease(this, "Resource", {
      chart: CHARTS.traefik,
      name: "traefik",
      namespace: "traefik",
      values: traefikValues(props.ingress, props.bouncer),
      dependsOn: [namespace, ...(props.dependsOn ?? [])],
    });
  }
}
