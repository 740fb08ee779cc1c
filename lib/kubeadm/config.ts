import type { Topology, TopologyCluster } from "../topology/types";
import { staticAddress } from "../topology/vm-addresses";

/*
 * The kubeadm configuration of every node of a kubeadm cluster, rendered from the Topology
 * (kubeadm.k8s.io/v1beta4, which kubeadm reads from 1.31 on). The documents hold no secret: the
 * Ansible kubeadm role adds the bootstrap token, the CA certificate hash and the certificate key at
 * run time (no_log, short TTL), into a root-only file, so neither the inventory nor a log sees them.
 */

/** The API group version of every kubeadm document rendered here. */
export const KUBEADM_API_VERSION = "kubeadm.k8s.io/v1beta4";
/** containerd's CRI socket, where kubeadm and the kubelet reach the runtime. */
export const CRI_SOCKET = "unix:///run/containerd/containerd.sock";

/** A kubeadm (or kubelet) configuration document as plain data; the role writes it as YAML. */
export type KubeadmDocument = Record<string, unknown>;

/** One node of a kubeadm cluster: a server VM, an agent VM or a bare-metal host. */
interface KubeadmNode {
  readonly name: string;
  readonly address: string;
  readonly kind: "init" | "control-plane" | "worker";
  readonly labels: Readonly<Record<string, string>>;
  readonly taints: readonly string[];
}

/** The node's nodeRegistration: its name, containerd's socket, its labels and taints. */
function nodeRegistration(node: KubeadmNode): KubeadmDocument {
  const labels = Object.entries(node.labels).map(([key, value]) => `${key}=${value}`).join(",");
  const taints = node.taints.map((taint) => {
    const [keyValue, effect] = taint.split(":");
    const [key, value] = keyValue.split("=");
    return { key, ...(value !== undefined && value !== "" ? { value } : {}), effect };
  });
  // Control-plane nodes keep kubeadm's own control-plane taint unless the pool says otherwise.
  const registration: KubeadmDocument = { name: node.name, criSocket: CRI_SOCKET };
  if (labels) registration.kubeletExtraArgs = [{ name: "node-labels", value: labels }];
  if (taints.length > 0 || node.kind === "worker") registration.taints = taints;
  return registration;
}

/** The ClusterConfiguration every control-plane node shares: version, the API load balancer as controlPlaneEndpoint, stacked etcd, the CIDRs. */
export function clusterConfiguration(cluster: TopologyCluster): KubeadmDocument {
  const endpoint = `${cluster.apiVip}:${cluster.apiPort}`;
  const sans = [cluster.apiVip, ...(cluster.apiLoadBalancer?.vms.map((vm) => vm.address) ?? [])];
  return {
    apiVersion: KUBEADM_API_VERSION,
    kind: "ClusterConfiguration",
    clusterName: cluster.name,
    kubernetesVersion: cluster.version,
    controlPlaneEndpoint: endpoint,
    networking: { podSubnet: cluster.podCidr, serviceSubnet: cluster.serviceCidr, dnsDomain: "cluster.local" },
    apiServer: { certSANs: [...new Set(sans)] },
    // Stacked etcd: one member on each control-plane node.
    etcd: { local: { dataDir: "/var/lib/etcd" } },
  };
}

/** The kubelet's settings: the systemd cgroup driver, as containerd is configured. */
export function kubeletConfiguration(): KubeadmDocument {
  return { apiVersion: "kubelet.config.k8s.io/v1beta1", kind: "KubeletConfiguration", cgroupDriver: "systemd" };
}

/** Every node of the cluster in join order: the first server, the other servers, the agents, the bare-metal hosts. */
function nodesOf(topology: Topology, cluster: TopologyCluster): KubeadmNode[] {
  const vmNode = (name: string, kind: KubeadmNode["kind"]): KubeadmNode => {
    const vm = topology.vms.find((candidate) => candidate.name === name)!;
    return { name, address: staticAddress(vm, 4)!.address, kind, labels: vm.labels, taints: vm.taints };
  };
  return [
    ...cluster.servers.map((name, index) => vmNode(name, index === 0 ? "init" : "control-plane")),
    ...cluster.agents.map((name) => vmNode(name, "worker")),
    ...cluster.hosts.map((name) => {
      const host = topology.hosts.find((candidate) => candidate.name === name)!;
      return { name, address: host.address, kind: "worker" as const, labels: host.labels, taints: host.taints };
    }),
  ];
}

/**
 * The documents `kubeadm init --config` or `kubeadm join --config` reads on `node`: Init, Cluster
 * and Kubelet configuration on the first server; a JoinConfiguration (with `controlPlane` on the
 * other servers) everywhere else, whose discovery section (endpoint, token, CA hash) and certificate
 * key the role adds.
 */
export function kubeadmDocuments(topology: Topology, cluster: TopologyCluster, nodeName: string): KubeadmDocument[] {
  if (cluster.distribution !== "kubeadm") throw new Error(`cluster ${cluster.name} runs ${cluster.distribution}, not kubeadm: it has no kubeadm configuration`);
  const node = nodesOf(topology, cluster).find((candidate) => candidate.name === nodeName);
  if (!node) throw new Error(`${nodeName} is not a node of cluster ${cluster.name}; use one of ${nodesOf(topology, cluster).map((each) => each.name).join(", ")}`);
  const localAPIEndpoint = { advertiseAddress: node.address, bindPort: cluster.apiPort };
  if (node.kind === "init") {
    return [
      { apiVersion: KUBEADM_API_VERSION, kind: "InitConfiguration", localAPIEndpoint, nodeRegistration: nodeRegistration(node) },
      clusterConfiguration(cluster),
      kubeletConfiguration(),
    ];
  }
  // `discovery` is left to the role: it is all credentials (the token, the CA hash) but for the
  // endpoint, which the inventory gives as k8s_api_endpoint (the API load balancer).
  return [
    {
      apiVersion: KUBEADM_API_VERSION,
      kind: "JoinConfiguration",
      nodeRegistration: nodeRegistration(node),
      ...(node.kind === "control-plane" ? { controlPlane: { localAPIEndpoint } } : {}),
    },
  ];
}
