import { z } from "zod";
import { imageBuildSchema } from "./image-build";
import { acknowledgementSchema } from "./acknowledge";
import { allowInsecureHttp, requireHttps, serviceUrl } from "./service-url";
import { platformSchema } from "./platform";
import { stateSchema } from "./state";
import { asn, cidr, cidrV4, cidrV6, dnsLabel, host, hostname, ipAddress, ipv4Address, ipv6Address, port } from "./primitives";

/*
 * The shape of an environment: what a user writes in environments/<name>.ts (or a JSON/YAML file).
 * Syntax and ranges live here; relations between fields (overlaps, collisions, capacity) are checked
 * by lib/topology, which has the whole picture. Every message says what would be right.
 */

const proxmoxTag = z.string().regex(/^[a-z0-9_][a-z0-9_+.-]*$/, {
  message: "is not a valid Proxmox tag; use lowercase letters, digits, '_', '-', '+' and '.'",
});
/**
 * A Proxmox tag of every VM of a pool, where `{node}` stands for the VM's Proxmox node and
 * `{version}` for the cluster's version made tag-safe (1.31/stable gives 1.31-stable).
 */
const poolTag = z
  .string()
  .refine((tag) => /^[a-z0-9_][a-z0-9_+.-]*$/.test(tag.replace(/\{(node|version)\}/g, "x")), {
    message: "is not a valid Proxmox tag; use lowercase letters, digits, '_', '-', '+' and '.', with {node} for the VM's Proxmox node and {version} for the cluster's version (e.g. k8s-{version})",
  });
/** Proxmox accepts VMIDs from 100 to 999999999. */
const vmId = z
  .number()
  .int({ message: "must be a whole number" })
  .min(100, { message: "is below 100; Proxmox VMIDs run from 100 to 999999999" })
  .max(999999999, { message: "is above 999999999; Proxmox VMIDs run from 100 to 999999999" });
const positiveInt = z.number().int({ message: "must be a whole number" }).positive({ message: "must be greater than 0" });

const addressRange = z.strictObject({
  /** First address of the range. */
  start: ipv4Address,
  /** Last address of the range (inclusive). */
  end: ipv4Address,
  /** Why the range is set aside. */
  description: z.string().optional(),
});

const vmIdRange = z
  .strictObject({
    /** First VMID of the range: the pool's first VM gets it. */
    start: vmId,
    /** Last VMID of the range (inclusive); the pool's count may not exceed the VMIDs the range holds. */
    end: vmId,
  })
  .refine((range) => range.end >= range.start, { message: "end is below start; write the lower VMID as start" });

export const proxmoxNodeSchema = z.strictObject({
  /** The Proxmox node name as `pvecm nodes` shows it. */
  name: dnsLabel,
  /** Physical cores (or threads, if you count them) the node offers to VMs. */
  cores: positiveInt,
  /** Memory the node offers to VMs, in MiB. */
  memoryMiB: positiveInt,
  /** Datastores for VM disks; the first is the default. */
  datastores: z.array(z.string().min(1)).min(1, { message: "needs at least one datastore, such as local-lvm" }),
  /** Datastore with the `snippets` content type enabled, for cloud-init vendor data. */
  snippetsDatastore: z.string().min(1),
  /** Address Terraform uses to reach the node over SSH for snippet uploads. @default the node name @example "192.168.1.2" */
  sshAddress: host.optional(),
  /**
   * The physical machine, registered in NetBox as a device (manufacturer, device type, role
   * Hypervisor, optional rack) attached to the site's virtualization cluster. @default not registered
   */
  hardware: z
    .strictObject({
      /** Manufacturer as NetBox lists it, e.g. "Dell". */
      manufacturer: z.string().min(1),
      /** The manufacturer's model, NetBox's device type, e.g. "PowerEdge R730". */
      model: z.string().min(1),
      /** Name of the rack the machine is mounted in, created in the node's NetBox site. @default no rack */
      rack: z.string().min(1).optional(),
      /** Serial number (service tag). @default none */
      serial: z.string().min(1).optional(),
    })
    .optional(),
});

export const proxmoxSchema = z.strictObject({
  /** The Proxmox VE API URL, e.g. https://pve.lab:8006/. */
  endpoint: serviceUrl("https://pve.example.lan:8006/"),
  /** Accept a plain http:// endpoint (credentials in clear). @default false */
  allowInsecureHttp,
  /** Skip TLS verification (self-signed certificates). @default false */
  insecure: z.boolean().default(false),
  /** SSH user for snippet uploads. @default "root" */
  sshUsername: z.string().min(1).default("root"),
  /** The Proxmox nodes VMs may be placed on, with the cores and memory each offers. */
  nodes: z.array(proxmoxNodeSchema).min(1, { message: "needs at least one Proxmox node" }),
  /** Allowed allocation per node before a warning, as a multiple of its cores and memory. */
  overcommit: z
    .strictObject({
      /**
       * vCPUs a node may carry per core before a warning. The nodes together may carry up to this
       * many vCPUs per core before it is an error (Proxmox shares cores), and pools asking more than
       * twice that are refused before planning. @default 1
       */
      cpuRatio: z.number().positive().default(1),
      /** VM memory a node may carry per MiB of its own before a warning; the nodes together never carry more than their memory. @default 1 */
      memoryRatio: z.number().positive().default(1),
    })
    .default({ cpuRatio: 1, memoryRatio: 1 }),
  /** Proxmox resource pool every VM joins. @default none @example "homelab" */
  pool: z.string().optional(),
}).superRefine(requireHttps("endpoint"));

/** MTU of a NIC, from IPv4's minimum to what Proxmox accepts. */
const mtu = z.number().int({ message: "must be a whole number" }).min(576, { message: "is below 576, the smallest MTU IPv4 allows" }).max(65520, { message: "is above 65520, the largest MTU Proxmox accepts" });

/** What every NIC after a VM's primary one says besides its address. */
const secondaryNicFields = {
  /** Network the NIC joins; its bridge and VLAN come from that network. @example "storage" */
  network: dnsLabel,
  /** Take the IPv4 address from the network's DHCP server instead of a static one. @default false */
  dhcp: z.boolean().default(false),
  /** MTU of the NIC. @default the bridge's @example 9000 */
  mtu: mtu.optional(),
  /** Enable the Proxmox firewall on the NIC. @default false */
  firewall: z.boolean().default(false),
};

/** A further NIC of an extra VM, after the primary one (`network`/`address`): net1, net2, ... in order. */
export const extraVmNicSchema = z.strictObject({
  ...secondaryNicFields,
  /**
   * Static address on the network: IPv4 (its IPv6 address derives from it), or IPv6 on an IPv6-only
   * network; required unless `dhcp`. @default none @example "10.0.20.2"
   */
  address: ipAddress.optional(),
});

/** A further NIC of every VM of a pool, after the primary one: net1, net2, ... in order. */
export const poolNicSchema = z.strictObject({
  ...secondaryNicFields,
  /** First address on the network (IPv4, or IPv6 on an IPv6-only network): the n-th VM gets start + n; required unless `dhcp`. @default none @example "10.0.20.11" */
  addressStart: ipAddress.optional(),
});

export const networkSchema = z.strictObject({
  /** How VMs and pools refer to this network. */
  name: dnsLabel,
  /** Linux bridge on the Proxmox nodes, e.g. vmbr1. */
  bridge: z.string().regex(/^vmbr\d+$/, { message: "must be a Linux bridge name such as vmbr0" }),
  /** 802.1Q tag; VMs get it on their NIC and the nodes get a VLAN interface. @default untagged */
  vlan: z.number().int().min(1, { message: "VLAN IDs run from 1 to 4094" }).max(4094, { message: "VLAN IDs run from 1 to 4094" }).optional(),
  /**
   * IPv4 network in CIDR form. Required unless the network is IPv6-only (an upstream hand-off that
   * carries only IPv6), which then needs `ipv6` and takes only secondary NICs with IPv6 addresses.
   * @default none: an IPv6-only network
   */
  cidr: cidrV4.optional(),
  /** Default IPv4 gateway for VMs on this network; required with `cidr`. @default none (IPv6-only network) */
  gateway: ipv4Address.optional(),
  /** DNS servers handed to VMs; at least one on a network with `cidr`. @default none (IPv6-only network) */
  dns: z.array(ipAddress).min(1, { message: "needs at least one DNS server" }).optional(),
  /** Search domain handed to VMs. @default none */
  domain: hostname.optional(),
  /** IPv6 on this network: VMs get prefix::<their IPv4 host number> addresses. */
  ipv6: z
    .strictObject({
      /** The network's IPv6 prefix: a VM's IPv6 address is this prefix with its IPv4 host number. */
      prefix: cidrV6,
      /** IPv6 default gateway handed to VMs, inside the prefix. @default none configured */
      gateway: ipv6Address.optional(),
    })
    .optional(),
  /** Ranges no VM may take (DHCP pools, appliances). */
  reserved: z.array(addressRange).default([]),
  /** Create the bridge on the Proxmox nodes (false when it exists already). @default false */
  manageBridge: z.boolean().default(false),
  /** Physical ports for a managed bridge. @example ["eno2"] */
  bridgePorts: z.array(z.string()).default([]),
  /** Human description, registered in NetBox. */
  description: z.string().optional(),
  /** Who picks VM addresses on this network: the config ("static") or NetBox at apply ("netbox"). @default the environment's addressing */
  addressing: z.enum(["static", "netbox"]).optional(),
  /** In netbox addressing, allocate from this NetBox IP range instead of the whole prefix. @default the network's prefix */
  netboxRange: addressRange.optional(),
  /**
   * Name of the VM (in `vms`) that routes this network: its address on the network is `gateway`
   * (e.g. a router VM at .1), which would otherwise collide with the gateway. @default none: the
   * gateway is outside the lab (a physical router)
   */
  gatewayVm: dnsLabel.optional(),
});

/** A Kubernetes node taint in `key=value:Effect` form. */
const nodeTaint = z.string().regex(/^[A-Za-z0-9./-]+(=[A-Za-z0-9._-]*)?:(NoSchedule|PreferNoSchedule|NoExecute)$/, {
  message: "must be key=value:Effect with Effect NoSchedule, PreferNoSchedule or NoExecute",
});

/** What one VM of a pool does differently from the pool, by position (`overrides[i]` is the i-th VM). */
export const vmPoolOverrideSchema = z.strictObject({
  /** vCPUs of this VM instead of the pool's. @default the pool's cores */
  cores: positiveInt.optional(),
  /** Memory of this VM in MiB instead of the pool's. @default the pool's memoryMiB */
  memoryMiB: positiveInt.optional(),
  /** Disk size of this VM in GiB instead of the pool's. @default the pool's diskGiB */
  diskGiB: positiveInt.optional(),
  /** The VM's hostname instead of the generated <prefix>-<n>. @default the generated name @example "k3s-storage-1" */
  name: dnsLabel.optional(),
  /** Node labels added to (and overriding keys of) the pool's labels. @default none */
  labels: z.record(z.string(), z.string()).optional(),
  /** Node taints added to the pool's taints. @default none */
  taints: z.array(nodeTaint).optional(),
});

export const vmPoolSchema = z.strictObject({
  /** How many VMs the pool has. */
  count: z.number().int().min(0, { message: "cannot be negative" }),
  /** vCPUs of each VM of the pool. */
  cores: positiveInt,
  /** Memory of each VM of the pool, in MiB. */
  memoryMiB: positiveInt,
  /** Disk size of each VM of the pool, in GiB. */
  diskGiB: positiveInt,
  /** VMIDs handed out in order: the n-th VM gets start + n. */
  vmIdRange,
  /** First IPv4 address of the pool: the n-th VM gets start + n. Required unless the network uses netbox addressing. */
  addressStart: ipv4Address.optional(),
  /** Proxmox nodes this pool may use, in placement order. @default every node */
  nodes: z.array(dnsLabel).optional(),
  /** Hostname prefix: VMs are named <prefix>-1, <prefix>-2, ... @default "<cluster>-server" / "<cluster>-agent" */
  namePrefix: dnsLabel.optional(),
  /** Zero-pad the number in generated names to this many digits: 2 gives <prefix>-01. @default 1 (no padding) */
  nameDigits: z.number().int({ message: "must be a whole number" }).min(1, { message: "must be at least 1" }).max(6, { message: "must be at most 6" }).default(1),
  /** Kubernetes node labels. */
  labels: z.record(z.string(), z.string()).default({}),
  /** Kubernetes node taints, in `key=value:Effect` form. @example ["dedicated=storage:NoSchedule"] */
  taints: z.array(nodeTaint).default([]),
  /** Disk datastore. @default the node's first datastore */
  datastore: z.string().optional(),
  /** Per-VM settings by position: the n-th entry overrides the n-th VM's size, name, labels or taints. @default none */
  overrides: z.array(vmPoolOverrideSchema).default([]),
  /** NICs every VM of the pool has besides the primary one on the cluster network, in order. @default none */
  nics: z.array(poolNicSchema).default([]),
  /**
   * Proxmox tags every VM of the pool carries besides the environment's, the cluster's and its
   * role's (control-plane, worker); `{node}` becomes the VM's Proxmox node and `{version}` the
   * cluster's version, tag-safe: ["microk8s-master", "{node}", "k8s-{version}"]. @default none
   */
  tags: z.array(poolTag).default([]),
});

export const bgpPeerSchema = z.strictObject({
  /** The peer's address (IPv4 or IPv6). */
  address: ipAddress,
  /** The peer's AS number. */
  asn,
  /** Shown in the router config and `gobgp neighbor`. */
  description: z.string().optional(),
  /** BGP hold time in seconds (3 or more). @default GoBGP's 90 */
  holdTimeSeconds: z.number().int().min(3, { message: "must be 3 or more seconds (RFC 4271)" }).optional(),
  /** Keepalive interval in seconds, at most a third of the hold time. @default GoBGP's 30 */
  keepaliveIntervalSeconds: positiveInt.optional(),
  /** Address families to negotiate, as GoBGP names them. @default the address's family */
  afiSafis: z.array(z.enum(["ipv4-unicast", "ipv6-unicast"])).min(1, { message: "needs at least one address family" }).optional(),
  /** The address is on no network of this environment (an ISP's router); without it, it must be. @default false */
  external: z.boolean().default(false),
});

export const routerSchema = z.strictObject({
  /** How clusters refer to this router. */
  name: dnsLabel,
  /** The router's AS number. */
  asn,
  /** BGP router id, an IPv4 address unique among the routers. */
  routerId: ipv4Address,
  /** Name of the extra VM (in `vms`) that runs GoBGP; its static address is the cluster side's peer. */
  vm: dnsLabel,
  /** TCP port gobgpd listens on. @default 179 */
  listenPort: port.default(179),
  /** Upstream peers (transit, other routers). */
  upstreams: z.array(bgpPeerSchema).default([]),
  /**
   * Prefixes the router originates (e.g. the lab's public IPv6 /48): injected into its RIB and
   * announced to the upstreams. Upstreams in another AS (eBGP) then receive these and nothing else;
   * upstreams in the router's own AS (an iBGP backbone) receive them along with everything else.
   * @default none: no export policy, upstreams receive whatever the router holds
   */
  originate: z.array(cidr).default([]),
  /**
   * Port of the router's Prometheus exporter (gobgp_exporter, installed by ansible/roles/gobgp;
   * 9474 is its own): the platform's Prometheus scrapes it and BGPSessionDown fires when an
   * upstream session is down. @default no exporter
   */
  metricsPort: port.optional(),
});

export const clusterBgpSchema = z.strictObject({
  /** What speaks BGP on the nodes: MetalLB in BGP mode, or Cilium's BGP control plane. */
  mode: z.enum(["metallb", "cilium"]),
  /** The cluster's AS number; must differ from the router's (eBGP). */
  asn,
  /** Name of the router (in `routers`) every node peers with. */
  router: dnsLabel,
  /**
   * Also announce the cluster's pod networks (podCidr, and podCidrIpv6 on a dual-stack cluster, over
   * the same session with an IPv6 family) so hosts beyond the router reach pods directly; the router
   * accepts them from the nodes and passes them to its upstreams. Cilium mode only (MetalLB announces
   * Services only); the pod and Service networks of clusters that do must not overlap another
   * cluster's. @default false: only the LoadBalancer pool is announced
   */
  advertisePodCidrs: z.boolean().default(false),
});

export const apiLoadBalancerSchema = z.strictObject({
  /** Names of extra VMs (in `vms`, on the cluster network) that run HAProxy in front of every server's API; two or more share apiVip through keepalived. */
  vms: z.array(dnsLabel).min(1, { message: "needs at least one load-balancer VM" }),
  /** VRRP virtual router id keepalived uses for the VIP (unique on the network). @default 51 */
  virtualRouterId: z.number().int().min(1, { message: "VRRP router ids run from 1 to 255" }).max(255, { message: "VRRP router ids run from 1 to 255" }).default(51),
  /** Interface inside the LB VMs that holds the VIP (Proxmox cloud-init names the first NIC eth0). @default "eth0" */
  interface: z.string().regex(/^[a-z][a-z0-9._-]{0,14}$/, { message: "must be a Linux interface name such as eth0" }).default("eth0"),
});

/** A machine the lab does not create (bare metal, a Raspberry Pi) that joins a cluster. */
export const hostSchema = z.strictObject({
  /** Hostname; unique among VMs and hosts. */
  name: dnsLabel,
  /** Network the machine's address is on. */
  network: dnsLabel,
  /** The machine's static IPv4 address on that network. */
  address: ipv4Address,
  /** CPU architecture, as Debian and Kubernetes name it. @default "amd64" */
  architecture: z.enum(["amd64", "arm64", "armhf"]).default("amd64"),
  /** What the machine is to its cluster. */
  role: z.enum(["worker"]),
  /** Cluster the machine joins. @default the only cluster */
  cluster: dnsLabel.optional(),
  /** Operating system, for NetBox and the reader (the Ansible phase expects Ubuntu/Debian). */
  os: z.string().min(1),
  /** CPU cores of the machine, for the record (the planner places nothing on it). @default not recorded */
  cores: positiveInt.optional(),
  /** Memory of the machine in MiB, for the record. @default not recorded */
  memoryMiB: positiveInt.optional(),
  /** Disk size of the machine in GiB, for the record. @default not recorded */
  diskGiB: positiveInt.optional(),
  /** Human description, e.g. "Raspberry Pi 5". */
  description: z.string().optional(),
  /**
   * The machine, registered in NetBox as a device (its manufacturer's device type, role
   * "Bare metal", in its network's site). @default not registered
   */
  hardware: z
    .strictObject({
      /** Manufacturer as NetBox lists it, e.g. "Raspberry Pi Foundation". */
      manufacturer: z.string().min(1),
      /** The manufacturer's model, NetBox's device type, e.g. "Raspberry Pi 5". */
      model: z.string().min(1),
      /** Serial number. @default none */
      serial: z.string().min(1).optional(),
    })
    .optional(),
  /** Kubernetes node labels. */
  labels: z.record(z.string(), z.string()).default({}),
  /** Kubernetes node taints, in `key=value:Effect` form. */
  taints: z.array(nodeTaint).default([]),
});

export const clusterSchema = z.strictObject({
  /** Cluster name; VM names and the `k8s-<name>` tag derive from it. */
  name: dnsLabel,
  /** Kubernetes distribution the Ansible phase installs: k3s, MicroK8s (the MicroK8s plan seed) or kubeadm (the HA-cluster seed). @default "k3s" */
  distribution: z.enum(["k3s", "microk8s", "kubeadm"]).default("k3s"),
  /** Pinned version: a k3s release (v1.31.4+k3s1), a MicroK8s snap channel (1.31/stable) or a Kubernetes release for kubeadm (v1.31.0). */
  version: z.string(),
  /** kubeadm only: the pinned containerd release (apt package containerd.io). @default "1.7.28" */
  containerdVersion: z.string().regex(/^\d+\.\d+\.\d+$/, { message: "must be a containerd release such as 1.7.28" }).optional(),
  /** Pod network CIDR. @default per distribution: k3s 10.42.0.0/16, MicroK8s 10.1.0.0/16, kubeadm 10.244.0.0/16 */
  podCidr: cidrV4.optional(),
  /** Service (ClusterIP) CIDR. @default per distribution: k3s 10.43.0.0/16, MicroK8s 10.152.183.0/24, kubeadm 10.96.0.0/12 */
  serviceCidr: cidrV4.optional(),
  /**
   * IPv6 pod network, making the cluster dual-stack (k3s only): k3s gets cluster-cidr "<podCidr>,<podCidrIpv6>",
   * each node its IPv6 address as a second node-ip (so the cluster network needs an IPv6 prefix), and
   * Cilium runs with IPv6. Requires serviceCidrIpv6. @default none: the cluster is IPv4 only
   */
  podCidrIpv6: cidrV6.optional(),
  /** IPv6 Service (ClusterIP) network of a dual-stack cluster, at most a /108 (say a /112); with podCidrIpv6 only. @default none */
  serviceCidrIpv6: cidrV6.optional(),
  /** Name of the network the nodes live on. */
  network: dnsLabel,
  /** Virtual IP of the Kubernetes API (kube-vip, or keepalived on two or more API load balancers), on the cluster network. Required unless one API load-balancer VM serves the API on its own address. */
  apiVip: ipv4Address.optional(),
  /** Put the API behind HAProxy on extra VMs instead of kube-vip (lib/topology/stages/api-load-balancer.ts). @default kube-vip on the servers */
  apiLoadBalancer: apiLoadBalancerSchema.optional(),
  /** Addresses handed to LoadBalancer services. */
  loadBalancerPool: addressRange,
  /** Control-plane pool: k3s servers, MicroK8s masters or kubeadm control-plane nodes. */
  servers: vmPoolSchema,
  /** Worker pool. @default no agents */
  agents: vmPoolSchema.optional(),
  /** Site the cluster runs in (multi-site environments). @default the only site */
  site: dnsLabel.optional(),
  /** Announce LoadBalancer addresses (and, with advertisePodCidrs, the pod networks) over BGP to a router. @default no BGP */
  bgp: clusterBgpSchema.optional(),
}).superRefine((cluster, context) => {
  const versionFormats = {
    k3s: { pattern: /^v\d+\.\d+\.\d+\+k3s\d+$/, example: "a k3s release such as v1.31.4+k3s1" },
    microk8s: { pattern: /^\d+\.\d+(-strict)?\/(stable|candidate|beta|edge)$/, example: "a MicroK8s snap channel such as 1.31/stable" },
    // kubeadm.k8s.io/v1beta4, which the rendered configuration uses, is read from kubeadm 1.31 on.
    kubeadm: { pattern: /^v1\.(3[1-9]|[4-9]\d)\.\d+$/, example: "a Kubernetes release from v1.31.0 on, such as v1.31.0 (the rendered kubeadm.k8s.io/v1beta4 configuration needs kubeadm 1.31 or later)" },
  } as const;
  const format = versionFormats[cluster.distribution];
  if (!format.pattern.test(cluster.version)) {
    context.addIssue({ code: "custom", path: ["version"], input: cluster.version, message: `must be ${format.example} for distribution ${cluster.distribution}` });
  }
  if (cluster.containerdVersion !== undefined && cluster.distribution !== "kubeadm") {
    context.addIssue({ code: "custom", path: ["containerdVersion"], input: cluster.containerdVersion, message: `only applies to distribution kubeadm (${cluster.distribution} ships its own containerd); remove it` });
  }
});

export const extraVmSchema = z.strictObject({
  /** Hostname of the VM; unique among VMs and hosts. */
  name: dnsLabel,
  /** What the VM is for; it becomes an inventory group and a tag (router, netbox, ai-agent, ...). */
  role: dnsLabel,
  /** The VM's Proxmox VMID; unique among every VM, the pools' VMs included (keep it out of their vmIdRange). */
  vmId,
  /** Proxmox node the VM runs on. */
  node: dnsLabel,
  /** vCPUs of the VM. */
  cores: positiveInt,
  /** Memory of the VM, in MiB. */
  memoryMiB: positiveInt,
  /** Disk size of the VM, in GiB. */
  diskGiB: positiveInt,
  /** Network the VM's NIC joins. */
  network: dnsLabel,
  /** Static IPv4 address on that network; required unless the network uses netbox addressing. */
  address: ipv4Address.optional(),
  /** NICs besides the primary one (`network`/`address`), in order: net1, net2, ... @default none */
  nics: z.array(extraVmNicSchema).default([]),
  /** Site the VM runs in (multi-site environments). @default the only site */
  site: dnsLabel.optional(),
  /** Extra Proxmox tags. */
  tags: z.array(proxmoxTag).default([]),
  /** Human description shown in Proxmox and NetBox. */
  description: z.string().optional(),
  /** Register the VM as a Proxmox HA resource. @default false */
  ha: z.boolean().default(false),
  /** Disk datastore. @default the node's first datastore */
  datastore: z.string().optional(),
});

/** A VM deployed under one name and now called another (see `renamedVms`). */
export const vmRenameSchema = z.strictObject({
  /** The name the VM was deployed under, which no VM of the environment carries any more. */
  from: dnsLabel,
  /** The VM's name now: a pool VM (servers, agents) or an extra VM (`vms`) of this environment. */
  to: dnsLabel,
});

const imageSchema = z.discriminatedUnion("kind", [
  z.strictObject({
    /** Clone every VM from a cloud-init-ready template on Proxmox (existing, or built by `homelab image`). */
    kind: z.literal("template"),
    /** VMID of the cloud-init-ready template to clone. */
    templateVmId: vmId,
    /** Node holding the template. @default the first node */
    templateNode: dnsLabel.optional(),
    /**
     * "shared": one template (on shared storage, or a linked-clone source) every node clones from;
     * "perNode": one template on each node that runs a VM, VMID templateVmId + the node's position
     * in `nodes`, so no clone crosses nodes. @default "shared"
     */
    placement: z.enum(["shared", "perNode"]).optional(),
    /** perNode: the nodes holding a template, in VMID order. @default every Proxmox node, in config order */
    nodes: z.array(dnsLabel).min(1, { message: "needs at least one node" }).optional(),
    /** Build the template with Packer (`homelab image <env>`) instead of assuming it exists. @default not built */
    build: imageBuildSchema.optional(),
  }),
  z.strictObject({
    /** Download a cloud image to each node and import it as every VM's disk. */
    kind: z.literal("cloudImage"),
    /** URL of a qcow2/img cloud image, downloaded once per node. @example "https://cloud-images.ubuntu.com/noble/current/noble-server-cloudimg-amd64.img" */
    url: serviceUrl("https://cloud-images.ubuntu.com/noble/current/noble-server-cloudimg-amd64.img"),
    /** Accept a plain http:// image URL. @default false */
    allowInsecureHttp,
    /** File name in the datastore (must end in .img or .qcow2 for import). @example "noble-server-cloudimg-amd64.img" */
    fileName: z.string().regex(/\.(img|qcow2)$/, { message: "must end in .img or .qcow2" }),
    /** Datastore with the `import` or `iso` content type. @example "local" */
    datastore: z.string().min(1),
    /** Expected checksum of the downloaded image, checked by Proxmox after the download. @default not checked */
    checksum: z.string().optional(),
    /** Algorithm of `checksum`. @default none (give it with checksum) @example "sha256" */
    checksumAlgorithm: z.enum(["md5", "sha1", "sha224", "sha256", "sha384", "sha512"]).optional(),
  }).superRefine(requireHttps("url")),
]);

export const netboxSchema = z.strictObject({
  /** Register networks and VMs in NetBox. @default true */
  enabled: z.boolean().default(true),
  /** NetBox base URL; the API token comes from TF_VAR_netbox_api_token (the infra stack's sensitive `netbox_api_token` variable), never from here. */
  url: serviceUrl("https://netbox.lab.example/"),
  /** Accept a plain http:// NetBox URL (the token goes in clear). @default false */
  allowInsecureHttp,
  /** The NetBox site; multi-site environments name one per site under `sites[].netboxSite` instead. */
  site: z
    .strictObject({
      /** Site name as NetBox shows it, e.g. "Home Lab". */
      name: z.string().min(1),
      /** The site's slug, its URL-safe name in NetBox. */
      slug: dnsLabel,
    })
    .optional(),
  /** Cluster type the Proxmox cluster is filed under. @default "Proxmox VE" */
  clusterType: z.string().default("Proxmox VE"),
  /** Further prefixes to register, e.g. a guest network or an IPv6 allocation. */
  prefixes: z
    .array(
      z.strictObject({
        /** The prefix to register, e.g. 2602:f674::/48. */
        prefix: cidr,
        /** Description of the prefix in NetBox. @default none */
        description: z.string().optional(),
      }),
    )
    .default([]),
}).superRefine(requireHttps("url"));

export const siteSchema = z.strictObject({
  /** Site name: the alias of its proxmox provider, and what clusters and VMs refer to. */
  name: dnsLabel,
  /** Human description of the site, e.g. "DR site in Athens". @default none */
  description: z.string().optional(),
  /** The primary site; at most one. @default the first site */
  primary: z.boolean().default(false),
  /** The site's Proxmox cluster: its API endpoint and nodes (the same fields as the top-level `proxmox`). */
  proxmox: proxmoxSchema,
  /** The site's networks (the same fields as the top-level `networks`). */
  networks: z.array(networkSchema).min(1, { message: "needs at least one network" }),
  /** The NetBox site this site's records are filed under. @default netbox.site (one of the two is needed while NetBox is on) */
  netboxSite: z
    .strictObject({
      /** Site name as NetBox shows it. */
      name: z.string().min(1),
      /** The site's slug, its URL-safe name in NetBox. */
      slug: dnsLabel,
    })
    .optional(),
});

export const environmentSchema = z.strictObject({
  /** Environment name: stacks are <name>-infra and <name>-platform. */
  name: dnsLabel,
  /** Human description of the environment, shown in the lab report. @default none */
  description: z.string().optional(),
  /** The Proxmox cluster of a single-site environment (or list `sites`). */
  proxmox: proxmoxSchema.optional(),
  /** The networks of a single-site environment (or list `sites`). */
  networks: z.array(networkSchema).min(1, { message: "needs at least one network" }).optional(),
  /** Several sites, each with its own Proxmox cluster and networks, instead of `proxmox` and `networks`. */
  sites: z.array(siteSchema).min(1, { message: "needs at least one site" }).optional(),
  /** Who picks VM addresses: the config ("static") or NetBox at apply ("netbox"). @default "static" */
  addressing: z.enum(["static", "netbox"]).default("static"),
  /** What every VM is cloned from: a template on Proxmox (`kind: template`) or a downloaded cloud image (`kind: cloudImage`). */
  image: imageSchema,
  /** Login user created by cloud-init. @default "ubuntu" */
  vmUser: z.string().regex(/^[a-z_][a-z0-9_-]*$/).default("ubuntu"),
  /** CPU type for every VM. @default "x86-64-v2-AES" */
  cpuType: z.string().default("x86-64-v2-AES"),
  /** The Kubernetes cluster of a single-cluster environment (or list `clusters`). @default no cluster */
  cluster: clusterSchema.optional(),
  /** Several Kubernetes clusters (e.g. one per site), instead of `cluster`. */
  clusters: z.array(clusterSchema).optional(),
  /** VMs besides the cluster pools, each pinned to a node by the user: router, NetBox, API load balancers, anything else. @default none */
  vms: z.array(extraVmSchema).default([]),
  /** Machines the lab does not create (bare-metal workers): addresses, inventory and NetBox, no Proxmox resources. */
  hosts: z.array(hostSchema).default([]),
  /**
   * VMs renamed since they were deployed, old name to new: the infra stack emits Terraform `moved`
   * blocks from the old name's addresses (Proxmox VM, NetBox records) to the new one's, so
   * Terraform renames the VMs in place instead of destroying and recreating them. Keep an entry
   * until every deployment of the environment has applied it. @default none
   */
  renamedVms: z.array(vmRenameSchema).default([]),
  /** BGP routers (GoBGP on an extra VM). */
  routers: z.array(routerSchema).default([]),
  /** SSH public keys installed for the VM user. Public keys only. */
  sshPublicKeys: z
    .array(
      z.string().regex(/^(ssh-(ed25519|rsa|dss)|ecdsa-sha2-nistp\d+|sk-ssh-ed25519@openssh\.com) [A-Za-z0-9+/=]+( .*)?$/, {
        message: "is not an SSH public key; paste the one-line contents of a .pub file",
      }),
    )
    .min(1, { message: "needs at least one SSH public key, or nobody can log in" }),
  /** Tags added to every VM. */
  tags: z.array(proxmoxTag).default([]),
  /** Register networks, VMs and machines in NetBox (the infra stack's netbox provider). @default no NetBox */
  netbox: netboxSchema.optional(),
  /** Where the Ansible phase writes the kubeconfig the platform stack reads. @default "~/.kube/homelab-<name>.yaml" */
  kubeconfigPath: z.string().optional(),
  /** What the platform stack installs on the cluster (lib/config/platform.ts). @default flannel, MetalLB in L2 mode, local-path, nothing else */
  platform: platformSchema.prefault({}),
  /** Where the stacks keep their Terraform state (lib/config/state.ts); credentials come from environment variables. @default { backend: "local" } */
  state: stateSchema.optional(),
  /** Warnings accepted on purpose, by config path, each with its reason (lib/config/acknowledge.ts). @default none */
  acknowledge: z.array(acknowledgementSchema).default([]),
});

/** An environment as written by a user: optional fields may be left out. */
export type EnvironmentInput = z.input<typeof environmentSchema>;
/** A single-site environment as written: top-level `proxmox` and `networks` (no `sites`). */
export type SingleSiteEnvironmentInput = EnvironmentInput & Required<Pick<EnvironmentInput, "proxmox" | "networks">>;
/** An environment after validation, with every default filled in. */
export type Environment = z.output<typeof environmentSchema>;
export type ProxmoxNode = z.output<typeof proxmoxNodeSchema>;
export type Network = z.output<typeof networkSchema>;
export type VmPool = z.output<typeof vmPoolSchema>;
export type VmPoolOverride = z.output<typeof vmPoolOverrideSchema>;
export type Cluster = z.output<typeof clusterSchema>;
export type ExtraVm = z.output<typeof extraVmSchema>;
export type Host = z.output<typeof hostSchema>;
export type VmRename = z.output<typeof vmRenameSchema>;
export type Site = z.output<typeof siteSchema>;
export type Router = z.output<typeof routerSchema>;
/** A BGP peer as the config gives it (a router's upstream); the Topology's resolved one is `BgpPeer` in lib/topology/types.ts. */
export type BgpPeerInput = z.output<typeof bgpPeerSchema>;

/** Typed helper for environment files: gives editor completion and type checks, no runtime work. */
export function defineEnvironment(environment: EnvironmentInput): EnvironmentInput {
  return environment;
}
