import type { Platform } from "../../config/platform";
import type { TopologyLoadBalancer, TopologyPlatform } from "../types";

/**
 * The ingress controller (Traefik wins over ingress-nginx when both are on; that conflict is
 * reported apart). It takes the LB pool's last address, so first-come services cannot take it.
 */
export function resolveIngress(config: Platform, replicas: number, loadBalancer: TopologyLoadBalancer | undefined): TopologyPlatform["ingress"] {
  const controller: "traefik" | "ingress-nginx" | undefined = config.traefik.enabled ? "traefik" : config.ingressNginx.enabled ? "ingress-nginx" : undefined;
  if (!controller) return undefined;
  return {
    controller,
    className: controller === "traefik" ? "traefik" : "nginx",
    replicas: (controller === "traefik" ? config.traefik.replicas : config.ingressNginx.replicas) ?? replicas,
    ...(loadBalancer ? { loadBalancerIP: loadBalancer.pool.end } : {}),
  };
}
