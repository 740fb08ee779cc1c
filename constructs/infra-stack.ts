import { Construct } from "constructs";
import { TerraformStack, TerraformVariable } from "cdktf";
import { addStateBackend } from "./state-backend";
import type { StateSettings } from "../lib/config/state";
import { ProxmoxProvider } from "../.gen/providers/proxmox/provider";
import { NetboxProvider } from "../.gen/providers/netbox/provider";
import { VirtualEnvironmentDownloadFile } from "../.gen/providers/proxmox/virtual-environment-download-file";
import { RandomProvider } from "@cdktf/provider-random/lib/provider";
import type { Topology } from "../lib/topology/types";
import { AnsibleInventory } from "./ansible-inventory";
import { CloudInitSnippet } from "./cloud-init-snippet";
import { ClusterToken } from "./cluster-token";
import { NetboxRegistration } from "./netbox-registration";
import { NetworkSegment } from "./network-segment";
import { moveFromFormerId } from "./moved";
import { ProxmoxVm } from "./proxmox-vm";

/** Provider versions pinned in providers/*.schema.json; cdktf.json lists the same constraints. */
export const PROXMOX_PROVIDER_VERSION = "~> 0.111.1";
export const NETBOX_PROVIDER_VERSION = "~> 5.7.0";
export const RANDOM_PROVIDER_VERSION = "~> 3.7.2";

export interface InfraStackProps {
  readonly topology: Topology;
  /** The state backend, overriding the environment's `state` (`--state-backend`). @default topology.state (local when unset) */
  readonly state?: StateSettings;
}

/**
 * `<env>-infra`: networks, cloud-init snippets and VMs on Proxmox, the NetBox records, and the
 * Ansible inventory output. Credentials never appear here: Proxmox reads PROXMOX_VE_API_TOKEN (or
 * username/password variables) from the environment, NetBox gets its token from a sensitive variable.
 */
export class InfraStack extends TerraformStack {
  readonly vms = new Map<string, ProxmoxVm>();
  /** The aliased proxmox provider of each site (empty for a single-site environment). */
  readonly proxmoxProviders = new Map<string, ProxmoxProvider>();

  constructor(scope: Construct, id: string, props: InfraStackProps) {
    super(scope, id);
    const { topology } = props;
    // One backend block: the run-time override when given, else the environment's (local by default).
    addStateBackend(this, props.state ?? topology.state);

    // One proxmox provider per site. A single-site environment keeps the one unaliased provider
    // (id "Proxmox"), so its Terraform addresses are what they were before sites existed.
    const implicit = topology.sites.length === 1 && topology.sites[0].implicit;
    for (const site of topology.sites) {
      const provider = new ProxmoxProvider(this, implicit ? "Proxmox" : `Proxmox-${site.name}`, {
        ...(implicit ? {} : { alias: site.name }),
        endpoint: site.proxmox.endpoint,
        insecure: site.proxmox.insecure,
        // Snippet uploads go over SSH; the agent holds the key, so no key material is in the config.
        ssh: {
          agent: true,
          username: site.proxmox.sshUsername,
          nodeAttribute: site.proxmox.nodes
            .filter((node) => node.sshAddress)
            .map((node) => ({ name: node.name, address: node.sshAddress! })),
        },
      });
      if (!implicit) this.proxmoxProviders.set(site.name, provider);
    }
    this.addOverride("terraform.required_providers.proxmox.version", PROXMOX_PROVIDER_VERSION);
    const providerOf = (site: string | undefined): ProxmoxProvider | undefined => (site === undefined ? undefined : this.proxmoxProviders.get(site));

    for (const network of topology.networks) {
      if (network.manageBridge) new NetworkSegment(this, `Network-${network.name}`, { network, provider: providerOf(network.site) });
    }

    const snippetIds = new Map<string, string>();
    for (const snippet of topology.snippets) {
      const construct = new CloudInitSnippet(this, `VendorData-${snippet.profile}-${snippet.node}`, { snippet, provider: providerOf(snippet.site) });
      snippetIds.set(`${snippet.profile}@${snippet.node}`, construct.fileId);
    }

    const cloudImages = new Map<string, string>();
    const image = topology.image;
    if (image.kind === "cloudImage") {
      for (const [node, site] of new Map(topology.vms.map((vm) => [vm.node, vm.site]))) {
        const download = new VirtualEnvironmentDownloadFile(this, `CloudImage-${node}`, {
          provider: providerOf(site),
          nodeName: node,
          contentType: "import",
          datastoreId: image.datastore,
          url: image.url,
          fileName: image.fileName,
          checksum: image.checksum,
          checksumAlgorithm: image.checksumAlgorithm,
        });
        cloudImages.set(node, download.id);
      }
    }

    // With netbox addressing the VMs read their addresses from NetBox, so NetBox comes first.
    const allocated = topology.allocatedByNetbox;
    const registerInNetbox = (): NetboxRegistration | undefined => {
      if (!topology.netbox) return undefined;
      const token = new TerraformVariable(this, "netbox_api_token", {
        type: "string",
        sensitive: true,
        description: "NetBox API token; set TF_VAR_netbox_api_token, never commit it",
      });
      new NetboxProvider(this, "Netbox", { serverUrl: topology.netbox.url, apiToken: token.stringValue });
      this.addOverride("terraform.required_providers.netbox.version", NETBOX_PROVIDER_VERSION);
      return new NetboxRegistration(this, "Netbox-Registration", { topology, netbox: topology.netbox });
    };
    const registration = allocated ? registerInNetbox() : undefined;

    for (const vm of topology.vms) {
      const site = topology.sites.find((candidate) => candidate.name === vm.site) ?? topology.sites[0];
      const addresses = registration?.addresses.get(vm.name);
      const proxmoxVm = new ProxmoxVm(this, `Vm-${vm.name}`, {
        vm,
        topology: implicit ? topology : { ...topology, proxmox: site.proxmox },
        vendorDataFileId: snippetIds.get(`${vm.vendorData}@${vm.node}`)!,
        cloudImageFileId: cloudImages.get(vm.node),
        provider: providerOf(vm.site),
        ...(addresses ? { addresses } : {}),
      });
      // A renamed VM (renamedVms) keeps its deployed resources: moved blocks from its old addresses.
      if (vm.formerName) moveFromFormerId(proxmoxVm, `Vm-${vm.formerName}`);
      this.vms.set(vm.name, proxmoxVm);
    }

    const netbox = registration ?? (allocated ? undefined : registerInNetbox());
    new AnsibleInventory(this, "AnsibleInventory", { topology, ...(netbox ? { addresses: netbox.addresses } : {}) });

    // Join tokens: generated here, read by the Ansible phase from the sensitive outputs.
    if (topology.clusters.some((each) => each.distribution !== "kubeadm")) {
      new RandomProvider(this, "Random");
      this.addOverride("terraform.required_providers.random.version", RANDOM_PROVIDER_VERSION);
      const single = topology.clusters.length === 1;
      // kubeadm clusters get short-lived tokens from kubeadm itself, at join time (ansible/roles/kubeadm).
      for (const cluster of topology.clusters.filter((each) => each.distribution !== "kubeadm")) {
        new ClusterToken(this, single ? "K3sToken" : `K3sToken-${cluster.name}`, {
          cluster: cluster.name,
          outputName: single ? "k3s_token" : `k3s_token_${cluster.name.replace(/-/g, "_")}`,
        });
      }
    }
  }
}
