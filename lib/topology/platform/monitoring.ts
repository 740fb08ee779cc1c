import type { Platform } from "../../config/platform";
import type { Router } from "../../config/schema";
import { parseAddress } from "../../net/ip";
import type { RouterScrapeTarget, ScrapeTarget, TopologyCluster, TopologyHost, TopologyPlatform, TopologyStorage, PlannedTopologyVm } from "../types";

/** Port node_exporter listens on (ansible/roles/node_exporter, node_exporter_listen_address). */
export const NODE_EXPORTER_PORT = 9100;

/**
 * node_exporter targets for a cluster's Prometheus: the VMs of its site, in Topology order. Other
 * sites have their own Prometheus, so a VM is watched (and alerted on) once. VMs whose address NetBox
 * allocates at apply have no address to write into the scrape config and are left out. The bare-metal
 * hosts of the site (the Ansible phase installs node_exporter on them too) follow, in config order,
 * with their role (worker).
 */
export function nodeExporterTargets(cluster: TopologyCluster, vms: readonly PlannedTopologyVm[], hosts: readonly TopologyHost[] = []): ScrapeTarget[] {
  const vmTargets = vms
    .filter((vm) => vm.site === cluster.site && vm.nic.ipv4.address !== undefined)
    .map((vm) => ({ instance: vm.name, target: `${vm.nic.ipv4.address}:${NODE_EXPORTER_PORT}`, role: vm.role }));
  const hostTargets = hosts
    .filter((host) => host.site === cluster.site)
    .map((host) => ({ instance: host.name, target: `${host.address}:${NODE_EXPORTER_PORT}`, role: host.role }));
  return [...vmTargets, ...hostTargets];
}

/**
 * gobgp_exporter targets for a cluster's Prometheus: every router of the cluster's site that sets
 * `metricsPort`, at its VM's address, with the upstream addresses its BGPSessionDown rule watches.
 */
export function routerExporterTargets(cluster: TopologyCluster, routers: readonly Router[], vms: readonly PlannedTopologyVm[]): RouterScrapeTarget[] {
  return routers.flatMap((router) => {
    const vm = vms.find((candidate) => candidate.name === router.vm);
    if (router.metricsPort === undefined || !vm || vm.site !== cluster.site || vm.nic.ipv4.address === undefined) return [];
    return [{ instance: vm.name, target: `${vm.nic.ipv4.address}:${router.metricsPort}`, role: vm.role, router: router.name, upstreams: router.upstreams.map((peer) => parseAddress(peer.address).text) }];
  });
}

/**
 * Prometheus and its scrape targets, on the default storage class. With several sites each
 * cluster's Prometheus labels its series with its site, so a cross-site query tells them apart.
 * Undefined when monitoring is off.
 */
export function resolveMonitoring(
  config: Platform,
  storage: TopologyStorage,
  cluster: TopologyCluster,
  vms: readonly PlannedTopologyVm[],
  routers: readonly Router[] = [],
  hosts: readonly TopologyHost[] = [],
): TopologyPlatform["monitoring"] {
  if (!config.monitoring.enabled) return undefined;
  const routerExporters = routerExporterTargets(cluster, routers, vms);
  return {
    retention: config.monitoring.retention,
    storageGiB: config.monitoring.storageGiB,
    storageClass: storage.defaultClass,
    orionAlertRules: config.monitoring.orionAlertRules,
    prometheusReplicas: config.monitoring.prometheusReplicas,
    externalLabels: new Set(vms.map((vm) => vm.site)).size > 1 && cluster.site ? { site: cluster.site } : {},
    nodeExporters: nodeExporterTargets(cluster, vms, hosts),
    ...(routerExporters.length > 0 ? { routerExporters } : {}),
  };
}

/** Loki and its log shipper, on the default storage class. Undefined when logging is off. */
export function resolveLogging(config: Platform, storage: TopologyStorage): TopologyPlatform["logging"] {
  if (!config.logging.enabled) return undefined;
  return { shipper: config.logging.shipper, storageGiB: config.logging.storageGiB, storageClass: storage.defaultClass };
}
