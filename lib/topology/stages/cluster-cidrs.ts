import type { Cluster } from "../../config/schema";
import type { IssueLog } from "../../config/errors";
import { cidrsOverlap, parseCidr } from "../../net/ip";
import type { TopologyCluster } from "../types";
import type { PlannedNetwork } from "./networks";

/*
 * Pod and Service networks per cluster. Each distribution has its own defaults (what it uses when
 * nobody says otherwise); a cluster may set its own. Pods and Services are routed inside the
 * cluster, so neither may overlap a network of the environment (a node could no longer reach the
 * hosts on it) nor each other.
 */

/** The pod and Service networks each distribution uses by default. */
export const DEFAULT_CLUSTER_CIDRS: Readonly<Record<Cluster["distribution"], { readonly podCidr: string; readonly serviceCidr: string }>> = {
  k3s: { podCidr: "10.42.0.0/16", serviceCidr: "10.43.0.0/16" },
  microk8s: { podCidr: "10.1.0.0/16", serviceCidr: "10.152.183.0/24" },
  // kubeadm has no pod CIDR of its own; 10.244.0.0/16 is Flannel's default, 10.96.0.0/12 kubeadm's service default.
  kubeadm: { podCidr: "10.244.0.0/16", serviceCidr: "10.96.0.0/12" },
};

/** A cluster's pod and Service networks: the configured ones, else its distribution's defaults. */
export function clusterCidrs(config: Cluster): Pick<TopologyCluster, "podCidr" | "serviceCidr" | "customCidrs"> {
  const defaults = DEFAULT_CLUSTER_CIDRS[config.distribution];
  return {
    podCidr: config.podCidr ?? defaults.podCidr,
    serviceCidr: config.serviceCidr ?? defaults.serviceCidr,
    customCidrs: config.podCidr !== undefined || config.serviceCidr !== undefined,
  };
}

/**
 * Reports a pod or Service network with host bits set, overlapping a network of the environment,
 * or overlapping the cluster's other one. Defaults are checked too: a lab on 10.42.0.0/24 must move
 * k3s's pods elsewhere.
 */
export function checkClusterCidrs(
  clusters: readonly { readonly config: Cluster; readonly path: string }[],
  networks: ReadonlyMap<string, PlannedNetwork>,
  issues: IssueLog,
): void {
  for (const { config, path } of clusters) {
    const { podCidr, serviceCidr } = clusterCidrs(config);
    const fields = [
      { field: "podCidr", text: podCidr, what: "pod network" },
      { field: "serviceCidr", text: serviceCidr, what: "Service network" },
    ];
    const parsed = fields.map((each) => ({ ...each, cidr: parseCidr(each.text), at: `${path}.${each.field}`, configured: config[each.field as "podCidr" | "serviceCidr"] !== undefined }));
    for (const each of parsed) {
      // A default is reported on the field the user would add to move it.
      const shown = each.configured ? each.text : undefined;
      const source = each.configured ? "" : ` (the ${config.distribution} default ${each.text})`;
      if (each.configured && each.cidr.text !== each.text) {
        issues.error(each.at, each.text, `has host bits set; write the network address ${each.cidr.text}`);
        continue;
      }
      for (const network of networks.values()) {
        if (cidrsOverlap(each.cidr, network.cidr)) {
          issues.error(each.at, shown, `the cluster's ${each.what}${source} overlaps ${network.path} (${network.config.cidr}); set ${each.field} to a range no network of the environment uses`);
        }
      }
    }
    const [pods, services] = parsed;
    if (cidrsOverlap(pods.cidr, services.cidr)) {
      issues.error(services.at, services.configured ? services.text : undefined, `overlaps the pod network ${pods.text}; give pods and Services separate ranges`);
    }
  }
}
