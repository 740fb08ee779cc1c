import { Construct } from "constructs";
import { LocalBackend, TerraformStack, TerraformVariable } from "cdktf";
import { HelmProvider } from "@cdktf/provider-helm/lib/provider";
import { KubernetesProvider } from "@cdktf/provider-kubernetes/lib/provider";
import type { Topology } from "../lib/topology/types";
import { ArgoCd } from "./platform/argocd";
import { CertManager } from "./platform/cert-manager";
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

export interface PlatformStackProps {
  readonly topology: Topology;
}

/**
 * `<env>-platform`: Helm releases and Kubernetes resources, applied after the Ansible phase has
 * formed the cluster and written its kubeconfig to `kubeconfig_path`. What is installed, and every
 * lab-specific value, comes from `topology.platform`. Releases are chained with depends_on:
 * CNI → load balancer → ingress; storage → anything with volumes; each CRD-bringing chart → the
 * release carrying its custom resources.
 */
export class PlatformStack extends TerraformStack {
  readonly kubeconfigPath: TerraformVariable;

  constructor(scope: Construct, id: string, props: PlatformStackProps) {
    super(scope, id);
    // State beside the project, by a relative path so the synthesized JSON is the same on every machine.
    new LocalBackend(this, { path: `../../../terraform.${id}.tfstate` });
    const { topology } = props;
    const platform = topology.platform;
    this.kubeconfigPath = new TerraformVariable(this, "kubeconfig_path", {
      type: "string",
      default: topology.kubeconfigPath,
      description: "Kubeconfig the Ansible phase writes (ansible/playbooks/site.yml)",
    });
    new KubernetesProvider(this, "Kubernetes", { configPath: this.kubeconfigPath.stringValue });
    new HelmProvider(this, "Helm", { kubernetes: { configPath: this.kubeconfigPath.stringValue } });
    if (!topology.cluster) return;

    // Nothing schedules before the CNI when Cilium is the CNI (k3s starts without flannel).
    const base: Dependency[] = [];
    if (platform.cilium) base.push(new Cilium(this, "Cilium", { cilium: platform.cilium, replicas: platform.replicas }).release);

    const lbReady: Dependency[] = [];
    if (platform.loadBalancer?.provider === "metallb") {
      lbReady.push(new MetalLb(this, "MetalLb", { loadBalancer: platform.loadBalancer, dependsOn: base }).config);
    } else if (platform.loadBalancer?.provider === "cilium") {
      lbReady.push(new CiliumLbIpam(this, "CiliumLbIpam", { loadBalancer: platform.loadBalancer, cilium: base[0] }).release);
    }

    // Helm waits for a LoadBalancer service's address, so ingress comes after the pool.
    const ingressReady: Dependency[] = [];
    if (platform.ingress?.controller === "traefik") {
      ingressReady.push(new Traefik(this, "Traefik", { ingress: platform.ingress, dependsOn: [...base, ...lbReady] }).release);
    } else if (platform.ingress?.controller === "ingress-nginx") {
      ingressReady.push(new IngressNginx(this, "IngressNginx", { ingress: platform.ingress, dependsOn: [...base, ...lbReady] }).release);
    }

    const certManager = platform.certManager
      ? new CertManager(this, "CertManager", { issuer: platform.certManager.issuer, environment: topology.environment, replicas: 1, dependsOn: base })
      : undefined;

    // Helm waits for PVCs to bind, so anything with volumes comes after the storage classes.
    const storageReady: Dependency[] = [...base];
    if (platform.storage.provider === "longhorn") {
      storageReady.push(...new Longhorn(this, "Longhorn", { storage: platform.storage, dependsOn: base }).storageClasses);
    }

    if (platform.logging) new Logging(this, "Logging", { logging: platform.logging, dependsOn: storageReady });
    if (platform.monitoring) {
      const grafanaAdminPassword = new TerraformVariable(this, "grafana_admin_password", {
        type: "string",
        sensitive: true,
        description: "Grafana admin password (TF_VAR_grafana_admin_password); stored in the Secret monitoring/grafana-admin",
      });
      new Monitoring(this, "Monitoring", {
        monitoring: platform.monitoring,
        grafanaAdminPassword: grafanaAdminPassword.stringValue,
        kubeProxy: !platform.cilium?.kubeProxyReplacement,
        ...(platform.logging ? { lokiUrl: LOKI_URL } : {}),
        dependsOn: storageReady,
      });
    }

    if (platform.gitops?.engine === "argocd") new ArgoCd(this, "ArgoCd", { gitops: platform.gitops, domain: platform.domain, dependsOn: base });
    if (platform.gitops?.engine === "flux") new Flux(this, "Flux", { gitops: platform.gitops, dependsOn: base });
    if (platform.velero) new Velero(this, "Velero", { velero: platform.velero, dependsOn: base });
    if (platform.externalSecrets) new ExternalSecrets(this, "ExternalSecrets", { externalSecrets: platform.externalSecrets, dependsOn: base });

    if (platform.rancher && platform.ingress && certManager) {
      const bootstrapPassword = new TerraformVariable(this, "rancher_bootstrap_password", {
        type: "string",
        sensitive: true,
        description: "Rancher's first admin password (TF_VAR_rancher_bootstrap_password); change it at first login",
      });
      new Rancher(this, "Rancher", {
        rancher: platform.rancher,
        ingressClassName: platform.ingress.className,
        bootstrapPassword: bootstrapPassword.stringValue,
        dependsOn: [certManager.issuers, ...ingressReady, ...storageReady],
      });
    }
  }
}
