import YAML from "yaml";
import { seedFact } from "./seed-fact";
import { gobgpConfig, helmReleases, inventoryHosts, k3sConfigs, netboxPrefixes, proxmoxVm, proxmoxVms, releaseObjects, releaseValues, synthesized } from "./support";

/*
 * The multi-site seed (../shared/seeds/001_83d93bbbb727ebb3.txt, Nuclear Lighters) against what
 * environment `nuclear-lighters` synthesizes: both sites' VMs, both clusters' platform releases,
 * the inventory and the routers' gobgpd.toml.
 */

const ENV = "nuclear-lighters";
const sizes = (prefix: string) =>
  proxmoxVms(ENV)
    .filter((vm) => vm.name.startsWith(prefix))
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((vm) => [vm.cpu.cores, vm.memory.dedicated]);
const clusterGroups = () => synthesized(ENV).inventory.all.children.k3s_cluster.children;
const perCluster = (name: string) => clusterGroups()[`k8s_${name}`];

describe("the multi-site seed", () => {
  seedFact("multi-site", "sites", () => {
    const sites = Object.values(synthesized(ENV).infra.resource.netbox_site).map((site) => site.name);
    expect(sites.sort()).toEqual(["GR", "NL"]);
    expect(synthesized(ENV).infra.provider!.proxmox.map((provider) => provider.alias)).toEqual(expect.arrayContaining(["nl", "gr"]));
  });

  seedFact("multi-site", "nl-proxmox-nodes", () => {
    expect(new Set(proxmoxVms(ENV).filter((vm) => vm.name.startsWith("nl-")).map((vm) => vm.node_name))).toEqual(new Set(["nl-pve01", "nl-pve02", "nl-pve03"]));
    // nl-pve02 (8 cores, 16 GB, a Synology VM) holds a control-plane node only.
    expect(proxmoxVms(ENV).filter((vm) => vm.node_name === "nl-pve02").map((vm) => vm.name)).toEqual(["nl-ctrl-2"]);
  });

  seedFact("multi-site", "gr-proxmox-nodes", () => {
    expect(new Set(proxmoxVms(ENV).filter((vm) => vm.name.startsWith("gr-")).map((vm) => vm.node_name))).toEqual(new Set(["gr-pve01", "gr-pve02"]));
  });

  seedFact("multi-site", "host-hardware", () => {
    const resources = synthesized(ENV).infra.resource;
    const referenced = (type: string, reference: string) => resources[type][/^\$\{[a-z_]+\.([^.]+)\.id\}$/.exec(reference)![1]];
    const devices = Object.values(resources.netbox_device).map((device) => {
      const type = referenced("netbox_device_type", device.device_type_id);
      return [device.name, referenced("netbox_manufacturer", type.manufacturer_id).name, type.model, referenced("netbox_site", device.site_id).name];
    });
    expect(devices.sort()).toEqual([
      ["gr-pve01", "Minisforum (nuclear-lighters)", "Venus Series Mini PC", "GR"],
      ["gr-pve02", "Dell (nuclear-lighters)", "PowerEdge T110 II", "GR"],
      ["nl-pve01", "Minisforum (nuclear-lighters)", "Venus Series Mini PC", "NL"],
      ["nl-pve03", "Dell (nuclear-lighters)", "Precision 3680", "NL"],
    ]);
  });

  seedFact("multi-site", "host-storage", () => {
    const datastores = new Map(proxmoxVms(ENV).map((vm) => [vm.node_name, new Set(vm.disk.map((disk: any) => disk.datastore_id))]));
    expect(datastores.get("nl-pve02")).toEqual(new Set(["synology-iscsi"]));
    for (const node of ["nl-pve01", "nl-pve03", "gr-pve01", "gr-pve02"]) expect(datastores.get(node)).toEqual(new Set(["local-zfs"]));
  });

  seedFact("multi-site", "network-exporters", () => {
    const jobs = releaseValues(ENV, "kube-prometheus-stack").map((values) => values.prometheus.prometheusSpec.additionalScrapeConfigs.find((config: any) => config.job_name === "gobgp"));
    // Each site's Prometheus scrapes its own site's router.
    expect(jobs.map((job) => job.static_configs.map((config: any) => config.targets[0])).sort()).toEqual([["10.10.0.2:9474"], ["10.20.0.2:9474"]]);
    const hosts = inventoryHosts(ENV);
    expect([hosts["nl-rtr01"].gobgp_exporter_port, hosts["gr-rtr01"].gobgp_exporter_port]).toEqual([9474, 9474]);
  });

  seedFact("multi-site", "cluster-per-site", () => {
    expect(Object.keys(clusterGroups()).filter((group) => group.startsWith("k8s_")).sort()).toEqual(["k8s_gr", "k8s_nl"]);
    expect(Object.keys(synthesized(ENV).platform.variable ?? {})).toEqual(expect.arrayContaining(["kubeconfig_path_nl", "kubeconfig_path_gr"]));
    expect(helmReleases(ENV, "cilium")).toHaveLength(2);
  });

  seedFact("multi-site", "nodes-per-cluster", () => {
    const hosts = inventoryHosts(ENV);
    for (const cluster of ["nl", "gr"]) {
      const members = Object.keys(perCluster(cluster).hosts);
      expect(members.filter((name) => hosts[name].vm_role === "server")).toHaveLength(3);
      expect(members.filter((name) => hosts[name].vm_role === "agent")).toHaveLength(4);
    }
  });

  seedFact("multi-site", "nl-control-plane-size", () => {
    expect(sizes("nl-ctrl-")).toEqual([[4, 4096], [4, 4096], [4, 4096]]);
  });

  seedFact("multi-site", "nl-worker-sizes", () => {
    expect(sizes("nl-worker-")).toEqual([[8, 8192], [6, 8192], [6, 8192], [4, 8192]]);
  });

  seedFact("multi-site", "gr-control-plane-size", () => {
    expect(sizes("gr-ctrl-")).toEqual([[2, 4096], [2, 4096], [2, 4096]]);
  });

  seedFact("multi-site", "gr-worker-sizes", () => {
    expect(sizes("gr-worker-")).toEqual([[4, 8192], [4, 8192], [4, 12288], [4, 8192]]);
  });

  seedFact("multi-site", "kubernetes-version", () => {
    for (const cluster of ["nl", "gr"]) expect(perCluster(cluster).vars.k3s_version).toBe("v1.34.2+k3s1");
  });

  seedFact("multi-site", "pod-cidrs", () => {
    expect(perCluster("nl").vars).toMatchObject({ k8s_cluster_pod_cidr: "10.42.0.0/16", k8s_cluster_pod_cidr_ipv6: "2a0c:9a40:8e20:100::/56", k8s_cluster_service_cidr_ipv6: "2a0c:9a40:8e20:200::/112" });
    expect(perCluster("gr").vars).not.toHaveProperty("k8s_cluster_pod_cidr_ipv6");
    const servers = k3sConfigs(ENV, "server");
    expect(servers["nl-ctrl-1"]).toMatchObject({ "cluster-cidr": "10.42.0.0/16,2a0c:9a40:8e20:100::/56", "service-cidr": "10.43.0.0/16,2a0c:9a40:8e20:200::/112" });
    expect(servers["nl-ctrl-1"]["node-ip"]).toBe(`10.10.0.11,${inventoryHosts(ENV)["nl-ctrl-1"].ipv6_address.split("/")[0]}`);
    expect(servers["nl-ctrl-1"]["node-ip"]).toMatch(/^10\.10\.0\.11,2a0c:9a40:8e20:10::/);
    expect(servers["gr-ctrl-1"]).toMatchObject({ "cluster-cidr": "10.44.0.0/16", "service-cidr": "10.45.0.0/16", "node-ip": "10.20.0.11" });
    const nlAgent = k3sConfigs(ENV, "agent")["nl-worker-1"];
    expect(nlAgent["node-ip"]).toMatch(/^10\.10\.0\.21,2a0c:9a40:8e20:10::/);
    // One cilium release per cluster: NL's with IPv6, GR's without.
    expect(releaseValues(ENV, "cilium").map((values) => values.ipv6.enabled).sort()).toEqual([false, true]);
  });

  seedFact("multi-site", "cilium", () => {
    expect(helmReleases(ENV, "cilium").map((release) => release.version)).toEqual(["1.18.4", "1.18.4"]);
    for (const cluster of ["nl", "gr"]) expect(perCluster(cluster).vars.k8s_cni).toBe("cilium");
  });

  seedFact("multi-site", "kube-proxy-replacement", () => {
    for (const values of releaseValues(ENV, "cilium")) expect(values.kubeProxyReplacement).toBe(true);
    for (const cluster of ["nl", "gr"]) expect(perCluster(cluster).vars.k8s_kube_proxy_replacement).toBe(true);
  });

  seedFact("multi-site", "pod-cidr-advertisement", () => {
    /** The Cilium BGP objects of one cluster's cilium-lb-ipam release (its helm provider alias is the cluster's name). */
    const ciliumBgp = (cluster: string) => {
      const release = helmReleases(ENV, "cilium-lb-ipam").filter((candidate) => candidate.provider === `helm.${cluster}`);
      expect(release).toHaveLength(1);
      return (YAML.parse(String(release[0].values[0])).objects as any[]).filter((object) => object.kind.startsWith("CiliumBGP"));
    };
    for (const [cluster, families] of [["nl", ["ipv4", "ipv6"]], ["gr", ["ipv4"]]] as const) {
      const objects = ciliumBgp(cluster);
      const peerConfig = objects.find((object) => object.kind === "CiliumBGPPeerConfig");
      // NL is dual-stack: its IPv6 pod network rides the IPv4 session as a second family.
      expect(peerConfig.spec.families.map((family: any) => `${family.afi}/${family.safi}`)).toEqual(families.map((afi) => `${afi}/unicast`));
      const podCidr = objects.find((object) => object.kind === "CiliumBGPAdvertisement" && object.spec.advertisements.some((entry: any) => entry.advertisementType === "PodCIDR"));
      expect(podCidr).toBeDefined();
      // Every family's advertisement selector picks up the PodCIDR advertisement beside the LoadBalancer one.
      for (const family of peerConfig.spec.families) expect(podCidr.metadata.labels).toMatchObject(family.advertisements.matchLabels);
    }

    // Each router takes exactly its own cluster's pod networks from that cluster's nodes, down to a node's slice.
    // One prefix set per family: gobgpd drops a policy whose set mixes them.
    const expected = {
      "nl-rtr01": { cluster: "nl", pods: { "pods-nl": ["10.42.0.0/16", "16..24"], "pods-nl-ipv6": ["2a0c:9a40:8e20:100::/56", "56..64"] } },
      "gr-rtr01": { cluster: "gr", pods: { "pods-gr": ["10.44.0.0/16", "16..24"] } },
    };
    for (const [router, { cluster, pods }] of Object.entries(expected)) {
      const config = gobgpConfig(ENV, router);
      const sets = config["defined-sets"]["prefix-sets"].filter((set: any) => set["prefix-set-name"].startsWith("pods-"));
      expect(Object.fromEntries(sets.map((set: any) => [set["prefix-set-name"], set["prefix-list"].flatMap((entry: any) => [entry["ip-prefix"], entry["masklength-range"]])]))).toEqual(pods);
      const statements = config["policy-definitions"].find((policy: any) => policy.name === "kubernetes-import").statements;
      const podStatements = Object.keys(pods).map((set) => ({
        name: `${cluster}-pod-cidrs${set.endsWith("-ipv6") ? "-ipv6" : ""}`,
        conditions: { "match-neighbor-set": { "neighbor-set": `k8s-${cluster}` }, "match-prefix-set": { "prefix-set": set } },
        actions: { "route-disposition": "accept-route" },
      }));
      // Accepted after the pool and before the statement that rejects anything else from the nodes.
      expect(statements.map((statement: any) => statement.name)).toEqual([`${cluster}-lb-pool`, ...podStatements.map((statement) => statement.name), `${cluster}-anything-else`]);
      expect(statements.slice(1, -1)).toEqual(podStatements);
      const nodes = config.neighbors.filter((neighbor: any) => neighbor.config["peer-as"] === 65001);
      expect(nodes).toHaveLength(7);
      for (const node of nodes) expect(node["afi-safis"].map((family: any) => family.config["afi-safi-name"])).toEqual(cluster === "nl" ? ["ipv4-unicast", "ipv6-unicast"] : ["ipv4-unicast"]);
      // Passed on to the backbone: the iBGP session to the other site carries both families with no export filter.
      const backbone = config.neighbors.find((neighbor: any) => neighbor.config["peer-as"] === 65000);
      expect(backbone["afi-safis"].map((family: any) => family.config["afi-safi-name"])).toEqual(["ipv4-unicast", "ipv6-unicast"]);
      expect(config.global["apply-policy"].config).not.toHaveProperty("export-policy-list");
    }

    // Distinct pod and Service networks, so the backbone carries each once (correction: GR moves off k3s's defaults).
    expect([perCluster("nl").vars.k8s_cluster_pod_cidr, perCluster("gr").vars.k8s_cluster_pod_cidr]).toEqual(["10.42.0.0/16", "10.44.0.0/16"]);
    expect([perCluster("nl").vars.k8s_cluster_service_cidr, perCluster("gr").vars.k8s_cluster_service_cidr]).toEqual(["10.43.0.0/16", "10.45.0.0/16"]);
  });

  seedFact("multi-site", "lb-ipam-bgp", () => {
    const kinds = releaseObjects(ENV, "cilium-lb-ipam").map((object) => object.kind);
    expect(kinds.filter((kind) => kind === "CiliumLoadBalancerIPPool")).toHaveLength(2);
    expect(kinds.filter((kind) => kind === "CiliumBGPClusterConfig")).toHaveLength(2);
    for (const values of releaseValues(ENV, "cilium")) expect(values.bgpControlPlane).toEqual({ enabled: true });
  });

  seedFact("multi-site", "no-l2-with-bgp", () => {
    for (const values of releaseValues(ENV, "cilium")) expect(values.l2announcements).toEqual({ enabled: false });
    expect(releaseObjects(ENV, "cilium-lb-ipam").filter((object) => object.kind === "CiliumL2AnnouncementPolicy")).toEqual([]);
  });

  seedFact("multi-site", "hubble", () => {
    for (const values of releaseValues(ENV, "cilium")) expect(values.hubble).toMatchObject({ enabled: true });
  });

  seedFact("multi-site", "cluster-asn", () => {
    const configs = releaseObjects(ENV, "cilium-lb-ipam").filter((object) => object.kind === "CiliumBGPClusterConfig");
    expect(configs.map((config) => config.spec.bgpInstances[0].localASN)).toEqual([65001, 65001]);
  });

  seedFact("multi-site", "backbone-asn", () => {
    expect([gobgpConfig(ENV, "nl-rtr01").global.config.as, gobgpConfig(ENV, "gr-rtr01").global.config.as]).toEqual([65000, 65000]);
  });

  seedFact("multi-site", "cluster-peers-router", () => {
    const nl = gobgpConfig(ENV, "nl-rtr01").neighbors.filter((neighbor: any) => neighbor.config["peer-as"] === 65001);
    expect(nl.map((neighbor: any) => neighbor.config["neighbor-address"]).sort()).toEqual(Object.keys(perCluster("nl").hosts).map((name) => inventoryHosts(ENV)[name].ansible_host).sort());
    const peers = releaseObjects(ENV, "cilium-lb-ipam").filter((object) => object.kind === "CiliumBGPClusterConfig").flatMap((config) => config.spec.bgpInstances[0].peers);
    expect(peers.map((peer: any) => [peer.peerAddress, peer.peerASN]).sort()).toEqual([["10.10.0.2", 65000], ["10.20.0.2", 65000]]);
  });

  seedFact("multi-site", "ibgp-between-sites", () => {
    const toGr = gobgpConfig(ENV, "nl-rtr01").neighbors.find((neighbor: any) => neighbor.config["neighbor-address"] === proxmoxVm(ENV, "gr-rtr01").initialization.ip_config[0].ipv4.address.split("/")[0]);
    expect(toGr.config["peer-as"]).toBe(65000);
    const toNl = gobgpConfig(ENV, "gr-rtr01").neighbors.find((neighbor: any) => neighbor.config["neighbor-address"] === "10.10.0.2");
    expect(toNl.config["peer-as"]).toBe(65000);
  });

  seedFact("multi-site", "announce-allocation", () => {
    const hosts = inventoryHosts(ENV);
    for (const [name, peer] of [["nl-rtr01", "10.20.0.2"], ["gr-rtr01", "10.10.0.2"]]) {
      expect(hosts[name].gobgp_originate).toEqual([{ prefix: "2a0c:9a40:8e20::/48", family: "ipv6" }]);
      const config = gobgpConfig(ENV, name);
      // The iBGP session to the other site carries IPv6 and no export policy holds the /48 (or the LB pools) back.
      const backbone = config.neighbors.find((neighbor: any) => neighbor.config["neighbor-address"] === peer);
      expect(backbone["afi-safis"].map((entry: any) => entry.config["afi-safi-name"])).toEqual(["ipv4-unicast", "ipv6-unicast"]);
      expect(config.global["apply-policy"]?.config?.["export-policy-list"]).toBeUndefined();
    }
  });

  seedFact("multi-site", "ipv6-allocation", () => {
    expect(netboxPrefixes(ENV).map((entry) => entry.prefix)).toContain("2a0c:9a40:8e20::/48");
  });

  seedFact("multi-site", "nl-site-prefix", () => {
    expect(netboxPrefixes(ENV).map((entry) => entry.prefix)).toEqual(expect.arrayContaining(["2a0c:9a40:8e20::/52", "2a0c:9a40:8e20::/56"]));
  });

  seedFact("multi-site", "site-prefixes", () => {
    expect(netboxPrefixes(ENV)).toEqual(
      expect.arrayContaining([
        { prefix: "2a0c:9a40:8e20:1000::/52", description: "GR site" },
        { prefix: "2a0c:9a40:8e20:2000::/52", description: "CH edge" },
        { prefix: "2a0c:9a40:8e20:3000::/52", description: "NO edge" },
        { prefix: "2a0c:9a40:8e20:4000::/52", description: "Reserved" },
      ]),
    );
  });

  seedFact("multi-site", "nl-pods-prefix", () => {
    expect(netboxPrefixes(ENV)).toContainEqual({ prefix: "2a0c:9a40:8e20:100::/56", description: "NL Kubernetes pods" });
  });

  seedFact("multi-site", "ingress-nginx", () => {
    expect(helmReleases(ENV, "ingress-nginx").map((release) => release.version)).toEqual(["4.14.1", "4.14.1"]);
  });

  seedFact("multi-site", "cert-manager", () => {
    expect(helmReleases(ENV, "cert-manager").map((release) => release.version)).toEqual(["v1.19.1", "v1.19.1"]);
  });

  seedFact("multi-site", "letsencrypt-dns01", () => {
    const issuers = releaseObjects(ENV, "cert-manager-issuers").filter((object) => object.kind === "ClusterIssuer");
    expect(issuers).toHaveLength(2);
    for (const issuer of issuers) {
      expect(issuer.spec.acme.server).toBe("https://acme-v02.api.letsencrypt.org/directory");
      expect(issuer.spec.acme.solvers[0].dns01.cloudflare.apiTokenSecretRef.name).toBe("cloudflare-api");
    }
  });

  seedFact("multi-site", "monitoring-version", () => {
    expect(helmReleases(ENV, "kube-prometheus-stack").map((release) => release.version)).toEqual(["79.10.0", "79.10.0"]);
  });

  seedFact("multi-site", "prometheus-ha", () => {
    const specs = releaseValues(ENV, "kube-prometheus-stack").map((values) => values.prometheus.prometheusSpec);
    expect(specs.map((spec) => [spec.replicas, spec.externalLabels.site]).sort()).toEqual([[2, "gr"], [2, "nl"]]);
  });

  seedFact("multi-site", "loki", () => {
    expect(helmReleases(ENV, "loki")).toHaveLength(2);
  });

  seedFact("multi-site", "velero", () => {
    for (const values of releaseValues(ENV, "velero")) {
      expect(values.configuration.backupStorageLocation[0].config.s3Url).toMatch(/seaweedfs/);
      expect(values.schedules).toBeDefined();
    }
    expect(helmReleases(ENV, "velero")).toHaveLength(2);
  });

  seedFact("multi-site", "argocd", () => {
    const roots = releaseObjects(ENV, "argocd-root").filter((object) => object.kind === "Application");
    expect(roots.map((root) => root.spec.source.path)).toEqual(["k8s/argocd-apps", "k8s/argocd-apps"]);
    expect(roots[0].spec.source.repoURL).toMatch(/^https:\/\/gitlab\./);
  });

  seedFact("multi-site", "external-secrets", () => {
    expect(helmReleases(ENV, "external-secrets").map((release) => release.version)).toEqual(["1.1.1", "1.1.1"]);
    const stores = releaseObjects(ENV, "external-secrets-store").filter((object) => object.kind === "ClusterSecretStore");
    expect(stores.map((store) => store.metadata.name)).toEqual(["openbao", "openbao"]);
  });
});
