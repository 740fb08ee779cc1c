/*
 * Every upstream chart the platform installs, pinned in one place (Renovate's helm-values manager,
 * or a person, bumps them here). Repositories are facts: nothing is resolved at synth time.
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
  cilium: { chart: "cilium", repository: "https://helm.cilium.io/", version: "1.18.4" },
  metallb: { chart: "metallb", repository: "https://metallb.github.io/metallb", version: "0.15.3" },
  traefik: { chart: "traefik", repository: "https://traefik.github.io/charts", version: "37.1.1" },
  ingressNginx: { chart: "ingress-nginx", repository: "https://kubernetes.github.io/ingress-nginx", version: "4.13.3" },
  certManager: { chart: "cert-manager", repository: "https://charts.jetstack.io", version: "v1.19.1" },
  longhorn: { chart: "longhorn", repository: "https://charts.longhorn.io", version: "1.10.0" },
  kubePrometheusStack: { chart: "kube-prometheus-stack", repository: "https://prometheus-community.github.io/helm-charts", version: "79.4.0" },
  loki: { chart: "loki", repository: "https://grafana.github.io/helm-charts", version: "6.46.0" },
  alloy: { chart: "alloy", repository: "https://grafana.github.io/helm-charts", version: "1.4.0" },
  promtail: { chart: "promtail", repository: "https://grafana.github.io/helm-charts", version: "6.17.0" },
  argocd: { chart: "argo-cd", repository: "https://argoproj.github.io/argo-helm", version: "9.0.6" },
  flux: { chart: "flux2", repository: "https://fluxcd-community.github.io/helm-charts", version: "2.17.1" },
  velero: { chart: "velero", repository: "https://vmware-tanzu.github.io/helm-charts", version: "11.1.1" },
  externalSecrets: { chart: "external-secrets", repository: "https://charts.external-secrets.io", version: "1.0.0" },
  rancher: { chart: "rancher", repository: "https://releases.rancher.com/server-charts/stable", version: "2.12.3" },
} as const satisfies Record<string, PinnedChart>;

/** Image of Velero's AWS (S3-compatible) object-store plugin, matched to Velero 1.17 (chart 11.x). */
export const VELERO_AWS_PLUGIN_IMAGE = "velero/velero-plugin-for-aws:v1.13.0";
