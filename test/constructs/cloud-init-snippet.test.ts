import { Testing } from "cdktf";
import { VirtualEnvironmentFile } from "../../.gen/providers/proxmox/virtual-environment-file";
import { CloudInitSnippet } from "../../constructs/cloud-init-snippet";
import { renderVendorData } from "../../lib/cloud-init";

describe("CloudInitSnippet", () => {
  const synthesized = Testing.synthScope((scope) => {
    new CloudInitSnippet(scope, "VendorData", { snippet: { profile: "kubernetes", node: "pve2", datastore: "local", fileName: "prod-kubernetes-vendor.yaml" } });
  });

  it("uploads the rendered vendor data as a snippet to the node's snippets datastore", () => {
    expect(synthesized).toHaveResourceWithProperties(VirtualEnvironmentFile, {
      content_type: "snippets",
      datastore_id: "local",
      node_name: "pve2",
      source_raw: { file_name: "prod-kubernetes-vendor.yaml", data: renderVendorData("kubernetes") },
    });
  });
});
