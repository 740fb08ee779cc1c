import { z } from "zod";
import { allowInsecureHttp, requireHttps, serviceUrl } from "./service-url";
import { asn, gitSource, hostname, ipv4Address, kubernetesName } from "./primitives";

/*
 * What runs on a cluster once the Ansible phase has formed it: the `platform` block of an
 * environment. Every component has its own `enabled` switch so an environment says exactly what it
 * runs; components that exclude each other (two CNIs, two GitOps engines, two ingress controllers)
 * are each switchable so the planner can name both when a config turns on two (lib/topology/platform/).
 * Shape and ranges live here, relations (needs a router peer, needs two storage nodes) in the planner.
 */

/** A UUID as Bitwarden shows organization and project IDs (8-4-4-4-12 hex digits). */
const uuid = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, { message: "is not a UUID; copy it from the Bitwarden web vault, like 7c0d21ec-10d9-4972-bdf8-ec52df99cc86" });

const replicas = z.number().int({ message: "must be a whole number" }).min(1, { message: "must be at least 1" });

/** One BGP neighbour of the cluster's nodes (usually the lab router). */
export const bgpPeerSchema = z.strictObject({
  /** Neighbour address, reachable from every node. @example "10.0.0.1" */
  address: ipv4Address,
  /** The neighbour's AS number. */
  asn,
  /** Name of the peer object. @default "peer-<n>" */
  name: kubernetesName.optional(),
});

/** One layer of the Flux layout: a Kustomization of its own folder in the repository. */
export const fluxLayerSchema = z.strictObject({
  /** Kustomization name, ordered by its number prefix: 00-infrastructure, 10-metallb-install, ... */
  name: kubernetesName,
  /** Folder in the repository the layer applies. @default "./kubernetes/<name>" @example "./kubernetes/10-metallb-install" */
  path: z.string().min(1).optional(),
  /** Layers that must be ready first. @default the layer before (none for the first) @example ["00-infrastructure"] */
  dependsOn: z.array(kubernetesName).optional(),
});

export const platformSchema = z.strictObject({
  /** k3s's built-in flannel CNI. @default on, unless Cilium is enabled */
  flannel: z
    .strictObject({
      /** Run flannel; false with no other CNI leaves the cluster without pod networking. @default true, unless cilium.enabled */
      enabled: z.boolean().optional(),
    })
    .prefault({}),
  /** Cilium as the CNI; the Ansible phase then starts k3s without flannel. */
  cilium: z
    .strictObject({
      /** Install Cilium as the CNI. @default false */
      enabled: z.boolean().default(false),
      /** Replace kube-proxy with Cilium's eBPF service handling. @default false */
      kubeProxyReplacement: z.boolean().default(false),
      /** Hubble relay and UI for flow visibility. @default false */
      hubble: z.boolean().default(false),
      /** Cilium's BGP control plane (needed for loadBalancer.provider "cilium" in bgp mode). @default false */
      bgpControlPlane: z.boolean().default(false),
    })
    .prefault({}),
  /** Who answers for LoadBalancer addresses from cluster.loadBalancerPool, and how they are announced. */
  loadBalancer: z
    .strictObject({
      /** MetalLB, Cilium LB-IPAM (Cilium must be the CNI), or none. @default "metallb" */
      provider: z.enum(["metallb", "cilium", "none"]).default("metallb"),
      /** L2 (ARP) announcements, or BGP to the peers below. @default "l2" */
      mode: z.enum(["l2", "bgp"]).default("l2"),
      /** The cluster's own AS number in bgp mode. @default 64512 */
      asn: asn.default(64512),
      /** BGP neighbours in bgp mode. */
      peers: z.array(bgpPeerSchema).default([]),
    })
    .prefault({}),
  /** Traefik as the ingress controller. */
  traefik: z
    .strictObject({
      /** Install Traefik. @default false */
      enabled: z.boolean().default(false),
      /** Traefik replicas. @default 2 when two or more cluster VMs take ordinary pods (no NoSchedule/NoExecute taint), else 1 */
      replicas: replicas.optional(),
    })
    .prefault({}),
  /** ingress-nginx as the ingress controller. */
  ingressNginx: z
    .strictObject({
      /** Install ingress-nginx. @default false */
      enabled: z.boolean().default(false),
      /** Controller replicas. @default 2 when two or more cluster VMs take ordinary pods (no NoSchedule/NoExecute taint), else 1 */
      replicas: replicas.optional(),
    })
    .prefault({}),
  /** cert-manager and one ClusterIssuer. */
  certManager: z
    .strictObject({
      /** Install cert-manager and its ClusterIssuer. @default false */
      enabled: z.boolean().default(false),
      /** A self-signed CA (default) or ACME with a DNS-01 challenge. */
      issuer: z
        .discriminatedUnion("kind", [
          z.strictObject({
            /** A self-signed CA: certificates no browser trusts until the CA is imported, fine inside a lab. */
            kind: z.literal("selfSigned"),
          }),
          z.strictObject({
            /** An ACME CA (Let's Encrypt by default) solving DNS-01 challenges: publicly trusted certificates. */
            kind: z.literal("acme"),
            /** Account e-mail for expiry notices. */
            email: z.email({ message: "is not an e-mail address" }),
            /** ACME directory. @default Let's Encrypt production */
            server: serviceUrl("https://acme-v02.api.letsencrypt.org/directory").default("https://acme-v02.api.letsencrypt.org/directory"),
            /** Accept a plain http:// ACME directory (a lab Pebble or step-ca). @default false */
            allowInsecureHttp,
            /** DNS provider solving DNS-01. @default "cloudflare" */
            dnsProvider: z.enum(["cloudflare"]).default("cloudflare"),
            /** Secret in the cert-manager namespace holding the DNS API token (created out of band). */
            tokenSecretName: kubernetesName.optional(),
            /** Key of the token inside that secret. @default "api-token" */
            tokenSecretKey: z.string().min(1).default("api-token"),
          }).superRefine(requireHttps("server")),
        ])
        .prefault({ kind: "selfSigned" }),
    })
    .prefault({}),
  /** Longhorn block storage; without it only k3s's local-path class exists. */
  longhorn: z
    .strictObject({
      /** Install Longhorn and its storage classes. @default false */
      enabled: z.boolean().default(false),
      /** One storage class per replica count: [1, 2] gives longhorn-r1 and longhorn-r2. @default [1, 2] */
      replicaCounts: z.array(z.number().int().min(1, { message: "a storage class needs at least 1 replica" }).max(3, { message: "more than 3 replicas buys no safety in a lab; use 1, 2 or 3" })).min(1).default([1, 2]),
      /** The class marked default. @default the class with the most replicas */
      defaultClass: z.string().regex(/^longhorn-r[1-3]$/, { message: "must name one of the classes, such as longhorn-r2" }).optional(),
    })
    .prefault({}),
  /** kube-prometheus-stack: Prometheus, Grafana, Alertmanager, node exporter. */
  monitoring: z
    .strictObject({
      /** Install kube-prometheus-stack. @default false */
      enabled: z.boolean().default(false),
      /** How long Prometheus keeps samples. @default "15d" */
      retention: z.string().regex(/^\d+[hdwy]$/, { message: "must be a Prometheus duration such as 15d" }).default("15d"),
      /** Prometheus volume size. @default 20 */
      storageGiB: z.number().int().positive().default(20),
      /** Install the ORION seed's alert rules (BGP session down, VM high CPU, pod crash loop). @default false */
      orionAlertRules: z.boolean().default(false),
      /** Prometheus replicas (each with its own volume), e.g. 2 for HA as the multi-site seed runs. @default 1 */
      prometheusReplicas: z.number().int().min(1).max(3).default(1),
    })
    .prefault({}),
  /** Loki and a log shipper. */
  logging: z
    .strictObject({
      /** Install Loki and the log shipper. @default false */
      enabled: z.boolean().default(false),
      /** Grafana Alloy (current) or Promtail (end of life, for existing setups). @default "alloy" */
      shipper: z.enum(["alloy", "promtail"]).default("alloy"),
      /** Loki volume size. @default 10 */
      storageGiB: z.number().int().positive().default(10),
    })
    .prefault({}),
  /** Argo CD, pointed at a Git repository. */
  argocd: z
    .strictObject({
      /** Install Argo CD. @default false */
      enabled: z.boolean().default(false),
      /** Repository Argo CD syncs from. */
      repoUrl: gitSource.optional(),
      /** Folder in the repository. @default "clusters/<env>" */
      path: z.string().optional(),
      /** Branch, tag or commit. @default "HEAD" */
      revision: z.string().default("HEAD"),
    })
    .prefault({}),
  /** Flux, pointed at a Git repository. */
  flux: z
    .strictObject({
      /** Install Flux. @default false */
      enabled: z.boolean().default(false),
      /** Repository Flux syncs from. */
      repoUrl: gitSource.optional(),
      /** Folder in the repository. @default "./clusters/<env>" */
      path: z.string().optional(),
      /** Branch to follow. @default "main" */
      branch: z.string().default("main"),
      /**
       * Layered Kustomizations under <path>/ks/ (00-infrastructure ... 90-apps), applied in order:
       * each depends on the one before unless it names its own. @default none (one flat Kustomization)
       */
      layers: z.array(fluxLayerSchema).optional(),
    })
    .prefault({}),
  /** Velero backups to an S3-compatible bucket. */
  velero: z
    .strictObject({
      /** Install Velero and its daily backup schedule. @default false */
      enabled: z.boolean().default(false),
      /** Bucket the backups go to. */
      bucket: z.string().min(1).optional(),
      /** S3 endpoint, e.g. a MinIO or SeaweedFS URL. */
      s3Url: serviceUrl("https://minio.lab.example:9000").optional(),
      /** Accept a plain http:// s3Url (an in-lab MinIO without TLS). @default false */
      allowInsecureHttp,
      /** Region of the bucket. @default "us-east-1" (MinIO ignores it but the AWS plugin needs one) */
      region: z.string().default("us-east-1"),
      /** Secret in the velero namespace with key `cloud` in AWS credentials-file format (created out of band). @default "velero-s3-credentials" */
      credentialsSecretName: kubernetesName.default("velero-s3-credentials"),
      /** Cron schedule of the daily backup. @default "0 3 * * *" */
      schedule: z.string().default("0 3 * * *"),
    })
    .superRefine(requireHttps("s3Url"))
    .prefault({}),
  /** External Secrets Operator with a ClusterSecretStore for Vault, OpenBao or Bitwarden Secrets Manager. */
  externalSecrets: z
    .strictObject({
      /** Install External Secrets Operator and a ClusterSecretStore. @default false */
      enabled: z.boolean().default(false),
      /**
       * The secret backend: Vault or OpenBao (both speak the Vault API), or Bitwarden Secrets Manager
       * through External Secrets' bitwardensecretsmanager provider and its bitwarden-sdk-server. @default "vault"
       */
      backend: z.enum(["vault", "openbao", "bitwarden"]).default("vault"),
      /** Backend URL, e.g. https://vault.lab.example:8200 (vault, openbao only). */
      server: serviceUrl("https://vault.lab.example:8200").optional(),
      /** Accept a plain http:// server (the token goes in clear). @default false */
      allowInsecureHttp,
      /** KV mount (vault, openbao only). @default "secret" */
      path: z.string().min(1).optional(),
      /**
       * Secret in the external-secrets namespace with the backend token under key `token` (created out of band):
       * the Vault/OpenBao token, or the Bitwarden machine account's access token.
       * @default "vault-token" (vault, openbao), "bitwarden-access-token" (bitwarden)
       */
      tokenSecretName: kubernetesName.optional(),
      /** Bitwarden organization the store reads (bitwarden only; required there). */
      organizationId: uuid.optional(),
      /** Bitwarden Secrets Manager project the store reads: one store is one organization and project (bitwarden only; required there). */
      projectId: uuid.optional(),
      /** Bitwarden API URL (bitwarden only). @default "https://api.bitwarden.com" (Bitwarden cloud, US) */
      apiUrl: serviceUrl("https://api.bitwarden.eu").optional(),
      /** Bitwarden identity URL (bitwarden only). @default "https://identity.bitwarden.com" (Bitwarden cloud, US) */
      identityUrl: serviceUrl("https://identity.bitwarden.eu").optional(),
    })
    .superRefine(requireHttps("server", "apiUrl", "identityUrl"))
    .prefault({}),
  /** Rancher (the MicroK8s plan seed); its bootstrap password is the sensitive variable rancher_bootstrap_password. */
  rancher: z
    .strictObject({
      /** Install Rancher (needs cert-manager and an ingress controller). @default false */
      enabled: z.boolean().default(false),
      /** Host name Rancher is served on. @default "rancher.<network domain>" @example "rancher.lab.example.com" */
      hostname: hostname.optional(),
      /** Rancher replicas. @default one per cluster VM that takes ordinary pods, at most 3 */
      replicas: replicas.optional(),
    })
    .prefault({}),
  /** CloudNativePG: the operator and one PostgreSQL `Cluster`, backed up to an S3-compatible bucket. */
  cnpg: z
    .strictObject({
      /** Install the CloudNativePG operator and the PostgreSQL `Cluster`. @default false */
      enabled: z.boolean().default(false),
      /** Name of the `Cluster` object. @default "postgres" */
      clusterName: kubernetesName.default("postgres"),
      /** Namespace of the `Cluster`. @default "databases" */
      namespace: kubernetesName.default("databases"),
      /** PostgreSQL instances (one primary, the rest replicas). @default 1 */
      instances: z.number().int().min(1).max(9).default(1),
      /** Volume size per instance, in GiB. @default 10 */
      storageGiB: z.number().int().min(1).default(10),
      /** Base backups and WAL archive to an S3-compatible bucket (barmanObjectStore). */
      backup: z
        .strictObject({
          /** Back the `Cluster` up to the bucket below. @default true */
          enabled: z.boolean().default(true),
          /** The S3-compatible bucket base backups and WAL go to (needed while backups are on). */
          s3: z
            .strictObject({
              /** S3 endpoint, e.g. a MinIO URL. @example "https://minio.lab.example:9000" */
              endpoint: serviceUrl("https://minio.lab.example:9000").optional(),
              /** Accept a plain http:// endpoint. @default false */
              allowInsecureHttp,
              /** Bucket name. @example "cnpg-backups" */
              bucket: z.string().min(1).optional(),
              /** Secret in the Cluster's namespace with keys ACCESS_KEY_ID and ACCESS_SECRET_KEY (created out of band). @example "cnpg-s3-credentials" */
              credentialsSecret: kubernetesName.optional(),
            })
            .superRefine(requireHttps("endpoint"))
            .optional(),
          /** How long base backups and WAL are kept. @default "30d" */
          retention: z.string().regex(/^[1-9][0-9]*[dwm]$/, "a retention like 30d, 4w or 3m").default("30d"),
        })
        .prefault({}),
    })
    .prefault({}),
  /** external-dns publishing Ingress and Service host names to Cloudflare. */
  externalDns: z
    .strictObject({
      /** Install external-dns. @default false */
      enabled: z.boolean().default(false),
      /** DNS provider records are published to. @default "cloudflare" (the only provider modelled) */
      provider: z.literal("cloudflare").default("cloudflare"),
      /** Secret in the external-dns namespace holding the Cloudflare API token (created out of band). */
      apiTokenSecret: z
        .strictObject({
          /** Name of the Secret. */
          name: kubernetesName,
          /** Key of the token inside the Secret. @default "api-token" */
          key: z.string().min(1).default("api-token"),
        })
        .optional(),
      /** Zones external-dns may change, e.g. ["example.com"]. */
      domainFilters: z.array(hostname).default([]),
      /** Record owner id in the TXT registry. @default the environment name @example "homelab" */
      txtOwnerId: z.string().min(1).optional(),
      /** Whether records are proxied through Cloudflare. @default false */
      proxied: z.boolean().default(false),
    })
    .prefault({}),
  /** kubernetes-replicator: copies Secrets and ConfigMaps across namespaces on their annotations. */
  replicator: z
    .strictObject({
      /** Install kubernetes-replicator. @default false */
      enabled: z.boolean().default(false),
    })
    .prefault({}),
  /**
   * Authentik, the identity provider, served through the cluster's ingress controller. Its secret key
   * and PostgreSQL password live in a Secret created out of band; config never holds either.
   */
  authentik: z
    .strictObject({
      /** Install Authentik. @default false */
      enabled: z.boolean().default(false),
      /** Host name Authentik is served on. @default "auth.<network domain>" */
      hostname: hostname.optional(),
      /**
       * Secret in the authentik namespace (created out of band) with keys `secret-key` (AUTHENTIK_SECRET_KEY)
       * and `postgresql-password`; with database "bundled" also `postgres-password` (the bundled server's superuser).
       * @default "authentik-credentials"
       */
      credentialsSecret: kubernetesName.default("authentik-credentials"),
      /**
       * Where its PostgreSQL comes from: "cnpg" adds a role and a database `authentik` to the platform's
       * CloudNativePG Cluster; "bundled" runs the chart's own single PostgreSQL.
       * @default "cnpg" when platform.cnpg is enabled, else "bundled"
       */
      database: z.enum(["cnpg", "bundled"]).optional(),
      /**
       * database "cnpg": Secret of type kubernetes.io/basic-auth in the CNPG Cluster's namespace (created out
       * of band, username `authentik` and the same password) from which CloudNativePG sets the role's password.
       * @default "authentik-postgres"
       */
      cnpgRoleSecret: kubernetesName.default("authentik-postgres"),
      /** Server replicas. @default 1 */
      replicas: replicas.default(1),
    })
    .prefault({}),
  /**
   * CrowdSec: the local API and an agent on every node reading the ingress controller's logs (Traefik's
   * or ingress-nginx's, with the matching parser collection), sharing decisions with the CrowdSec console.
   */
  crowdsec: z
    .strictObject({
      /** Install CrowdSec. @default false */
      enabled: z.boolean().default(false),
      /**
       * Secret in the crowdsec namespace holding the console enrollment key (created out of band).
       * @default none (the engine runs without enrolling in the console)
       */
      enrollKeySecret: z
        .strictObject({
          /** Name of the Secret. */
          name: kubernetesName,
          /** Key of the enrollment key inside the Secret. @default "enroll-key" */
          key: z.string().min(1).default("enroll-key"),
        })
        .optional(),
      /** Name the engine is enrolled under in the console. @default the environment name */
      instanceName: z.string().min(1).optional(),
      /**
       * The Traefik bouncer: Traefik loads CrowdSec's bouncer plugin and runs it as a Middleware on its web and
       * websecure entrypoints, so every route answers 403 to addresses CrowdSec has banned. Needs platform.traefik
       * (ingress-nginx's bouncer is a different mechanism, not supported yet).
       */
      bouncer: z
        .strictObject({
          /** Enforce CrowdSec's decisions in Traefik. @default false */
          enabled: z.boolean().default(false),
          /**
           * Secret in the crowdsec namespace holding the bouncer's API key (created out of band, any long random
           * string): the local API registers the bouncer `traefik` with it, and Traefik reads it from there.
           */
          keySecret: z
            .strictObject({
              /** Name of the Secret. @default "crowdsec-bouncer-key" */
              name: kubernetesName.default("crowdsec-bouncer-key"),
              /** Key of the API key inside the Secret. @default "api-key" */
              key: z
                .string()
                .regex(/^[-._a-zA-Z0-9]+$/, { message: "is not a Secret data key (letters, digits, '-', '_', '.')" })
                .default("api-key"),
            })
            .prefault({}),
        })
        .prefault({}),
    })
    .prefault({}),
  /** A StorageClass on an NFS export (nfs-subdir-external-provisioner): one subfolder per volume. */
  nfs: z
    .strictObject({
      /** Install nfs-subdir-external-provisioner and its StorageClass. @default false */
      enabled: z.boolean().default(false),
      /** NFS server address or host name. */
      server: z.string().min(1).optional(),
      /** Exported path, e.g. /mnt/tank/k8s. */
      path: z.string().regex(/^\//, "an absolute path such as /mnt/tank/k8s").optional(),
      /** StorageClass name. @default "nfs" */
      storageClass: kubernetesName.default("nfs"),
      /** Keep volume folders on the server after their claim is deleted. @default true */
      archiveOnDelete: z.boolean().default(true),
    })
    .prefault({}),
});

/** Platform choices as a user writes them. */
export type PlatformInput = z.input<typeof platformSchema>;
/** Platform choices after validation, defaults filled in. */
export type Platform = z.output<typeof platformSchema>;
