import type { RouterScrapeTarget, TopologyLoadBalancer } from "../../lib/topology/types";
import type { KubernetesObject } from "./release";
import { MANAGED_BY } from "./release";

/*
 * The ORION seed's alert rules. The seed's expressions are kept in intent but written against
 * metrics that exist: node_exporter has no node_cpu_usage, and a restart counter that ever passed 5
 * is not a crash loop, so the rules use rates and increases over a window.
 *
 * BGPSessionDown watches the cluster's side of the sessions, from the metric of whatever speaks BGP
 * for the LB pool, so each cluster's rule names only a metric its Prometheus scrapes:
 *
 * - MetalLB in bgp mode: `metallb_bgp_session_up` (gauge, 1 up / 0 down, label `peer`; listed at
 *   metallb.universe.tf/prometheus-metrics and used by the chart's own MetalLBBGPSessionDown rule).
 *   In FRR mode the speaker's frr-metrics sidecar exports it (`peer` = "<address>:<port>"), and
 *   the chart's ServiceMonitor scrapes that port too (metallb.ts turns the ServiceMonitor on).
 * - MetalLB in l2 mode, no load balancer: no BGP, no rule.
 * - Cilium's BGP control plane: no rule yet. Cilium's agent metrics (and their ServiceMonitor) are
 *   not turned on, and a ServiceMonitor from the Cilium chart would need the Prometheus Operator's
 *   CRDs before the CNI that everything else waits for.
 *
 * The router's side, the seed's `gobgp_peer_state != 6`: when a router sets `metricsPort`, the gobgp
 * role runs gobgp_exporter (github.com/greenpau/gobgp_exporter) and Prometheus scrapes it as job
 * "gobgp"; a second BGPSessionDown fires when `gobgp_peer_up` (1 established, 0 not; label `name`
 * = the peer's address) is 0 for one of the router's upstreams.
 */

export interface AlertRule {
  readonly alert: string;
  readonly expr: string;
  readonly for: string;
  readonly labels: Record<string, string>;
  readonly annotations: Record<string, string>;
}

/** The metric BGPSessionDown reads for a cluster's load balancer; undefined when none is scraped. */
export function bgpSessionMetric(loadBalancer: TopologyLoadBalancer | undefined): "metallb_bgp_session_up" | undefined {
  return loadBalancer?.provider === "metallb" && loadBalancer.mode === "bgp" ? "metallb_bgp_session_up" : undefined;
}

/** BGPSessionDown for a cluster, or undefined when its sessions are not visible to its Prometheus. */
export function bgpSessionDownRule(loadBalancer: TopologyLoadBalancer | undefined): AlertRule | undefined {
  const metric = bgpSessionMetric(loadBalancer);
  if (!metric) return undefined;
  return {
    alert: "BGPSessionDown",
    expr: `${metric} == 0`,
    for: "5m",
    labels: { severity: "critical" },
    annotations: {
      summary: "BGP session to {{ $labels.peer }} is down",
      description: "MetalLB speaker {{ $labels.pod }} has not had an established BGP session with {{ $labels.peer }} for 5 minutes.",
    },
  };
}

/** Escapes a value for a regular expression inside a PromQL string (an IPv4 address has dots): `\\.`. */
function regexLiteral(value: string): string {
  return value.replace(/[.*+?^${}()|[\]\\]/g, "\\\\$&");
}

/** BGPSessionDown on the routers' side: an upstream session of a router whose exporter is scraped. */
export function upstreamSessionDownRule(routers: readonly RouterScrapeTarget[]): AlertRule | undefined {
  const upstreams = [...new Set(routers.flatMap((router) => router.upstreams))];
  if (upstreams.length === 0) return undefined;
  return {
    alert: "BGPSessionDown",
    expr: `gobgp_peer_up{job="gobgp", name=~"${upstreams.map(regexLiteral).join("|")}"} == 0`,
    for: "5m",
    labels: { severity: "critical" },
    annotations: {
      summary: "BGP session to upstream {{ $labels.name }} is down",
      description: "Router {{ $labels.router }} ({{ $labels.instance }}) has not had an established BGP session with its upstream {{ $labels.name }} for 5 minutes.",
    },
  };
}

/** The rules that hold on every cluster, whatever its load balancer. */
const HOST_AND_WORKLOAD_RULES: readonly AlertRule[] = [
  {
    alert: "VMHighCPU",
    expr: '100 * (1 - avg by (instance) (rate(node_cpu_seconds_total{mode="idle"}[5m]))) > 90',
    for: "10m",
    labels: { severity: "warning" },
    annotations: { summary: "{{ $labels.instance }} CPU above 90%", description: "CPU use on {{ $labels.instance }} has been above 90% for 10 minutes." },
  },
  {
    alert: "K8sPodCrashLoop",
    expr: "increase(kube_pod_container_status_restarts_total[15m]) > 5",
    for: "5m",
    labels: { severity: "warning" },
    annotations: { summary: "{{ $labels.namespace }}/{{ $labels.pod }} is crash looping", description: "Container {{ $labels.container }} restarted more than 5 times in 15 minutes." },
  },
];

/** The ORION rules for a cluster that announces its LB pool as `loadBalancer` says (Topology.platform.loadBalancer). */
export function orionAlertRules(loadBalancer: TopologyLoadBalancer | undefined, routers: readonly RouterScrapeTarget[] = []): AlertRule[] {
  const bgp = bgpSessionDownRule(loadBalancer);
  const upstream = upstreamSessionDownRule(routers);
  return [...(bgp ? [bgp] : []), ...(upstream ? [upstream] : []), ...HOST_AND_WORKLOAD_RULES];
}

/** The rules as one PrometheusRule in the monitoring namespace (picked up by any rule selector). */
export function orionPrometheusRule(namespace: string, loadBalancer: TopologyLoadBalancer | undefined, routers: readonly RouterScrapeTarget[] = []): KubernetesObject {
  return {
    apiVersion: "monitoring.coreos.com/v1",
    kind: "PrometheusRule",
    metadata: { name: "orion-infrastructure", namespace, labels: { ...MANAGED_BY } },
    spec: { groups: [{ name: "infrastructure", rules: orionAlertRules(loadBalancer, routers).map((rule) => ({ ...rule })) }] },
  };
}
