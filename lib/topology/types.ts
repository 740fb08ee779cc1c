import type { Environment, ProxmoxNode } from "../config/schema";
import type { ConfigIssue } from "../config/errors";
import type { StateSettings } from "../config/state";

/*
 * The resolved Topology: plain data, computed once from a validated Environment. Everything
 * downstream (constructs, inventory, cloud-init, platform values, router configs) reads it and
 * never re-derives an address, a VMID or a group.
 *
 * Every Topology type lives in this file, which imports only config types: the planner stages
 * (stages/), the platform resolvers (platform/), sites.ts and bgp.ts import from here, never the
 * other way, so there is no import circle.
 */

/** What a VM is to the lab: a Kubernetes server (control plane), a Kubernetes agent, or an extra VM. */
export type VmKind = "server" | "agent" | "extra";

/** Cloud-init vendor-data profile a VM boots with; one snippet per profile and Proxmox node. */
export type VendorDataProfile = "kubernetes" | "router" | "base";

/** Who picks a VM's address: the config, or NetBox at apply (netbox_available_ip_address). */
export type Addressing = "static" | "netbox";

/** A network as the planner resolves it, before the addresses and NetBox names are derived (see {@link TopologyNetwork}). */
export interface PlannedTopologyNetwork {
  readonly name: string;
  readonly bridge: string;
  readonly vlan?: number;
  /** Normalised IPv4 network, e.g. 192.168.100.0/24. @default none: an IPv6-only network */
  readonly cidr?: string;
  readonly prefixLength?: number;
  readonly gateway?: string;
  /** DNS servers; empty on an IPv6-only network. */
  readonly dns: readonly string[];
  readonly domain?: string;
  readonly ipv6?: { readonly prefix: string; readonly prefixLength: number; readonly gateway?: string };
  readonly reserved: readonly { readonly start: string; readonly end: string; readonly description?: string }[];
  readonly manageBridge: boolean;
  readonly bridgePorts: readonly string[];
  readonly description?: string;
  /** Proxmox nodes with at least one VM on this network, sorted. */
  readonly nodes: readonly string[];
  /** Site the network belongs to. */
  readonly site: string;
  /** How VM addresses on this network are picked. */
  readonly addressing: Addressing;
  /** In netbox addressing: the NetBox IP range addresses come from (else the whole prefix). */
  readonly netboxRange?: { readonly start: string; readonly end: string };
  /**
   * In netbox addressing: addresses NetBox must not hand out (gateway, API VIP, LB pool, reserved
   * ranges), registered before any allocation.
   */
  readonly held: readonly { readonly start: string; readonly end: string; readonly description: string }[];
}

/** A network of the Topology. */
export interface TopologyNetwork extends PlannedTopologyNetwork {
  /**
   * In netbox addressing: what NetBox records before it allocates anything on this network, in the
   * CIDR form NetBox stores addresses in. Absent on a statically addressed network.
   */
  readonly netboxPool?: TopologyNetboxPool;
}

/** Where NetBox allocates a netbox-addressed network's VM addresses, and what it must leave free. */
export interface TopologyNetboxPool {
  /** The IPv4 prefix addresses come from when there is no `range`. */
  readonly prefix: string;
  /** The NetBox IP range VM addresses come from (the network's `netboxRange`). @default the whole prefix */
  readonly range?: { readonly startAddress: string; readonly endAddress: string; readonly description: string };
  /**
   * Addresses NetBox must not allocate, in `held` order: one address (no `endAddress`) becomes a
   * reserved IP address, a range a reserved, populated IP range.
   */
  readonly held: readonly { readonly start: string; readonly startAddress: string; readonly endAddress?: string; readonly description: string }[];
}

/** One address of a VM's NIC, as every consumer (Proxmox, NetBox, inventory) reads it. */
export type TopologyVmAddress = TopologyStaticAddress | TopologyAllocatedAddress;

/** An address the config gives (static addressing). */
export interface TopologyStaticAddress {
  readonly addressing: "static";
  readonly family: 4 | 6;
  /** Bare address, e.g. 192.168.100.21. */
  readonly address: string;
  readonly prefixLength: number;
  /** The address with its prefix length, e.g. 192.168.100.21/24: what Proxmox and NetBox take. */
  readonly cidr: string;
  readonly gateway?: string;
}

/** An address NetBox allocates at apply (netbox addressing): only where it comes from is known. */
export interface TopologyAllocatedAddress {
  readonly addressing: "netbox";
  readonly family: 4 | 6;
  readonly prefixLength: number;
  readonly gateway?: string;
  /** The network whose NetBox pool (see {@link TopologyNetwork.netboxPool}) the address comes from. */
  readonly network: string;
  /** The NetBox prefix the address lies in. */
  readonly prefix: string;
  /** True when it comes from the network's NetBox IP range rather than the whole prefix. */
  readonly fromRange: boolean;
}

export interface TopologyNic {
  readonly network: string;
  readonly bridge: string;
  readonly vlan?: number;
  /** "netbox": the addresses below are absent; NetBox allocates them at apply. */
  readonly addressing: Addressing;
  /** Absent on an IPv6-only network (a secondary NIC only). */
  readonly ipv4?: { readonly address?: string; readonly prefixLength: number; readonly gateway: string };
  readonly ipv6?: { readonly address?: string; readonly prefixLength: number; readonly gateway?: string };
  /** The IPv4 address comes from the network's DHCP server (a secondary NIC's `dhcp`). @default false */
  readonly dhcp?: boolean;
  /** MTU of the NIC. @default the bridge's */
  readonly mtu?: number;
  /** Proxmox firewall on the NIC. @default false */
  readonly firewall?: boolean;
}

/** A VM's primary NIC: always on a network with IPv4 (an IPv6-only network takes secondary NICs only). */
export interface TopologyPrimaryNic extends TopologyNic {
  readonly ipv4: NonNullable<TopologyNic["ipv4"]>;
}

/** One NIC of a VM with its addresses, as Proxmox, NetBox and the inventory list it. */
export interface TopologyVmInterface {
  /** Guest and NetBox interface name: eth0 for the primary NIC, then eth1, eth2, ... */
  readonly name: string;
  readonly nic: TopologyNic;
  /** The NIC's addresses, IPv4 before IPv6; empty for a DHCP NIC. */
  readonly addresses: readonly TopologyVmAddress[];
}

/** A VM as the planner resolves it, before its addresses, DNS name and template are derived (see {@link TopologyVm}). */
export interface PlannedTopologyVm {
  /** Hostname and Proxmox VM name. */
  readonly name: string;
  /** server, agent, or the extra VM's role (router, netbox, ...). */
  readonly role: string;
  readonly kind: VmKind;
  /** Position within its pool (0 for extra VMs). */
  readonly index: number;
  readonly vmId: number;
  /** Proxmox node the VM is placed on. */
  readonly node: string;
  readonly cores: number;
  readonly memoryMiB: number;
  readonly diskGiB: number;
  /** Datastore of the VM's disk. */
  readonly datastore: string;
  /** The primary NIC: the VM's address, default route and DNS. */
  readonly nic: TopologyPrimaryNic;
  /** NICs after the primary one, in config order (Proxmox net1, net2, ...). @default none */
  readonly extraNics?: readonly TopologyNic[];
  readonly dns: { readonly servers: readonly string[]; readonly domain?: string };
  /** Inventory groups the host is a direct member of (server, agent, or the role's group), sorted. */
  readonly groups: readonly string[];
  /** Proxmox tags, sorted and unique (PVE sorts them; unsorted tags show as a diff in every plan). */
  readonly tags: readonly string[];
  /** Kubernetes node labels (zone = Proxmox node), empty for extra VMs. */
  readonly labels: Readonly<Record<string, string>>;
  readonly taints: readonly string[];
  readonly vendorData: VendorDataProfile;
  readonly ha: boolean;
  readonly description?: string;
  /** Site the VM runs in (its Proxmox provider). */
  readonly site: string;
  /** Kubernetes cluster the VM belongs to, for servers and agents. */
  readonly cluster?: string;
  /** The name the VM was deployed under (`renamedVms`): its Terraform addresses move to this VM's. @default never renamed */
  readonly formerName?: string;
}

/** A VM of the Topology. */
export interface TopologyVm extends PlannedTopologyVm {
  /** Every address of the primary NIC, IPv4 before IPv6: static, or allocated by NetBox at apply. */
  readonly addresses: readonly TopologyVmAddress[];
  /** Every NIC with its addresses, the primary one first (its addresses are `addresses`). */
  readonly interfaces: readonly TopologyVmInterface[];
  /** The VM's DNS name: `<name>.<domain>` when its network has a domain, else its name. */
  readonly dnsName: string;
  /** The template the VM is cloned from, on the VM's own site; absent when it boots a cloud image. */
  readonly clone?: { readonly vmId: number; readonly nodeName: string };
  /** The Proxmox VM's description: the configured one, else its role and tags. */
  readonly proxmoxDescription: string;
  /** The NetBox VM record's comments: where the VM runs in Proxmox. */
  readonly netboxComments: string;
}

export interface TopologyCluster {
  readonly name: string;
  readonly distribution: "k3s" | "microk8s" | "kubeadm";
  readonly version: string;
  readonly network: string;
  /** Where clients reach the API: the VIP (kube-vip or keepalived), or the only API load balancer's address. */
  readonly apiVip: string;
  readonly apiPort: number;
  /** kubeadm only: the pinned containerd release. */
  readonly containerdVersion?: string;
  /** HAProxy (and keepalived) VMs in front of the API, when the cluster uses them instead of kube-vip. */
  readonly apiLoadBalancer?: TopologyApiLoadBalancer;
  /** Bare-metal machines (see {@link TopologyHost}) that join the cluster as workers, in config order. */
  readonly hosts: readonly string[];
  readonly loadBalancerPool: { readonly start: string; readonly end: string; readonly size: number };
  /** Server VM names in pool order; the first one initialises the cluster. */
  readonly servers: readonly string[];
  readonly agents: readonly string[];
  /** Tag every VM of the cluster carries: k8s-<name>. */
  readonly tag: string;
  /** Site the cluster runs in. */
  readonly site: string;
  /** The LB pool as the CIDR blocks that cover it exactly (what BGP announces). */
  readonly loadBalancerPrefixes: readonly string[];
  /**
   * Where the Ansible phase writes the cluster's kubeconfig and the platform stack reads it:
   * `kubeconfigPath` (default ~/.kube/homelab-<env>.yaml) for the only cluster,
   * ~/.kube/homelab-<env>-<cluster>.yaml for each of several.
   */
  readonly kubeconfigPath: string;
  /** IPv4 network of the pods: the config's `podCidr`, else the distribution's default. */
  readonly podCidr: string;
  /** IPv4 network of Service cluster IPs: the config's `serviceCidr`, else the distribution's default. */
  readonly serviceCidr: string;
  /** IPv6 network of the pods of a dual-stack cluster (config `podCidrIpv6`). @default none: IPv4 only */
  readonly podCidrIpv6?: string;
  /** IPv6 network of Service cluster IPs of a dual-stack cluster (config `serviceCidrIpv6`). @default none */
  readonly serviceCidrIpv6?: string;
}

/** A VM template on one Proxmox node (see {@link Topology.templates}). */
export interface TopologyTemplate {
  readonly site: string;
  /** Proxmox node holding the template. */
  readonly node: string;
  readonly vmId: number;
  /** The template VM's name. */
  readonly name: string;
  /** Datastore of the template's disk. */
  readonly datastore: string;
  /** True when each node has its own template (no clone crosses nodes), false for one shared per site. */
  readonly perNode: boolean;
}

/** The API load balancer of a cluster: HAProxy on extra VMs, keepalived when there are several. */
export interface TopologyApiLoadBalancer {
  /** The LB VMs in config order, with their addresses on the cluster network. */
  readonly vms: readonly { readonly name: string; readonly address: string }[];
  /** The address clients use: the only VM's address, or the keepalived VIP. */
  readonly endpoint: string;
  /** The port HAProxy listens on (the API port). */
  readonly port: number;
  /** keepalived's VIP; absent with one LB VM. */
  readonly vip?: string;
  /** Prefix length of the cluster network, for the VIP. */
  readonly prefixLength: number;
  readonly virtualRouterId: number;
  /** Interface inside the LB VMs that holds the VIP. */
  readonly interface: string;
  /** The backends: every server's name and address, in pool order. */
  readonly backends: readonly { readonly name: string; readonly address: string }[];
  /** The port every backend's API listens on. */
  readonly backendPort: number;
}

/** CPU architectures a machine may have, as Debian and Kubernetes name them. */
export type Architecture = "amd64" | "arm64" | "armhf";

/** A machine the lab does not create (bare metal): it has an address, an inventory entry and a NetBox record, but no Proxmox resource. */
export interface TopologyHost {
  readonly name: string;
  readonly network: string;
  readonly address: string;
  readonly prefixLength: number;
  readonly gateway: string;
  readonly architecture: Architecture;
  readonly role: "worker";
  readonly cluster: string;
  readonly os: string;
  readonly cores?: number;
  readonly memoryMiB?: number;
  readonly diskGiB?: number;
  readonly description?: string;
  /** The machine as a NetBox device. @default not registered */
  readonly hardware?: { readonly manufacturer: string; readonly model: string; readonly serial?: string };
  readonly labels: Readonly<Record<string, string>>;
  readonly taints: readonly string[];
  readonly site: string;
}

export interface TopologySnippet {
  readonly profile: VendorDataProfile;
  readonly node: string;
  readonly datastore: string;
  /** File name in the snippets datastore, e.g. orion-kubernetes-vendor.yaml. */
  readonly fileName: string;
  /** Site of the node. @default the only site */
  readonly site?: string;
}

/** NetBox as the planner resolves it, before the record names are derived (see {@link TopologyNetbox}). */
export interface PlannedTopologyNetbox {
  readonly url: string;
  readonly site: { readonly name: string; readonly slug: string };
  readonly clusterType: string;
  readonly clusterName: string;
  /** Every prefix to register: the networks' IPv4 and IPv6 prefixes, then the extra ones. */
  readonly prefixes: readonly { readonly prefix: string; readonly description?: string; readonly network?: string }[];
  /** Distinct VM roles, sorted; each becomes a NetBox device role with vm_role. */
  readonly roles: readonly string[];
  /**
   * One NetBox site and cluster per topology site. A single-site environment has one entry whose
   * site is `site` above; multi-site environments file each network and VM under its own.
   */
  readonly sites: readonly { readonly site: string; readonly name: string; readonly slug: string; readonly clusterName: string }[];
}

/**
 * NetBox records with their names, slugs and colours. Objects NetBox keeps globally (tags, roles,
 * cluster types) carry the environment in name and slug, so several environments share one NetBox.
 */
export interface TopologyNetbox extends PlannedTopologyNetbox {
  /** The tag on every record of the environment. */
  readonly tag: { readonly name: string; readonly slug: string; readonly colour: string; readonly description: string };
  /** The cluster type of the environment's clusters. */
  readonly clusterTypeRecord: { readonly name: string; readonly slug: string };
  /** One device role (with vm_role) per entry of `roles`, in that order. */
  readonly roleRecords: readonly { readonly role: string; readonly name: string; readonly slug: string; readonly colour: string }[];
  /** The Proxmox nodes that describe their `hardware`, as NetBox devices. @default none */
  readonly devices?: readonly TopologyNetboxDevice[];
}

/** A Proxmox node as a NetBox device: the physical side of a site's virtualization cluster. */
export interface TopologyNetboxDevice {
  /** The Proxmox node's name, the device's name. */
  readonly name: string;
  /** Topology site of the node: its NetBox site and cluster. */
  readonly site: string;
  /** Manufacturer record; global in NetBox, so its name and slug carry the environment. */
  readonly manufacturer: { readonly name: string; readonly slug: string };
  /** Device type (the model) of that manufacturer. */
  readonly deviceType: { readonly model: string; readonly slug: string };
  /** The device role: Hypervisor for every Proxmox node, Bare metal for every host. */
  readonly role: { readonly name: string; readonly slug: string; readonly colour: string };
  /** The rack, in the node's NetBox site. @default no rack */
  readonly rack?: string;
  readonly serial?: string;
  /** What the device is: a Proxmox node (joins the site's virtualization cluster) or a bare-metal host. @default "proxmox-node" */
  readonly kind?: "proxmox-node" | "host";
  /** NetBox comments. @default "Proxmox VE node <name>" */
  readonly comments?: string;
  /**
   * The device's network interface and the IPv4 address on it, made the device's primary IPv4: every
   * bare-metal host has one (its `address`). @default none: a Proxmox node's model holds no
   * management address (`sshAddress` may be a name)
   */
  readonly primaryInterface?: TopologyDeviceInterface;
}

/** A NetBox device interface with one IPv4 address. */
export interface TopologyDeviceInterface {
  /** Interface name, e.g. eth0. */
  readonly name: string;
  /** NetBox interface type, e.g. 1000base-t. */
  readonly type: string;
  /** Network the address is on. */
  readonly network: string;
  /** The address in CIDR form, as NetBox stores it: 10.1.1.60/24. */
  readonly cidr: string;
  /** The address's DNS name: `<name>.<domain>` when its network has a domain, else the name. */
  readonly dnsName: string;
}

/** A Proxmox cluster as the VMs of a site reach it. */
export interface TopologyProxmox {
  readonly endpoint: string;
  readonly insecure: boolean;
  readonly sshUsername: string;
  readonly pool?: string;
  readonly nodes: readonly ProxmoxNode[];
  /** How far VMs may oversubscribe each node's cores and memory before a warning. */
  readonly overcommit: { readonly cpuRatio: number; readonly memoryRatio: number };
}

/**
 * The Topology as the planner resolves it, before lib/topology/vm-addresses.ts derives what every
 * consumer reads alike (addresses, DNS names, templates, NetBox names).
 */
export type PlannedTopology = Omit<Topology, "vms" | "networks" | "netbox" | "allocatedByNetbox"> & {
  readonly networks: readonly PlannedTopologyNetwork[];
  readonly vms: readonly PlannedTopologyVm[];
  readonly netbox?: PlannedTopologyNetbox;
};

export interface Topology {
  readonly environment: string;
  /** The environment's Terraform state backend; absent means local state (the default). */
  readonly state?: StateSettings;
  readonly description?: string;
  /** The first site's Proxmox cluster (the only one of a single-site environment). */
  readonly proxmox: TopologyProxmox;
  readonly image: Environment["image"];
  /**
   * The VM templates of a template image (empty for a cloud image): what every VM's `clone` points
   * at and what `homelab image` builds with Packer, so both read the same VMID and node.
   */
  readonly templates: readonly TopologyTemplate[];
  readonly vmUser: string;
  readonly cpuType: string;
  readonly networks: readonly TopologyNetwork[];
  /** The only Kubernetes cluster; absent when there are none or several (see `clusters`). */
  readonly cluster?: TopologyCluster;
  /** Every Kubernetes cluster, in config order. */
  readonly clusters: readonly TopologyCluster[];
  /**
   * The sites, primary first. A single-site environment has one implicit site: its provider has no
   * alias and construct ids carry no site name.
   */
  readonly sites: readonly TopologySite[];
  /** BGP routers and the cluster side of every BGP session. */
  readonly bgp: TopologyBgp;
  /** Every VM: extra VMs first, then servers, then agents, each in config order. */
  readonly vms: readonly TopologyVm[];
  /** Bare-metal machines, in config order: no Proxmox resources. */
  readonly hosts: readonly TopologyHost[];
  /**
   * True when NetBox allocates any VM's address at apply: the VMs and the inventory then read
   * references to NetBox's allocations, so NetBox is registered before the VMs.
   */
  readonly allocatedByNetbox: boolean;
  readonly snippets: readonly TopologySnippet[];
  readonly sshPublicKeys: readonly string[];
  readonly tags: readonly string[];
  readonly netbox?: TopologyNetbox;
  readonly kubeconfigPath: string;
  /**
   * What the platform stack installs, resolved against the cluster (lib/topology/platform/); with
   * several clusters, the first one's (each cluster's own is in `clusterPlatforms`).
   */
  readonly platform: TopologyPlatform;
  /** Per cluster, in `clusters` order: its resolved platform, provider alias and kubeconfig. */
  readonly clusterPlatforms: readonly TopologyClusterPlatform[];
  /** Things that render but deserve a look (even server counts, overcommitted nodes). */
  readonly warnings: readonly ConfigIssue[];
  /**
   * The file the environment was read from, for an environment written as JSON/YAML (the
   * inventory's header names it in the command that regenerates it). @default environments/<name>.ts
   */
  readonly source?: string;
}

// Sites

/** A site as the Topology resolves it. */
export interface TopologySite {
  readonly name: string;
  readonly description?: string;
  /** The primary site (the first one unless another says `primary: true`). */
  readonly primary: boolean;
  /** True for the one site of a single-site environment: no provider alias, no site in construct ids. */
  readonly implicit: boolean;
  readonly proxmox: TopologyProxmox;
  /** Names of the site's networks, in config order. */
  readonly networks: readonly string[];
  /** NetBox site of this site, when NetBox is configured. */
  readonly netboxSite?: { readonly name: string; readonly slug: string };
}

// BGP

/** An address family a BGP session carries. */
export type AfiSafi = "ipv4-unicast" | "ipv6-unicast";

/**
 * The far end of one BGP session, wherever the Topology names one: a router's upstreams and node
 * peers (gobgpd neighbors), and the router a cluster's load balancer peers with (MetalLB BGPPeer,
 * Cilium peer). Fields a side does not use stay unset; {@link TopologyRouter} and
 * {@link TopologyLoadBalancer} say which ones their side always fills.
 */
export interface BgpPeer {
  readonly address: string;
  readonly asn: number;
  /** What the cluster side calls the session: the router's name, or `peer-<n>`. */
  readonly name?: string;
  readonly description?: string;
  readonly holdTimeSeconds?: number;
  readonly keepaliveIntervalSeconds?: number;
  /** Address families the session carries (router side). */
  readonly afiSafis?: readonly AfiSafi[];
  /** Outside every network of the environment (an ISP's router). */
  readonly external?: boolean;
  /** For a Kubernetes node: its VM and cluster. */
  readonly vm?: string;
  readonly cluster?: string;
}

/** A gobgpd neighbor: a {@link BgpPeer} with its address families and whether it is external. */
export type RouterBgpPeer = BgpPeer & Required<Pick<BgpPeer, "afiSafis" | "external">>;

/** A BGP router (gobgpd on an extra VM): its own session settings and everyone it peers with. */
export interface TopologyRouter {
  readonly name: string;
  /** The router's own AS (the lab's public or private ASN). */
  readonly asn: number;
  /** BGP router-id, unique among the environment's routers. */
  readonly routerId: string;
  /** The extra VM running gobgpd, and the site it runs in. */
  readonly vm: string;
  readonly site: string;
  /** The router VM's IPv4 address: where the cluster side connects. */
  readonly address: string;
  /** TCP port gobgpd listens on (179 unless moved). */
  readonly listenPort: number;
  /** The router's own peers from the config (ISP routers, other labs). */
  readonly upstreams: readonly RouterBgpPeer[];
  /** Prefixes the router originates, normalised; with any, eBGP upstreams receive exactly these (iBGP ones everything). @default none */
  readonly originate?: readonly string[];
  /** Port of the router's gobgp_exporter. @default no exporter */
  readonly metricsPort?: number;
  /** One neighbor per Kubernetes node that peers with this router (static addressing). */
  readonly nodePeers: readonly RouterBgpPeer[];
  /**
   * Clusters whose node addresses NetBox allocates at apply: the router accepts any peer from the
   * network's prefix (GoBGP dynamic neighbors) instead of one neighbor per node.
   */
  readonly dynamicPeers: readonly {
    readonly cluster: string;
    readonly prefix: string;
    readonly asn: number;
    /** Families the peer group carries when not IPv4 alone (an advertised IPv6 pod network). @default ["ipv4-unicast"] */
    readonly afiSafis?: readonly AfiSafi[];
  }[];
  /**
   * What each peering cluster may announce, from its nodes: its LB pool (`prefixes`, any length
   * inside it) and, when it advertises them, its pod networks (`podCidrs`, from the network's own
   * length down to the per-node slice Kubernetes hands out: /24 IPv4, /64 IPv6).
   */
  readonly accepted: readonly {
    readonly cluster: string;
    readonly prefixes: readonly string[];
    /** The cluster's pod networks (IPv4, then IPv6) with the longest prefix a node's slice has. @default none: the cluster does not advertise them */
    readonly podCidrs?: readonly { readonly prefix: string; readonly maxLength: number }[];
  }[];
}

/** The cluster side of BGP: what MetalLB or Cilium is configured with. */
export interface TopologyClusterBgp {
  /** The cluster's name. */
  readonly cluster: string;
  /** Which load balancer speaks BGP for the cluster. */
  readonly mode: "metallb" | "cilium";
  /** The cluster's own AS, distinct from the router's (eBGP). */
  readonly asn: number;
  /** The router every node's session goes to (TopologyRouter.name), with its AS, address and port. */
  readonly router: string;
  readonly routerAsn: number;
  /** The router VM's IPv4 address. */
  readonly routerAddress: string;
  /** The port the router listens on. */
  readonly routerPort: number;
  /** Node VMs that speak BGP (every server and agent). */
  readonly nodes: readonly string[];
  /** LB pool prefixes announced to the router. */
  readonly announce: readonly string[];
  /** Pod networks announced to the router (cluster.bgp.advertisePodCidrs): podCidr, then podCidrIpv6. @default none */
  readonly podCidrs?: readonly string[];
}

/** BGP from both ends: the routers, and the cluster side of each cluster that declares `bgp`. */
export interface TopologyBgp {
  readonly routers: readonly TopologyRouter[];
  readonly clusters: readonly TopologyClusterBgp[];
}

// Platform

/** A router's gobgp_exporter Prometheus scrapes, and the upstream sessions BGPSessionDown watches. */
export interface RouterScrapeTarget extends ScrapeTarget {
  /** The router's name. */
  readonly router: string;
  /** The upstream peers' addresses, as gobgp_exporter labels them (`name`). */
  readonly upstreams: readonly string[];
}

/** A node_exporter Prometheus scrapes from outside the cluster. */
export interface ScrapeTarget {
  /** The VM's name: the `instance` label, equal to the Kubernetes node name for cluster nodes. */
  readonly instance: string;
  /** host:port. */
  readonly target: string;
  /** The VM's role (server, agent, router, ...). */
  readonly role: string;
}

export interface TopologyLoadBalancer {
  readonly provider: "metallb" | "cilium";
  readonly mode: "l2" | "bgp";
  /** cluster.loadBalancerPool, as the pool's first and last address. */
  readonly pool: { readonly start: string; readonly end: string; readonly size: number };
  /** The cluster's AS number (bgp mode). */
  readonly asn: number;
  /** BGP neighbours (bgp mode), each named, empty in l2 mode. */
  readonly peers: readonly (BgpPeer & Required<Pick<BgpPeer, "name">>)[];
  /**
   * The pod networks the cluster announces besides the pool (bgp mode, Cilium, cluster.bgp.advertisePodCidrs):
   * Cilium's PodCIDR advertisement, with an IPv6 family on the peering when there is an IPv6 one. @default none
   */
  readonly podCidrs?: { readonly ipv4: string; readonly ipv6?: string };
}

export interface TopologyCilium {
  readonly kubeProxyReplacement: boolean;
  readonly hubble: boolean;
  readonly bgpControlPlane: boolean;
  /** IPv6 on: the cluster is dual-stack (it has an IPv6 pod network), so pods get an address of each family. */
  readonly ipv6: boolean;
  /** L2 announcements are on when Cilium answers for the LB pool in l2 mode. */
  readonly l2Announcements: boolean;
  /** The API endpoint Cilium talks to without kube-proxy: the API VIP. */
  readonly k8sServiceHost: string;
  readonly k8sServicePort: number;
}

export type TopologyIssuer =
  | { readonly kind: "selfSigned"; readonly name: string }
  | {
      readonly kind: "acme";
      readonly name: string;
      readonly email: string;
      readonly server: string;
      readonly dnsProvider: "cloudflare";
      readonly tokenSecretName: string;
      readonly tokenSecretKey: string;
    };

export interface TopologyStorage {
  readonly provider: "longhorn" | "local-path";
  /** Storage classes the platform creates (empty for local-path, which k3s ships). */
  readonly classes: readonly { readonly name: string; readonly replicas: number }[];
  /** The class volumes of platform components use. */
  readonly defaultClass: string;
  /** Cluster nodes that may hold replicas (no NoSchedule/NoExecute taint), sorted. */
  readonly storageNodes: readonly string[];
  /** Where the nodes' kubelet keeps its state when not /var/lib/kubelet (MicroK8s: inside the snap). */
  readonly kubeletRootDir?: string;
}

export interface TopologyGitOps {
  readonly engine: "argocd" | "flux";
  readonly repoUrl: string;
  readonly path: string;
  /** Argo CD targetRevision, or the branch Flux follows. */
  readonly revision: string;
  /** Flux: the layered Kustomizations, in apply order. @default none (one flat Kustomization) */
  readonly layers?: readonly TopologyFluxLayer[];
}

/** One Flux layer: a Kustomization of a folder, after the layers it depends on. */
export interface TopologyFluxLayer {
  readonly name: string;
  readonly path: string;
  readonly dependsOn: readonly string[];
}

/** The resolved platform: a componentis present exactly when it is installed. */
export interface TopologyPlatform {
  /** The cluster's CNI: k3s's flannel (installed by the platform for kubeadm), MicroK8s's Calico, or Cilium. */
  readonly cni: "flannel" | "calico" | "cilium";
  /**
   * Flannel as a Helm release, with the cluster's pod CIDR: present when the distribution ships no
   * CNI of its own (kubeadm) and flannel is the CNI. k3s and MicroK8s bring theirs.
   */
  readonly flannel?: { readonly podCidr: string };
  /** Packaged k3s components the Ansible phase disables because the platform replaces them. */
  readonly k3sDisable: readonly string[];
  /** Replicas for components that run more than one copy when the cluster can spread them. */
  readonly replicas: number;
  /** The cluster network's search domain, for default host names. */
  readonly domain: string;
  readonly cilium?: TopologyCilium;
  readonly loadBalancer?: TopologyLoadBalancer;
  readonly ingress?: {
    readonly controller: "traefik" | "ingress-nginx";
    readonly className: string;
    readonly replicas: number;
    /** The ingress's LoadBalancer address: the pool's last, so first-come services cannot take it. */
    readonly loadBalancerIP?: string;
  };
  readonly certManager?: { readonly issuer: TopologyIssuer };
  readonly storage: TopologyStorage;
  readonly monitoring?: {
    readonly retention: string;
    readonly storageGiB: number;
    readonly storageClass: string;
    readonly orionAlertRules: boolean;
    /** Prometheus replicas. */
    readonly prometheusReplicas: number;
    /** Labels Prometheus adds to every series it sends out: `site` when the environment has several sites. */
    readonly externalLabels: Readonly<Record<string, string>>;
    /**
     * node_exporter on every VM of the cluster's site with a static address (the Ansible phase
     * installs it on every host), scraped as job "node-exporter" in place of the chart's DaemonSet.
     */
    readonly nodeExporters: readonly ScrapeTarget[];
    /** The gobgp_exporter of every router of the cluster's site that sets `metricsPort`, scraped as job "gobgp". @default none */
    readonly routerExporters?: readonly RouterScrapeTarget[];
  };
  readonly logging?: { readonly shipper: "alloy" | "promtail"; readonly storageGiB: number; readonly storageClass: string };
  readonly gitops?: TopologyGitOps;
  readonly velero?: { readonly bucket: string; readonly s3Url: string; readonly region: string; readonly credentialsSecretName: string; readonly schedule: string };
  readonly externalSecrets?: TopologyExternalSecrets;
  readonly rancher?: { readonly hostname: string; readonly replicas: number };
  readonly cnpg?: TopologyCnpg;
  /** kubernetes-replicator runs (it has no settings). */
  readonly replicator?: true;
  readonly externalDns?: { readonly provider: "cloudflare"; readonly apiTokenSecret: { readonly name: string; readonly key: string }; readonly domainFilters: readonly string[]; readonly txtOwnerId: string; readonly proxied: boolean };
  readonly nfs?: { readonly server: string; readonly path: string; readonly storageClass: string; readonly archiveOnDelete: boolean };
  readonly authentik?: TopologyAuthentik;
  readonly crowdsec?: TopologyCrowdsec;
}

/** External Secrets' one ClusterSecretStore, named after its backend. */
export type TopologyExternalSecrets =
  | { readonly backend: "vault" | "openbao"; readonly server: string; readonly path: string; readonly tokenSecretName: string }
  | {
      readonly backend: "bitwarden";
      readonly organizationId: string;
      readonly projectId: string;
      readonly apiUrl: string;
      readonly identityUrl: string;
      /** Secret (external-secrets namespace) with the machine account's access token under key `token`. */
      readonly tokenSecretName: string;
    };

/** Authentik, resolved: where it is served and where its PostgreSQL is. */
export interface TopologyAuthentik {
  readonly hostname: string;
  /** Secret in the authentik namespace with keys secret-key and postgresql-password (created out of band). */
  readonly credentialsSecret: string;
  readonly replicas: number;
  /** The ingress class its Ingress uses. */
  readonly ingressClassName: string;
  /** The cert-manager ClusterIssuer of its certificate; absent without cert-manager (plain HTTP ingress). */
  readonly clusterIssuer?: string;
  readonly database:
    | { readonly kind: "cnpg"; readonly host: string; readonly name: string; readonly user: string }
    | { readonly kind: "bundled"; readonly storageClass: string };
}

/** CrowdSec, resolved: which ingress controller's logs its agents read. */
export interface TopologyCrowdsec {
  /** The pods whose logs the agents read, and the parser program for them. */
  readonly acquisition: { readonly namespace: string; readonly podName: string; readonly program: string };
  /** Hub collections the agents install (the parsers and scenarios for that program). */
  readonly collections: readonly string[];
  /** Secret and key of the console enrollment key; absent when the engine is not enrolled. */
  readonly enrollKeySecret?: { readonly name: string; readonly key: string };
  readonly instanceName: string;
  /** StorageClass of the local API's data and config volumes. */
  readonly storageClass: string;
  /** The Traefik bouncer enforcing the decisions; absent when CrowdSec only detects. */
  readonly bouncer?: TopologyCrowdsecBouncer;
}

/** CrowdSec's Traefik bouncer, resolved. */
export interface TopologyCrowdsecBouncer {
  /** Secret in the crowdsec namespace and its key holding the bouncer's API key (made out of band). */
  readonly keySecret: { readonly name: string; readonly key: string };
}

/** CloudNativePG's one PostgreSQL cluster, resolved. */
export interface TopologyCnpg {
  readonly clusterName: string;
  readonly namespace: string;
  readonly instances: number;
  readonly storageGiB: number;
  /** The StorageClass its volumes use. */
  readonly storageClass: string;
  /** Absent when backups are off. */
  readonly backup?: { readonly endpoint: string; readonly bucket: string; readonly credentialsSecret: string; readonly retention: string };
  /**
   * Databases other components keep in this Cluster, each with a login role of the same owner whose
   * password CloudNativePG reads from a basic-auth Secret in the Cluster's namespace. @default none
   */
  readonly databases?: readonly { readonly name: string; readonly owner: string; readonly passwordSecret: string }[];
}

/** One cluster's platform: what the `<env>-platform` stack installs on it and how it reaches it. */
export interface TopologyClusterPlatform {
  /** The cluster's name. */
  readonly cluster: string;
  /** The cluster's site. */
  readonly site: string;
  /**
   * Alias of the cluster's kubernetes and helm providers and the construct scope of its resources.
   * Absent for the cluster of a single-cluster environment: unaliased providers, and the Terraform
   * addresses it had before several clusters existed.
   */
  readonly providerAlias?: string;
  /** Where the Ansible phase writes the cluster's kubeconfig (the cluster's `kubeconfig_path`). */
  readonly kubeconfigPath: string;
  /** Name of the platform stack's kubeconfig variable for this cluster. */
  readonly kubeconfigVariable: string;
  readonly platform: TopologyPlatform;
}
