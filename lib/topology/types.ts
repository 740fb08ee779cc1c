import type { Environment, ProxmoxNode } from "../config/schema";
import type { ConfigIssue } from "../config/errors";
import type { TopologyClusterPlatform, TopologyPlatform } from "./platform";
import type { TopologySite } from "./sites";
import type { TopologyBgp } from "./bgp";

/*
 * The resolved Topology: plain data, computed once from a validated Environment. Everything
 * downstream (constructs, inventory, cloud-init, platform values, router configs) reads it and
 * never re-derives an address, a VMID or a group.
 */

/** What a VM is to the lab: a Kubernetes server (control plane), a Kubernetes agent, or an extra VM. */
export type VmKind = "server" | "agent" | "extra";

/** Cloud-init vendor-data profile a VM boots with; one snippet per profile and Proxmox node. */
export type VendorDataProfile = "kubernetes" | "router" | "base";

/** Who picks a VM's address: the config, or NetBox at apply (netbox_available_ip_address). */
export type Addressing = "static" | "netbox";

export type { TopologySite } from "./sites";
export type { TopologyClusterPlatform } from "./platform";
export type { TopologyBgp, TopologyRouter, TopologyBgpPeer, TopologyClusterBgp } from "./bgp";

/** A network as the planner resolves it, before the addresses and NetBox names are derived (see {@link TopologyNetwork}). */
export interface PlannedTopologyNetwork {
  readonly name: string;
  readonly bridge: string;
  readonly vlan?: number;
  /** Normalised IPv4 network, e.g. 192.168.100.0/24. */
  readonly cidr: string;
  readonly prefixLength: number;
  readonly gateway: string;
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
  readonly ipv4: { readonly address?: string; readonly prefixLength: number; readonly gateway: string };
  readonly ipv6?: { readonly address?: string; readonly prefixLength: number; readonly gateway?: string };
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
  readonly nic: TopologyNic;
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
}

/** A VM of the Topology. */
export interface TopologyVm extends PlannedTopologyVm {
  /** Every address of every NIC, IPv4 before IPv6: static, or allocated by NetBox at apply. */
  readonly addresses: readonly TopologyVmAddress[];
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
  readonly distribution: "k3s" | "microk8s";
  readonly version: string;
  readonly network: string;
  readonly apiVip: string;
  readonly apiPort: number;
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
}

/** A Proxmox cluster as the VMs of a site reach it. */
export interface TopologyProxmox {
  readonly endpoint: string;
  readonly insecure: boolean;
  readonly sshUsername: string;
  readonly pool?: string;
  readonly nodes: readonly ProxmoxNode[];
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
  readonly description?: string;
  /** The first site's Proxmox cluster (the only one of a single-site environment). */
  readonly proxmox: TopologyProxmox;
  readonly image: Environment["image"];
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
   * What the platform stack installs, resolved against the cluster (lib/topology/platform.ts); with
   * several clusters, the first one's (each cluster's own is in `clusterPlatforms`).
   */
  readonly platform: TopologyPlatform;
  /** Per cluster, in `clusters` order: its resolved platform, provider alias and kubeconfig. */
  readonly clusterPlatforms: readonly TopologyClusterPlatform[];
  /** Things that render but deserve a look (even server counts, overcommitted nodes). */
  readonly warnings: readonly ConfigIssue[];
}
