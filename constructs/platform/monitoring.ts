import { Construct } from "constructs";
import type { Release } from "@cdktf/provider-helm/lib/release";
import { SecretV1 } from "@cdktf/provider-kubernetes/lib/secret-v1";
import type { RouterScrapeTarget, ScrapeTarget, TopologyLoadBalancer, TopologyPlatform } from "../../lib/topology/types";
import { orionPrometheusRule } from "./alert-rules";
import { CHARTS } from "./charts";
import { chartRelease, Dependency, MANAGED_BY, objectsRelease, platformNamespace } from "./release";

export interface MonitoringProps {
  /** Resolved monitoring options (Topology.platform.monitoring). */
  readonly monitoring: NonNullable<TopologyPlatform["monitoring"]>;
  /** Grafana's admin password: a sensitive variable's value, never a literal. */
  readonly grafanaAdminPassword: string;
  /** kube-proxy metrics exist only when kube-proxy runs (not with Cilium's replacement). */
  readonly kubeProxy: boolean;
  /**
   * How the cluster announces its LB pool (Topology.platform.loadBalancer): picks the metric the
   * ORION BGPSessionDown rule reads, or leaves the rule out. @default no load balancer, no BGP rule
   */
  readonly loadBalancer?: TopologyLoadBalancer;
  /** Loki's URL, to add it as a Grafana data source. @default no Loki data source */
  readonly lokiUrl?: string;
  /** What must exist first (CNI, storage classes). @default nothing */
  readonly dependsOn?: readonly Dependency[];
}

export const MONITORING_NAMESPACE = "monitoring";
const GRAFANA_SECRET = "grafana-admin";

/** The job name kube-prometheus-stack's node rules and dashboards select on. */
export const NODE_EXPORTER_JOB = "node-exporter";

/**
 * Prometheus scrape configs for node_exporter on VMs: one static target per VM, `instance` set to
 * the VM's name (the Kubernetes node name for cluster nodes, as the chart's own exporter labels it).
 */
export function nodeExporterScrapeConfigs(targets: readonly ScrapeTarget[]): Record<string, unknown>[] {
  return [
    {
      job_name: NODE_EXPORTER_JOB,
      static_configs: targets.map((target) => ({ targets: [target.target], labels: { instance: target.instance, role: target.role } })),
    },
  ];
}

/** The job name the router-side BGPSessionDown rule selects on. */
export const GOBGP_EXPORTER_JOB = "gobgp";

/** The scrape config of the routers' gobgp_exporter: one static target per router, `instance` the router VM's name. */
export function routerExporterScrapeConfigs(targets: readonly RouterScrapeTarget[]): Record<string, unknown>[] {
  if (targets.length === 0) return [];
  return [
    {
      job_name: GOBGP_EXPORTER_JOB,
      static_configs: targets.map((target) => ({ targets: [target.target], labels: { instance: target.instance, role: target.role, router: target.router } })),
    },
  ];
}

/** kube-prometheus-stack (Prometheus, Grafana, Alertmanager, node exporter) and the ORION alert rules. */
export class Monitoring extends Construct {
  readonly release: Release;
  /** The PrometheusRule release, when the ORION rules are on. */
  readonly rules?: Release;

  constructor(scope: Construct, id: string, props: MonitoringProps) {
    super(scope, id);
    const { monitoring } = props;
    const scrapeConfigs = [
      ...(monitoring.nodeExporters.length > 0 ? nodeExporterScrapeConfigs(monitoring.nodeExporters) : []),
      ...routerExporterScrapeConfigs(monitoring.routerExporters ?? []),
    ];
    const namespace = platformNamespace(this, MONITORING_NAMESPACE, { "pod-security.kubernetes.io/enforce": "privileged" });
    const adminSecret = new SecretV1(this, "GrafanaAdmin", {
      metadata: { name: GRAFANA_SECRET, namespace: MONITORING_NAMESPACE, labels: { ...MANAGED_BY } },
      data: { "admin-user": "admin", "admin-password": props.grafanaAdminPassword },
      dependsOn: [namespace],
    });
    this.release = chartRelease(this, "Resource", {
      chart: CHARTS.kubePrometheusStack,
      name: "kube-prometheus-stack",
      namespace: MONITORING_NAMESPACE,
      values: {
        prometheus: {
          prometheusSpec: {
            retention: monitoring.retention,
            replicas: monitoring.prometheusReplicas,
            ...(Object.keys(monitoring.externalLabels).length > 0 ? { externalLabels: { ...monitoring.externalLabels } } : {}),
            // What lives outside the cluster (and the nodes' own node_exporter, which the Ansible
            // phase installs on every host), from the Topology.
            ...(scrapeConfigs.length > 0 ? { additionalScrapeConfigs: scrapeConfigs } : {}),
            // Pick up every ServiceMonitor, PodMonitor and PrometheusRule, not only this release's.
            ruleSelectorNilUsesHelmValues: false,
            serviceMonitorSelectorNilUsesHelmValues: false,
            podMonitorSelectorNilUsesHelmValues: false,
            storageSpec: {
              volumeClaimTemplate: {
                spec: { storageClassName: monitoring.storageClass, accessModes: ["ReadWriteOnce"], resources: { requests: { storage: `${monitoring.storageGiB}Gi` } } },
              },
            },
          },
        },
        grafana: {
          admin: { existingSecret: GRAFANA_SECRET, userKey: "admin-user", passwordKey: "admin-password" },
          ...(props.lokiUrl ? { additionalDataSources: [{ name: "Loki", type: "loki", access: "proxy", url: props.lokiUrl }] } : {}),
        },
        // k3s runs these inside the k3s binary without metrics endpoints Prometheus can reach.
        kubeControllerManager: { enabled: false },
        kubeScheduler: { enabled: false },
        kubeEtcd: { enabled: false },
        kubeProxy: { enabled: props.kubeProxy },
        // The Ansible-installed node_exporter already holds port 9100 on every node, where the
        // chart's hostNetwork DaemonSet would bind too; the scrape config above reads it instead,
        // as job "node-exporter" so the chart's node rules and dashboards still match.
        ...(monitoring.nodeExporters.length > 0 ? { nodeExporter: { enabled: false, forceDeployDashboards: true } } : {}),
      },
      dependsOn: [namespace, adminSecret, ...(props.dependsOn ?? [])],
      timeoutSeconds: 900,
    });
    if (monitoring.orionAlertRules) {
      this.rules = objectsRelease(this, "AlertRules", {
        name: "orion-alert-rules",
        namespace: MONITORING_NAMESPACE,
        objects: [orionPrometheusRule(MONITORING_NAMESPACE, props.loadBalancer, monitoring.routerExporters)],
        dependsOn: [this.release],
      });
    }
  }
}
