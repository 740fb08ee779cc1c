import type { Topology, TopologyCluster, TopologyHost } from "../topology/types";
import { kubeadmDocuments } from "./config";

/*
 * What the Ansible phase reads about kubeadm clusters and bare-metal hosts, as inventory vars. No
 * secret: join tokens and the certificate key are made by the kubeadm role at run time.
 */

/** Cluster-wide vars of a kubeadm cluster (empty for k3s and MicroK8s, whose inventories stay as they were). */
export function kubeadmClusterVars(cluster: TopologyCluster): Record<string, unknown> {
  if (cluster.distribution !== "kubeadm") return {};
  return {
    kubernetes_version: cluster.version,
    // pkgs.k8s.io has one repository per minor release: v1.31 for v1.31.x.
    kubernetes_minor: cluster.version.replace(/^v(\d+\.\d+)\..*$/, "v$1"),
    containerd_version: cluster.containerdVersion,
    // group_vars/k3s_cluster derives k8s_pod_cidr/k8s_service_cidr (the firewall's trusted ranges) from these.
    k8s_cluster_pod_cidr: cluster.podCidr,
    k8s_cluster_service_cidr: cluster.serviceCidr,
    k8s_api_endpoint: `${cluster.apiVip}:${cluster.apiPort}`,
    k8s_api_load_balancer: cluster.apiLoadBalancer ? "haproxy" : "kube-vip",
  };
}

/** A kubeadm node's configuration documents (`kubeadm_config`), for any machine of a kubeadm cluster. */
export function kubeadmHostVars(topology: Topology, name: string): Record<string, unknown> {
  const cluster = topology.clusters.find((each) => each.distribution === "kubeadm" && [...each.servers, ...each.agents, ...each.hosts].includes(name));
  if (!cluster) return {};
  return { kubeadm_config: kubeadmDocuments(topology, cluster, name) };
}

/** A bare-metal host's own vars: where Ansible reaches it, its architecture and what it is. */
export function hostMachineVars(topology: Topology, host: TopologyHost): Record<string, unknown> {
  return {
    ansible_host: host.address,
    machine: "bare-metal",
    architecture: host.architecture,
    os: host.os,
    vm_role: host.role,
    ipv4_address: `${host.address}/${host.prefixLength}`,
    ipv4_gateway: host.gateway,
    ...(topology.sites.length > 1 ? { site: host.site } : {}),
    k8s_node_labels: { ...host.labels },
    k8s_node_taints: [...host.taints],
  };
}
