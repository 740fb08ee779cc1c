import { planTiny, tinyErrors as errorsOf } from "../../support/tiny-environment";

/** A Raspberry Pi worker on the tiny network, with `overrides`. */
function pi(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { name: "tiny-pi-1", network: "lan", address: "10.0.0.60", architecture: "arm64", role: "worker", os: "Ubuntu 24.04", ...overrides };
}

describe("the bare-metal hosts stage", () => {
  it("joins a host to the only cluster as a worker, with its address, architecture, labels and taints", () => {
    const topology = planTiny({ hosts: [pi({ labels: { "homelab/board": "rpi5" }, taints: ["arch=arm64:NoSchedule"] })] });

    expect(topology.hosts).toEqual([
      {
        name: "tiny-pi-1",
        network: "lan",
        address: "10.0.0.60",
        prefixLength: 24,
        gateway: "10.0.0.1",
        architecture: "arm64",
        role: "worker",
        cluster: "tiny-k3s",
        os: "Ubuntu 24.04",
        labels: { "homelab/board": "rpi5" },
        taints: ["arch=arm64:NoSchedule"],
        site: "tiny",
      },
    ]);
    expect(topology.cluster?.hosts).toEqual(["tiny-pi-1"]);
  });

  it("makes no VM for a host", () => {
    const topology = planTiny({ hosts: [pi()] });

    expect(topology.vms.map((vm) => vm.name)).toEqual(["tiny-k3s-server-1"]);
  });

  it("refuses a host on a VM's address, naming the VM", () => {
    expect(errorsOf({ hosts: [pi({ address: "10.0.0.11" })] })).toEqual([
      "hosts[0].address: collides with tiny-k3s-server-1 (cluster.servers.addressStart); every host, gateway, VIP and LB pool address must be distinct",
    ]);
  });

  it("refuses a host named like a VM", () => {
    expect(errorsOf({ hosts: [pi({ name: "tiny-k3s-server-1" })] })).toEqual([
      "hosts[0].name: is taken by another VM or host (cluster.servers.namePrefix); VM and host names must be unique",
    ]);
  });

  it("refuses an armhf host in a kubeadm cluster, which pkgs.k8s.io builds no packages for", () => {
    const kubeadm = { cluster: { distribution: "kubeadm", version: "v1.31.0" } };

    expect(errorsOf({ ...kubeadm, hosts: [pi({ architecture: "armhf" })] })).toEqual([
      "hosts[0].architecture: has no kubeadm build (kubeadm publishes amd64, arm64); run the host with an amd64 or arm64 OS, or put it in a cluster of k3s",
    ]);
  });

  it("refuses a host outside its network", () => {
    expect(errorsOf({ hosts: [pi({ address: "10.9.0.60" })] })).toEqual([
      "hosts[0].address: tiny-pi-1's address is outside network lan (10.0.0.0/24); use an address inside it",
    ]);
  });
});
