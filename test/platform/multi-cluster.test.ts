import { Testing } from "cdktf";
import { PlatformStack } from "../../constructs/platform-stack";
import { inventoryData } from "../../lib/inventory";
import { resolveEnvironment } from "../../lib/topology";
import { environments } from "../../environments";
import { topologyOf } from "../support/environments";
import { objectsOf, valuesOf, type StackJson } from "./helpers";

const topology = topologyOf("nuclear-lighters");
const app = Testing.app();
const stack = new PlatformStack(app, "nuclear-lighters-platform", { topology });
const doc = JSON.parse(Testing.synth(stack)) as StackJson & { provider: Record<string, any[]> };

/** The document's resources of one cluster: those under the construct named after it. */
function clusterDoc(cluster: string): StackJson {
  const resource = Object.fromEntries(
    Object.entries(doc.resource).map(([type, resources]) => [type, Object.fromEntries(Object.entries(resources).filter(([name]) => name.startsWith(`${cluster}_`)))]),
  );
  return { resource };
}

describe("the platform stack of an environment with several clusters", () => {
  it("resolves one platform per cluster, in cluster order, aliased by the cluster's name", () => {
    expect(topology.clusterPlatforms.map((entry) => [entry.cluster, entry.providerAlias, entry.kubeconfigVariable])).toEqual([
      ["nl", "nl", "kubeconfig_path_nl"],
      ["gr", "gr", "kubeconfig_path_gr"],
    ]);
  });

  it("configures one kubernetes and one helm provider per cluster, each reading its cluster's kubeconfig variable", () => {
    expect(doc.provider.kubernetes).toEqual([
      { alias: "nl", config_path: "${var.kubeconfig_path_nl}" },
      { alias: "gr", config_path: "${var.kubeconfig_path_gr}" },
    ]);
    expect(doc.provider.helm).toEqual([
      { alias: "nl", kubernetes: { config_path: "${var.kubeconfig_path_nl}" } },
      { alias: "gr", kubernetes: { config_path: "${var.kubeconfig_path_gr}" } },
    ]);
  });

  it("defaults each kubeconfig variable to the path the inventory's k8s_<cluster> vars tell Ansible to write", () => {
    const groups = inventoryData(topology).all.children!.k3s_cluster!.children!;
    for (const cluster of topology.clusters) {
      expect(doc.variable![`kubeconfig_path_${cluster.name}`].default).toBe(`~/.kube/homelab-nuclear-lighters-${cluster.name}.yaml`);
      expect(groups[`k8s_${cluster.name}`]!.vars!.kubeconfig_path).toBe(`~/.kube/homelab-nuclear-lighters-${cluster.name}.yaml`);
    }
  });

  it("points every helm and kubernetes resource at its own cluster's providers", () => {
    let counted = 0;
    for (const [type, resources] of Object.entries(doc.resource)) {
      const kind = type.startsWith("helm_") ? "helm" : type.startsWith("kubernetes_") ? "kubernetes" : undefined;
      if (!kind) continue;
      for (const [name, resource] of Object.entries(resources)) {
        const cluster = topology.clusters.find((candidate) => name.startsWith(`${candidate.name}_`))?.name;
        expect([name, resource.provider]).toEqual([name, `${kind}.${cluster}`]);
        counted++;
      }
    }
    expect(counted).toBeGreaterThan(10);
  });

  it("never lets a dependency cross from one cluster to another", () => {
    for (const cluster of topology.clusters) {
      for (const resources of Object.values(clusterDoc(cluster.name).resource)) {
        for (const resource of Object.values(resources)) {
          for (const dependency of resource.depends_on ?? []) expect(dependency).toMatch(new RegExp(`\\.${cluster.name}_`));
        }
      }
    }
  });

  it.each(["nl", "gr"])("installs Cilium on cluster %s with the BGP control plane and the kube-proxy replacement pointed at its API VIP", (name) => {
    const cluster = topology.clusters.find((candidate) => candidate.name === name)!;
    expect(valuesOf(clusterDoc(name), "cilium")).toMatchObject({
      bgpControlPlane: { enabled: true },
      kubeProxyReplacement: true,
      k8sServiceHost: cluster.apiVip,
      k8sServicePort: 6443,
    });
  });

  it.each(["nl", "gr"])("peers cluster %s with its own site's router, address and ASNs from the Topology", (name) => {
    const side = topology.bgp.clusters.find((candidate) => candidate.cluster === name)!;
    const router = topology.bgp.routers.find((candidate) => candidate.name === side.router)!;
    expect(router.site).toBe(name);
    const config = objectsOf(clusterDoc(name), "cilium-lb-ipam").find((object) => object.kind === "CiliumBGPClusterConfig");
    expect(config.spec.bgpInstances).toEqual([
      { name: "default", localASN: side.asn, peers: [{ name: router.name, peerASN: router.asn, peerAddress: router.address, peerConfigRef: { name: "default" } }] },
    ]);
    expect([side.asn, router.asn, router.address]).toEqual([65001, 65000, name === "nl" ? "10.10.0.2" : "10.20.0.2"]);
  });

  it.each(["nl", "gr"])("hands cluster %s its own LB pool, announces it over BGP and gives the ingress its last address", (name) => {
    const cluster = topology.clusters.find((candidate) => candidate.name === name)!;
    const objects = objectsOf(clusterDoc(name), "cilium-lb-ipam");
    expect(objects.map((object) => object.kind)).toEqual(["CiliumLoadBalancerIPPool", "CiliumBGPClusterConfig", "CiliumBGPPeerConfig", "CiliumBGPAdvertisement", "CiliumBGPAdvertisement"]);
    expect(objects[0].spec.blocks).toEqual([{ start: cluster.loadBalancerPool.start, stop: cluster.loadBalancerPool.end }]);
    expect(objects[3].spec.advertisements[0]).toMatchObject({ advertisementType: "Service", service: { addresses: ["LoadBalancerIP"] } });
    expect(valuesOf(clusterDoc(name), "ingress-nginx").controller.service.loadBalancerIP).toBe(cluster.loadBalancerPool.end);
  });

  it.each(["nl", "gr"])("has the Prometheus of cluster %s scrape node_exporter on the VMs of its own site only", (name) => {
    const scrape = valuesOf(clusterDoc(name), "kube-prometheus-stack").prometheus.prometheusSpec.additionalScrapeConfigs;
    const instances = scrape[0].static_configs.map((entry: any) => entry.labels.instance);
    expect(instances).toEqual(topology.vms.filter((vm) => vm.site === name).map((vm) => vm.name));
    expect(instances).toContain(`${name}-rtr01`);
  });

  it("shares one Grafana password variable between the clusters", () => {
    expect(Object.keys(doc.variable!).sort()).toEqual(["grafana_admin_password", "kubeconfig_path_gr", "kubeconfig_path_nl"]);
  });
});

describe("the platform stack of an environment with one cluster", () => {
  const single = JSON.parse(Testing.synth(new PlatformStack(Testing.app(), "orion-platform", { topology: topologyOf("orion") }))) as StackJson & { provider: Record<string, any[]> };

  it("keeps unaliased providers reading the variable kubeconfig_path", () => {
    expect(single.provider.kubernetes).toEqual([{ config_path: "${var.kubeconfig_path}" }]);
    expect(single.provider.helm).toEqual([{ kubernetes: { config_path: "${var.kubeconfig_path}" } }]);
    expect(single.variable!.kubeconfig_path.default).toBe("~/.kube/homelab-orion.yaml");
  });

  it("leaves the provider of every resource to the default", () => {
    for (const resources of Object.values(single.resource)) {
      for (const resource of Object.values(resources)) expect(resource.provider).toBeUndefined();
    }
  });
});

describe("kubeconfig paths with several clusters", () => {
  it("rejects one kubeconfigPath for several clusters and names the per-cluster default", () => {
    const environment = structuredClone(environments["nuclear-lighters"]) as any;
    environment.kubeconfigPath = "~/.kube/lab.yaml";
    expect(() => resolveEnvironment(environment, "nuclear-lighters")).toThrow(
      /kubeconfigPath = "~\/\.kube\/lab\.yaml": names one file for 2 clusters; remove it: each cluster's kubeconfig is ~\/\.kube\/homelab-nuclear-lighters-<cluster>\.yaml/,
    );
  });

  it("reports a conflict in the shared platform block once, not once per cluster", () => {
    const environment = structuredClone(environments["nuclear-lighters"]) as any;
    environment.platform.flannel = { enabled: true };
    let message = "";
    try {
      resolveEnvironment(environment, "nuclear-lighters");
    } catch (error) {
      message = String(error);
    }
    expect(message.match(/two CNIs/g)).toHaveLength(1);
  });
});
