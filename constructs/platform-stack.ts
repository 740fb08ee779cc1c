import { Construct } from "constructs";
import { TerraformProvider, TerraformResource, TerraformStack, TerraformVariable } from "cdktf";
import { addStateBackend } from "./state-backend";
import type { StateSettings } from "../lib/config/state";
import { HelmProvider } from "@cdktf/provider-helm/lib/provider";
import { KubernetesProvider } from "@cdktf/provider-kubernetes/lib/provider";
import type { TopologyPlatform } from "../lib/topology/types";
import type { Topology } from "../lib/topology/types";
import { ArgoCd } from "./platform/argocd";
import { CertManager } from "./platform/cert-manager";
import { Flannel } from "./platform/flannel";
import { Cilium } from "./platform/cilium";
import { CiliumLbIpam } from "./platform/cilium-lb-ipam";
import { ExternalSecrets } from "./platform/external-secrets";
import { Flux } from "./platform/flux";
import { IngressNginx } from "./platform/ingress-nginx";
import { Logging, LOKI_URL } from "./platform/logging";
import { Longhorn } from "./platform/longhorn";
import { MetalLb } from "./platform/metallb";
import { Monitoring } from "./platform/monitoring";
import { Rancher } from "./platform/rancher";
import type { Dependency } from "./platform/release";
import { Traefik } from "./platform/traefik";
import { Velero } from "./platform/velero";
import { Cnpg } from "./platform/cnpg";
import { ExternalDns } from "./platform/external-dns";
import { Nfs } from "./platform/nfs";
import { Replicator } from "./platform/replicator";
import { Authentik } from "./platform/authentik";
import { Crowdsec } from "./platform/crowdsec";

export interface PlatformStackProps {
  readonly topology: Topology;
  /** The state backend, overriding the environment's `state` (`--state-backend`). @default topology.state (local when unset) */
  readonly state?: StateSettings;
}

/** The kubernetes and helm providers of one cluster. */
export interface ClusterProviders {
  readonly kubernetes: KubernetesProvider;
  readonly helm: HelmProvider;
  /** The variable holding the kubeconfig path both read. */
  readonly kubeconfigPath: TerraformVariable;
}

/**
 * `<env>-platform`: Helm releases and Kubernetes resources, applied after the Ansible phase has
 * formed the clusters and written each kubeconfig to its `kubeconfig_path`. What is installed, and
 * every lab-specific value, comes from `topology.clusterPlatforms`. Releases are chained with
 * depends_on: CNI → load balancer → ingress; storage → anything with volumes; each CRD-bringing
 * chart → the release carrying its custom resources (kube-prometheus-stack → MetalLB, whose chart
 * ships ServiceMonitors when monitoring runs).
 *
 * One cluster: unaliased providers, variable `kubeconfig_path`, components directly under the stack.
 * Several: per cluster a kubernetes and a helm provider aliased by the cluster's name, variable
 * `kubeconfig_path_<cluster>`, and the components under a construct named after the cluster whose
 * every resource uses that cluster's providers.
 */
export class PlatformStack extends TerraformStack {
  /** The first cluster's kubeconfig variable (the only one in a single-cluster environment). */
  readonly kubeconfigPath: TerraformVariable;
  /** Providers per cluster name. */
  readonly clusterProviders: ReadonlyMap<string, ClusterProviders>;
  private grafanaAdminPassword?: TerraformVariable;
  private rancherBootstrapPassword?: TerraformVariable;

  constructor(scope: Construct, id: string, props: PlatformStackProps) {
    super(scope, id);
    const { topology } = props;
    // One backend block: the run-time override when given, else the environment's (local by default).
    addStateBackend(this, props.state ?? topology.state);
    const providers = new Map<string, ClusterProviders>();
    this.clusterProviders = providers;

    if (topology.clusterPlatforms.length === 0) {
      // No cluster: the providers still exist so the stack plans (to nothing).
      this.kubeconfigPath = this.kubeconfigVariable("kubeconfig_path", topology.kubeconfigPath, "Kubeconfig the Ansible phase writes (ansible/playbooks/site.yml)");
      this.providers(undefined, this.kubeconfigPath);
      return;
    }

    for (const cluster of topology.clusterPlatforms) {
      const variable = this.kubeconfigVariable(
        cluster.kubeconfigVariable,
        cluster.kubeconfigPath,
        cluster.providerAlias
          ? `Kubeconfig of cluster ${cluster.cluster} the Ansible phase writes (inventory k8s_${cluster.cluster.replace(/-/g, "_")}: kubeconfig_path)`
          : "Kubeconfig the Ansible phase writes (ansible/playbooks/site.yml)",
      );
      const clusterProviders = { ...this.providers(cluster.providerAlias, variable), kubeconfigPath: variable };
      providers.set(cluster.cluster, clusterProviders);
      const clusterScope: Construct = cluster.providerAlias ? new Construct(this, cluster.providerAlias) : this;
      this.renderCluster(clusterScope, topology, cluster.platform);
      if (cluster.providerAlias) useProviders(clusterScope, clusterProviders);
    }
    this.kubeconfigPath = providers.get(topology.clusterPlatforms[0].cluster)!.kubeconfigPath;
  }

  private kubeconfigVariable(name: string, defaultPath: string, description: string): TerraformVariable {
    return new TerraformVariable(this, name, { type: "string", default: defaultPath, description });
  }

  /** Unaliased providers keep the ids (and JSON) single-cluster stacks always had. */
  private providers(alias: string | undefined, kubeconfigPath: TerraformVariable): { kubernetes: KubernetesProvider; helm: HelmProvider } {
    const configPath = kubeconfigPath.stringValue;
    return {
      kubernetes: new KubernetesProvider(this, alias ? `Kubernetes_${alias}` : "Kubernetes", { configPath, ...(alias ? { alias } : {}) }),
      helm: new HelmProvider(this, alias ? `Helm_${alias}` : "Helm", { kubernetes: { configPath }, ...(alias ? { alias } : {}) }),
    };
  }

  /** One stack-wide sensitive variable, created the first time a cluster needs it. */
  private grafanaPassword(): TerraformVariable {
    this.grafanaAdminPassword ??= new TerraformVariable(this, "grafana_admin_password", {
      type: "string",
      sensitive: true,
      description: "Grafana admin password (TF_VAR_grafana_admin_password); stored in the Secret monitoring/grafana-admin",
    });
    return this.grafanaAdminPassword;
  }

  private rancherPassword(): TerraformVariable {
    this.rancherBootstrapPassword ??= new TerraformVariable(this, "rancher_bootstrap_password", {
      type: "string",
      sensitive: true,
      description: "Rancher's first admin password (TF_VAR_rancher_bootstrap_password); change it at first login",
    });
    return this.rancherBootstrapPassword;
  }

  /** Every component of one cluster's platform, under `scope`. */
  private renderCluster(scope: Construct, topology: Topology, platform: TopologyPlatform): void {
    // Nothing schedules before the CNI when Cilium is the CNI (k3s starts without flannel).
    const base: Dependency[] = [];
    if (platform.cilium) base.push(new Cilium(scope, "Cilium", { cilium: platform.cilium, replicas: platform.replicas }).release);
    if (platform.flannel) base.push(new Flannel(scope, "Flannel", { podCidr: platform.flannel.podCidr }).release);

    // Helm waits for PVCs to bind, so anything with volumes comes after the storage classes.
    const storageReady: Dependency[] = [...base];
    if (platform.storage.provider === "longhorn") {
      storageReady.push(...new Longhorn(scope, "Longhorn", { storage: platform.storage, dependsOn: base }).storageClasses);
    }

    if (platform.logging) new Logging(scope, "Logging", { logging: platform.logging, dependsOn: storageReady });
    // Monitoring needs neither the LB pool nor the ingress, so it can come before them; MetalLB's
    // ServiceMonitors need the Prometheus Operator's CRDs, so MetalLB waits for it.
    const monitoring = platform.monitoring
      ? new Monitoring(scope, "Monitoring", {
          monitoring: platform.monitoring,
          grafanaAdminPassword: this.grafanaPassword().stringValue,
          kubeProxy: !platform.cilium?.kubeProxyReplacement,
          ...(platform.loadBalancer ? { loadBalancer: platform.loadBalancer } : {}),
          ...(platform.logging ? { lokiUrl: LOKI_URL } : {}),
          dependsOn: storageReady,
        })
      : undefined;

    const lbReady: Dependency[] = [];
    if (platform.loadBalancer?.provider === "metallb") {
      lbReady.push(
        new MetalLb(scope, "MetalLb", {
          loadBalancer: platform.loadBalancer,
          dependsOn: base,
          ...(monitoring ? { prometheus: monitoring.release } : {}),
        }).config,
      );
    } else if (platform.loadBalancer?.provider === "cilium") {
      lbReady.push(new CiliumLbIpam(scope, "CiliumLbIpam", { loadBalancer: platform.loadBalancer, cilium: base[0] }).release);
    }

    // Helm waits for a LoadBalancer service's address, so ingress comes after the pool.
    const ingressReady: Dependency[] = [];
    let traefik: Traefik | undefined;
    if (platform.ingress?.controller === "traefik") {
      const bouncer = platform.crowdsec?.bouncer;
      traefik = new Traefik(scope, "Traefik", { ingress: platform.ingress, ...(bouncer ? { bouncer } : {}), dependsOn: [...base, ...lbReady] });
      ingressReady.push(traefik.release);
    } else if (platform.ingress?.controller === "ingress-nginx") {
      ingressReady.push(new IngressNginx(scope, "IngressNginx", { ingress: platform.ingress, dependsOn: [...base, ...lbReady] }).release);
    }

    const certManager = platform.certManager
      ? new CertManager(scope, "CertManager", { issuer: platform.certManager.issuer, environment: topology.environment, replicas: 1, dependsOn: base })
      : undefined;

    if (platform.gitops?.engine === "argocd") new ArgoCd(scope, "ArgoCd", { gitops: platform.gitops, domain: platform.domain, dependsOn: base });
    if (platform.gitops?.engine === "flux") new Flux(scope, "Flux", { gitops: platform.gitops, dependsOn: base });
    if (platform.velero) new Velero(scope, "Velero", { velero: platform.velero, dependsOn: base });
    if (platform.externalSecrets) {
      new ExternalSecrets(scope, "ExternalSecrets", { externalSecrets: platform.externalSecrets, dependsOn: base, ...(certManager ? { certManager: certManager.release } : {}) });
    }
    if (platform.replicator) new Replicator(scope, "Replicator", { dependsOn: base });
    if (platform.nfs) new Nfs(scope, "Nfs", { nfs: platform.nfs, dependsOn: base });
    const cnpg = platform.cnpg ? new Cnpg(scope, "Cnpg", { cnpg: platform.cnpg, dependsOn: storageReady }) : undefined;
    if (platform.externalDns) new ExternalDns(scope, "ExternalDns", { externalDns: platform.externalDns, dependsOn: base });
    if (platform.authentik) {
      // Its database (the CNPG Cluster with Authentik's role, or the bundled server's volume) and its ingress come first.
      const database = platform.authentik.database.kind === "cnpg" && cnpg ? [cnpg.cluster] : storageReady;
      new Authentik(scope, "Authentik", { authentik: platform.authentik, dependsOn: [...base, ...database, ...ingressReady, ...(certManager ? [certManager.issuers] : [])] });
    }
    if (platform.crowdsec) {
      new Crowdsec(scope, "Crowdsec", { crowdsec: platform.crowdsec, dependsOn: [...storageReady, ...ingressReady], ...(traefik ? { traefik: traefik.release } : {}) });
    }

    if (platform.rancher && platform.ingress && certManager) {
      new Rancher(scope, "Rancher", {
        rancher: platform.rancher,
        ingressClassName: platform.ingress.className,
        bootstrapPassword: this.rancherPassword().stringValue,
        dependsOn: [certManager.issuers, ...ingressReady, ...storageReady],
      });
    }
  }
}

/**
 * Points every helm_* and kubernetes_* resource under `scope` at one cluster's providers, so a
 * resource can never land on another cluster (or on an unconfigured default provider).
 */
export function useProviders(scope: Construct, providers: { readonly kubernetes: TerraformProvider; readonly helm: TerraformProvider }): void {
  for (const node of scope.node.findAll()) {
    if (!(node instanceof TerraformResource)) continue;
    if (node.terraformResourceType.startsWith("helm_")) node.provider = providers.helm;
    else if (node.terraformResourceType.startsWith("kubernetes_")) node.provider = providers.kubernetes;
  }
}
