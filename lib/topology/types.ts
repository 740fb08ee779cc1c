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

export interface TopologyNetwork {
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

export interface TopologyNic {
  readonly network: string;
  readonly bridge: string;
  readonly vlan?: number;
  /** "netbox": the addresses below are absent; NetBox allocates them at apply. */
  readonly addressing: Addressing;
  readonly ipv4: { readonly address?: string; readonly prefixLength: number; readonly gateway: string };
  readonly ipv6?: { readonly address?: string; readonly prefixLength: number; readonly gateway?: string };
}

export interface TopologyVm {
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

export interface TopologyNetbox {
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

/** A Proxmox cluster as the VMs of a site reach it. */
export interface TopologyProxmox {
  readonly endpoint: string;
  readonly insecure: boolean;
  readonly sshUsername: string;
  readonly pool?: string;
  readonly nodes: readonly ProxmoxNode[];
}

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
