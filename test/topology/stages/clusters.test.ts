import { IssueLog } from "../../../lib/config/errors";
import { parseAddress } from "../../../lib/net/ip";
import { AddressClaims } from "../../../lib/topology/stages/claims";
import { checkQuorum, checkServerCount, resolveClusters, topologyCluster } from "../../../lib/topology/stages/clusters";
import { planNetworks } from "../../../lib/topology/stages/networks";
import { siteInputs } from "../../../lib/topology/stages/sites";
import type { TopologyVm } from "../../../lib/topology/types";
import { cluster, lab, node } from "./given";

/** Resolves the clusters of `env` against a fresh claims registry. */
function resolve(env: ReturnType<typeof lab>) {
  const issues = new IssueLog();
  const sites = siteInputs(env, issues);
  const claims = new AddressClaims(issues);
  const clusters = resolveClusters(env, sites, planNetworks(env, sites, issues), claims, issues);
  return { clusters, claims, issues };
}

const server = (name: string, nodeName: string) => ({ name, node: nodeName }) as TopologyVm;

describe("the clusters stage", () => {
  it("claims the API VIP and every LB pool address before any VM is placed", () => {
    const { clusters, claims, issues } = resolve(lab({ cluster: cluster({ count: 1 }) }));

    expect(clusters.map((c) => [c.path, c.network.config.name, c.lbPool])).toEqual([["cluster", "lan", { first: parseAddress("10.0.0.40").value, last: parseAddress("10.0.0.49").value }]]);
    expect(claims.holder(parseAddress("10.0.0.5").value)?.owner).toBe("the Kubernetes API VIP");
    expect(claims.holder(parseAddress("10.0.0.49").value)?.owner).toBe("the LoadBalancer pool");
    expect(issues.errors).toEqual([]);
  });

  it("rejects a VIP outside the cluster network and claims nothing for it", () => {
    const { claims, issues } = resolve(lab({ cluster: cluster({ count: 1 }, undefined, { apiVip: "10.9.0.5" }) }));

    expect(issues.errors).toEqual([{ path: "cluster.apiVip", value: "10.9.0.5", message: "is outside the cluster network 10.0.0.0/24; pick a free address inside it" }]);
    expect(claims.holder(parseAddress("10.9.0.5").value)).toBeUndefined();
  });

  it("leaves out a cluster on an undeclared network, listing the declared ones", () => {
    const { clusters, issues } = resolve(lab({ cluster: cluster({ count: 1 }, undefined, { network: "dmz" }) }));

    expect(clusters).toEqual([]);
    expect(issues.errors).toEqual([{ path: "cluster.network", value: "dmz", message: "is not a declared network; use one of lan" }]);
  });

  it("refuses a cluster without servers and warns about an even number of them", () => {
    const issues = new IssueLog();
    const [none] = resolve(lab({ cluster: cluster({ count: 0 }) })).clusters;
    const [two] = resolve(lab({ cluster: cluster({ count: 2 }) })).clusters;

    checkServerCount(none, issues);
    checkServerCount(two, issues);

    expect(issues.errors.map((issue) => issue.path)).toEqual(["cluster.servers.count"]);
    expect(issues.warnings).toEqual([
      { path: "cluster.servers.count", value: 2, message: "an even number of etcd members tolerates no more failures than 1; use an odd count" },
    ]);
  });

  it("warns when one Proxmox node holds a majority of the servers", () => {
    const issues = new IssueLog();
    const env = lab({ proxmox: { endpoint: "https://pve.example:8006/", nodes: [node("pve1"), node("pve2")] }, cluster: cluster({ count: 3 }) });
    const [input] = resolve(env).clusters;

    checkQuorum(input, [server("s1", "pve1"), server("s2", "pve2"), server("s3", "pve1")], issues);

    expect(issues.warnings).toEqual([
      {
        path: "cluster.servers.nodes",
        value: ["pve1", "pve2"],
        message: "Proxmox node pve1 holds 2 of 3 servers, a majority: losing it loses etcd quorum; allow the pool more nodes",
      },
    ]);
  });

  it("describes the cluster with its API port, pool size, announced prefixes and kubeconfig", () => {
    const env = lab({ cluster: cluster({ count: 1 }, undefined, { loadBalancerPool: { start: "10.0.0.40", end: "10.0.0.47" } }) });
    const [input] = resolve(env).clusters;

    const planned = topologyCluster(env, input, { servers: [server("k3s-server-1", "pve1")], agents: [] }, 1);

    expect(planned).toMatchObject({
      name: "k3s",
      apiPort: 6443,
      servers: ["k3s-server-1"],
      loadBalancerPool: { start: "10.0.0.40", end: "10.0.0.47", size: 8 },
      loadBalancerPrefixes: ["10.0.0.40/29"],
      tag: "k8s-k3s",
      site: "lab",
      kubeconfigPath: "~/.kube/homelab-lab.yaml",
    });
  });
});
