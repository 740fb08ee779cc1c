import type { Platform } from "../../config/platform";
import type { ScrapeTarget, TopologyCluster, TopologyPlatform, TopologyStorage, PlannedTopologyVm } from "../types";

/** Port node_exporter listens on (ansible/roles/node_exporter, node_exporter_listen_address). */
export const NODE_EXPORTER_PORT = 9100;

/**
 * node_exporter targets for a cluster's Prometheus: the VMs of its site, in Topology order. Other
 * sites have their own Prometheus, so a VM is watched (and alerted on) once. VMs whose address NetBox
 * allocates at apply have no address to write into the scrape config and are left out.
 */
export function nodeExporterTargets(cluster: TopologyCluster, vms: readonly PlannedTopologyVm[]): ScrapeTarget[] {
  return vms
    .filter((vm) => vm.site === cluster.site && vm.nic.ipv4.address !== undefined)
    .map((vm) => ({ instance: vm.name, target: `${vm.nic.ipv4.address}:${NODE_EXPORTER_PORT}`, role: vm.role }));
}

/**
 * Prometheus and its scrape targets, on the default storage class. With several sites each
 * cluster's Prometheus labels its series with its site, so a cross-site query tells them apart.
 * Undefined when monitoring is off.
 */
export function resolveMonitoring(config: Platform, storage: TopologyStorage, cluster: TopologyCluster, vms: readonly PlannedTopologyVm[]): TopologyPlatform["monitoring"] {
  if (!config.monitoring.enabled) return undefined;
  return {
    retention: config.monitoring.retention,
    storageGiB: config.monitoring.storageGiB,
    storageClass: storage.defaultClass,
    orionAlertRules: config.monitoring.orionAlertRules,
    prometheusReplicas: config.monitoring.prometheusReplicas,
    externalLabels: new Set(vms.map((vm) => vm.site)).size > 1 && cluster.site ? { site: cluster.site } : {},
    nodeExporters: nodeExporterTargets(cluster, vms),
  };
}

/** Loki and its log shipper, on the default storage class. Undefined when logging is off. */
export function resolveLogging(config: Platform, storage: TopologyStorage): TopologyPlatform["logging"] {
  if (!config.logging.enabled) return undefined;
  return { shipper: config.logging.shipper, storageGiB: config.logging.storageGiB, storageClass: storage.defaultClass };
}
