import { Construct } from "constructs";
import { TerraformProvider } from "cdktf";
import { VirtualEnvironmentFile } from "../.gen/providers/proxmox/virtual-environment-file";
import { renderVendorData } from "../lib/cloud-init";
import type { TopologySnippet } from "../lib/topology/types";

export interface CloudInitSnippetProps {
  /** Which profile, on which node and datastore, under which file name. */
  readonly snippet: TopologySnippet;
  /** The proxmox provider to upload through (needs its ssh block). @default the stack's default proxmox provider */
  readonly provider?: TerraformProvider;
}

/** Role-specific cloud-init vendor data uploaded to a node's snippets datastore. */
export class CloudInitSnippet extends Construct {
  /** The uploaded file; its `id` is what a VM's vendor_data_file_id points at. */
  readonly resource: VirtualEnvironmentFile;

  constructor(scope: Construct, id: string, props: CloudInitSnippetProps) {
    super(scope, id);
    const { snippet } = props;
    this.resource = new VirtualEnvironmentFile(this, "Resource", {
      provider: props.provider,
      contentType: "snippets",
      datastoreId: snippet.datastore,
      nodeName: snippet.node,
      sourceRaw: { data: renderVendorData(snippet.profile), fileName: snippet.fileName },
    });
  }

  /** The file id (`<datastore>:snippets/<file>`) once uploaded. */
  get fileId(): string {
    return this.resource.id;
  }
}
