import { defineEnvironment } from "../lib/config/schema";
import { ADMIN_SSH_KEY, K3S_VERSION } from "./shared";

/**
 * ORION: one Dell R730 running Proxmox, bridge vmbr1 on 192.168.100.0/24 (the ORION seed).
 * VM 200 router, 300 AI agent, 500 NetBox, 600 the k3s server and 601-603 its agents; Backstage
 * is served from the LoadBalancer pool at 192.168.100.40.
 */
export const orion = defineEnvironment({
  name: "orion",
  description: "ORION Dell R730 lab",
  proxmox: {
    endpoint: "https://orion.lab.example:8006/",
    insecure: true,
    nodes: [
      {
        name: "r730",
        cores: 56,
        memoryMiB: 262144,
        datastores: ["local-lvm"],
        snippetsDatastore: "local",
        // The seed's NetBox DCIM: the R730 (service tag CQ5QBM2) in rack Dell-R730-Rack.
        hardware: {
          manufacturer: "Dell",
          model: "PowerEdge R730",
          rack: "Dell-R730-Rack",
          serial: "CQ5QBM2",
        },
      },
    ],
  },
  networks: [
    {
      name: "lan",
      bridge: "vmbr1",
      cidr: "192.168.100.0/24",
      gateway: "192.168.100.1",
      dns: ["192.168.100.1"],
      domain: "orion.lab",
      ipv6: { prefix: "2602:f674:1000::/64", gateway: "2602:f674:1000::1" },
      reserved: [
        {
          start: "192.168.100.200",
          end: "192.168.100.254",
          description: "DHCP pool",
        },
      ],
      description: "LAN",
      // The router VM routes the LAN: clients reach GoBGP at .1 (and 2602:f674:1000::1).
      gatewayVm: "orion-router",
    },
    {
      // The Telus hand-off where the router meets its three AS6939 peers (2602:f674::ffff/fffe/fffd).
      // The seed gives it no IPv4 subnet, so it is IPv6-only; nor a bridge, so vmbr0, the host's
      // default bridge, carries it. The router's default IPv6 route leaves by the primary peer.
      name: "uplink",
      bridge: "vmbr0",
      ipv6: { prefix: "2602:f674::/64", gateway: "2602:f674::ffff" },
      description: "Telus uplink",
    },
  ],
  image: { kind: "template", templateVmId: 9000 },
  cluster: {
    name: "orion-k3s",
    version: K3S_VERSION,
    network: "lan",
    apiVip: "192.168.100.10",
    loadBalancerPool: { start: "192.168.100.40", end: "192.168.100.49" },
    servers: {
      count: 1,
      cores: 4,
      memoryMiB: 8192,
      diskGiB: 60,
      vmIdRange: { start: 600, end: 600 },
      addressStart: "192.168.100.60",
    },
    // MetalLB speaks eBGP from a private AS to the GoBGP router (AS394955), announcing the LB pool.
    bgp: { mode: "metallb", asn: 64512, router: "orion-router" },
    agents: {
      count: 3,
      cores: 4,
      memoryMiB: 16384,
      diskGiB: 100,
      vmIdRange: { start: 601, end: 609 },
      addressStart: "192.168.100.61",
      namePrefix: "orion-k3s-worker",
      // The seed's worker duties: 601 general workloads, 602 stateful apps (databases), 603 the monitoring stack.
      overrides: [
        { labels: { "orion.lab/workload": "general" } },
        { labels: { "orion.lab/workload": "stateful" } },
        { labels: { "orion.lab/workload": "monitoring" } },
      ],
    },
  },
  vms: [
    {
      name: "orion-router",
      role: "router",
      vmId: 200,
      node: "r730",
      cores: 2,
      memoryMiB: 2048,
      diskGiB: 20,
      network: "lan",
      address: "192.168.100.1",
      // Its second NIC on the Telus hand-off; ::1, below the peers at ::ffff, ::fffe and ::fffd.
      nics: [{ network: "uplink", address: "2602:f674::1" }],
      description: "GoBGP router, AS394955",
    },
    {
      name: "orion-ai-agent",
      role: "ai-agent",
      vmId: 300,
      node: "r730",
      cores: 4,
      memoryMiB: 8192,
      diskGiB: 50,
      network: "lan",
      address: "192.168.100.30",
      description: "AI agent: cluster health, GoBGP and NetBox automation",
    },
    {
      name: "orion-netbox",
      role: "netbox",
      vmId: 500,
      node: "r730",
      cores: 4,
      memoryMiB: 8192,
      diskGiB: 100,
      network: "lan",
      address: "192.168.100.50",
      tags: ["ipam", "infrastructure"],
      description: "ORION-NetBox (IPAM)",
    },
  ],
  // The ORION seed's router: GoBGP on VM 200, AS394955, three IPv6 sessions to Telus (AS6939).
  routers: [
    {
      name: "orion-router",
      asn: 394955,
      routerId: "100.64.0.1",
      vm: "orion-router",
      // Announce the /48 to Telus and nothing else (export policy in gobgpd.toml).
      originate: ["2602:f674::/48"],
      // gobgp_exporter's own port; the seed's 9100 is node_exporter's, already taken on every VM.
      metricsPort: 9474,
      upstreams: [
        {
          address: "2602:f674::ffff",
          asn: 6939,
          description: "Telus Gateway 1 - Primary",
          holdTimeSeconds: 90,
          keepaliveIntervalSeconds: 30,
          afiSafis: ["ipv6-unicast"],
        },
        {
          address: "2602:f674::fffe",
          asn: 6939,
          description: "Telus Gateway 2 - Secondary",
          afiSafis: ["ipv6-unicast"],
        },
        {
          address: "2602:f674::fffd",
          asn: 6939,
          description: "Telus Gateway 3 - Tertiary",
          afiSafis: ["ipv6-unicast"],
        },
      ],
    },
  ],
  sshPublicKeys: [ADMIN_SSH_KEY],
  tags: ["orion"],
  netbox: {
    url: "http://192.168.100.50:8000",
    // As in the ORION seed: NetBox listens on plain http inside the lab network.
    allowInsecureHttp: true,
    site: { name: "ORION-Datacenter", slug: "orion-datacenter" },
    prefixes: [
      { prefix: "192.168.200.0/24", description: "Guest" },
      { prefix: "2602:f674::/48", description: "IPv6 allocation" },
      { prefix: "2602:f674:2000::/64", description: "Guest (IPv6)" },
    ],
  },
  // As in the ORION seed: MetalLB hands out the LB pool (Backstage at 192.168.100.40, the ingress at
  // its last address) and announces it over BGP to the GoBGP router, which cluster.bgp names (mode,
  // ASN and peer come from there); Traefik, cert-manager, kube-prometheus-stack with the ORION alert
  // rules, Longhorn on the workers, Argo CD.
  platform: {
    // "CNI: Cilium (instead of Flannel)": eBPF service handling replaces kube-proxy, Hubble for observability.
    cilium: { enabled: true, kubeProxyReplacement: true, hubble: true },
    loadBalancer: { provider: "metallb" },
    traefik: { enabled: true },
    certManager: { enabled: true },
    longhorn: { enabled: true },
    monitoring: { enabled: true, orionAlertRules: true },
    logging: { enabled: true },
    argocd: {
      enabled: true,
      repoUrl: "https://github.com/example/orion-gitops.git",
      path: "clusters/orion",
    },
  },
});
