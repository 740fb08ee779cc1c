import type { SeedLedger } from "./types";

const GATEWAY_VM = "#11 model growth: a VM as a network's gateway";
const SEVERAL_NICS = "#11 model growth: several NICs per VM";
const ORIGINATE = "#11 model growth: router originate prefixes with an export policy";
const HOST_DEVICES = "#11 model growth: NetBox devices for Proxmox hosts";
const BGP_EXPORTER = "#11 model growth: router BGP metrics exporter";
const POD_CIDRS = "#11 model growth: pod/service CIDRs per cluster";
const POOL_OVERRIDES = "#13 per-VM pool overrides: names/labels by position";

/** ORION: Dell R730 with GoBGP, NetBox and K3s. */
export const orion: SeedLedger = {
  seed: "orion",
  file: "000_b0790d78c05c9cb2.txt",
  title: "ORION: Dell R730 with GoBGP, NetBox and K3s",
  environments: ["orion"],
  facts: [
    // VMs and their sizes
    { id: "netbox-vm", fact: "NetBox VM: ID, name", seedValue: "VM 500, ORION-NetBox", where: "vms[orion-netbox].vmId (proxmox_virtual_environment_vm)", correction: "named orion-netbox: Proxmox VM names must be DNS labels (lower case)" },
    { id: "netbox-size", fact: "NetBox VM size", seedValue: "4 cores, 8192 MB RAM, 100 GB disk", where: "vms[orion-netbox] cores, memoryMiB, diskGiB" },
    { id: "netbox-address", fact: "NetBox VM address on the LAN bridge", seedValue: "192.168.100.50/24 (vmbr1)", where: "vms[orion-netbox].address, networks[lan].bridge (cloud-init ip_config, network_device)" },
    { id: "netbox-tags", fact: "NetBox VM tags", seedValue: "ipam, infrastructure", where: "vms[orion-netbox].tags (Proxmox tags)" },
    { id: "netbox-web-ui", fact: "NetBox web UI the automation talks to", seedValue: "192.168.100.50:8000", where: "netbox.url (netbox provider server_url)" },
    { id: "netbox-os", fact: "NetBox VM OS", seedValue: "Ubuntu 24.04 LTS", outOfScope: "the OS is the clone template's (VMID 9000), built outside the project (Packer or by hand)" },
    { id: "netbox-services", fact: "NetBox services", seedValue: "PostgreSQL 16, Redis 7, nginx", outOfScope: "installed by the netbox role's upstream packaging; the project pins no database versions" },
    { id: "router-vm", fact: "router VM ID", seedValue: "VM 200", where: "vms[orion-router].vmId" },
    { id: "router-lan-gateway", fact: "router VM is the LAN gateway (clients reach GoBGP at .1)", seedValue: "192.168.100.1, 2602:F674:1000::1", pending: GATEWAY_VM },
    { id: "router-uplink", fact: "router reaches the Telus peers on 2602:F674:0000::/64 (a second, upstream NIC)", seedValue: "2602:F674:0000::ffff/fffe/fffd reachable from VM 200", pending: SEVERAL_NICS },
    { id: "ai-agent-vm", fact: "AI agent VM ID", seedValue: "VM 300", where: "vms[orion-ai-agent].vmId" },
    { id: "macos-vm", fact: "macOS Sequoia development VM", seedValue: "VM 100", outOfScope: "a macOS guest has no cloud-init image to clone; it stays hand-installed" },
    { id: "retired-vms", fact: "Backstage and Vapor API VMs replaced by pods", seedValue: "VM 400, VM 401 (former)", outOfScope: "VMs the seed retires; nothing to create" },
    // Kubernetes
    { id: "k3s-master", fact: "one K3s master: ID and size", seedValue: "VM 600, 4 cores, 8 GB RAM", where: "cluster.servers (count 1, cores, memoryMiB, vmIdRange 600)" },
    { id: "k3s-workers", fact: "three K3s workers: IDs and size", seedValue: "VMs 601-603, 4 cores, 16 GB RAM each", where: "cluster.agents (count 3, cores, memoryMiB, vmIdRange from 601)" },
    { id: "k3s-distribution", fact: "Kubernetes distribution, installed by Ansible", seedValue: "K3s (roles k3s-master, k3s-worker)", where: "cluster.distribution k3s (inventory k8s_distribution; roles k3s_server, k3s_agent)" },
    { id: "k3s-embedded-etcd", fact: "the master runs etcd", seedValue: "etcd on VM 600", where: "inventory k3s_cluster_init on the first server (k3s --cluster-init, embedded etcd)" },
    { id: "worker-roles", fact: "worker duties", seedValue: "601 general, 602 stateful apps (databases), 603 monitoring stack", pending: POOL_OVERRIDES },
    { id: "cni-cilium", fact: "CNI", seedValue: "Cilium (instead of Flannel)", where: "platform.cilium (cilium release; inventory k8s_cni cilium, so k3s starts without flannel)" },
    { id: "cilium-kube-proxy-replacement", fact: "Cilium for better performance: eBPF service handling", seedValue: "Cilium, better performance", where: "platform.cilium.kubeProxyReplacement (cilium values; inventory k8s_kube_proxy_replacement, so k3s runs with disable-kube-proxy)" },
    { id: "cilium-observability", fact: "Cilium for observability", seedValue: "Observability", where: "platform.cilium.hubble (cilium values hubble.enabled)" },
    { id: "pod-service-cidrs", fact: "cluster pod and service networks", seedValue: "k3s defaults (not stated)", pending: POD_CIDRS },
    { id: "traefik", fact: "ingress controller on the cluster", seedValue: "Traefik ingress controller", where: "platform.traefik (traefik release)" },
    { id: "longhorn", fact: "distributed block storage, replicated across workers", seedValue: "Longhorn", where: "platform.longhorn (longhorn release, replicated classes)" },
    { id: "backstage-lb-address", fact: "Backstage LoadBalancer address", seedValue: "192.168.100.40", where: "cluster.loadBalancerPool start (MetalLB IPAddressPool)" },
    { id: "monitoring-stack", fact: "monitoring stack on K8s", seedValue: "Prometheus, Grafana, AlertManager, node exporters", where: "platform.monitoring (kube-prometheus-stack release)" },
    { id: "node-exporter-everywhere", fact: "Prometheus scrapes node exporter on all VMs", seedValue: "Node Exporter (all VMs)", where: "node_exporter role on every host; kube-prometheus-stack additionalScrapeConfigs from the Topology" },
    { id: "alert-rules", fact: "alert rules and their hold times", seedValue: "BGPSessionDown 5m, VMHighCPU > 90 10m, K8sPodCrashLoop restarts > 5 5m", where: "platform.monitoring.orionAlertRules (PrometheusRule orion-infrastructure)", correction: "BGPSessionDown watches MetalLB's metallb_bgp_session_up: the seed's gobgp_peer_state needs the GoBGP exporter, still pending" },
    { id: "workloads", fact: "application workloads on K8s", seedValue: "Backstage (2 replicas, PVC 50GB), Vapor API (3 replicas), Redis, PostgreSQL, RabbitMQ, MinIO", outOfScope: "applications, deployed from the GitOps repository (k8s/), not by the platform stack" },
    // GoBGP
    { id: "router-asn", fact: "router's AS and router ID", seedValue: "AS394955, router-id 100.64.0.1", where: "routers[orion-router].asn, routerId (gobgpd.toml global.config)" },
    { id: "telus-peers", fact: "three upstream IPv6 peers in AS6939", seedValue: "2602:F674:0000::ffff, ::fffe, ::fffd, peer-as 6939", where: "routers[orion-router].upstreams (gobgpd.toml neighbors)", correction: "AS6939 is Hurricane Electric, not Telus; the peer AS is kept (the session needs it) and the seed's descriptions are kept as written" },
    { id: "telus-peer-descriptions", fact: "upstream peer descriptions", seedValue: "Telus Gateway 1 - Primary, 2 - Secondary, 3 - Tertiary", where: "routers[orion-router].upstreams[].description" },
    { id: "telus-primary-timers", fact: "primary peer timers", seedValue: "hold-time 90, keepalive-interval 30", where: "upstreams[0].holdTimeSeconds, keepaliveIntervalSeconds (gobgpd.toml neighbors.timers)" },
    { id: "upstream-afi-safi", fact: "address family of the upstream sessions", seedValue: "ipv6-unicast", where: "upstreams[].afiSafis" },
    { id: "bgp-port", fact: "gobgpd BGP port", seedValue: "Port 179", where: "routers[].listenPort default 179 (gobgpd.toml global.config.port)" },
    { id: "gobgp-grpc-port", fact: "gobgpd gRPC API port", seedValue: "Port 50051", where: "gobgp role gobgp_api_hosts (127.0.0.1:50051)", correction: "bound to loopback, not the LAN: the seed plans API authentication and mTLS, which gobgpd's gRPC API does not offer on its own" },
    { id: "gobgp-version", fact: "GoBGP release the tarball install fetches", seedValue: "v3.20.0, gobgp_3.20.0_linux_amd64.tar.gz", where: "gobgp role gobgp_version and gobgp_tarball_url", correction: "the role installs the distribution's gobgpd package by default; the tarball path needs the release's sha256 from the user (not shipped: unverified here)" },
    { id: "gobgp-config-path", fact: "GoBGP configuration file", seedValue: "/etc/gobgp/gobgpd.toml", where: "gobgp role gobgp_config_file" },
    { id: "gobgp-rest-api", fact: "GoBGP REST wrapper", seedValue: "Port 8080, /v1/neighbors, /v1/routes", outOfScope: "a Go service the seed still has to write; not part of GoBGP" },
    { id: "gobgp-exporter", fact: "GoBGP Prometheus exporter on the router", seedValue: "Port 9100, BGP session state, route counts", pending: BGP_EXPORTER },
    { id: "announce-allocation", fact: "router announces the IPv6 allocation", seedValue: "2602:F674::/48, AS path 394955", pending: ORIGINATE },
    // NetBox data model
    { id: "netbox-site", fact: "NetBox site", seedValue: "ORION-Datacenter", where: "netbox.site (netbox_site)" },
    { id: "lan-prefix", fact: "LAN prefix", seedValue: "192.168.100.0/24 (LAN)", where: "networks[lan].cidr (netbox_prefix)" },
    { id: "guest-prefix", fact: "guest prefix", seedValue: "192.168.200.0/24 (Guest)", where: "netbox.prefixes (netbox_prefix)" },
    { id: "ipv6-allocation", fact: "IPv6 allocation", seedValue: "2602:F674::/48", where: "netbox.prefixes (netbox_prefix)" },
    {
      id: "lan-ipv6-prefix",
      fact: "LAN IPv6 prefix",
      seedValue: "2602:F674:1000::/64 (LAN), inside 2602:F674::/48",
      where: "networks[lan].ipv6.prefix (cloud-init ip_config, netbox_prefix)",
      correction: "2602:f674:1000::/64 lies outside 2602:f674::/48 (which spans 2602:f674:0000:: only); the /64 inside it would be 2602:f674:0:1000::/64. Kept as the seed writes it, because the router's routes and the LAN's addresses use it",
    },
    {
      id: "guest-ipv6-prefix",
      fact: "guest IPv6 prefix",
      seedValue: "2602:F674:2000::/64 (Guest), inside 2602:F674::/48",
      where: "netbox.prefixes (netbox_prefix)",
      correction: "outside 2602:f674::/48 like the LAN /64; inside it would be 2602:f674:0:2000::/64. Kept as written, registered in NetBox",
    },
    { id: "netbox-vms", fact: "VMs in NetBox", seedValue: "ORION-Router (200), ORION-AI-Agent (300), ORION-NetBox (500), K3s master (600), workers (601-603)", where: "netbox_virtual_machine per VM" },
    { id: "r730-device", fact: "the host as a NetBox device", seedValue: "Dell R730 (CQ5QBM2), Server, Hypervisor, 8 NICs (eno1-eno6, enp3s0f0-1), rack Dell-R730-Rack", pending: HOST_DEVICES },
    { id: "telus-circuit", fact: "upstream circuit", seedValue: "Telus Fiber (10Gbps), AS6939, 3 IPv6 peers", outOfScope: "NetBox circuits are not modelled; the peers are in the router config" },
    // Tooling
    { id: "terraform-ansible-flow", fact: "Terraform creates VMs, its output feeds Ansible", seedValue: "terraform output -json > ansible/inventory; ansible-playbook site.yml", where: "infra stack output ansible_inventory; ansible/playbooks/site.yml" },
    { id: "state-backend", fact: "Terraform state backend", seedValue: "Consul/S3", outOfScope: "the seed leaves it open; orion keeps local state, an environment may name an s3, pg or http backend" },
    { id: "vault", fact: "secret management", seedValue: "Vault (optional), Ansible Vault", outOfScope: "optional in the seed; the k3s token comes from random_password or Ansible Vault" },
  ],
};
