import { defineEnvironment } from "../lib/config/schema";
import { ADMIN_SSH_KEY, MICROK8S_CHANNEL, MICROK8S_CPU_TYPE, labImage, labManagement, labNetbox, labProxmox, labVlan, microk8sTags, renamedPool } from "./shared";

/**
 * Production (MicroK8s, as the MicroK8s plan seed runs it; first master at .10): three servers (4 vCPU, 8 GiB, 100 GiB) and two agents (8 vCPU, 16 GiB, 200 GiB)
 * spread over the three Proxmox nodes, as in the MicroK8s plan seed.
 */
export const production = defineEnvironment({
  name: "production",
  description: "HA cluster spread over three Proxmox nodes",
  proxmox: labProxmox,
  // The seed's enable_management_network: a second NIC on the management bridge.
  networks: [labVlan("production", 30), labManagement("production", 130)],
  image: labImage,
  cpuType: MICROK8S_CPU_TYPE,
  cluster: {
    name: "prod-k3s",
    distribution: "microk8s",
    version: MICROK8S_CHANNEL,
    network: "production",
    apiVip: "10.20.30.5",
    loadBalancerPool: { start: "10.20.30.40", end: "10.20.30.79" },
    servers: {
      count: 3,
      cores: 4,
      memoryMiB: 8192,
      diskGiB: 100,
      vmIdRange: { start: 3100, end: 3109 },
      addressStart: "10.20.30.10",
      namePrefix: "microk8s-master",
      tags: microk8sTags("master"),
      nics: [{ network: "management", addressStart: "10.20.130.10" }],
    },
    agents: {
      count: 2,
      cores: 8,
      memoryMiB: 16384,
      diskGiB: 200,
      vmIdRange: { start: 3200, end: 3249 },
      addressStart: "10.20.30.101",
      namePrefix: "microk8s-worker",
      tags: microk8sTags("worker"),
      nics: [{ network: "management", addressStart: "10.20.130.101" }],
    },
  },
  // The nodes were called prod-k3s-server-<n> and prod-k3s-agent-<n> before they took the seed's names.
  renamedVms: [...renamedPool("prod-k3s-server", "microk8s-master", 3), ...renamedPool("prod-k3s-agent", "microk8s-worker", 2)],
  sshPublicKeys: [ADMIN_SSH_KEY],
  tags: ["homelab"],
  netbox: labNetbox("production"),
  // Everything: Cilium with kube-proxy replacement and LB-IPAM, public certificates, backups,
  // secrets from Vault, Argo CD and Rancher (MicroK8s plan seed). Secrets named here are created out
  // of band (docs/platform.md).
  platform: {
    // MicroK8s brings its own CNI (Calico); MetalLB hands out the LB pool, as the seed's addon suite does.
    loadBalancer: { provider: "metallb", mode: "l2" },
    traefik: { enabled: true },
    certManager: {
      enabled: true,
      issuer: { kind: "acme", email: "admin@lab.example", tokenSecretName: "cloudflare-api-token" },
    },
    longhorn: { enabled: true },
    monitoring: { enabled: true, retention: "30d", storageGiB: 50 },
    logging: { enabled: true, storageGiB: 30 },
    argocd: { enabled: true, repoUrl: "https://github.com/example/homelab-gitops.git" },
    velero: { enabled: true, bucket: "velero-production", s3Url: "https://minio.lab.example:9000" },
    externalSecrets: { enabled: true, server: "https://vault.lab.example:8200" },
    rancher: { enabled: true },
  },
});
