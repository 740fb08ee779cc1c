import type { Cluster } from "../../config/schema";
import type { IssueLog } from "../../config/errors";
import { cidrsOverlap, formatAddress, parseCidr } from "../../net/ip";
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

/** A cluster's pod and Service networks: the configured ones, else its distribution's defaults; IPv6 ones only when configured. */
export function clusterCidrs(config: Cluster): Pick<TopologyCluster, "podCidr" | "serviceCidr" | "podCidrIpv6" | "serviceCidrIpv6"> {
  const defaults = DEFAULT_CLUSTER_CIDRS[config.distribution];
  return {
    podCidr: config.podCidr ?? defaults.podCidr,
    serviceCidr: config.serviceCidr ?? defaults.serviceCidr,
    ...(config.podCidrIpv6 !== undefined ? { podCidrIpv6: config.podCidrIpv6 } : {}),
    ...(config.serviceCidrIpv6 !== undefined ? { serviceCidrIpv6: config.serviceCidrIpv6 } : {}),
  };
}

/** The longest IPv6 Service network kube-apiserver's allocator takes: at most 2^20 addresses. */
const MAX_IPV6_SERVICE_BITS = 20;

type CidrField = "podCidr" | "serviceCidr" | "podCidrIpv6" | "serviceCidrIpv6";

/**
 * Reports a pod or Service network with host bits set, overlapping a network of the environment,
 * or overlapping the cluster's other one, for each address family. Defaults are checked too: a lab
 * on 10.42.0.0/24 must move k3s's pods elsewhere. A dual-stack cluster (k3s only) needs both IPv6
 * networks and an IPv6 prefix on its node network, since k3s requires a node-ip of each family.
 */
export function checkClusterCidrs(
  clusters: readonly { readonly config: Cluster; readonly path: string }[],
  networks: ReadonlyMap<string, PlannedNetwork>,
  issues: IssueLog,
): void {
  for (const { config, path } of clusters) {
    const cidrs = clusterCidrs(config);
    const families: { pods: CidrField; services: CidrField; family: 4 | 6 }[] = [
      { pods: "podCidr", services: "serviceCidr", family: 4 },
      ...(cidrs.podCidrIpv6 !== undefined && cidrs.serviceCidrIpv6 !== undefined ? [{ pods: "podCidrIpv6" as const, services: "serviceCidrIpv6" as const, family: 6 as const }] : []),
    ];
    checkDualStack(config, path, networks, issues);
    for (const { pods, services, family } of families) {
      const fields = [
        { field: pods, text: cidrs[pods]!, what: family === 4 ? "pod network" : "IPv6 pod network" },
        { field: services, text: cidrs[services]!, what: family === 4 ? "Service network" : "IPv6 Service network" },
      ];
      const parsed = fields.map((each) => ({ ...each, cidr: parseCidr(each.text), at: `${path}.${each.field}`, configured: config[each.field] !== undefined }));
      let clean = true;
      for (const each of parsed) {
        // A default is reported on the field the user would add to move it.
        const shown = each.configured ? each.text : undefined;
        const source = each.configured ? "" : ` (the ${config.distribution} default ${each.text})`;
        if (each.configured && each.cidr.text !== each.text) {
          issues.error(each.at, each.text, `has host bits set; write the network address ${each.cidr.text}`);
          clean = false;
          continue;
        }
        for (const network of networks.values()) {
          const theirs = family === 4 ? network.cidr : network.ipv6;
          if (theirs && cidrsOverlap(each.cidr, theirs)) {
            const written = family === 4 ? network.config.cidr : network.config.ipv6?.prefix;
            issues.error(each.at, shown, `the cluster's ${each.what}${source} overlaps ${network.path} (${written}); set ${each.field} to a range no network of the environment uses`);
          }
        }
      }
      const [podNet, serviceNet] = parsed;
      if (clean && cidrsOverlap(podNet.cidr, serviceNet.cidr)) {
        issues.error(serviceNet.at, serviceNet.configured ? serviceNet.text : undefined, `overlaps the pod network ${podNet.text}; give pods and Services separate ranges`);
      }
      if (family === 6 && 128 - serviceNet.cidr.prefixLength > MAX_IPV6_SERVICE_BITS) {
        issues.error(serviceNet.at, serviceNet.text, `is larger than kube-apiserver allocates (at most /${128 - MAX_IPV6_SERVICE_BITS}); use a /112 such as ${formatAddress(serviceNet.cidr.network, 6)}/112`);
      }
    }
  }
}

/**
 * Pod and Service networks across clusters: where either of two clusters advertises its pod
 * networks over BGP (cluster.bgp.advertisePodCidrs), the routers and the backbone between them
 * carry those routes, so a range both clusters use would be claimed twice (nodes of one cluster
 * could not reach the other's pods either: the address is their own). Each family is compared:
 * the pod and Service networks of one against the other's. Reported on the later cluster, which is
 * the one to move; a default is shown as such, with the field to set.
 */
export function checkClusterCidrsAcrossClusters(clusters: readonly { readonly config: Cluster; readonly path: string }[], issues: IssueLog): void {
  const fieldsOf = (config: Cluster): { field: CidrField; text: string; what: string; configured: boolean }[] => {
    const cidrs = clusterCidrs(config);
    const fields: [CidrField, string][] = [
      ["podCidr", "pod network"],
      ["serviceCidr", "Service network"],
      ["podCidrIpv6", "IPv6 pod network"],
      ["serviceCidrIpv6", "IPv6 Service network"],
    ];
    return fields.flatMap(([field, what]) => {
      const text = cidrs[field];
      if (text === undefined) return [];
      try {
        parseCidr(text);
      } catch {
        return [];
      }
      return [{ field, text, what, configured: config[field] !== undefined }];
    });
  };
  const advertises = (config: Cluster) => config.bgp?.advertisePodCidrs === true;
  clusters.forEach((later, laterIndex) => {
    for (const earlier of clusters.slice(0, laterIndex)) {
      if (!advertises(earlier.config) && !advertises(later.config)) continue;
      const advertiser = advertises(earlier.config) ? earlier : later;
      const why = `cluster ${advertiser.config.name} advertises its pod networks over BGP (${advertiser.path}.bgp.advertisePodCidrs), so the routers would carry one range for two clusters`;
      for (const mine of fieldsOf(later.config)) {
        for (const theirs of fieldsOf(earlier.config)) {
          if (!cidrsOverlap(parseCidr(mine.text), parseCidr(theirs.text))) continue;
          const source = mine.configured ? "" : ` (the ${later.config.distribution} default ${mine.text})`;
          const theirSource = theirs.configured ? theirs.text : `the ${earlier.config.distribution} default ${theirs.text}`;
          issues.error(
            `${later.path}.${mine.field}`,
            mine.configured ? mine.text : undefined,
            `cluster ${later.config.name}'s ${mine.what}${source} overlaps cluster ${earlier.config.name}'s ${theirs.what} ${earlier.path}.${theirs.field} (${theirSource}); ${why}. Set ${later.path}.${mine.field} to a range no other cluster and no network of the environment uses`,
          );
        }
      }
    }
  });
}

/** A dual-stack cluster: k3s, both IPv6 networks, and nodes with IPv6 addresses. */
function checkDualStack(config: Cluster, path: string, networks: ReadonlyMap<string, PlannedNetwork>, issues: IssueLog): void {
  const pods = config.podCidrIpv6;
  const services = config.serviceCidrIpv6;
  if (pods === undefined && services === undefined) return;
  if (config.distribution !== "k3s") {
    const [field, value] = pods !== undefined ? ["podCidrIpv6", pods] : ["serviceCidrIpv6", services];
    issues.error(`${path}.${field}`, value, `dual-stack clusters are supported with k3s only (this cluster runs ${config.distribution}); remove ${field}`);
    return;
  }
  if (pods === undefined) issues.error(`${path}.serviceCidrIpv6`, services, "needs podCidrIpv6: a dual-stack cluster has an IPv6 pod network too; add podCidrIpv6 (a /56 of your IPv6 space) or remove serviceCidrIpv6");
  if (services === undefined) issues.error(`${path}.podCidrIpv6`, pods, "needs serviceCidrIpv6: k3s takes a dual-stack cluster-cidr only with a dual-stack service-cidr; add serviceCidrIpv6, say a /112");
  const network = networks.get(config.network);
  if (network && !network.config.ipv6) {
    issues.error(`${path}.podCidrIpv6`, pods ?? services, `makes the cluster dual-stack, but its network ${network.path} (${config.network}) has no ipv6 prefix, so the nodes have no IPv6 address for k3s's node-ip; add ipv6 to the network or remove podCidrIpv6`);
  }
}
