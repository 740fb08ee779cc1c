import { defineEnvironment } from "../lib/config/schema";
import { ADMIN_SSH_KEY, labNetbox } from "./shared";

/**
 * The HA-cluster seed: one AMD Ryzen 9 Proxmox host (32 cores, 128 GiB), a kubeadm cluster of three
 * stacked-etcd control-plane VMs behind one HAProxy VM (API 10.1.1.50:6443), ten amd64 worker VMs
 * and two Raspberry Pi 5 (arm64) the lab does not create. Flannel, MetalLB in L2 mode on
 * 10.1.1.100-150, Traefik, Prometheus/Grafana/Loki with Promtail. Where the seed's totals disagree
 * with its per-node table (15 nodes, ~50 vCPU, ~90 GB), the table wins: see docs/seeds.md.
 */
export const haCluster = defineEnvironment({
  name: "ha-cluster",
  description: "kubeadm HA cluster behind an HAProxy API load balancer, with Raspberry Pi 5 workers",
  proxmox: {
    endpoint: "https://pve.ha-cluster.lab.example:8006/",
    insecure: true,
    nodes: [{ name: "pve", cores: 32, memoryMiB: 131072, datastores: ["local-lvm"], snippetsDatastore: "local" }],
    // 62 vCPU on 32 cores: the seed's own sizes ask for it (CPU is shared; memory is not).
    overcommit: { cpuRatio: 2, memoryRatio: 1 },
  },
  networks: [
    {
      name: "management",
      bridge: "vmbr0",
      cidr: "10.0.0.0/24",
      gateway: "10.0.0.1",
      dns: ["10.0.0.1"],
      description: "Proxmox, router, infrastructure",
    },
    {
      name: "kubernetes",
      bridge: "vmbr1",
      cidr: "10.1.1.0/24",
      gateway: "10.1.1.1",
      dns: ["10.0.0.1"],
      description: "Kubernetes nodes and HAProxy",
    },
  ],
  // Ubuntu 22.04 LTS cloud-init template for the amd64 VMs (the Pis run Ubuntu 24.04, see hosts).
  image: { kind: "template", templateVmId: 9000, templateNode: "pve" },
  vms: [
    {
      name: "haproxy",
      role: "api-lb",
      vmId: 150,
      node: "pve",
      cores: 2,
      memoryMiB: 2048,
      diskGiB: 20,
      network: "kubernetes",
      address: "10.1.1.50",
      description: "HAProxy, the Kubernetes API load balancer",
    },
  ],
  cluster: {
    name: "ha",
    distribution: "kubeadm",
    version: "v1.31.0",
    containerdVersion: "1.7.28",
    podCidr: "10.244.0.0/16",
    serviceCidr: "10.96.0.0/12",
    network: "kubernetes",
    apiLoadBalancer: { vms: ["haproxy"] },
    loadBalancerPool: { start: "10.1.1.100", end: "10.1.1.150" },
    servers: {
      count: 3,
      namePrefix: "k8s-master",
      cores: 4,
      memoryMiB: 8192,
      diskGiB: 100,
      vmIdRange: { start: 111, end: 119 },
      addressStart: "10.1.1.11",
    },
    agents: {
      count: 10,
      namePrefix: "k8s-worker",
      cores: 4,
      memoryMiB: 8192,
      diskGiB: 100,
      vmIdRange: { start: 131, end: 149 },
      addressStart: "10.1.1.31",
    },
  },
  hosts: [1, 2].map((n) => ({
    name: `k8s-worker-arm-${n}`,
    network: "kubernetes",
    address: `10.1.1.${59 + n}`,
    architecture: "arm64" as const,
    role: "worker" as const,
    os: "Ubuntu 24.04",
    cores: 4,
    memoryMiB: 8192,
    diskGiB: 64,
    description: "Raspberry Pi 5 (quad-core Cortex-A76, 64 GB SD card)",
    hardware: { manufacturer: "Raspberry Pi Foundation", model: "Raspberry Pi 5" },
  })),
  sshPublicKeys: [ADMIN_SSH_KEY],
  tags: ["homelab"],
  // The seed names no NetBox; the lab's NetBox records the VMs and the two Pis as devices.
  netbox: labNetbox("ha-cluster"),
  platform: {
    traefik: { enabled: true },
    monitoring: { enabled: true },
    logging: { enabled: true, shipper: "promtail" },
  },
  // The seed's control plane is HA against a VM failing, not the one Proxmox host: all three
  // masters share it. Accepted as the seed has it.
  acknowledge: [{ path: "cluster.servers.nodes", reason: "the seed runs every VM on one AMD Ryzen 9 Proxmox host; its HA covers VM and etcd member failures, not the host" }],
});
