import { Release } from "@cdktf/provider-helm/lib/release";
import { Cnpg } from "../../constructs/platform/cnpg";
import { ExternalDns } from "../../constructs/platform/external-dns";
import { Nfs } from "../../constructs/platform/nfs";
import { Replicator } from "../../constructs/platform/replicator";
import { planTiny } from "../support/tiny-environment";
import { addressOf, objectsOf, release, synth, valuesOf } from "./helpers";

/*
 * The data and DNS components the gitops-lab seed runs: CloudNativePG with S3 backups, external-dns
 * on Cloudflare and an NFS StorageClass. Each is off by default and planned from the tiny environment.
 */

const S3 = { endpoint: "https://minio.tiny.example:9000", bucket: "pg-backups", credentialsSecret: "pg-s3" };

describe("the data components", () => {
  it("are off by default", () => {
    const platform = planTiny().platform;
    expect([platform.cnpg, platform.externalDns, platform.nfs, platform.replicator]).toEqual([undefined, undefined, undefined, undefined]);
  });
});

describe("Cnpg", () => {
  const cnpg = planTiny({ platform: { cnpg: { enabled: true, instances: 2, backup: { s3: S3 } } } }).platform.cnpg!;

  it("installs the pinned operator chart and the Cluster after it", () => {
    const { json, doc } = synth((scope) => new Cnpg(scope, "Cnpg", { cnpg }));
    expect(json).toHaveResourceWithProperties(Release, { name: "cnpg", chart: "cloudnative-pg", repository: "https://cloudnative-pg.github.io/charts", version: "0.26.1", namespace: "cnpg-system" });
    expect(release(doc, "cnpg-postgres").depends_on).toContain(addressOf(doc, "cnpg"));
  });

  it("backs the Cluster up to the model's S3 target with credentials from the named Secret", () => {
    const { doc } = synth((scope) => new Cnpg(scope, "Cnpg", { cnpg }));
    const [cluster, scheduled] = objectsOf(doc, "cnpg-postgres");
    expect(cluster).toMatchObject({ apiVersion: "postgresql.cnpg.io/v1", kind: "Cluster", metadata: { name: "postgres", namespace: "databases" } });
    expect(cluster.spec.instances).toBe(2);
    expect(cluster.spec.backup).toEqual({
      retentionPolicy: "30d",
      barmanObjectStore: {
        destinationPath: "s3://pg-backups/postgres",
        endpointURL: "https://minio.tiny.example:9000",
        s3Credentials: { accessKeyId: { name: "pg-s3", key: "ACCESS_KEY_ID" }, secretAccessKey: { name: "pg-s3", key: "ACCESS_SECRET_KEY" } },
        wal: { compression: "gzip" },
        data: { compression: "gzip" },
      },
    });
    expect(scheduled).toMatchObject({ kind: "ScheduledBackup", spec: { cluster: { name: "postgres" } } });
  });

  it("carries no backup section when backups are switched off", () => {
    const plain = planTiny({ platform: { cnpg: { enabled: true, backup: { enabled: false } } } }).platform.cnpg!;
    const { doc } = synth((scope) => new Cnpg(scope, "Cnpg", { cnpg: plain }));
    expect(objectsOf(doc, "cnpg-postgres")).toHaveLength(1);
    expect(objectsOf(doc, "cnpg-postgres")[0].spec.backup).toBeUndefined();
  });

  it("refuses backups without an S3 target, naming the path and the fix", () => {
    expect(() => planTiny({ platform: { cnpg: { enabled: true } } })).toThrow(/platform\.cnpg\.backup\.s3: CloudNativePG backups need an S3 target.*backup\.enabled: false/);
  });
});

describe("ExternalDns", () => {
  it("installs the pinned chart for Cloudflare with the token from the named Secret and the model's zones", () => {
    const externalDns = planTiny({ platform: { externalDns: { enabled: true, apiTokenSecret: { name: "cloudflare-token" }, domainFilters: ["example.com"] } } }).platform.externalDns!;
    const { json, doc } = synth((scope) => new ExternalDns(scope, "ExternalDns", { externalDns }));
    expect(json).toHaveResourceWithProperties(Release, { name: "external-dns", chart: "external-dns", repository: "https://kubernetes-sigs.github.io/external-dns/", version: "1.19.0", namespace: "external-dns" });
    expect(valuesOf(doc, "external-dns")).toMatchObject({
      provider: { name: "cloudflare" },
      env: [{ name: "CF_API_TOKEN", valueFrom: { secretKeyRef: { name: "cloudflare-token", key: "api-token" } } }],
      domainFilters: ["example.com"],
      txtOwnerId: "tiny",
    });
  });

  it("refuses to run without a token Secret or zones", () => {
    expect(() => planTiny({ platform: { externalDns: { enabled: true } } })).toThrow(/platform\.externalDns\.apiTokenSecret: .*Cloudflare API token[\s\S]*platform\.externalDns\.domainFilters/);
  });
});

describe("Nfs", () => {
  it("installs the pinned provisioner with the model's server and export as a non-default StorageClass", () => {
    const nfs = planTiny({ platform: { nfs: { enabled: true, server: "10.0.0.20", path: "/mnt/tank/k8s" } } }).platform.nfs!;
    const { json, doc } = synth((scope) => new Nfs(scope, "Nfs", { nfs }));
    expect(json).toHaveResourceWithProperties(Release, {
      name: "nfs-subdir-external-provisioner",
      chart: "nfs-subdir-external-provisioner",
      repository: "https://kubernetes-sigs.github.io/nfs-subdir-external-provisioner/",
      version: "4.0.18",
    });
    expect(valuesOf(doc, "nfs-subdir-external-provisioner")).toMatchObject({ nfs: { server: "10.0.0.20", path: "/mnt/tank/k8s" }, storageClass: { name: "nfs", defaultClass: false } });
  });

  it("refuses an NFS class without server and path", () => {
    expect(() => planTiny({ platform: { nfs: { enabled: true } } })).toThrow(/platform\.nfs\.server: [\s\S]*platform\.nfs\.path: /);
  });
});

describe("Replicator", () => {
  it("installs the pinned kubernetes-replicator chart when switched on, and nothing by default", () => {
    expect(planTiny({ platform: { replicator: { enabled: true } } }).platform.replicator).toBe(true);
    const { json } = synth((scope) => new Replicator(scope, "Replicator"));
    expect(json).toHaveResourceWithProperties(Release, { name: "kubernetes-replicator", chart: "kubernetes-replicator", repository: "https://helm.mittwald.de", version: "2.11.1", namespace: "kube-replicator" });
  });
});
