import { IssueLog } from "../../../lib/config/errors";
import { AddressClaims, VmIdentities } from "../../../lib/topology/stages/claims";
import { resolveClusters } from "../../../lib/topology/stages/clusters";
import { planNetworks } from "../../../lib/topology/stages/networks";
import { planPool } from "../../../lib/topology/stages/pools";
import { indexNodes, siteInputs } from "../../../lib/topology/stages/sites";
import { cluster, lab, node, planLabPools as plan } from "./given";

const threeNodes = { endpoint: "https://pve.example:8006/", nodes: [node("pve1"), node("pve2"), node("pve3")] };

describe("the pools stage", () => {
  it("numbers the n-th VM of a pool from the VMID range and first address, round-robin over the nodes", () => {
    const { servers } = plan(lab({ proxmox: threeNodes, cluster: cluster({ count: 4 }) }));

    expect(servers.map((vm) => [vm.name, vm.vmId, vm.nic.ipv4.address, vm.node])).toEqual([
      ["k3s-server-1", 1100, "10.0.0.11", "pve1"],
      ["k3s-server-2", 1101, "10.0.0.12", "pve2"],
      ["k3s-server-3", 1102, "10.0.0.13", "pve3"],
      ["k3s-server-4", 1103, "10.0.0.14", "pve1"],
    ]);
  });

  it("keeps every existing VM's VMID, address and node when the pool grows", () => {
    const before = plan(lab({ proxmox: threeNodes, cluster: cluster({ count: 1 }, { count: 2 }) })).agents;
    const after = plan(lab({ proxmox: threeNodes, cluster: cluster({ count: 1 }, { count: 3 }) })).agents;

    expect(after.slice(0, 2)).toEqual(before);
    expect(after[2]).toMatchObject({ name: "k3s-agent-3", vmId: 1202, nic: { ipv4: { address: "10.0.0.23" } } });
  });

  it("places a pool only on the nodes it allows and labels each VM with its zone", () => {
    const { servers } = plan(lab({ proxmox: threeNodes, cluster: cluster({ count: 2, nodes: ["pve3"] }) }));

    expect(servers.map((vm) => [vm.node, vm.labels["topology.kubernetes.io/zone"]])).toEqual([["pve3", "pve3"], ["pve3", "pve3"]]);
  });

  it("sizes a VM from its override and the rest from the pool", () => {
    const { servers } = plan(lab({ cluster: cluster({ count: 2, overrides: [{}, { cores: 8 }] }) }));

    expect(servers.map((vm) => [vm.cores, vm.memoryMiB])).toEqual([[2, 4096], [8, 4096]]);
  });

  it("tags pool VMs with the environment, the cluster and their role in it", () => {
    const { servers, agents } = plan(lab({ cluster: cluster({ count: 1 }, { count: 1 }) }));

    expect(servers[0].tags).toEqual(["control-plane", "k8s-k3s", "lab"]);
    expect(agents[0].tags).toEqual(["k8s-k3s", "lab", "worker"]);
  });

  it("adds the pool's tags, with {node} as the VM's Proxmox node and {version} as the cluster's version made tag-safe", () => {
    const microk8s = { distribution: "microk8s", version: "1.31/stable" };
    const { servers } = plan(lab({ proxmox: threeNodes, cluster: cluster({ count: 2, tags: ["microk8s-master", "{node}", "k8s-{version}"] }, undefined, microk8s) }));

    expect(servers.map((vm) => vm.tags)).toEqual([
      ["control-plane", "k8s-1.31-stable", "k8s-k3s", "lab", "microk8s-master", "pve1"],
      ["control-plane", "k8s-1.31-stable", "k8s-k3s", "lab", "microk8s-master", "pve2"],
    ]);
  });

  it("keeps a k3s version's '+' in its tag, since Proxmox takes it", () => {
    const { servers } = plan(lab({ cluster: cluster({ count: 1, tags: ["k8s-{version}"] }) }));

    expect(servers[0].tags).toContain("k8s-v1.31.4+k3s1");
  });

  it("rejects a pool tag Proxmox would not take and names the placeholders", () => {
    expect(() => lab({ cluster: cluster({ count: 1, tags: ["Master {zone}"] }) })).toThrow(
      /cluster\.servers\.tags\[0\] = "Master \{zone\}": is not a valid Proxmox tag; .*\{node\} for the VM's Proxmox node and \{version\} for the cluster's version/,
    );
  });

  it("rejects a pool larger than its VMID range and says how wide the range must be", () => {
    const { servers, issues } = plan(lab({ cluster: cluster({ count: 3, vmIdRange: { start: 1100, end: 1101 } }) }));

    expect(servers).toEqual([]);
    expect(issues.errors).toEqual([
      { path: "cluster.servers.vmIdRange", value: { start: 1100, end: 1101 }, message: "holds 2 VMIDs but count is 3; widen the range to at least 1100-1102" },
    ]);
  });

  it("rejects a pool that runs past the end of its network", () => {
    const { issues } = plan(lab({ cluster: cluster({ count: 3, addressStart: "10.0.0.253" }) }));

    expect(issues.errors).toEqual([
      {
        path: "cluster.servers.addressStart",
        value: "10.0.0.253",
        message: "leaves room for 2 addresses in 10.0.0.0/24 but count is 3; the pool runs out of addresses: lower addressStart or the count",
      },
    ]);
  });

  it("leaves out a VM whose address the LB pool holds, keeping the others", () => {
    const { servers, issues } = plan(lab({ cluster: cluster({ count: 3, addressStart: "10.0.0.38" }) }));

    expect(servers.map((vm) => vm.name)).toEqual(["k3s-server-1", "k3s-server-2"]);
    expect(issues.errors[0]).toMatchObject({ path: "cluster.servers.addressStart", value: "10.0.0.40", message: expect.stringMatching(/^collides with the LoadBalancer pool/) });
  });

  it("leaves addresses to NetBox on a netbox-addressed network, still numbering VMIDs by position", () => {
    const issues = new IssueLog();
    const netbox = { enabled: true, url: "https://netbox.lab.example", site: { name: "Lab", slug: "lab" } };
    const env = lab({ addressing: "netbox", netbox, cluster: cluster({ count: 2, addressStart: undefined }) });
    const sites = siteInputs(env, issues);
    const claims = new AddressClaims(issues);
    const [input] = resolveClusters(env, sites, planNetworks(env, sites, issues), claims, issues);

    const servers = planPool({ env, cluster: input, nodes: indexNodes(sites, issues) }, { kind: "server", pool: input.config.servers, path: "cluster.servers" }, { claims, identities: new VmIdentities(issues) }, issues);

    expect(issues.errors).toEqual([]);
    expect(servers.map((vm) => [vm.vmId, vm.nic.addressing, vm.nic.ipv4.address])).toEqual([[1100, "netbox", undefined], [1101, "netbox", undefined]]);
  });
});
