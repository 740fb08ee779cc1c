import { inventoryData } from "../../lib/inventory";
import { resolveChanged, topologyOf } from "../support/environments";

describe("planTopology", () => {
  it("gives ORION's VMs the seed's VMIDs, sizes and addresses", () => {
    const topology = topologyOf("orion");
    const byId = new Map(topology.vms.map((vm) => [vm.vmId, vm]));
    expect([...byId.keys()].sort((a, b) => a - b)).toEqual([200, 300, 500, 600, 601, 602, 603]);
    expect(byId.get(500)).toMatchObject({ name: "orion-netbox", cores: 4, memoryMiB: 8192, diskGiB: 100, nic: { bridge: "vmbr1", ipv4: { address: "192.168.100.50", prefixLength: 24 } } });
    expect(byId.get(600)).toMatchObject({ kind: "server", cores: 4, memoryMiB: 8192 });
    for (const id of [601, 602, 603]) expect(byId.get(id)).toMatchObject({ kind: "agent", cores: 4, memoryMiB: 16384 });
  });

  it("derives a VM's IPv6 address from its IPv4 host number", () => {
    const netbox = topologyOf("orion").vms.find((vm) => vm.name === "orion-netbox")!;
    expect(netbox.nic.ipv6).toEqual({ address: "2602:f674:1000::50", prefixLength: 64, gateway: "2602:f674:1000::1" });
  });

  it("registers ORION's LAN, guest and IPv6 prefixes in NetBox", () => {
    const prefixes = topologyOf("orion").netbox!.prefixes.map((prefix) => prefix.prefix);
    expect(prefixes).toEqual(expect.arrayContaining(["192.168.100.0/24", "192.168.200.0/24", "2602:f674::/48", "2602:f674:1000::/64", "2602:f674:2000::/64"]));
  });

  it("spreads production's three servers over the three Proxmox nodes", () => {
    const servers = topologyOf("production").vms.filter((vm) => vm.kind === "server");
    expect(servers.map((vm) => vm.node).sort()).toEqual(["pve1", "pve2", "pve3"]);
  });

  it("sizes production as in the MicroK8s plan", () => {
    const vms = topologyOf("production").vms;
    expect(vms.filter((vm) => vm.kind === "server").map((vm) => [vm.cores, vm.memoryMiB, vm.diskGiB])).toEqual(Array(3).fill([4, 8192, 100]));
    expect(vms.filter((vm) => vm.kind === "agent").map((vm) => [vm.cores, vm.memoryMiB, vm.diskGiB])).toEqual(Array(2).fill([8, 16384, 200]));
  });

  it("returns the same Topology for the same config", () => {
    expect(topologyOf("production")).toEqual(topologyOf("production"));
  });

  it("never renumbers or moves an existing VM when a worker is added", () => {
    const before = topologyOf("production");
    const after = resolveChanged("production", (env) => {
      env.cluster!.agents!.count = 3;
    });
    for (const vm of before.vms) {
      const same = after.vms.find((candidate) => candidate.name === vm.name);
      expect(same).toMatchObject({ vmId: vm.vmId, node: vm.node, nic: vm.nic });
    }
    expect(after.vms.find((vm) => vm.name === "microk8s-worker-3")).toMatchObject({ vmId: 3202, node: "pve3", nic: { ipv4: { address: "10.20.30.103" } } });
  });

  it("puts Kubernetes nodes in the server and agent groups and extra VMs in their role's group", () => {
    const groups = Object.fromEntries(topologyOf("orion").vms.map((vm) => [vm.name, vm.groups]));
    expect(groups).toMatchObject({ "orion-k3s-server-1": ["server"], "orion-k3s-worker-1": ["agent"], "orion-router": ["router"], "orion-ai-agent": ["ai_agent"] });
  });

  it("labels each Kubernetes node with its Proxmox node as the zone", () => {
    const agent = topologyOf("production").vms.find((vm) => vm.name === "microk8s-worker-2")!;
    expect(agent.labels).toEqual({ "topology.kubernetes.io/zone": "pve2" });
  });

  it("keeps tags sorted and marks control-plane VMs", () => {
    const server = topologyOf("staging").vms[0];
    expect(server.tags).toEqual(["control-plane", "homelab", "k8s-1.31-stable", "k8s-staging-k3s", "microk8s-master", "pve1", "staging"]);
  });

  it("needs one vendor-data snippet per profile and Proxmox node", () => {
    expect(topologyOf("orion").snippets.map((snippet) => `${snippet.profile}@${snippet.node}`).sort()).toEqual(["base@r730", "kubernetes@r730", "router@r730"]);
    expect(topologyOf("production").snippets).toHaveLength(3);
  });
});

describe("the MicroK8s path", () => {
  const microk8s = () =>
    resolveChanged("staging", (env) => {
      env.cluster!.distribution = "microk8s";
      env.cluster!.version = "1.31/stable";
    });

  it("selects MicroK8s per environment and hands its snap channel to Ansible", () => {
    const vars = inventoryData(microk8s()).all.children!.k3s_cluster.vars!;
    expect(vars).toMatchObject({ k8s_distribution: "microk8s", microk8s_channel: "1.31/stable", k8s_api_port: 16443 });
    expect(vars).not.toHaveProperty("k3s_version");
  });

  it("rejects a k3s release as a MicroK8s version, naming the channel form", () => {
    expect(() =>
      resolveChanged("staging", (env) => {
        env.cluster!.version = "v1.31.4+k3s1";
      }),
    ).toThrow(/cluster\.version = "v1\.31\.4\+k3s1": must be a MicroK8s snap channel such as 1\.31\/stable for distribution microk8s/);
  });

  it("rejects a snap channel as a k3s version", () => {
    expect(() =>
      resolveChanged("staging", (env) => {
        env.cluster!.distribution = "k3s";
      }),
    ).toThrow(/cluster\.version = "1\.31\/stable": must be a k3s release such as v1\.31\.4\+k3s1 for distribution k3s/);
  });
});
