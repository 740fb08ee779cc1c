import type { KubernetesObject } from "./release";
import { MANAGED_BY } from "./release";

/*
 * The ORION seed's alert rules. The seed's expressions are kept in intent but written against
 * metrics that exist: node_exporter has no node_cpu_usage, and a restart counter that ever passed 5
 * is not a crash loop, so the rules use rates and increases over a window.
 */

export interface AlertRule {
  readonly alert: string;
  readonly expr: string;
  readonly for: string;
  readonly labels: Record<string, string>;
  readonly annotations: Record<string, string>;
}

export const ORION_ALERT_RULES: readonly AlertRule[] = [
  {
    alert: "BGPSessionDown",
    // GoBGP exporter: session state 6 is Established.
    expr: "gobgp_peer_state != 6",
    for: "5m",
    labels: { severity: "critical" },
    annotations: { summary: "BGP session to {{ $labels.peer }} is down", description: "GoBGP on {{ $labels.instance }} has not been Established with {{ $labels.peer }} for 5 minutes." },
  },
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

/** The rules as one PrometheusRule in the monitoring namespace (picked up by any rule selector). */
export function orionPrometheusRule(namespace: string): KubernetesObject {
  return {
    apiVersion: "monitoring.coreos.com/v1",
    kind: "PrometheusRule",
    metadata: { name: "orion-infrastructure", namespace, labels: { ...MANAGED_BY } },
    spec: { groups: [{ name: "infrastructure", rules: ORION_ALERT_RULES.map((rule) => ({ ...rule })) }] },
  };
}
