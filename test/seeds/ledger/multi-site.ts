import type { SeedLedger } from "./types";

const POD_CIDRS = "#11 model growth: pod/service CIDRs per cluster";
const PHYSICAL = "physical or hosted network gear (Cisco ASA firewalls, FRR edge VPSs, IPsec tunnels between sites) is configured outside Proxmox and this project";

/** Nuclear Lighters: two sites, Cilium BGP, GitOps. */
export const multiSite: SeedLedger = {
  seed: "multi-site",
  file: "001_83d93bbbb727ebb3.txt",
  title: "Nuclear Lighters: two sites, Cilium BGP, GitOps",
  environments: ["nuclear-lighters"],
  facts: [
    // Sites and hosts
    { id: "sites", fact: "sites running Proxmox and Kubernetes", seedValue: "NL (primary), GR (disaster recovery)", where: "sites[nl] (primary), sites[gr] (one proxmox provider alias and NetBox site each)" },
    { id: "nl-proxmox-nodes", fact: "NL Proxmox nodes", seedValue: "nl-pve01 (20 threads, 96 GB), nl-pve02 (8 cores, 16 GB), nl-pve03 (32 threads, 128 GB)", where: "sites[nl].proxmox.nodes (cores, memoryMiB; capacity checks)" },
    { id: "gr-proxmox-nodes", fact: "GR Proxmox nodes", seedValue: "gr-pve01 (20 threads, 96 GB), gr-pve02 (8 threads, 32 GB)", where: "sites[gr].proxmox.nodes" },
    { id: "edge-sites", fact: "edge sites on hosted VPSs with FRR", seedValue: "CH (Zürich, iFog), NO (Oslo, Gigahost)", outOfScope: PHYSICAL },
    {
      id: "host-hardware",
      fact: "Proxmox hosts' hardware as NetBox devices",
      seedValue: "nl-pve01, gr-pve01 Venus Series Mini PC; nl-pve03 Dell Precision 3680; gr-pve02 Dell PowerEdge T110 II",
      where: "sites[].proxmox.nodes[].hardware (netbox_device per node, role Hypervisor, device types by model)",
      correction: "the seed names no manufacturer for the Venus Series Mini PC; it is Minisforum's line",
    },
    { id: "host-storage", fact: "hosts' storage", seedValue: "NVMe ZFS (nl-pve01, nl-pve03, gr-pve01), SSD ZFS (gr-pve02), NAS iSCSI (nl-pve02)", where: "sites[].proxmox.nodes[].datastores local-zfs / synology-iscsi (VM disks' datastore_id)" },
    { id: "nas-host", fact: "nl-pve02 runs as a VM on the Synology DS1621+", seedValue: "Synology DS1621+ VM, Ryzen V1500B", outOfScope: "nl-pve02 is a virtual machine on the NAS, not a machine of its own, so it gets no NetBox device; the NAS itself is not a Proxmox node, and NetBox devices are made only from Proxmox nodes' and bare-metal hosts' hardware" },
    // Clusters
    { id: "cluster-per-site", fact: "one Kubernetes cluster per site", seedValue: "nl and gr, 2 clusters, 14 nodes", where: "clusters[nl], clusters[gr] (one platform provider set per cluster)" },
    { id: "nodes-per-cluster", fact: "control-plane and worker nodes per cluster", seedValue: "7 per cluster: 3 CP + 4 W", where: "clusters[].servers.count 3, agents.count 4" },
    { id: "nl-control-plane-size", fact: "NL control-plane size", seedValue: "4 CPU, 4 GB RAM each", where: "clusters[nl].servers (cores, memoryMiB)" },
    { id: "nl-worker-sizes", fact: "NL worker sizes", seedValue: "8/6/6/4 CPU, 8 GB each", where: "clusters[nl].agents.overrides (cores by position)" },
    { id: "gr-control-plane-size", fact: "GR control-plane size", seedValue: "2 CPU, 4 GB RAM each", where: "clusters[gr].servers" },
    { id: "gr-worker-sizes", fact: "GR worker sizes", seedValue: "4 CPU each; 8/8/12/8 GB", where: "clusters[gr].agents.overrides (memoryMiB by position)" },
    { id: "kubernetes-version", fact: "Kubernetes version", seedValue: "K8s v1.34.2", where: "clusters[].version v1.34.2+k3s1 (inventory k3s_version)", correction: "the seed runs upstream Kubernetes; the project installs it as k3s v1.34.2+k3s1, the same Kubernetes release" },
    { id: "pod-cidrs", fact: "Kubernetes pod CIDRs advertised over BGP, NL pods in an IPv6 /56", seedValue: "Pod CIDRs; 2a0c:9a40:8e21::/56 NL Kubernetes Pods", pending: POD_CIDRS },
    // CNI and LB
    { id: "cilium", fact: "CNI and its version", seedValue: "Cilium v1.18.4 (eBPF)", where: "platform.cilium; charts.ts cilium 1.18.4 (cilium release per cluster)" },
    { id: "kube-proxy-replacement", fact: "Cilium replaces kube-proxy", seedValue: "kube-proxy replacement", where: "platform.cilium.kubeProxyReplacement (cilium values; inventory k8s_kube_proxy_replacement: k3s with disable-kube-proxy)" },
    { id: "lb-ipam-bgp", fact: "LoadBalancer services through Cilium LB-IPAM, announced over BGP", seedValue: "Cilium LB-IPAM + BGP", where: "platform.loadBalancer cilium, clusters[].bgp mode cilium (CiliumLoadBalancerIPPool, CiliumBGPClusterConfig)" },
    { id: "no-l2-with-bgp", fact: "addresses are announced over BGP (no ARP announcements)", seedValue: "LoadBalancer services via BGP", where: "cilium values l2announcements off when the cluster announces over BGP" },
    { id: "hubble", fact: "Hubble flow visibility", seedValue: "Hubble, hubble_flows_processed_total", where: "platform.cilium.hubble (cilium values)" },
    { id: "clustermesh", fact: "Cilium ClusterMesh between the clusters", seedValue: "ClusterMesh nl <-> gr, global services, mTLS", outOfScope: "ClusterMesh needs routed pod networks between the sites over the IPsec mesh, which this project does not build" },
    { id: "spire-mtls", fact: "service mesh", seedValue: "Cilium mTLS + SPIRE", outOfScope: "not part of the platform components the project installs" },
    // BGP
    { id: "cluster-asn", fact: "Kubernetes nodes' AS, per site", seedValue: "AS65001 (per site, isolated)", where: "clusters[].bgp.asn (CiliumBGPClusterConfig localASN)" },
    { id: "backbone-asn", fact: "internal backbone AS of the routers", seedValue: "AS65000", where: "routers[].asn (gobgpd.toml global.config.as)", correction: "the seed's backbone routers (FRR route reflectors, Cisco ASAs) are stood in for by one GoBGP router VM per site in AS65000" },
    { id: "cluster-peers-router", fact: "the site's backbone speaks eBGP to the Cilium nodes", seedValue: "ASA (AS65000) <-eBGP-> Cilium nodes (AS65001)", where: "clusters[].bgp.router (gobgpd.toml neighbors per node, peer-as 65001)" },
    { id: "ibgp-between-sites", fact: "iBGP between the sites' routers", seedValue: "iBGP AS65000 full mesh via IPsec", where: "routers[].upstreams (nl-rtr01 <-> gr-rtr01, peer-as 65000)" },
    { id: "route-reflectors", fact: "route reflectors and their clients", seedValue: "RR nl-rtr01/02, gr-rtr01/02; clients ch-edge, no-edge, NL-ASA, GR-ASA", outOfScope: PHYSICAL },
    { id: "public-asn", fact: "public AS and upstreams", seedValue: "AS214304; AS34927 (iFog), AS56655 (Gigahost)", outOfScope: PHYSICAL },
    {
      id: "announce-allocation",
      fact: "the /48 announced to the Internet",
      seedValue: "Announces 2a0c:9a40:8e20::/48",
      where: "routers[nl-rtr01, gr-rtr01].originate (gobgp_originate: gobgpd.service adds it to the RIB; the iBGP upstream carries ipv6-unicast and gets no export filter)",
      correction: "the seed's Internet sessions run on ch-edge and no-edge (AS214304, out of scope); the project's backbone routers originate the /48 into AS65000 at both sites, from where the edges announce it",
    },
    { id: "ipsec-mesh", fact: "IPsec VPN mesh between sites", seedValue: "12 tunnels connecting all sites", outOfScope: PHYSICAL },
    // IPv6 plan
    { id: "ipv6-allocation", fact: "IPv6 allocation", seedValue: "2a0c:9a40:8e20::/48", where: "netbox.prefixes (netbox_prefix)" },
    { id: "nl-site-prefix", fact: "NL site prefix and its infrastructure /56", seedValue: "2a0c:9a40:8e20::/52 (NL), 2a0c:9a40:8e20::/56 (NL Infrastructure)", where: "netbox.prefixes" },
    {
      id: "site-prefixes",
      fact: "per-site /52s",
      seedValue: "2a0c:9a40:8e30::/52 GR, 8e40::/52 CH, 8e50::/52 NO, 8e60::/52 reserved",
      where: "netbox.prefixes",
      correction: "those /52s lie outside the /48 (it spans 2a0c:9a40:8e20:0000:: to :ffff::); the nibble-aligned /52s inside it are 2a0c:9a40:8e20:1000::/52 (GR), :2000::/52 (CH), :3000::/52 (NO), :4000::/52 (reserved)",
    },
    { id: "nl-pods-prefix", fact: "NL Kubernetes pods /56", seedValue: "2a0c:9a40:8e21::/56", where: "netbox.prefixes", correction: "outside the /48 as well; inside it: 2a0c:9a40:8e20:100::/56" },
    // Platform
    { id: "ingress-nginx", fact: "ingress controller and version", seedValue: "NGINX Ingress v1.14.1", where: "platform.ingressNginx; charts.ts ingress-nginx 4.14.1 (controller v1.14.1)" },
    { id: "cert-manager", fact: "TLS automation and version", seedValue: "cert-manager v1.17.1", where: "platform.certManager; charts.ts cert-manager", correction: "the project pins v1.19.1, newer, for every environment (one pin per chart)" },
    { id: "letsencrypt-dns01", fact: "Let's Encrypt wildcard certificates, DNS-01, Cloudflare token", seedValue: "Let's Encrypt, DNS-01, secret cloudflare-api", where: "platform.certManager.issuer acme (ClusterIssuer letsencrypt, dns01 cloudflare)" },
    { id: "monitoring-version", fact: "monitoring stack version", seedValue: "kube-prometheus-stack v79.10.0 (Prometheus, Grafana, Alertmanager)", where: "platform.monitoring; charts.ts kube-prometheus-stack 79.10.0" },
    { id: "prometheus-ha", fact: "Prometheus in HA per site, labelled with its site", seedValue: "HA: 2 pods, site: nl / site: gr", where: "platform.monitoring.prometheusReplicas 2; externalLabels site from the cluster's site" },
    { id: "thanos", fact: "Thanos sidecar, store and query across sites", seedValue: "Thanos sidecar :10901, store on SeaweedFS S3, query", outOfScope: "Thanos is not a platform component yet; the site label it relies on is set" },
    { id: "loki", fact: "log aggregation", seedValue: "Grafana Loki v3.5.7", where: "platform.logging (loki release)", correction: "chart loki 6.46.0 for every environment; which chart ships Loki 3.5.7 is unverified here" },
    { id: "syslog-ng", fact: "syslog-ng LXC feeding Loki", seedValue: "syslog-ng -> Loki (LXC)", outOfScope: "LXC containers are not modelled; the cluster's log shipper is Alloy" },
    { id: "velero", fact: "backups to S3 object storage", seedValue: "Velero + SeaweedFS, scheduled backups", where: "platform.velero (velero release, backup location s3Url, schedule)" },
    { id: "seaweedfs", fact: "S3-compatible object storage", seedValue: "SeaweedFS v4.01", outOfScope: "runs outside the platform stack; Velero points at its S3 URL" },
    { id: "argocd", fact: "application delivery", seedValue: "Argo CD, k8s/argocd-apps/ in the GitLab repository", where: "platform.argocd (argo-cd release, root Application)" },
    { id: "external-secrets", fact: "secrets synced from OpenBao through a ClusterSecretStore", seedValue: "External Secrets v1.1.1, ClusterSecretStore openbao", where: "platform.externalSecrets backend openbao; charts.ts external-secrets 1.1.1" },
    { id: "openbao-cluster", fact: "OpenBao HA cluster", seedValue: "OpenBao NL + GR Raft", outOfScope: "the secret backend runs outside the clusters; the store points at it" },
    { id: "storage-csi", fact: "storage classes", seedValue: "NFS + Synology iSCSI CSI v1.1.4", outOfScope: "NAS CSI drivers are not platform components the project installs" },
    { id: "awx-atlantis", fact: "automation and plan workflow", seedValue: "AWX, Atlantis (PR-based plans)", outOfScope: "AWX is not installed; the project posts Atlantis-style plan comments itself (homelab plan-comment)" },
    {
      id: "network-exporters",
      fact: "BGP session metrics of the backbone routers, scraped by Prometheus",
      seedValue: "FRR exporter :9342 (BGP sessions, prefix counts, peer state)",
      where: "routers[nl-rtr01, gr-rtr01].metricsPort (gobgp_exporter_port; Prometheus job gobgp in the site's cluster)",
      correction: "the routers this project builds run GoBGP, not FRR, so gobgp_exporter on its own port 9474 gives the session metrics; :9342 is frr_exporter's",
    },
    { id: "ipsec-exporter", fact: "IPsec tunnel exporter", seedValue: "IPsec exporter :9903 (tunnel state, bytes, SA lifetime)", outOfScope: `${PHYSICAL}; the exporter watches tunnels the project does not build` },
    { id: "snmp-exporter", fact: "SNMP exporter for the Cisco ASAs", seedValue: "SNMP exporter :9116 (ASA metrics, interfaces, CPU/memory)", outOfScope: `${PHYSICAL}; no scrape target of the model is an SNMP device` },
    { id: "docker-lxc-fleet", fact: "the rest of the fleet", seedValue: "100+ LXC, 20+ QEMU VMs, 60+ Docker services", outOfScope: "workloads outside the clusters this project builds" },
  ],
};
