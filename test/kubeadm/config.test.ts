import { kubeadmDocuments } from "../../lib/kubeadm/config";
import { inventoryData, renderInventory } from "../../lib/inventory";
import { topologyOf } from "../support/environments";
import { planTiny } from "../support/tiny-environment";

/*
 * The kubeadm configuration each node of a kubeadm cluster reads, rendered from the Topology, and
 * what the inventory hands the kubeadm role: no secret anywhere.
 */

const topology = topologyOf("ha-cluster");
const cluster = topology.cluster!;

describe("the kubeadm configuration", () => {
  it("initialises the first control-plane node with the API load balancer as controlPlaneEndpoint and stacked etcd", () => {
    const [init, clusterConfiguration, kubelet] = kubeadmDocuments(topology, cluster, "k8s-master-1");

    expect(init).toEqual({
      apiVersion: "kubeadm.k8s.io/v1beta4",
      kind: "InitConfiguration",
      localAPIEndpoint: { advertiseAddress: "10.1.1.11", bindPort: 6443 },
      nodeRegistration: {
        name: "k8s-master-1",
        criSocket: "unix:///run/containerd/containerd.sock",
        kubeletExtraArgs: [{ name: "node-labels", value: "topology.kubernetes.io/zone=pve" }],
      },
    });
    expect(clusterConfiguration).toEqual({
      apiVersion: "kubeadm.k8s.io/v1beta4",
      kind: "ClusterConfiguration",
      clusterName: "ha",
      kubernetesVersion: "v1.31.0",
      controlPlaneEndpoint: "10.1.1.50:6443",
      networking: { podSubnet: "10.244.0.0/16", serviceSubnet: "10.96.0.0/12", dnsDomain: "cluster.local" },
      apiServer: { certSANs: ["10.1.1.50"] },
      etcd: { local: { dataDir: "/var/lib/etcd" } },
    });
    expect(kubelet).toEqual({ apiVersion: "kubelet.config.k8s.io/v1beta1", kind: "KubeletConfiguration", cgroupDriver: "systemd" });
  });

  it("joins the other control-plane nodes advertising their own address (discovery through the load balancer is the role's, with the token)", () => {
    expect(kubeadmDocuments(topology, cluster, "k8s-master-2")).toEqual([
      {
        apiVersion: "kubeadm.k8s.io/v1beta4",
        kind: "JoinConfiguration",
        nodeRegistration: expect.objectContaining({ name: "k8s-master-2" }),
        controlPlane: { localAPIEndpoint: { advertiseAddress: "10.1.1.12", bindPort: 6443 } },
      },
    ]);
  });

  it("joins a Raspberry Pi as a worker, without a controlPlane section", () => {
    const [join] = kubeadmDocuments(topology, cluster, "k8s-worker-arm-2");

    expect(join).toEqual({
      apiVersion: "kubeadm.k8s.io/v1beta4",
      kind: "JoinConfiguration",
      nodeRegistration: { name: "k8s-worker-arm-2", criSocket: "unix:///run/containerd/containerd.sock", taints: [] },
    });
  });

  it("carries a host's taints and labels into its registration", () => {
    const tiny = planTiny({
      cluster: { distribution: "kubeadm", version: "v1.31.0" },
      hosts: [{ name: "tiny-pi-1", network: "lan", address: "10.0.0.60", architecture: "arm64", role: "worker", os: "Ubuntu 24.04", labels: { "homelab/board": "rpi5" }, taints: ["arch=arm64:NoSchedule"] }],
    });
    const [join] = kubeadmDocuments(tiny, tiny.cluster!, "tiny-pi-1");

    expect(join.nodeRegistration).toEqual({
      name: "tiny-pi-1",
      criSocket: "unix:///run/containerd/containerd.sock",
      kubeletExtraArgs: [{ name: "node-labels", value: "homelab/board=rpi5" }],
      taints: [{ key: "arch", value: "arm64", effect: "NoSchedule" }],
    });
  });

  it("is refused for a node outside the cluster and for a k3s cluster", () => {
    expect(() => kubeadmDocuments(topology, cluster, "haproxy")).toThrow(/haproxy is not a node of cluster ha; use one of k8s-master-1/);
    const k3s = topologyOf("orion");
    expect(() => kubeadmDocuments(k3s, k3s.cluster!, k3s.cluster!.servers[0])).toThrow(/runs k3s, not kubeadm/);
  });
});

describe("the kubeadm inventory", () => {
  it("hands every node its kubeadm documents and the cluster its pins", () => {
    const cluster = inventoryData(topology).all.children!.k3s_cluster;

    expect(cluster.vars).toMatchObject({
      k8s_distribution: "kubeadm",
      kubernetes_version: "v1.31.0",
      kubernetes_minor: "v1.31",
      containerd_version: "1.7.28",
      k8s_cluster_pod_cidr: "10.244.0.0/16",
      k8s_cluster_service_cidr: "10.96.0.0/12",
      k8s_api_endpoint: "10.1.1.50:6443",
      k8s_api_load_balancer: "haproxy",
    });
    expect(cluster.vars).not.toHaveProperty("k3s_version");
    for (const group of ["server", "agent"] as const) {
      for (const [name, vars] of Object.entries(cluster.children![group].hosts!)) {
        expect({ name, documents: (vars.kubeadm_config as unknown[]).length > 0 }).toEqual({ name, documents: true });
      }
    }
  });

  it("holds no token, CA hash or certificate key", () => {
    const text = renderInventory(topology);

    expect(text).not.toMatch(/token|caCertHashes|certificateKey|certificate_key/i);
  });
});
