import type { EnvironmentOverrides } from "../support/tiny-environment";

/** A tiny kubeadm cluster with three servers behind `lbCount` HAProxy VMs (10.0.0.61, .62, ...). */
export function kubeadmBehindHaproxy(lbCount: number): EnvironmentOverrides {
  const vms = Array.from({ length: lbCount }, (_, index) => ({
    name: `tiny-lb-${index + 1}`,
    role: "api-lb",
    vmId: 600 + index,
    node: "pve1",
    cores: 2,
    memoryMiB: 2048,
    diskGiB: 20,
    network: "lan",
    address: `10.0.0.${61 + index}`,
  }));
  return {
    vms,
    cluster: {
      name: "tiny",
      distribution: "kubeadm",
      version: "v1.31.0",
      apiVip: lbCount > 1 ? "10.0.0.5" : undefined,
      apiLoadBalancer: { vms: vms.map((vm) => vm.name) },
      servers: { count: 3 },
    },
  };
}
