/*
 * Every upstream chart the platform installs, pinned in one place (a Renovate regex manager,
 * or a person, bumps them here). Repositories are facts: nothing is resolved at synth time.
 *
 * Each pin carries where its existence was checked (a release tag of the chart's source at that
 * version, or the Helm repository's index.yaml); the values the constructs set were checked against
 * the values.yaml at the same tag. Bump a pin together with that check.
 */

/** A chart in a Helm repository at a fixed version. */
export interface PinnedChart {
  /** Chart name in the repository. */
  readonly chart: string;
  /** Helm repository URL. */
  readonly repository: string;
  /** Exact chart version (never a range). */
  readonly version: string;
}

export const CHARTS = {
  // flannel-io/flannel chart/kube-flannel/Chart.yaml at commit 05e2b583 (version and appVersion v0.27.4); values.yaml there takes podCidr
  flannel: { chart: "flannel", repository: "https://flannel-io.github.io/flannel/", version: "v0.27.4" },
  // version confirmed before this review; CRD API versions per the 1.18.0 release notes (cilium-lb-ipam.ts)
  cilium: { chart: "cilium", repository: "https://helm.cilium.io/", version: "1.18.4" },
  // tag metallb-chart-0.15.3 (charts/metallb/Chart.yaml version 0.15.3)
  metallb: { chart: "metallb", repository: "https://metallb.github.io/metallb", version: "0.15.3" },
  // tag v37.1.1 of traefik/traefik-helm-chart ("publish v37.1.1")
  traefik: { chart: "traefik", repository: "https://traefik.github.io/charts", version: "37.1.1" },
  // chart 4.14.1 runs controller v1.14.1, the version the multi-site seed names: tag helm-chart-4.14.1 of
  // kubernetes/ingress-nginx, promoted in kubernetes/k8s.io#8909 ("Promote Chart v4.14.1/v4.13.5")
  ingressNginx: { chart: "ingress-nginx", repository: "https://kubernetes.github.io/ingress-nginx", version: "4.14.1" },
  // tag v1.19.1 of cert-manager/cert-manager; jetstack chart versions carry the "v". The multi-site seed runs
  // v1.17.1; one pin serves every environment, so the newer release stays
  certManager: { chart: "cert-manager", repository: "https://charts.jetstack.io", version: "v1.19.1" },
  // tag v1.10.0 of longhorn/longhorn (chart/Chart.yaml version 1.10.0)
  longhorn: { chart: "longhorn", repository: "https://charts.longhorn.io", version: "1.10.0" },
  // 79.10.0 as the multi-site seed runs it: tag kube-prometheus-stack-79.10.0 of prometheus-community/helm-charts
  // (release notes quoted in walnuts1018/infra#2866, 2025-11-25; minor bump from 79.4.0, same values keys)
  kubePrometheusStack: { chart: "kube-prometheus-stack", repository: "https://prometheus-community.github.io/helm-charts", version: "79.10.0" },
  // grafana/helm-charts index.yaml: release helm-loki-6.46.0 (source grafana/loki production/helm/loki);
  // the multi-site seed names Loki v3.5.7, the app version: which chart ships it is unverified, so this stays
  // (grafana/loki#19592, 2025-10-25: chart 6.44.0 was meant to bring 3.5.7 but its values.yaml still set image tag 3.5.5)
  loki: { chart: "loki", repository: "https://grafana.github.io/helm-charts", version: "6.46.0" },
  // grafana/helm-charts index.yaml: alloy-1.4.0 (source grafana/alloy tag helm-chart/1.4.0)
  alloy: { chart: "alloy", repository: "https://grafana.github.io/helm-charts", version: "1.4.0" },
  // grafana/helm-charts index.yaml and tag promtail-6.17.0
  promtail: { chart: "promtail", repository: "https://grafana.github.io/helm-charts", version: "6.17.0" },
  // tag argo-cd-9.0.6 of argoproj/argo-helm
  argocd: { chart: "argo-cd", repository: "https://argoproj.github.io/argo-helm", version: "9.0.6" },
  // fluxcd-community/helm-charts index.yaml and tag flux2-2.17.1 (Flux v2.7.2)
  flux: { chart: "flux2", repository: "https://fluxcd-community.github.io/helm-charts", version: "2.17.1" },
  // tag velero-11.1.1 of vmware-tanzu/helm-charts (Velero 1.17.0)
  velero: { chart: "velero", repository: "https://vmware-tanzu.github.io/helm-charts", version: "11.1.1" },
  // 1.1.1 as the multi-site seed runs it: image and chart v1.1.1 of external-secrets/external-secrets (release notes
  // quoted in sylva-projects/sylva-core MR 6308, 1.1.0 -> 1.1.1); ClusterSecretStore v1 only, as in 1.0. Tag
  // helm-chart-1.1.1 (commit b2d50733) deploy/charts/external-secrets/Chart.yaml: version 1.1.1, and the dependency
  // bitwarden-sdk-server behind the value bitwarden-sdk-server.enabled (the bitwarden backend switches it on)
  externalSecrets: { chart: "external-secrets", repository: "https://charts.external-secrets.io", version: "1.1.1" },
  // tag v2.12.3 of rancher/rancher, listed as the v2.12 "Stable" release in its README (2025-10-23); chart kubeVersion < 1.34
  rancher: { chart: "rancher", repository: "https://releases.rancher.com/server-charts/stable", version: "2.12.3" },
  // cloudnative-pg/charts tag cloudnative-pg-v0.26.1 (commit cb3d0562, 2025-10-23): charts/cloudnative-pg/Chart.yaml
  // version 0.26.1, appVersion 1.27.1; values crds.create and monitoring.podMonitorEnabled there. Cluster and Database
  // CRDs postgresql.cnpg.io/v1 (Database since operator 1.25). Newer releases exist (0.29.0); bump with a values check
  cnpg: { chart: "cloudnative-pg", repository: "https://cloudnative-pg.github.io/charts", version: "0.26.1" },
  // kubernetes-sigs/external-dns tag external-dns-helm-chart-1.19.0 (commit b7407777, 2025-09-08): charts/external-dns/
  // Chart.yaml version 1.19.0, appVersion 0.19.0; values provider.name, env, domainFilters, txtOwnerId, extraArgs as in 1.14+
  externalDns: { chart: "external-dns", repository: "https://kubernetes-sigs.github.io/external-dns/", version: "1.19.0" },
  // kubernetes-sigs/nfs-subdir-external-provisioner tag nfs-subdir-external-provisioner-4.0.18 (app v4.0.2, the last
  // release); values nfs.server, nfs.path, storageClass.{name,defaultClass,archiveOnDelete}
  nfsSubdirExternalProvisioner: { chart: "nfs-subdir-external-provisioner", repository: "https://kubernetes-sigs.github.io/nfs-subdir-external-provisioner/", version: "4.0.18" },
  // mittwald/kubernetes-replicator tag v2.11.1; its release workflow publishes the chart to helm.mittwald.de after
  // commit 67e9317 (2025-03-13, "Bump chartVersion and appVersion to 'v2.11.1'" in deploy/helm-chart/kubernetes-replicator/
  // Chart.yaml). The chart has no required values
  replicator: { chart: "kubernetes-replicator", repository: "https://helm.mittwald.de", version: "2.11.1" },
  // goauthentik/helm tag authentik-2026.8.0 (commit 4b4cf01d, 2026-08-18; charts/authentik/Chart.yaml version and
  // appVersion 2026.8.0, the latest chart release listed on the repository's releases page). Values checked against
  // values.yaml there: global.env, authentik.{existingSecret,postgresql.*}, server.{replicas,ingress.*}, postgresql.*
  // (the bundled Bitnami subchart, off by default). Redis is gone from the chart since authentik 2025.10
  authentik: { chart: "authentik", repository: "https://charts.goauthentik.io", version: "2026.8.0" },
  // crowdsecurity/helm-charts tag crowdsec-0.24.0 (commit e2976c41, 2026-05-12; charts/crowdsec/Chart.yaml version
  // 0.24.0, appVersion v1.7.8, still the chart's version on the default branch 2026-07-01). Values checked against
  // values.yaml there: container_runtime, agent.{acquisition,env}, lapi.{env,persistentVolume.*.storageClassName}
  crowdsec: { chart: "crowdsec", repository: "https://crowdsecurity.github.io/helm-charts", version: "0.24.0" },
} as const satisfies Record<string, PinnedChart>;

/** Image of Velero's AWS (S3-compatible) object-store plugin, matched to Velero 1.17 (chart 11.1.1 values.yaml names v1.13.0). */
export const VELERO_AWS_PLUGIN_IMAGE = "velero/velero-plugin-for-aws:v1.13.0";

/** A Traefik plugin from the plugin catalogue, loaded at start (Traefik's `experimental.plugins`). */
export interface PinnedTraefikPlugin {
  /** Go module of the plugin. */
  readonly moduleName: string;
  /** Exact release tag (never a range). */
  readonly version: string;
}

/**
 * CrowdSec's Traefik bouncer (maxlerebourg/crowdsec-bouncer-traefik-plugin, the bouncer CrowdSec's docs and the
 * crowdsec chart's README point Traefik users to). Tag v1.7.1 (commit bef5dfaa, 2026-07-31, "release v1.7.1", the
 * latest release). Traefik runs plugins in Yaegi: the plugin's CI at that tag tests against Yaegi v0.16.1, the version
 * Traefik v3.5.2 (traefik chart 37.1.1's appVersion) bundles in its go.mod. Middleware keys checked against
 * pkg/configuration/configuration.go there (all its fields are in providers/traefik-middleware.openapi.json):
 * enabled, crowdsecMode, crowdsecLapiScheme, crowdsecLapiHost, crowdsecLapiKey, updateMaxFailure.
 */
export const CROWDSEC_BOUNCER_PLUGIN = {
  moduleName: "github.com/maxlerebourg/crowdsec-bouncer-traefik-plugin",
  version: "v1.7.1",
} as const satisfies PinnedTraefikPlugin;
