import { IssueLog } from "../../../lib/config/errors";
import { ciliumSettings, resolveCni } from "../../../lib/topology/platform/cni";
import { resolveLoadBalancer } from "../../../lib/topology/platform/load-balancer";
import { resolveStorage, storageNodesOf } from "../../../lib/topology/platform/storage";
import { resolveRancher } from "../../../lib/topology/platform/rancher";
import { resolveIngress } from "../../../lib/topology/platform/ingress";
import { planPlatform } from "../../../lib/topology/platform";
import type { TopologyCluster, TopologyVm } from "../../../lib/topology/types";
import { lab } from "../stages/given";

/*
 * One resolver per platform component, each given the `platform` block of a small lab and the
 * few planned facts it reads (the cluster, its VMs).
 */

const platformOf = (platform: Record<string, unknown>) => lab({ platform }).platform;
const k3s = { name: "k3s", version: "v1.31.4+k3s1", apiVip: "10.0.0.5", apiPort: 6443, loadBalancerPool: { start: "10.0.0.40", end: "10.0.0.49", size: 10 } } as TopologyCluster;
const agent = (name: string, taints: string[] = []) => ({ name, taints }) as unknown as TopologyVm;

describe("the CNI resolver", () => {
  it("refuses flannel and Cilium together, naming flannel's switch", () => {
    const issues = new IssueLog();

    expect(resolveCni(platformOf({ cilium: { enabled: true }, flannel: { enabled: true } }), issues)).toBe("cilium");
    expect(issues.errors.map((issue) => issue.path)).toEqual(["platform.flannel.enabled"]);
  });

  it("reports MicroK8s's own Calico, and refuses Cilium or flannel there by their switches", () => {
    const issues = new IssueLog();

    expect(resolveCni(platformOf({}), issues, "microk8s")).toBe("calico");
    expect(issues.errors).toEqual([]);
    expect(resolveCni(platformOf({ cilium: { enabled: true }, flannel: { enabled: true } }), issues, "microk8s")).toBe("calico");
    expect(issues.errors.map((issue) => issue.path)).toEqual(["platform.cilium.enabled", "platform.flannel.enabled"]);
    expect(issues.errors[0].message).toMatch(/MicroK8s runs its own Calico/);
  });

  it("points Cilium at the API VIP, since it runs without kube-proxy", () => {
    const settings = ciliumSettings(platformOf({ cilium: { enabled: true, kubeProxyReplacement: true } }), k3s, undefined);

    expect(settings).toMatchObject({ kubeProxyReplacement: true, k8sServiceHost: "10.0.0.5", k8sServicePort: 6443, l2Announcements: false });
  });
});

describe("the load balancer resolver", () => {
  it("names unnamed BGP peers by position and hands out the cluster's pool", () => {
    const issues = new IssueLog();
    const config = platformOf({ loadBalancer: { provider: "metallb", mode: "bgp", asn: 64513, peers: [{ address: "10.0.0.2", asn: 65000 }] } });

    const lb = resolveLoadBalancer(config, k3s, issues);

    expect(issues.errors).toEqual([]);
    expect(lb).toEqual({ provider: "metallb", mode: "bgp", asn: 64513, pool: k3s.loadBalancerPool, peers: [{ name: "peer-1", address: "10.0.0.2", asn: 65000 }] });
  });

  it("refuses Cilium LB-IPAM while Cilium is not the CNI", () => {
    const issues = new IssueLog();

    resolveLoadBalancer(platformOf({ loadBalancer: { provider: "cilium" } }), k3s, issues);

    expect(issues.errors[0]).toMatchObject({ path: "platform.loadBalancer.provider", value: "cilium" });
  });
});

describe("the storage resolver", () => {
  it("keeps replicas off tainted nodes", () => {
    expect(storageNodesOf([agent("b"), agent("cp", ["node-role.kubernetes.io/control-plane:NoSchedule"]), agent("a")])).toEqual(["a", "b"]);
  });

  it("refuses a Longhorn class with more replicas than nodes that can hold them", () => {
    const issues = new IssueLog();

    const storage = resolveStorage(platformOf({ longhorn: { enabled: true, replicaCounts: [1, 3] } }), ["a", "b"], issues);

    expect(storage).toMatchObject({ provider: "longhorn", defaultClass: "longhorn-r3", classes: [{ name: "longhorn-r1", replicas: 1 }, { name: "longhorn-r3", replicas: 3 }] });
    expect(issues.errors.map((issue) => [issue.path, issue.value])).toEqual([["platform.longhorn.replicaCounts[1]", 3]]);
  });
});

describe("the ingress and Rancher resolvers", () => {
  it("puts the ingress on the LB pool's last address", () => {
    const ingress = resolveIngress(platformOf({ traefik: { enabled: true } }), 2, { provider: "metallb", mode: "l2", asn: 64512, pool: k3s.loadBalancerPool, peers: [] });

    expect(ingress).toEqual({ controller: "traefik", className: "traefik", replicas: 2, loadBalancerIP: "10.0.0.49" });
  });

  it("refuses Rancher without cert-manager and an ingress, and on a Kubernetes its chart does not support", () => {
    const issues = new IssueLog();
    const newer = { ...k3s, version: "v1.34.1+k3s1" };

    const rancher = resolveRancher(platformOf({ rancher: { enabled: true } }), { cluster: newer, certManager: undefined, ingress: undefined, domain: "lab.example", storageNodes: ["a"] }, issues);

    expect(rancher).toEqual({ hostname: "rancher.lab.example", replicas: 1 });
    expect(issues.errors.map((issue) => issue.message.split(";")[0])).toEqual([
      "Rancher issues its certificate through cert-manager",
      "Rancher is served through an ingress",
      "the pinned Rancher chart supports Kubernetes up to 1.33, but cluster k3s runs v1.34.1+k3s1",
    ]);
  });
});

describe("planPlatform composing the resolvers", () => {
  it("reports every enabled component when there is no cluster to run it on", () => {
    const issues = new IssueLog();
    const env = lab({ platform: { monitoring: { enabled: true } } });

    const platform = planPlatform(env, { vms: [] }, issues);

    expect(platform).toMatchObject({ cni: "flannel", storage: { provider: "local-path" } });
    expect(issues.errors.map((issue) => issue.path)).toContain("platform.monitoring.enabled");
  });
});
