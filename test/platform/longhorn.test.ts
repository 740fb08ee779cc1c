import { Release } from "@cdktf/provider-helm/lib/release";
import { StorageClassV1 } from "@cdktf/provider-kubernetes/lib/storage-class-v1";
import { Longhorn } from "../../constructs/platform/longhorn";
import { addressOf, platformOf, synth, valuesOf } from "./helpers";

const storage = platformOf("orion").storage;

describe("Longhorn", () => {
  it("installs the pinned chart into an explicit longhorn-system namespace", () => {
    const { json } = synth((scope) => new Longhorn(scope, "Longhorn", { storage }));
    expect(json).toHaveResourceWithProperties(Release, { name: "longhorn", chart: "longhorn", repository: "https://charts.longhorn.io", version: "1.10.0", namespace: "longhorn-system" });
  });

  it("creates longhorn-r1 and longhorn-r2 with their replica counts", () => {
    const { json } = synth((scope) => new Longhorn(scope, "Longhorn", { storage }));
    expect(json).toHaveResourceWithProperties(StorageClassV1, { metadata: expect.objectContaining({ name: "longhorn-r1" }), parameters: expect.objectContaining({ numberOfReplicas: "1" }), storage_provisioner: "driver.longhorn.io" });
    expect(json).toHaveResourceWithProperties(StorageClassV1, { metadata: expect.objectContaining({ name: "longhorn-r2" }), parameters: expect.objectContaining({ numberOfReplicas: "2" }) });
  });

  it("marks the Topology's default class as the cluster default", () => {
    const { json } = synth((scope) => new Longhorn(scope, "Longhorn", { storage }));
    expect(json).toHaveResourceWithProperties(StorageClassV1, { metadata: expect.objectContaining({ name: "longhorn-r2", annotations: { "storageclass.kubernetes.io/is-default-class": "true" } }) });
  });

  it("sizes the CSI sidecars to the storage nodes", () => {
    const { doc } = synth((scope) => new Longhorn(scope, "Longhorn", { storage }));
    expect(valuesOf(doc, "longhorn").csi).toEqual({ attacherReplicaCount: 3, provisionerReplicaCount: 3 });
  });

  it("registers the CSI plugin with the kubelet inside the MicroK8s snap on a MicroK8s cluster, and only there", () => {
    const { doc } = synth((scope) => new Longhorn(scope, "Longhorn", { storage: platformOf("production").storage }));
    expect(valuesOf(doc, "longhorn").csi.kubeletRootDir).toBe("/var/snap/microk8s/common/var/lib/kubelet");
    expect(storage.kubeletRootDir).toBeUndefined();
  });

  it("passes default settings as strings, the replica count per data engine (chart 1.10 fails on anything else)", () => {
    const { doc } = synth((scope) => new Longhorn(scope, "Longhorn", { storage }));
    const settings = valuesOf(doc, "longhorn").defaultSettings as Record<string, unknown>;
    for (const value of Object.values(settings)) expect(typeof value).toBe("string");
    expect(JSON.parse(settings.defaultReplicaCount as string)).toEqual({ v1: "2", v2: "2" });
  });

  it("creates the storage classes after the CSI driver", () => {
    const { doc } = synth((scope) => new Longhorn(scope, "Longhorn", { storage }));
    for (const storageClass of Object.values(doc.resource.kubernetes_storage_class_v1)) {
      expect(storageClass.depends_on).toEqual([addressOf(doc, "longhorn")]);
    }
  });
});
