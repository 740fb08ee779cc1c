import { Construct } from "constructs";
import { LocalBackend, TerraformStack, TerraformVariable } from "cdktf";
import { ProxmoxProvider } from "../.gen/providers/proxmox/provider";
import { NetboxProvider } from "../.gen/providers/netbox/provider";
import { VirtualEnvironmentDownloadFile } from "../.gen/providers/proxmox/virtual-environment-download-file";
import type { Topology } from "../lib/topology/types";
import { AnsibleInventory } from "./ansible-inventory";
import { CloudInitSnippet } from "./cloud-init-snippet";
import { NetboxRegistration } from "./netbox-registration";
import { NetworkSegment } from "./network-segment";
import { ProxmoxVm } from "./proxmox-vm";

/** Provider versions pinned in providers/*.schema.json; cdktf.json lists the same constraints. */
export const PROXMOX_PROVIDER_VERSION = "~> 0.111.1";
export const NETBOX_PROVIDER_VERSION = "~> 5.7.0";

export interface InfraStackProps {
  readonly topology: Topology;
}

/**
 * `<env>-infra`: networks, cloud-init snippets and VMs on Proxmox, the NetBox records, and the
 * Ansible inventory output. Credentials never appear here: Proxmox reads PROXMOX_VE_API_TOKEN (or
 * username/password variables) from the environment, NetBox gets its token from a sensitive variable.
 */
export class InfraStack extends TerraformStack {
  readonly vms = new Map<string, ProxmoxVm>();

  constructor(scope: Construct, id: string, props: InfraStackProps) {
    super(scope, id);
    // State beside the project, by a relative path so the synthesized JSON is the same on every machine.
    new LocalBackend(this, { path: `../../../terraform.${id}.tfstate` });
    const { topology } = props;

    new ProxmoxProvider(this, "Proxmox", {
      endpoint: topology.proxmox.endpoint,
      insecure: topology.proxmox.insecure,
      // Snippet uploads go over SSH; the agent holds the key, so no key material is in the config.
      ssh: {
        agent: true,
        username: topology.proxmox.sshUsername,
        nodeAttribute: topology.proxmox.nodes
          .filter((node) => node.sshAddress)
          .map((node) => ({ name: node.name, address: node.sshAddress! })),
      },
    });
    this.addOverride("terraform.required_providers.proxmox.version", PROXMOX_PROVIDER_VERSION);

    for (const network of topology.networks) {
      if (network.manageBridge) new NetworkSegment(this, `Network-${network.name}`, { network });
    }

    const snippetIds = new Map<string, string>();
    for (const snippet of topology.snippets) {
      const construct = new CloudInitSnippet(this, `VendorData-${snippet.profile}-${snippet.node}`, { snippet });
      snippetIds.set(`${snippet.profile}@${snippet.node}`, construct.fileId);
    }

    const cloudImages = new Map<string, string>();
    const image = topology.image;
    if (image.kind === "cloudImage") {
      for (const node of new Set(topology.vms.map((vm) => vm.node))) {
        const download = new VirtualEnvironmentDownloadFile(this, `CloudImage-${node}`, {
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

    for (const vm of topology.vms) {
      this.vms.set(
        vm.name,
        new ProxmoxVm(this, `Vm-${vm.name}`, {
          vm,
          topology,
          vendorDataFileId: snippetIds.get(`${vm.vendorData}@${vm.node}`)!,
          cloudImageFileId: cloudImages.get(vm.node),
        }),
      );
    }

    if (topology.netbox) {
      const token = new TerraformVariable(this, "netbox_api_token", {
        type: "string",
        sensitive: true,
        description: "NetBox API token; set TF_VAR_netbox_api_token, never commit it",
      });
      new NetboxProvider(this, "Netbox", { serverUrl: topology.netbox.url, apiToken: token.stringValue });
      this.addOverride("terraform.required_providers.netbox.version", NETBOX_PROVIDER_VERSION);
      new NetboxRegistration(this, "Netbox-Registration", { topology, netbox: topology.netbox });
    }

    new AnsibleInventory(this, "AnsibleInventory", { topology });
  }
}
