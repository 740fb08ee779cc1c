import YAML from "yaml";
import type { Topology, TopologyVm } from "./topology/types";
import { routerHostVars } from "./bgp/gobgp";
import { apiLoadBalancerHostVars } from "./lb/host-vars";
import { kubeadmHostVars, hostMachineVars, kubeadmClusterVars } from "./kubeadm/inventory";
import { staticAddress } from "./topology/vm-addresses";
import { formatAddress, parseCidr } from "./net/ip";

/*
 * The Ansible inventory, rendered from the Topology: groups k3s_cluster (children server and agent)
 * and one group per extra-VM role. What the whole cluster shares (distribution, version, first
 * server, API VIP and port, CNI, kubeconfig path) is the cluster group's vars; hostvars carry only
 * what differs per host (addresses, Proxmox node, node labels and taints, router config). Never a
 * secret: join and admin tokens come from Ansible Vault or the environment.
 */

type HostVars = Record<string, unknown>;
interface Group {
  hosts?: Record<string, HostVars>;
  vars?: Record<string, unknown>;
  children?: Record<string, Group>;
}

/**
 * Where a host's addresses come from. Static addressing: the Topology. Netbox addressing: Terraform
 * references to the allocations (CIDR form), resolved at apply.
 */
export interface InventoryAddresses {
  /** The address Ansible connects to. */
  host(vm: TopologyVm): string;
  /** IPv4 (and IPv6) in CIDR form. */
  ipv4(vm: TopologyVm): string;
  ipv6(vm: TopologyVm): string | undefined;
}

/** The Topology's own (static) addresses. */
export const staticAddresses: InventoryAddresses = {
  host: (vm) => staticAddress(vm, 4)!.address,
  ipv4: (vm) => staticAddress(vm, 4)!.cidr,
  ipv6: (vm) => staticAddress(vm, 6)?.cidr,
};

function hostVars(topology: Topology, vm: TopologyVm, addresses: InventoryAddresses): HostVars {
  const vars: HostVars = {
    ansible_host: addresses.host(vm),
    vmid: vm.vmId,
    proxmox_node: vm.node,
    vm_role: vm.role,
    ipv4_address: addresses.ipv4(vm),
    ipv4_gateway: vm.nic.ipv4.gateway,
  };
  const ipv6 = addresses.ipv6(vm);
  if (ipv6) vars.ipv6_address = ipv6;
  if (topology.sites.length > 1) vars.site = vm.site;
  if (vm.interfaces.length > 1) vars.interfaces = interfaceVars(vm, addresses);
  if (vm.kind !== "extra") {
    vars.k8s_node_labels = { ...vm.labels };
    vars.k8s_node_taints = [...vm.taints];
  }
  // A GoBGP router gets its rendered gobgpd.toml (ansible/roles/gobgp writes it).
  Object.assign(vars, routerHostVars(topology, vm));
  // An API load balancer gets its haproxy.cfg and keepalived.conf (ansible/roles/haproxy writes them).
  Object.assign(vars, apiLoadBalancerHostVars(topology, vm));
  // With bare-metal hosts in the lab, every machine says what it runs on (VMs: the CPU type's amd64).
  if (topology.hosts.length > 0) vars.architecture = "amd64";
  Object.assign(vars, kubeadmHostVars(topology, vm.name));
  return vars;
}

/**
 * Every NIC of a VM with more than one, in interface order (eth0 first): what a role configuring
 * routing or firewalling on the host reads. `ansible_host` stays the primary NIC's address.
 */
function interfaceVars(vm: TopologyVm, addresses: InventoryAddresses): Record<string, unknown>[] {
  return vm.interfaces.map(({ name, nic, addresses: own }, index) => {
    const staticCidr = (family: 4 | 6): string | undefined => {
      const address = own.find((candidate) => candidate.family === family);
      return address?.addressing === "static" ? address.cidr : undefined;
    };
    // The primary NIC's addresses may be NetBox allocations (references), which `addresses` resolves.
    const ipv4 = index === 0 ? addresses.ipv4(vm) : staticCidr(4);
    const ipv6 = index === 0 ? addresses.ipv6(vm) : staticCidr(6);
    return {
      name,
      network: nic.network,
      bridge: nic.bridge,
      ...(nic.vlan !== undefined ? { vlan: nic.vlan } : {}),
      ...(nic.dhcp ? { dhcp: true } : ipv4 ? { ipv4_address: ipv4 } : {}),
      ...(ipv6 ? { ipv6_address: ipv6 } : {}),
      ...(index === 0 && nic.ipv4 ? { ipv4_gateway: nic.ipv4.gateway } : {}),
      ...(nic.mtu !== undefined ? { mtu: nic.mtu } : {}),
    };
  });
}

/** The inventory as a plain object (the YAML file's content). */
export function inventoryData(topology: Topology, addresses: InventoryAddresses = staticAddresses): { all: Group } {
  const allVars: Record<string, unknown> = {
    homelab_environment: topology.environment,
    ansible_user: topology.vmUser,
  };
  const firstNetwork = topology.networks.find((network) => network.name === topology.clusters[0]?.network) ?? topology.networks[0];
  allVars.dns_servers = [...firstNetwork.dns];
  if (firstNetwork.domain) allVars.dns_domain = firstNetwork.domain;

  const children: Record<string, Group> = {};
  const clusterVars = (cluster: Topology["clusters"][number]): Record<string, unknown> => {
    const network = topology.networks.find((candidate) => candidate.name === cluster.network)!;
    const platform = topology.clusterPlatforms.find((candidate) => candidate.cluster === cluster.name)?.platform ?? topology.platform;
    return {
        k8s_distribution: cluster.distribution,
        ...(cluster.distribution === "microk8s" ? { microk8s_channel: cluster.version } : cluster.distribution === "k3s" ? { k3s_version: cluster.version } : {}),
        k8s_cluster_name: cluster.name,
        // The server that initialises the cluster (k3s cluster-init, the MicroK8s node the others
        // join): a fact about the cluster, so a group var rather than a flag on one host.
        k8s_first_server: cluster.servers[0],
        k8s_api_vip: cluster.apiVip,
        k8s_api_port: cluster.apiPort,
        k8s_network_cidr: network.cidr,
        // The resolved pod and Service networks (the distribution's defaults unless the cluster sets
        // its own), named for every cluster so the inventory says what the cluster runs; they are
        // k8s_cluster_* because playbook group_vars outrank inventory vars.
        k8s_cluster_pod_cidr: cluster.podCidr,
        k8s_cluster_service_cidr: cluster.serviceCidr,
        k8s_cluster_api_service_address: formatAddress(parseCidr(cluster.serviceCidr).first + 1n, 4),
        ...(cluster.podCidrIpv6 !== undefined && cluster.serviceCidrIpv6 !== undefined
          ? { k8s_cluster_pod_cidr_ipv6: cluster.podCidrIpv6, k8s_cluster_service_cidr_ipv6: cluster.serviceCidrIpv6 }
          : {}),
        k8s_lb_pool_start: cluster.loadBalancerPool.start,
        k8s_lb_pool_end: cluster.loadBalancerPool.end,
        k8s_cni: platform.cni,
        k8s_kube_proxy_replacement: platform.cilium?.kubeProxyReplacement ?? false,
        k3s_disable: [...platform.k3sDisable],
        // Where the <env>-platform stack's kubernetes/helm providers for this cluster read it.
        kubeconfig_path: cluster.kubeconfigPath,
        ...kubeadmClusterVars(cluster),
    };
  };
  // Bare-metal workers join as agents: the playbooks treat them like agent VMs.
  const members = (kind: "server" | "agent"): Group => ({
    hosts: Object.fromEntries([
      ...topology.vms.filter((vm) => vm.kind === kind).map((vm) => [vm.name, hostVars(topology, vm, addresses)]),
      ...(kind === "agent" ? topology.hosts.map((host) => [host.name, { ...hostMachineVars(topology, host), ...kubeadmHostVars(topology, host.name) }]) : []),
    ]),
  });
  const cluster = topology.cluster;
  if (cluster) {
    children.k3s_cluster = { vars: clusterVars(cluster), children: { server: members("server"), agent: members("agent") } };
  } else if (topology.clusters.length > 1) {
    // Several clusters: server and agent still hold every node (the playbooks target them); each
    // node also sits in k8s_<cluster>, whose vars (VIP, version, name) are that cluster's.
    const perCluster = topology.clusters.map((each) => [
      `k8s_${each.name.replace(/-/g, "_")}`,
      { vars: clusterVars(each), hosts: Object.fromEntries([...topology.vms.filter((vm) => vm.cluster === each.name).map((vm) => vm.name), ...each.hosts].map((name) => [name, {}])) },
    ]);
    children.k3s_cluster = { children: { server: members("server"), agent: members("agent"), ...Object.fromEntries(perCluster) } };
  }
  const balancers = topology.clusters.flatMap((each) => each.apiLoadBalancer?.vms.map((lb) => lb.name) ?? []);
  if (balancers.length > 0) children.api_load_balancer = { hosts: Object.fromEntries(balancers.map((name) => [name, {}])) };
  for (const vm of topology.vms) {
    if (vm.kind !== "extra") continue;
    for (const group of vm.groups) {
      const entry = (children[group] ??= { hosts: {} });
      entry.hosts![vm.name] = hostVars(topology, vm, addresses);
    }
  }
  return { all: { vars: allVars, children } };
}

/** The inventory as YAML, exactly as `homelab inventory ENV` prints it and the infra stack outputs it. */
export function renderInventory(topology: Topology): string {
  if (topology.allocatedByNetbox) {
    throw new Error(
      `environment "${topology.environment}" uses netbox addressing: NetBox allocates the addresses at apply, so the inventory exists only after \`cdktf deploy ${topology.environment}-infra\`; then read it with \`terraform output -raw ansible_inventory\` in cdktf.out/stacks/${topology.environment}-infra`,
    );
  }
  return `${inventoryHeader(topology)}${YAML.stringify(inventoryData(topology), { lineWidth: 0 })}`;
}

/** The comment lines every inventory starts with. */
export function inventoryHeader(topology: Topology): string {
  const env = topology.environment;
  // With netbox addressing `homelab inventory` cannot know the addresses; the stack's output can.
  const refresh = topology.allocatedByNetbox
    ? `apply ${env}-infra and read \`terraform output -raw ansible_inventory\``
    : `run \`npx homelab inventory ${topology.source ?? env} --write\``;
  return `# Ansible inventory of environment "${env}", generated by homelab-cdktf from its Topology.\n# Do not edit: change ${topology.source ?? `environments/${env}.ts`} and ${refresh}.\n`;
}
