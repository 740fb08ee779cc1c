import { defineEnvironment } from "../lib/config/schema";
import { ADMIN_SSH_KEY, MICROK8S_CHANNEL, MICROK8S_CPU_TYPE, labImage, labManagement, labNetbox, labProxmox, labVlan, microk8sTags, renamedPool } from "./shared";

/** Staging (MicroK8s, first master at .10): three HA servers, one per Proxmox node (MicroK8s plan seed: 4 vCPU, 8 GiB, 60 GiB). */
export const staging = defineEnvironment({
  name: "staging",
  description: "HA control plane for failover testing",
  proxmox: labProxmox,
  // The seed's enable_management_network: a second NIC on the management bridge.
  networks: [labVlan("staging", 20), labManagement("staging", 120)],
  image: labImage,
  cpuType: MICROK8S_CPU_TYPE,
  cluster: {
    name: "staging-k3s",
    distribution: "microk8s",
    version: MICROK8S_CHANNEL,
    network: "staging",
    apiVip: "10.20.20.5",
    loadBalancerPool: { start: "10.20.20.40", end: "10.20.20.59" },
    servers: {
      count: 3,
      cores: 4,
      memoryMiB: 8192,
      diskGiB: 60,
      vmIdRange: { start: 2100, end: 2109 },
      addressStart: "10.20.20.10",
      namePrefix: "microk8s-master",
      tags: microk8sTags("master"),
      nics: [{ network: "management", addressStart: "10.20.120.10" }],
    },
  },
  // The servers were called staging-k3s-server-<n> before they took the seed's names.
  renamedVms: renamedPool("staging-k3s-server", "microk8s-master", 3),
  sshPublicKeys: [ADMIN_SSH_KEY],
  tags: ["homelab"],
  netbox: labNetbox("staging"),
  // Three nodes: Longhorn with one and two replicas, the observability stack, Flux as in the K3s+Flux seed.
  platform: {
    traefik: { enabled: true },
    certManager: { enabled: true },
    longhorn: { enabled: true },
    monitoring: { enabled: true },
    logging: { enabled: true },
    // The seed delivers with Argo CD (its Ansible deploys Rancher and Argo CD), not Flux.
    argocd: { enabled: true, repoUrl: "https://github.com/example/homelab-gitops.git" },
  },
});
