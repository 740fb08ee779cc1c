import { defineEnvironment } from "../lib/config/schema";
import { ADMIN_SSH_KEY, K3S_VERSION } from "./shared";

/*
 * The Packer → Terraform → Ansible → K3s → Flux seed (seed 004). Two Proxmox hosts, pve1 and pve2;
 * the k3s nodes on VLAN 10 (192.168.10.0/24, gateway .1) from .50, placed pve1/pve2/pve1 with the
 * zone label of their host, named k3s-node-01..03, the third one the storage node; MetalLB hands out
 * .200-.250. Packer builds the VM template on each Proxmox node; Flux follows the master branch at
 * kubernetes/clusters/production.
 *
 * What the seed leaves open is a choice of this file, not of the seed: the hosts' size (the seed
 * names no hardware), the API VIP (.49, below the nodes), the VMIDs (template 9000/9001, nodes
 * 1050-1052) and the node size.
 */
export const gitopsLab = defineEnvironment({
  name: "gitops-lab",
  description: "Packer, Terraform, Ansible, K3s and Flux on two Proxmox hosts",
  proxmox: {
    endpoint: "https://pve1.lab.example:8006/",
    insecure: true,
    nodes: ["pve1", "pve2"].map((name) => ({ name, cores: 16, memoryMiB: 65536, datastores: ["local-lvm"], snippetsDatastore: "local" })),
  },
  networks: [
    {
      name: "k3s",
      bridge: "vmbr0",
      vlan: 10,
      cidr: "192.168.10.0/24",
      gateway: "192.168.10.1",
      dns: ["192.168.10.1"],
      description: "VLAN 10 (K3s)",
    },
  ],
  // VM templates on each Proxmox node, built by `homelab image gitops-lab` (Packer).
  image: {
    kind: "template",
    templateVmId: 9000,
    placement: "perNode",
    build: {
      source: "proxmox-iso",
      isoFile: "local:iso/ubuntu-24.04.3-live-server-amd64.iso",
      templateName: "ubuntu-2404-k3s",
      packages: ["curl", "nfs-common", "open-iscsi"],
    },
  },
  cluster: {
    name: "production",
    version: K3S_VERSION,
    network: "k3s",
    apiVip: "192.168.10.49",
    loadBalancerPool: { start: "192.168.10.200", end: "192.168.10.250", description: "MetalLB pool" },
    servers: {
      count: 3,
      cores: 4,
      memoryMiB: 8192,
      diskGiB: 100,
      vmIdRange: { start: 1050, end: 1059 },
      addressStart: "192.168.10.50",
      nodes: ["pve1", "pve2", "pve1"],
      namePrefix: "k3s-node",
      nameDigits: 2,
      labels: { "node-role": "general" },
      overrides: [{}, {}, { labels: { "node-role": "storage" } }],
    },
  },
  sshPublicKeys: [ADMIN_SSH_KEY],
  tags: ["homelab"],
  platform: {
    traefik: { enabled: true },
    certManager: { enabled: true, issuer: { kind: "acme", email: "admin@lab.example", tokenSecretName: "cloudflare-api-token" } },
    longhorn: { enabled: true, replicaCounts: [1, 2], defaultClass: "longhorn-r2" },
    monitoring: { enabled: true },
    logging: { enabled: true, shipper: "alloy" },
    // The seed names CNPG, external-dns to Cloudflare and NFS PVCs on an external NAS, but no S3 target,
    // zone or NAS address: lab.example placeholders stand in, and CNPG backups stay off until a target is named.
    cnpg: { enabled: true, backup: { enabled: false } },
    externalDns: { enabled: true, apiTokenSecret: { name: "cloudflare-api-token" }, domainFilters: ["lab.example"] },
    nfs: { enabled: true, server: "nas.lab.example", path: "/mnt/media", storageClass: "nfs-media" },
    replicator: { enabled: true },
    // The seed's security row: Authentik (its PostgreSQL in the CNPG Cluster above, on the external-dns zone),
    // CrowdSec reading Traefik's logs and, through its Traefik bouncer, blocking what it bans in front of the
    // ingress, and Bitwarden Secrets Manager behind External Secrets, whose secrets kube-replicator spreads.
    // The seed names no Bitwarden organization or project: the IDs are placeholders.
    authentik: { enabled: true, hostname: "auth.lab.example" },
    // The bouncer's key: Secret crowdsec/crowdsec-bouncer-key (key api-key), made out of band.
    crowdsec: { enabled: true, enrollKeySecret: { name: "crowdsec-enroll-key" }, bouncer: { enabled: true } },
    externalSecrets: {
      enabled: true,
      backend: "bitwarden",
      organizationId: "00000000-0000-4000-8000-000000000001",
      projectId: "00000000-0000-4000-8000-000000000002",
    },
    // `homelab gitops gitops-lab` writes kubernetes/clusters/production/{flux-system,ks/}; the seed
    // names the first two layers and the last, the rest of its "..." is left to the user.
    flux: {
      enabled: true,
      repoUrl: "https://github.com/example/homelab-gitops.git",
      branch: "master",
      path: "./kubernetes/clusters/production",
      layers: [{ name: "00-infrastructure" }, { name: "10-metallb-install" }, { name: "20-metallb-config" }, { name: "90-apps" }],
    },
  },
  // The seed runs three control-plane nodes on its two Proxmox hosts (pve1, pve2, pve1): losing pve1
  // loses etcd quorum. Accepted as the seed has it; a third host is the fix.
  acknowledge: [{ path: "cluster.servers.nodes", reason: "the seed's lab has two Proxmox hosts for three k3s servers; a third host would remove the single point" }],
});
