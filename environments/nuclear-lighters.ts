import { defineEnvironment } from "../lib/config/schema";
import { ADMIN_SSH_KEY } from "./shared";

/** Kubernetes v1.34.2 as the seed runs it, as a k3s release. */
const K8S_VERSION = "v1.34.2+k3s1";

/** The seed's "Venus Series Mini PC" (nl-pve01, gr-pve01): Minisforum's Venus line; the seed names no manufacturer. */
const VENUS_MINI_PC = { manufacturer: "Minisforum", model: "Venus Series Mini PC" };

/**
 * Nuclear Lighters (the multi-site seed): site nl (primary, 3 Proxmox nodes) and site gr (DR,
 * 2 Proxmox nodes), each with a cluster of 3 control-plane and 4 worker VMs sized as in the seed,
 * Cilium with its BGP control plane peering eBGP (cluster AS65001) with a GoBGP router per site in
 * the backbone AS65000; the two routers peer iBGP over the IPsec mesh.
 *
 * IPv6: 2a0c:9a40:8e20::/48 with a /52 per site and the /56s inside NL. The seed writes the /52s
 * as 8e30::/52, 8e40::/52, ..., which lie outside the /48; the nibble-aligned /52s inside it are
 * 2a0c:9a40:8e20:0000::/52 (NL), :1000::/52 (GR), :2000::/52 (CH), :3000::/52 (NO), :4000::/52
 * (reserved), and the NL /56s 2a0c:9a40:8e20::/56 (infrastructure) and :100::/56 (pods).
 * The seed gives no IPv4 plan; 10.10.0.0/24 (NL) and 10.20.0.0/24 (GR) stand in for it, and
 * since both clusters advertise their pod networks across the backbone, GR's pods and Services move
 * off k3s's defaults (which NL keeps) to 10.44.0.0/16 and 10.45.0.0/16.
 */
export const nuclearLighters = defineEnvironment({
  name: "nuclear-lighters",
  description: "Nuclear Lighters: NL primary and GR disaster-recovery sites",
  sites: [
    {
      name: "nl",
      description: "Netherlands (primary)",
      primary: true,
      proxmox: {
        endpoint: "https://nl-pve01.nl.example.net:8006/",
        nodes: [
          { name: "nl-pve01", cores: 20, memoryMiB: 98304, datastores: ["local-zfs"], snippetsDatastore: "local", hardware: VENUS_MINI_PC },
          // A VM on the Synology DS1621+ (its Virtual Machine Manager), not a machine: no NetBox device.
          { name: "nl-pve02", cores: 8, memoryMiB: 16384, datastores: ["synology-iscsi"], snippetsDatastore: "local" },
          { name: "nl-pve03", cores: 32, memoryMiB: 131072, datastores: ["local-zfs"], snippetsDatastore: "local", hardware: { manufacturer: "Dell", model: "Precision 3680" } },
        ],
      },
      networks: [
        {
          name: "nl-servers",
          bridge: "vmbr0",
          vlan: 10,
          cidr: "10.10.0.0/24",
          gateway: "10.10.0.1",
          dns: ["10.10.0.1"],
          domain: "nl.example.net",
          ipv6: { prefix: "2a0c:9a40:8e20:10::/64", gateway: "2a0c:9a40:8e20:10::1" },
          reserved: [{ start: "10.10.0.200", end: "10.10.0.254", description: "DHCP pool" }],
          description: "NL servers",
        },
      ],
      netboxSite: { name: "NL", slug: "nl" },
    },
    {
      name: "gr",
      description: "Greece (disaster recovery)",
      proxmox: {
        endpoint: "https://gr-pve01.gr.example.net:8006/",
        nodes: [
          { name: "gr-pve01", cores: 20, memoryMiB: 98304, datastores: ["local-zfs"], snippetsDatastore: "local", hardware: VENUS_MINI_PC },
          { name: "gr-pve02", cores: 8, memoryMiB: 32768, datastores: ["local-zfs"], snippetsDatastore: "local", hardware: { manufacturer: "Dell", model: "PowerEdge T110 II" } },
        ],
        // The DR site runs its workers hot: the seed's GR cluster asks more vCPUs than gr-pve02 has.
        overcommit: { cpuRatio: 2, memoryRatio: 1 },
      },
      networks: [
        {
          name: "gr-servers",
          bridge: "vmbr0",
          vlan: 20,
          cidr: "10.20.0.0/24",
          gateway: "10.20.0.1",
          dns: ["10.20.0.1"],
          domain: "gr.example.net",
          ipv6: { prefix: "2a0c:9a40:8e20:1010::/64", gateway: "2a0c:9a40:8e20:1010::1" },
          reserved: [{ start: "10.20.0.200", end: "10.20.0.254", description: "DHCP pool" }],
          description: "GR servers",
        },
      ],
      netboxSite: { name: "GR", slug: "gr" },
    },
  ],
  image: { kind: "template", templateVmId: 9000 },
  clusters: [
    {
      name: "nl",
      site: "nl",
      version: K8S_VERSION,
      network: "nl-servers",
      apiVip: "10.10.0.10",
      loadBalancerPool: { start: "10.10.0.64", end: "10.10.0.95" },
      // The seed's "Advertises: Pod CIDRs, LoadBalancer IPs": the pool and both pod networks go to nl-rtr01.
      bgp: { mode: "cilium", asn: 65001, router: "nl-rtr01", advertisePodCidrs: true },
      // Dual-stack: NL's pods in the /56 the seed gives them (corrected into the /48, see netbox.prefixes),
      // Services in a /112 of the NL site's /52 beside it; IPv4 keeps k3s's defaults (10.42.0.0/16, 10.43.0.0/16).
      podCidrIpv6: "2a0c:9a40:8e20:100::/56",
      serviceCidrIpv6: "2a0c:9a40:8e20:200::/112",
      servers: { count: 3, cores: 4, memoryMiB: 4096, diskGiB: 40, vmIdRange: { start: 1101, end: 1109 }, addressStart: "10.10.0.11", namePrefix: "nl-ctrl" },
      agents: {
        count: 4,
        cores: 4,
        memoryMiB: 8192,
        diskGiB: 80,
        vmIdRange: { start: 1121, end: 1139 },
        addressStart: "10.10.0.21",
        namePrefix: "nl-worker",
        // nl-pve02 (a Synology VM) keeps only a control-plane node.
        nodes: ["nl-pve01", "nl-pve03"],
        overrides: [{ cores: 8 }, { cores: 6 }, { cores: 6 }, { cores: 4 }],
      },
    },
    {
      name: "gr",
      site: "gr",
      version: K8S_VERSION,
      network: "gr-servers",
      apiVip: "10.20.0.10",
      loadBalancerPool: { start: "10.20.0.64", end: "10.20.0.95" },
      bgp: { mode: "cilium", asn: 65001, router: "gr-rtr01", advertisePodCidrs: true },
      // Both sites' pod networks cross the iBGP backbone, so GR cannot keep k3s's defaults, which NL
      // uses; the seed gives no IPv4 plan, so these stand in: beside NL's, on no network of the lab.
      podCidr: "10.44.0.0/16",
      serviceCidr: "10.45.0.0/16",
      servers: { count: 3, cores: 2, memoryMiB: 4096, diskGiB: 40, vmIdRange: { start: 2101, end: 2109 }, addressStart: "10.20.0.11", namePrefix: "gr-ctrl" },
      agents: {
        count: 4,
        cores: 4,
        memoryMiB: 8192,
        diskGiB: 80,
        vmIdRange: { start: 2121, end: 2139 },
        addressStart: "10.20.0.21",
        namePrefix: "gr-worker",
        overrides: [{}, {}, { memoryMiB: 12288 }, {}],
      },
    },
  ],
  vms: [
    { name: "nl-rtr01", site: "nl", role: "router", vmId: 1001, node: "nl-pve01", cores: 2, memoryMiB: 2048, diskGiB: 20, network: "nl-servers", address: "10.10.0.2", description: "GoBGP router, AS65000" },
    { name: "gr-rtr01", site: "gr", role: "router", vmId: 2001, node: "gr-pve01", cores: 2, memoryMiB: 2048, diskGiB: 20, network: "gr-servers", address: "10.20.0.2", description: "GoBGP router, AS65000" },
  ],
  routers: [
    {
      name: "nl-rtr01",
      asn: 65000,
      routerId: "10.10.0.2",
      vm: "nl-rtr01",
      // The BGP session metrics the seed's FRR exporter gives, from gobgp_exporter on its own port.
      metricsPort: 9474,
      // The /48 enters the AS65000 backbone at both sites, for the edges (AS214304) to announce.
      originate: ["2a0c:9a40:8e20::/48"],
      upstreams: [{ address: "10.20.0.2", asn: 65000, description: "gr-rtr01 (iBGP over IPsec)", afiSafis: ["ipv4-unicast", "ipv6-unicast"] }],
    },
    {
      name: "gr-rtr01",
      asn: 65000,
      routerId: "10.20.0.2",
      vm: "gr-rtr01",
      metricsPort: 9474,
      originate: ["2a0c:9a40:8e20::/48"],
      upstreams: [{ address: "10.10.0.2", asn: 65000, description: "nl-rtr01 (iBGP over IPsec)", afiSafis: ["ipv4-unicast", "ipv6-unicast"] }],
    },
  ],
  sshPublicKeys: [ADMIN_SSH_KEY],
  tags: ["nuclear-lighters"],
  netbox: {
    url: "https://netbox.nl.example.net",
    prefixes: [
      { prefix: "2a0c:9a40:8e20::/48", description: "AS214304 IPv6 allocation" },
      { prefix: "2a0c:9a40:8e20::/52", description: "NL site" },
      { prefix: "2a0c:9a40:8e20::/56", description: "NL infrastructure" },
      { prefix: "2a0c:9a40:8e20:100::/56", description: "NL Kubernetes pods" },
      { prefix: "2a0c:9a40:8e20:1000::/52", description: "GR site" },
      { prefix: "2a0c:9a40:8e20:2000::/52", description: "CH edge" },
      { prefix: "2a0c:9a40:8e20:3000::/52", description: "NO edge" },
      { prefix: "2a0c:9a40:8e20:4000::/52", description: "Reserved" },
    ],
  },
  // Per cluster, as in the seed: Cilium as the CNI with the kube-proxy replacement and Hubble, its
  // LB-IPAM handing out the cluster's pool and its BGP control plane announcing it to the site's
  // router (peer and ASNs from clusters[].bgp), ingress-nginx, cert-manager with a Let's Encrypt
  // DNS-01 (Cloudflare) issuer, Prometheus in HA (two replicas, external label site=<site>), Loki,
  // Velero to SeaweedFS's S3, Argo CD from the GitLab repository and External Secrets from OpenBao.
  // Host names and the bucket are placeholders: the seed does not give them.
  platform: {
    cilium: { enabled: true, kubeProxyReplacement: true, hubble: true, bgpControlPlane: true },
    loadBalancer: { provider: "cilium" },
    ingressNginx: { enabled: true },
    certManager: {
      enabled: true,
      issuer: { kind: "acme", email: "hostmaster@nl.example.net", dnsProvider: "cloudflare", tokenSecretName: "cloudflare-api" },
    },
    monitoring: { enabled: true, prometheusReplicas: 2 },
    logging: { enabled: true },
    velero: { enabled: true, bucket: "velero", s3Url: "https://seaweedfs.nl.example.net:8333" },
    argocd: { enabled: true, repoUrl: "https://gitlab.example.net/infrastructure/nl/production.git", path: "k8s/argocd-apps" },
    externalSecrets: { enabled: true, backend: "openbao", server: "https://openbao.nl.example.net:8200" },
  },
  // The seed's GR site is the disaster-recovery site with 2 Proxmox nodes for its 3 control-plane
  // VMs, so one node holds a majority; an accepted risk there, not a mistake to warn about each run.
  acknowledge: [
    {
      path: "clusters[1].servers.nodes",
      reason: "GR is the DR site with two Proxmox nodes (seed: 2x Proxmox, 3 CP + 4 W); losing gr-pve01 loses GR's etcd quorum, and NL, the primary, carries production meanwhile",
    },
  ],
});
