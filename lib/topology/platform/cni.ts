import type { IssueLog } from "../../config/errors";
import type { Platform } from "../../config/platform";
import type { TopologyCilium, TopologyCluster, TopologyLoadBalancer } from "../types";
import { P } from "./shared";

/** The CNI a cluster runs: k3s's flannel, MicroK8s's Calico, or Cilium from the platform stack. */
export type Cni = "flannel" | "calico" | "cilium";

/**
 * The CNI: flannel is k3s's default (and the platform's for kubeadm) and steps aside when Cilium is
 * on, unless both are asked for. MicroK8s brings Calico and keeps it: the MicroK8s role configures
 * Calico's pool, so neither flannel nor Cilium may be asked for there. Reports two CNIs, none, and
 * Cilium options set while it is off.
 */
export function resolveCni(config: Platform, issues: IssueLog, distribution: TopologyCluster["distribution"] = "k3s"): Cni {
  const cilium = config.cilium.enabled;
  if (distribution === "microk8s") {
    const fix = "MicroK8s runs its own Calico (its pool comes from cluster.podCidr), which this project keeps; turn it off, or use distribution k3s or kubeadm for another CNI";
    if (cilium) issues.error(`${P}.cilium.enabled`, true, fix);
    if (config.flannel.enabled === true) issues.error(`${P}.flannel.enabled`, true, fix);
    return "calico";
  }
  if (cilium && config.flannel.enabled === true) {
    issues.error(`${P}.flannel.enabled`, true, "two CNIs: platform.cilium.enabled is also true; a cluster runs one CNI, so turn flannel off (or remove it) to use Cilium");
  }
  if (!cilium && config.flannel.enabled === false) {
    issues.error(`${P}.flannel.enabled`, false, "leaves the cluster without a CNI; enable platform.cilium or leave flannel on");
  }
  if (!cilium) {
    for (const option of ["kubeProxyReplacement", "hubble", "bgpControlPlane"] as const) {
      if (config.cilium[option]) issues.warn(`${P}.cilium.${option}`, true, "has no effect while platform.cilium.enabled is false");
    }
  }
  return cilium ? "cilium" : "flannel";
}

/** Cilium's settings when it is the CNI: it reaches the API at the VIP, without kube-proxy. */
export function ciliumSettings(config: Platform, cluster: TopologyCluster, loadBalancer: TopologyLoadBalancer | undefined): TopologyCilium {
  return {
    kubeProxyReplacement: config.cilium.kubeProxyReplacement,
    hubble: config.cilium.hubble,
    bgpControlPlane: config.cilium.bgpControlPlane,
    ipv6: cluster.podCidrIpv6 !== undefined,
    l2Announcements: loadBalancer?.provider === "cilium" && loadBalancer.mode === "l2",
    k8sServiceHost: cluster.apiVip,
    k8sServicePort: cluster.apiPort,
  };
}
