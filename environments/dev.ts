import { defineEnvironment } from "../lib/config/schema";
import { ADMIN_SSH_KEY, MICROK8S_CHANNEL, MICROK8S_CPU_TYPE, labImage, labNetbox, labProxmox, labVlan, microk8sTags, renamedPool } from "./shared";

/** Development: one MicroK8s server at .10 for fast iteration (MicroK8s plan seed: 2 vCPU, 4 GiB, 40 GiB). */
export const dev = defineEnvironment({
  name: "dev",
  description: "Single-node cluster for rapid iteration",
  proxmox: labProxmox,
  networks: [labVlan("dev", 10)],
  image: labImage,
  cpuType: MICROK8S_CPU_TYPE,
  cluster: {
    name: "dev-k3s",
    distribution: "microk8s",
    version: MICROK8S_CHANNEL,
    network: "dev",
    apiVip: "10.20.10.5",
    loadBalancerPool: { start: "10.20.10.40", end: "10.20.10.49" },
    // The seed's names and tags; development keeps the seed's single network interface.
    servers: { count: 1, cores: 2, memoryMiB: 4096, diskGiB: 40, vmIdRange: { start: 1100, end: 1109 }, addressStart: "10.20.10.10", namePrefix: "microk8s-master", tags: microk8sTags("master") },
  },
  // The servers were called dev-k3s-server-<n> before they took the seed's names.
  renamedVms: renamedPool("dev-k3s-server", "microk8s-master", 1),
  sshPublicKeys: [ADMIN_SSH_KEY],
  tags: ["homelab"],
  netbox: labNetbox("dev"),
  // Light: k3s's flannel and local-path, MetalLB L2, Traefik with a self-signed CA; nothing heavy.
  platform: {
    traefik: { enabled: true },
    certManager: { enabled: true },
  },
});
