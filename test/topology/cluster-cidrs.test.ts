import YAML from "yaml";
import { inventoryData } from "../../lib/inventory";
import { renderFromInventory } from "../support/render-template";
import { planTiny, tinyErrors } from "../support/tiny-environment";
import { requireTool, tempDir } from "../support/tools";

/*
 * Pod and Service networks per cluster: each distribution's defaults unless the cluster sets its
 * own, checked against the environment's networks and each other, and carried through the
 * inventory into the k3s server config and the MicroK8s launch configuration.
 */

const MICROK8S = { distribution: "microk8s", version: "1.31/stable" };

describe("a cluster's pod and Service networks", () => {
  it("default to k3s's 10.42.0.0/16 and 10.43.0.0/16", () => {
    expect(planTiny().clusters[0]).toMatchObject({ podCidr: "10.42.0.0/16", serviceCidr: "10.43.0.0/16" });
  });

  it("default to MicroK8s's 10.1.0.0/16 and 10.152.183.0/24", () => {
    expect(planTiny({ cluster: MICROK8S }).clusters[0]).toMatchObject({ podCidr: "10.1.0.0/16", serviceCidr: "10.152.183.0/24" });
  });

  it("take the configured podCidr and serviceCidr", () => {
    expect(planTiny({ cluster: { podCidr: "10.100.0.0/16", serviceCidr: "10.101.0.0/16" } }).clusters[0]).toMatchObject({ podCidr: "10.100.0.0/16", serviceCidr: "10.101.0.0/16" });
  });

  it("reject a pod network overlapping a network of the environment", () => {
    expect(() => planTiny({ cluster: { podCidr: "10.0.0.0/16" } })).toThrow(/cluster\.podCidr = "10\.0\.0\.0\/16": the cluster's pod network overlaps networks\[0\] \(10\.0\.0\.0\/24\); set podCidr to a range no network of the environment uses/);
  });

  it("reject a default that overlaps a network, on the field that would move it", () => {
    expect(() => planTiny({ networks: [{ name: "lan", bridge: "vmbr0", cidr: "10.43.0.0/24", gateway: "10.43.0.1", dns: ["10.43.0.1"] }], cluster: { apiVip: "10.43.0.5", loadBalancerPool: { start: "10.43.0.40", end: "10.43.0.49" }, servers: { addressStart: "10.43.0.11" } } })).toThrow(
      /cluster\.serviceCidr: the cluster's Service network \(the k3s default 10\.43\.0\.0\/16\) overlaps networks\[0\] \(10\.43\.0\.0\/24\)/,
    );
  });

  it("reject pod and Service networks that overlap each other", () => {
    expect(() => planTiny({ cluster: { podCidr: "10.100.0.0/16", serviceCidr: "10.100.128.0/24" } })).toThrow(/cluster\.serviceCidr = "10\.100\.128\.0\/24": overlaps the pod network 10\.100\.0\.0\/16; give pods and Services separate ranges/);
  });

  it("reject a default pod network that overlaps a network, saying how to move it", () => {
    expect(() => planTiny({ networks: [{ name: "lan", bridge: "vmbr0", cidr: "10.42.0.0/16", gateway: "10.42.0.1", dns: ["10.42.0.1"] }], cluster: { apiVip: "10.42.0.5", loadBalancerPool: { start: "10.42.0.40", end: "10.42.0.49" }, servers: { addressStart: "10.42.0.11" } } })).toThrow(
      /cluster\.podCidr: the cluster's pod network \(the k3s default 10\.42\.0\.0\/16\) overlaps networks\[0\] \(10\.42\.0\.0\/16\); set podCidr to a range no network of the environment uses/,
    );
  });

  it("reject a network written with host bits", () => {
    expect(() => planTiny({ cluster: { podCidr: "10.100.0.1/16" } })).toThrow(/cluster\.podCidr = "10\.100\.0\.1\/16": has host bits set; write the network address 10\.100\.0\.0\/16/);
  });
});

const DUAL_STACK_LAN = { name: "lan", bridge: "vmbr0", cidr: "10.0.0.0/24", gateway: "10.0.0.1", dns: ["10.0.0.1"], ipv6: { prefix: "2001:db8:0:1::/64", gateway: "2001:db8:0:1::1" } };
const DUAL_STACK = { podCidrIpv6: "2001:db8:42::/56", serviceCidrIpv6: "2001:db8:43::/112" };

describe("a dual-stack cluster's IPv6 pod and Service networks", () => {
  it("are kept when the cluster sets both", () => {
    expect(planTiny({ networks: [DUAL_STACK_LAN], cluster: DUAL_STACK }).clusters[0]).toMatchObject(DUAL_STACK);
  });

  it("are absent by default: the cluster is IPv4 only", () => {
    expect(planTiny().clusters[0].podCidrIpv6).toBeUndefined();
    expect(inventoryData(planTiny()).all.children!.k3s_cluster.vars).not.toHaveProperty("k8s_cluster_pod_cidr_ipv6");
  });

  it("need each other", () => {
    expect(() => planTiny({ networks: [DUAL_STACK_LAN], cluster: { podCidrIpv6: "2001:db8:42::/56" } })).toThrow(/cluster\.podCidrIpv6 = "2001:db8:42::\/56": needs serviceCidrIpv6: k3s takes a dual-stack cluster-cidr only with a dual-stack service-cidr; add serviceCidrIpv6/);
    expect(() => planTiny({ networks: [DUAL_STACK_LAN], cluster: { serviceCidrIpv6: "2001:db8:43::/112" } })).toThrow(/cluster\.serviceCidrIpv6 = "2001:db8:43::\/112": needs podCidrIpv6/);
  });

  it("need an IPv6 prefix on the cluster's network, for the nodes' second node-ip", () => {
    expect(() => planTiny({ cluster: DUAL_STACK })).toThrow(/cluster\.podCidrIpv6 = "2001:db8:42::\/56": makes the cluster dual-stack, but its network networks\[0\] \(lan\) has no ipv6 prefix/);
  });

  it("are k3s only", () => {
    expect(() => planTiny({ networks: [DUAL_STACK_LAN], cluster: { ...MICROK8S, ...DUAL_STACK } })).toThrow(/cluster\.podCidrIpv6 = "2001:db8:42::\/56": dual-stack clusters are supported with k3s only \(this cluster runs microk8s\); remove podCidrIpv6/);
  });

  it("reject an IPv6 pod network overlapping a network's IPv6 prefix", () => {
    expect(() => planTiny({ networks: [DUAL_STACK_LAN], cluster: { ...DUAL_STACK, podCidrIpv6: "2001:db8::/56" } })).toThrow(/cluster\.podCidrIpv6 = "2001:db8::\/56": the cluster's IPv6 pod network overlaps networks\[0\] \(2001:db8:0:1::\/64\)/);
  });

  it("reject IPv6 pod and Service networks that overlap each other", () => {
    expect(() => planTiny({ networks: [DUAL_STACK_LAN], cluster: { ...DUAL_STACK, serviceCidrIpv6: "2001:db8:42::/112" } })).toThrow(/cluster\.serviceCidrIpv6 = "2001:db8:42::\/112": overlaps the pod network 2001:db8:42::\/56/);
  });

  it("reject an IPv6 Service network larger than kube-apiserver allocates", () => {
    expect(() => planTiny({ networks: [DUAL_STACK_LAN], cluster: { ...DUAL_STACK, serviceCidrIpv6: "2001:db8:43::/64" } })).toThrow(/cluster\.serviceCidrIpv6 = "2001:db8:43::\/64": is larger than kube-apiserver allocates \(at most \/108\); use a \/112 such as 2001:db8:43::\/112/);
  });
});

describe("the pod and Service networks on the nodes", () => {
  const root = tempDir("cluster-cidrs");
  beforeAll(() => requireTool("ansible-playbook", "ansible"));

  it("reach the k3s server config as cluster-cidr and service-cidr", () => {
    const rendered = renderFromInventory(root, planTiny({ cluster: { podCidr: "10.100.0.0/16", serviceCidr: "10.101.0.0/16" } }), "k3s_server", "config.yaml.j2", "server");
    expect(YAML.parse(rendered["tiny-k3s-server-1"])).toMatchObject({ "cluster-cidr": "10.100.0.0/16", "service-cidr": "10.101.0.0/16" });
  });

  it("stay k3s's defaults in the k3s server config when the cluster sets none", () => {
    const rendered = renderFromInventory(root, planTiny(), "k3s_server", "config.yaml.j2", "server");
    expect(YAML.parse(rendered["tiny-k3s-server-1"])).toMatchObject({ "cluster-cidr": "10.42.0.0/16", "service-cidr": "10.43.0.0/16" });
  });

  it("reach the k3s server and agent configs of a dual-stack cluster as \"ipv4,ipv6\" pairs, with an IPv6 node-ip", () => {
    const agents = { count: 1, cores: 2, memoryMiB: 4096, diskGiB: 40, vmIdRange: { start: 1200, end: 1209 }, addressStart: "10.0.0.21" };
    const topology = planTiny({ networks: [DUAL_STACK_LAN], cluster: { ...DUAL_STACK, agents } });
    const server = YAML.parse(renderFromInventory(root, topology, "k3s_server", "config.yaml.j2", "server")["tiny-k3s-server-1"]);
    const ipv6 = (name: string) => topology.vms.find((vm) => vm.name === name)!.nic.ipv6!.address;
    expect(server).toMatchObject({ "cluster-cidr": "10.42.0.0/16,2001:db8:42::/56", "service-cidr": "10.43.0.0/16,2001:db8:43::/112", "node-ip": `10.0.0.11,${ipv6("tiny-k3s-server-1")}` });
    const agent = YAML.parse(renderFromInventory(root, topology, "k3s_agent", "config.yaml.j2", "agent")["tiny-k3s-agent-1"]);
    expect(agent["node-ip"]).toBe(`10.0.0.21,${ipv6("tiny-k3s-agent-1")}`);
  });

  it("reach the MicroK8s launch configuration as Calico's pool and the Service range, the API's Service address a SAN", () => {
    const rendered = renderFromInventory(root, planTiny({ cluster: { ...MICROK8S, podCidr: "10.100.0.0/16", serviceCidr: "10.101.0.0/24" } }), "microk8s", "launch-config.yaml.j2", "server");
    expect(YAML.parse(rendered["tiny-k3s-server-1"])).toEqual({
      version: "0.1.0",
      extraCNIEnv: { IPv4_SUPPORT: true, IPv4_CLUSTER_CIDR: "10.100.0.0/16", IPv4_SERVICE_CIDR: "10.101.0.0/24" },
      extraSANs: ["10.101.0.1"],
    });
  });

  it("leave the MicroK8s launch configuration on MicroK8s's defaults when the cluster sets none", () => {
    const rendered = renderFromInventory(root, planTiny({ cluster: MICROK8S }), "microk8s", "launch-config.yaml.j2", "server");
    expect(YAML.parse(rendered["tiny-k3s-server-1"]).extraCNIEnv).toMatchObject({ IPv4_CLUSTER_CIDR: "10.1.0.0/16", IPv4_SERVICE_CIDR: "10.152.183.0/24" });
  });
});

/** Two k3s clusters on the tiny lab's network, both peering with one router; `a` and `b` are merged into each. */
function twoClusters(a: Record<string, unknown>, b: Record<string, unknown>) {
  const cluster = (name: string, index: number, extra: Record<string, unknown>) => ({
    name,
    version: "v1.31.4+k3s1",
    network: "lan",
    apiVip: `10.0.0.${5 + index}`,
    loadBalancerPool: { start: `10.0.0.${40 + index * 5}`, end: `10.0.0.${44 + index * 5}` },
    servers: { count: 1, cores: 2, memoryMiB: 4096, diskGiB: 40, vmIdRange: { start: 1100 + index * 100, end: 1109 + index * 100 }, addressStart: `10.0.0.${11 + index * 10}` },
    bgp: { mode: "cilium", asn: 65001, router: "edge" },
    ...extra,
  });
  return {
    cluster: undefined,
    clusters: [cluster("lab-a", 0, a), cluster("lab-b", 1, b)],
    vms: [{ name: "lab-router", role: "router", vmId: 200, node: "pve1", cores: 1, memoryMiB: 1024, diskGiB: 10, network: "lan", address: "10.0.0.2" }],
    routers: [{ name: "edge", asn: 65000, routerId: "10.0.0.2", vm: "lab-router" }],
    platform: { cilium: { enabled: true, kubeProxyReplacement: true, bgpControlPlane: true }, loadBalancer: { provider: "cilium" } },
  };
}

const ADVERTISE = { bgp: { mode: "cilium", asn: 65001, router: "edge", advertisePodCidrs: true } };

describe("pod and Service networks across clusters that advertise their pod networks", () => {
  it("may repeat between clusters that keep their pods to themselves", () => {
    expect(planTiny(twoClusters({}, {})).clusters.map((cluster) => cluster.podCidr)).toEqual(["10.42.0.0/16", "10.42.0.0/16"]);
  });

  it("must not overlap once one of the two advertises, reported on the later cluster with both paths and the fix", () => {
    expect(tinyErrors(twoClusters(ADVERTISE, {}))).toEqual([
      "clusters[1].podCidr: cluster lab-b's pod network (the k3s default 10.42.0.0/16) overlaps cluster lab-a's pod network clusters[0].podCidr (the k3s default 10.42.0.0/16); cluster lab-a advertises its pod networks over BGP (clusters[0].bgp.advertisePodCidrs), so the routers would carry one range for two clusters. Set clusters[1].podCidr to a range no other cluster and no network of the environment uses",
      "clusters[1].serviceCidr: cluster lab-b's Service network (the k3s default 10.43.0.0/16) overlaps cluster lab-a's Service network clusters[0].serviceCidr (the k3s default 10.43.0.0/16); cluster lab-a advertises its pod networks over BGP (clusters[0].bgp.advertisePodCidrs), so the routers would carry one range for two clusters. Set clusters[1].serviceCidr to a range no other cluster and no network of the environment uses",
    ]);
  });

  it("compare one cluster's pods with the other's Services, and IPv6 ranges too", () => {
    const errors = tinyErrors({
      ...twoClusters({ ...ADVERTISE, podCidr: "10.100.0.0/16", serviceCidr: "10.101.0.0/16" }, { ...ADVERTISE, podCidr: "10.101.0.0/16", serviceCidr: "10.102.0.0/16", ...DUAL_STACK }),
      networks: [DUAL_STACK_LAN],
    });
    expect(errors).toEqual([expect.stringMatching(/^clusters\[1\]\.podCidr: cluster lab-b's pod network overlaps cluster lab-a's Service network clusters\[0\]\.serviceCidr \(10\.101\.0\.0\/16\);/)]);
    const ipv6 = tinyErrors({ ...twoClusters({ ...ADVERTISE, ...DUAL_STACK }, { ...ADVERTISE, podCidr: "10.44.0.0/16", serviceCidr: "10.45.0.0/16", ...DUAL_STACK }), networks: [DUAL_STACK_LAN] });
    expect(ipv6.map((error) => error.split(":")[0])).toEqual(["clusters[1].podCidrIpv6", "clusters[1].serviceCidrIpv6"]);
  });

  it("pass when each cluster has its own ranges", () => {
    const topology = planTiny(twoClusters(ADVERTISE, { ...ADVERTISE, podCidr: "10.44.0.0/16", serviceCidr: "10.45.0.0/16" }));
    expect(topology.bgp.clusters.map((side) => side.podCidrs)).toEqual([["10.42.0.0/16"], ["10.44.0.0/16"]]);
  });
});
