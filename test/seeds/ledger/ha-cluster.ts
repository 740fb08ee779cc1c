import type { SeedLedger } from "./types";

/** HA cluster: kubeadm behind HAProxy, with Raspberry Pi workers. */
export const haCluster: SeedLedger = {
  seed: "ha-cluster",
  file: "003_c17135fb2fc28b85.txt",
  title: "HA cluster: kubeadm behind HAProxy, with Raspberry Pi workers",
  environments: ["ha-cluster"],
  facts: [
    // Hardware and networks
    { id: "proxmox-host", fact: "one AMD Ryzen 9 Proxmox server", seedValue: "32 cores, 128GB DDR5", where: "environments/ha-cluster.ts proxmox.nodes[0] (pve: 32 cores, 131072 MiB)" },
    { id: "proxmox-storage", fact: "the server's disk", seedValue: "2TB NVMe SSD", outOfScope: "the model sizes VM disks against datastores Proxmox manages, not the physical disk's capacity" },
    { id: "proxmox-version", fact: "hypervisor", seedValue: "Proxmox VE 8.x", outOfScope: "the hypervisor is installed by hand; the bpg/proxmox provider pinned in providers/ supports PVE 8" },
    { id: "management-network", fact: "management network", seedValue: "10.0.0.0/24 (Proxmox, router, infrastructure)", where: "networks[0] management, 10.0.0.0/24 on vmbr0" },
    { id: "kubernetes-network", fact: "Kubernetes network for the nodes and HAProxy", seedValue: "10.1.1.0/24", where: "networks[1] kubernetes, 10.1.1.0/24 on vmbr1: every VM's and host's address, inventory k8s_network_cidr" },
    {
      id: "router-gateway",
      fact: "the Mikrotik router is the gateway",
      seedValue: "10.0.0.1",
      where: "management gateway and every node's DNS server 10.0.0.1; the Kubernetes network's gateway 10.1.1.1",
      correction: "10.0.0.1 is not on-link for 10.1.1.0/24: nodes there route through the router's address on that network, taken as 10.1.1.1 (the seed names none)",
    },
    { id: "router-config", fact: "the Mikrotik router itself", seedValue: "Mikrotik at 10.0.0.1", outOfScope: "the router is a physical appliance the lab does not configure (no GoBGP VM in this seed)" },
    // API load balancer and control plane
    { id: "haproxy-address", fact: "HAProxy, the Kubernetes API load balancer", seedValue: "10.1.1.50", where: "vms[0] haproxy (VMID 150) on the kubernetes network, cluster.apiLoadBalancer.vms" },
    { id: "haproxy-size", fact: "HAProxy VM size", seedValue: "2 CPU, 2GB RAM, 20GB disk", where: "vms[0]: cores 2, memoryMiB 2048, diskGiB 20" },
    { id: "api-endpoint", fact: "the API is reached through HAProxy on 6443", seedValue: "10.1.1.50:6443", where: "haproxy.cfg frontend :6443; kubeadm controlPlaneEndpoint; inventory k8s_api_endpoint" },
    { id: "api-server-balanced", fact: "3 API server instances load-balanced via HAProxy", seedValue: "3 instances behind HAProxy", where: "haproxy.cfg backend: every control-plane node on 6443, checked on /readyz" },
    { id: "masters-addresses", fact: "control-plane nodes", seedValue: "10.1.1.11, .12, .13", where: "cluster.servers: count 3 from 10.1.1.11 (k8s-master-1..3, VMIDs 111-113)" },
    { id: "masters-size", fact: "control-plane VM size", seedValue: "4 CPU, 8GB RAM, 100GB disk each", where: "cluster.servers: cores 4, memoryMiB 8192, diskGiB 100" },
    { id: "etcd-stacked", fact: "etcd stacked on the masters, a 3-node cluster", seedValue: "etcd (stacked, 3-node cluster)", where: "kubeadm ClusterConfiguration etcd.local on each control-plane node (lib/kubeadm/config.ts)" },
    { id: "scheduler-leader-election", fact: "scheduler and controller manager active-passive", seedValue: "leader election", outOfScope: "kubeadm's defaults (leader election on); nothing to configure" },
    // Workers
    { id: "workers-amd64", fact: "amd64 workers", seedValue: "10.1.1.31-40 (10 nodes)", where: "cluster.agents: count 10 from 10.1.1.31 (k8s-worker-1..10, VMIDs 131-140)" },
    {
      id: "workers-size",
      fact: "worker VM size",
      seedValue: "4 CPU, 8-16GB RAM, 100-200GB disk each",
      where: "cluster.agents: cores 4, memoryMiB 8192, diskGiB 100",
      correction: "the range's low end: ten workers at 16 GiB (160 GiB) would not fit the 128 GiB host beside the masters and HAProxy; at 8 GiB all VMs take 106 GiB",
    },
    { id: "workers-arm64", fact: "ARM64 workers, Raspberry Pi 5, not Proxmox VMs", seedValue: "10.1.1.60-61 (2 nodes)", where: "hosts: k8s-worker-arm-1/2, arm64, in the inventory's agent group, no Proxmox resource; in NetBox each device's interface eth0 holds its address, the device's primary IPv4" },
    { id: "rpi-hardware", fact: "Raspberry Pi 5 hardware", seedValue: "quad-core Cortex-A76, 8GB RAM, 64GB SD card per node", where: "hosts[].hardware (Raspberry Pi Foundation / Raspberry Pi 5) and hosts[].cores/memoryMiB/diskGiB (4, 8192, 64): netbox_device k8s-worker-arm-1/2 of role Bare metal in ha-cluster-infra, the figures in its comments" },
    { id: "os-arm64", fact: "OS of the ARM64 nodes", seedValue: "Ubuntu 24.04", where: "hosts[].os, inventory host var os" },
    { id: "os-amd64", fact: "OS of the amd64 VMs", seedValue: "Ubuntu 22.04 LTS", outOfScope: "the VMs clone template 9000, which is built outside this model (Packer image work, #13)" },
    {
      id: "node-totals",
      fact: "node, worker and allocation totals",
      seedValue: "15 nodes, 12 workers, ~50 vCPU, ~90GB RAM",
      where: "14 VMs in ha-cluster-infra, 16 machines in the inventory (13 Kubernetes nodes + 2 Pis + HAProxy), 54 vCPU and 106 GiB over the VMs",
      correction: "the seed's per-node table gives 3 masters + 10 amd64 + 2 arm64 = 15 Kubernetes nodes and 12 workers, plus HAProxy: 16 machines; its vCPU total (~50) is below the table's 54 for the VMs, which the model allows through proxmox.overcommit.cpuRatio 2",
    },
    // Kubernetes
    { id: "kubernetes-version", fact: "Kubernetes version", seedValue: "v1.31.0", where: "cluster.version (distribution kubeadm): kubeadm kubernetesVersion, inventory kubernetes_version, packages from pkgs.k8s.io core:/stable:/v1.31" },
    { id: "containerd-version", fact: "container runtime", seedValue: "containerd v1.7.28", where: "cluster.containerdVersion: inventory containerd_version, ansible/roles/kubeadm installs containerd.io 1.7.28" },
    { id: "cni-flannel", fact: "CNI", seedValue: "Flannel", where: "platform stack: the flannel chart (pinned v0.27.4), since kubeadm ships no CNI" },
    { id: "pod-cidr", fact: "pod network", seedValue: "10.244.0.0/16", where: "cluster.podCidr: kubeadm podSubnet and flannel podCidr" },
    { id: "service-cidr", fact: "service network", seedValue: "10.96.0.0/12", where: "cluster.serviceCidr: kubeadm serviceSubnet" },
    { id: "metallb-pool", fact: "MetalLB in L2 mode", seedValue: "10.1.1.100-150", where: "cluster.loadBalancerPool and platform MetalLB IPAddressPool with an L2Advertisement" },
    { id: "ingress-traefik", fact: "ingress controller", seedValue: "Traefik (ready to deploy)", where: "platform.traefik.enabled: the traefik chart, LoadBalancer address from the pool" },
    { id: "monitoring", fact: "metrics and alerting", seedValue: "Prometheus, Grafana, Alertmanager", where: "platform.monitoring.enabled: kube-prometheus-stack" },
    { id: "logging", fact: "logging", seedValue: "Loki + Promtail", where: "platform.logging: loki and promtail charts" },
    { id: "grafana-nodeport", fact: "Grafana's URL", seedValue: "http://10.1.1.31:30000", outOfScope: "a NodePort on one worker is not expressed: Grafana is reached through the ingress" },
    { id: "storage-local", fact: "storage", seedValue: "local storage on nodes (Longhorn planned)", outOfScope: "kubeadm ships no local-path provisioner and the platform installs none yet; Longhorn is planned in the seed, available with platform.longhorn" },
    { id: "optional-components", fact: "planned or optional components", seedValue: "Istio, Calico policies, cert-manager, ArgoCD, Velero, Falco, OPA", outOfScope: "the seed marks them optional or future phases; each but Istio, Falco and OPA is a platform switch when wanted" },
    { id: "applications", fact: "future applications", seedValue: "Home Assistant, Nextcloud, Plex/Jellyfin, Pi-hole, Portainer", outOfScope: "workloads (k8s/ overlays), not part of the lab's model" },
  ],
};
