import type { IssueLog } from "../../config/errors";
import type { Platform } from "../../config/platform";
import type { TopologyStorage, PlannedTopologyVm } from "../types";
import { P } from "./shared";

/** The kubelet root directory of a MicroK8s node. */
export const MICROK8S_KUBELET_ROOT_DIR = "/var/snap/microk8s/common/var/lib/kubelet";

/** Taints that keep Longhorn's replicas (and ordinary pods) off a node. */
function holdsReplicas(vm: PlannedTopologyVm): boolean {
  return !vm.taints.some((taint) => /:(NoSchedule|NoExecute)$/.test(taint));
}

/** The cluster's VMs that may hold volume replicas (no NoSchedule/NoExecute taint), sorted by name. */
export function storageNodesOf(clusterVms: readonly PlannedTopologyVm[]): string[] {
  return clusterVms.filter(holdsReplicas).map((vm) => vm.name).sort();
}

/**
 * Storage: k3s's local-path, or Longhorn with one class per replica count. A class may not ask for
 * more replicas than nodes that can hold them, and the default class must be one of the classes.
 */
export function resolveStorage(config: Platform, storageNodes: readonly string[], issues: IssueLog, distribution: "k3s" | "microk8s" | "kubeadm" = "k3s"): TopologyStorage {
  if (!config.longhorn.enabled) return { provider: "local-path", classes: [], defaultClass: "local-path", storageNodes };
  // MicroK8s's kubelet lives inside the snap; Longhorn's CSI plugin must register there.
  const kubeletRootDir = distribution === "microk8s" ? { kubeletRootDir: MICROK8S_KUBELET_ROOT_DIR } : {};
  const counts = [...new Set(config.longhorn.replicaCounts)].sort((a, b) => a - b);
  config.longhorn.replicaCounts.forEach((count, index) => {
    if (count > storageNodes.length) {
      issues.error(
        `${P}.longhorn.replicaCounts[${index}]`,
        count,
        `longhorn-r${count} keeps ${count} replicas but the cluster has ${storageNodes.length} node${storageNodes.length === 1 ? "" : "s"} that can hold them (${storageNodes.join(", ") || "none"}); drop longhorn-r${count} or add untainted agents`,
      );
    }
  });
  const classes = counts.map((count) => ({ name: `longhorn-r${count}`, replicas: count }));
  const defaultClass = config.longhorn.defaultClass ?? classes[classes.length - 1].name;
  if (!classes.some((entry) => entry.name === defaultClass)) {
    issues.error(`${P}.longhorn.defaultClass`, defaultClass, `is not one of the classes (${classes.map((entry) => entry.name).join(", ")}); add its replica count to replicaCounts or pick one of them`);
  }
  return { provider: "longhorn", classes, defaultClass, storageNodes, ...kubeletRootDir };
}
