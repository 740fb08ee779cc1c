import type { SeedLedger } from "./types";

/** MicroK8s integration plan: dev, staging, production. */
export const microk8sPlan: SeedLedger = {
  seed: "microk8s-plan",
  file: "002_f7518abad60d5624.txt",
  title: "MicroK8s integration plan: dev, staging, production",
  environments: ["dev", "staging", "production"],
  facts: [
    // Environments and sizes
    { id: "environments", fact: "three environments", seedValue: "development, staging, production", where: "environments dev, staging, production (one stack pair each)" },
    { id: "dev-size", fact: "development: one master", seedValue: "1 master (2 vCPU, 4GB RAM, 40GB disk)", where: "dev cluster.servers" },
    { id: "staging-size", fact: "staging: three HA masters", seedValue: "3 master nodes (4 vCPU, 8GB RAM, 60GB disk)", where: "staging cluster.servers" },
    { id: "production-masters", fact: "production masters", seedValue: "3+ master nodes (4 vCPU, 8GB RAM, 100GB disk)", where: "production cluster.servers" },
    { id: "production-workers", fact: "production workers", seedValue: "2+ worker nodes (8 vCPU, 16GB RAM, 200GB disk)", where: "production cluster.agents" },
    { id: "production-spread", fact: "production HA with node distribution across Proxmox hosts", seedValue: "node distribution across Proxmox hosts", where: "pool placement over labProxmox's three nodes (node_name)" },
    { id: "vlan-segmentation", fact: "network segmentation with VLANs", seedValue: "Network segmentation with VLANs", where: "labVlan: VLAN 10/20/30 per environment (network_device vlan_id)" },
    {
      id: "management-network",
      fact: "optional second (management) NIC",
      seedValue: "vm_bridge_2 = var.vm_bridge_mgmt when enable_management_network",
      where: "staging and production (the seed's network segmentation; development keeps its single network interface): network management on vmbr1, VLAN 120/130, and the pools' nics[0] on it (Proxmox net1, cloud-init ipconfig1 without a gateway, inventory interfaces eth1, NetBox interface eth1)",
      correction: "the seed gives the second NIC no address; the environments give it a static one with the node's host number (.10, .101), so NetBox and the inventory record it",
    },
    // Terraform VM module
    { id: "distribution", fact: "Kubernetes distribution", seedValue: "MicroK8s (snap install microk8s --classic)", where: "cluster.distribution microk8s (inventory k8s_distribution; microk8s role)" },
    { id: "snap-channel", fact: "MicroK8s installed from a pinned channel", seedValue: "--channel=${microk8s_channel}", where: "cluster.version (inventory microk8s_channel)", correction: "the seed names no channel; the environments pin 1.31/stable, the role's default" },
    { id: "master-vmid", fact: "master VMIDs", seedValue: "vm_id_offset + 100 + count.index", where: "cluster.servers.vmIdRange (1100, 2100, 3100: offsets 1000, 2000, 3000)" },
    { id: "master-address", fact: "master addresses, first at .10", seedValue: "${cluster_subnet}.${10 + count.index}/24", where: "cluster.servers.addressStart .10 (cloud-init ip_config)" },
    { id: "gateway", fact: "gateway at .1 of the cluster subnet", seedValue: "${cluster_subnet}.1", where: "labVlan gateway (cloud-init ip_config gateway)" },
    { id: "cpu-type", fact: "CPU type", seedValue: "vcpu_type = \"host\"", where: "cpuType host (proxmox_virtual_environment_vm cpu.type)" },
    {
      id: "master-names",
      fact: "master VM names",
      seedValue: "microk8s-master-${count.index + 1}",
      where: "cluster.servers.namePrefix microk8s-master (agents microk8s-worker), no environment prefix, as in the seed (NetBox: one cluster per environment); renamedVms moves the VMs deployed as <cluster>-server-<n>/-agent-<n> (Terraform moved blocks)",
    },
    {
      id: "vm-tags",
      fact: "VM tags",
      seedValue: "common tags, env tag, microk8s-master, node name, k8s-<version>",
      where: "environment tags (homelab, <env>) and the pools' tags microk8s-master/microk8s-worker, {node}, k8s-{version} (k8s-1.31-stable, the channel made tag-safe)",
    },
    { id: "ssh-keys", fact: "SSH key injection", seedValue: "ci_ssh_key, ssh_username", where: "sshPublicKeys, vmUser (cloud-init user_account)" },
    { id: "cluster-token", fact: "cluster join token: 32 characters, no special characters, from random_password", seedValue: "random_password length 32, special false", where: "random_password (special false) hashed by the microk8s role to microk8s_join_token (32 hex characters)", correction: "the random_password is 48 characters (it is also the k3s token); MicroK8s gets its first 32 hex characters of sha256, so the add-node token has the seed's length and alphabet" },
    { id: "enable-ha", fact: "the first three nodes are HA masters", seedValue: "enable_ha = count.index < 3", where: "servers form the dqlite HA control plane (microk8s role, ha-cluster addon)" },
    // Vendor data
    { id: "vendor-data", fact: "vendor-data snippet for the Kubernetes nodes", seedValue: "qemu-guest-agent, br_netfilter/overlay, bridge-nf-call-iptables, ip_forward, swapoff", where: "cloud-init vendor-data snippet (proxmox_virtual_environment_file)" },
    { id: "kubelet-apiserver-args", fact: "kubelet and API server arguments", seedValue: "--max-pods=250, admission plugins NodeRestriction,ResourceQuota, audit log 100/10", outOfScope: "MicroK8s args files are left at the snap's defaults; the project does not template them" },
    { id: "add-node-ttl", fact: "add-node token lifetime", seedValue: "--token-ttl 3600", where: "microk8s role microk8s_join_token_ttl 3600 (microk8s add-node)" },
    // Addons and platform
    { id: "dev-addons", fact: "development addons", seedValue: "dns, storage", where: "microk8s role microk8s_addons (dns, hostpath-storage)" },
    { id: "staging-addons", fact: "staging addon suite", seedValue: "dns, ingress, metallb, storage, cert-manager", where: "microk8s_addons dns/hostpath-storage; platform metallb, traefik, cert-manager releases", correction: "ingress, MetalLB and cert-manager come as pinned Helm releases from the platform stack rather than MicroK8s addons, so all environments share one definition; the ingress controller is Traefik" },
    { id: "load-balancer", fact: "load balancer", seedValue: "metallb", where: "platform.loadBalancer metallb in staging and production (metallb release, IPAddressPool)" },
    { id: "production-monitoring", fact: "production addon suite with monitoring", seedValue: "Complete addon suite with monitoring (Prometheus, Grafana)", where: "production platform.monitoring (kube-prometheus-stack release)" },
    { id: "rancher", fact: "Rancher with its bootstrap password from a secret", seedValue: "rancher in cattle-system, bootstrapPassword from vault", where: "platform.rancher (rancher release; sensitive variable rancher_bootstrap_password)" },
    { id: "argocd", fact: "GitOps engine", seedValue: "ArgoCD deployment and setup", where: "platform.argocd in staging and production (argo-cd release)" },
    // Ansible and pipeline
    { id: "inventory-groups", fact: "inventory generated from Terraform with master and worker groups", seedValue: "dynamic groups (masters, workers), host variables (roles, IPs)", where: "generated inventory: k3s_cluster/server and agent groups with vm_role and ansible_host" },
    { id: "validate-playbook", fact: "cluster validation playbook", seedValue: "playbooks/validate.yml", where: "ansible/playbooks/validate.yml" },
    { id: "ubuntu-base", fact: "Ubuntu base image", seedValue: "Ubuntu base configuration", outOfScope: "the clone template (VMID 9000) is built outside the project" },
    { id: "vault-archive", fact: "Vault/Nomad code archived", seedValue: "infrastructure/ -> infrastructure-vault-archive/", outOfScope: "the seed's own repository housekeeping" },
  ],
};
