import { seedFact } from "./seed-fact";
import { clusterVars, gobgpConfig, helmReleases, inventoryHosts, k3sConfigs, netboxPrefixes, proxmoxVm, proxmoxVms, releaseObjects, releaseValues, roleDefaults, synthesized } from "./support";

/*
 * The ORION seed (../shared/seeds/000_b0790d78c05c9cb2.txt) against what environment `orion`
 * synthesizes: the infra and platform stacks, the inventory and the router's gobgpd.toml.
 */

const ENV = "orion";
const router = () => gobgpConfig(ENV, "orion-router");
const upstream = (address: string) => router().neighbors.find((neighbor: any) => neighbor.config["neighbor-address"] === address);

describe("the ORION seed", () => {
  seedFact("orion", "netbox-vm", () => {
    expect(proxmoxVm(ENV, "orion-netbox").vm_id).toBe(500);
  });

  seedFact("orion", "netbox-size", () => {
    const vm = proxmoxVm(ENV, "orion-netbox");
    expect([vm.cpu.cores, vm.memory.dedicated, vm.disk[0].size]).toEqual([4, 8192, 100]);
  });

  seedFact("orion", "netbox-address", () => {
    const vm = proxmoxVm(ENV, "orion-netbox");
    expect(vm.initialization.ip_config[0].ipv4.address).toBe("192.168.100.50/24");
    expect(vm.network_device[0].bridge).toBe("vmbr1");
  });

  seedFact("orion", "netbox-tags", () => {
    expect(proxmoxVm(ENV, "orion-netbox").tags).toEqual(expect.arrayContaining(["ipam", "infrastructure"]));
  });

  seedFact("orion", "netbox-web-ui", () => {
    expect(synthesized(ENV).infra.provider!.netbox[0].server_url).toBe("http://192.168.100.50:8000");
  });

  seedFact("orion", "router-vm", () => {
    expect(proxmoxVm(ENV, "orion-router").vm_id).toBe(200);
  });

  seedFact("orion", "router-lan-gateway", () => {
    // The LAN NIC holds the gateway addresses itself, so it routes nowhere (the uplink NIC does).
    expect(proxmoxVm(ENV, "orion-router").initialization.ip_config[0]).toEqual({ ipv4: { address: "192.168.100.1/24" }, ipv6: { address: "2602:f674:1000::1/64" } });
    expect(inventoryHosts(ENV)["orion-k3s-worker-1"].ipv4_gateway).toBe("192.168.100.1");
    const others = proxmoxVms(ENV).filter((vm) => vm.name !== "orion-router");
    expect(others.map((vm) => vm.initialization.ip_config[0].ipv4.address)).not.toContain("192.168.100.1/24");
  });

  seedFact("orion", "worker-roles", () => {
    const hosts = inventoryHosts(ENV);
    expect([1, 2, 3].map((n) => hosts[`orion-k3s-worker-${n}`].k8s_node_labels["orion.lab/workload"])).toEqual(["general", "stateful", "monitoring"]);
    expect([1, 2, 3].map((n) => hosts[`orion-k3s-worker-${n}`].vmid)).toEqual([601, 602, 603]);
  });

  seedFact("orion", "gobgp-exporter", () => {
    const [values] = releaseValues(ENV, "kube-prometheus-stack");
    const job = values.prometheus.prometheusSpec.additionalScrapeConfigs.find((config: any) => config.job_name === "gobgp");
    expect(job.static_configs[0].targets).toEqual(["192.168.100.1:9474"]);
    expect(inventoryHosts(ENV)["orion-router"].gobgp_exporter_port).toBe(9474);
  });

  seedFact("orion", "announce-allocation", () => {
    const config = router();
    expect(config["defined-sets"]["prefix-sets"].find((set: any) => set["prefix-set-name"] === "originated")["prefix-list"]).toEqual([{ "ip-prefix": "2602:f674::/48", "masklength-range": "48..48" }]);
    const exported = config["policy-definitions"].find((policy: any) => policy.name === "upstream-export");
    expect(exported.statements.map((statement: any) => statement.actions["route-disposition"])).toEqual(["accept-route", "reject-route"]);
    expect(config.global["apply-policy"].config["export-policy-list"]).toEqual(["upstream-export"]);
    expect(config.global.config.as).toBe(394955);
    expect(inventoryHosts(ENV)["orion-router"].gobgp_originate).toEqual([{ prefix: "2602:f674::/48", family: "ipv6" }]);
  });

  seedFact("orion", "r730-device", () => {
    const devices = Object.values(synthesized(ENV).infra.resource!.netbox_device as Record<string, any>);
    expect(devices.map((device) => [device.name, device.serial])).toEqual([["r730", "CQ5QBM2"]]);
    const types = Object.values(synthesized(ENV).infra.resource!.netbox_device_type as Record<string, any>);
    expect(types.map((type) => type.model)).toEqual(["PowerEdge R730"]);
    const racks = Object.values(synthesized(ENV).infra.resource!.netbox_rack as Record<string, any>);
    expect(racks.map((rack) => rack.name)).toEqual(["Dell-R730-Rack"]);
  });

  seedFact("orion", "router-uplink", () => {
    const vm = proxmoxVm(ENV, "orion-router");
    expect(vm.network_device.map((nic: any) => nic.bridge)).toEqual(["vmbr1", "vmbr0"]);
    // The second NIC is IPv6-only: no IPv4 in its ip_config, the default IPv6 route via the primary peer.
    expect(vm.initialization.ip_config[1]).toEqual({ ipv6: { address: "2602:f674::1/64", gateway: "2602:f674::ffff" } });
    expect(inventoryHosts(ENV)["orion-router"].interfaces[1]).toEqual({ name: "eth1", network: "uplink", bridge: "vmbr0", ipv6_address: "2602:f674::1/64" });
    // The peers sit on that network, so the router config treats none as external to the lab.
    const { topology } = synthesized(ENV);
    const peers = topology.bgp.routers[0].upstreams;
    expect(peers.map((peer) => [peer.address, peer.external])).toEqual([
      ["2602:f674::ffff", false],
      ["2602:f674::fffe", false],
      ["2602:f674::fffd", false],
    ]);
    expect(netboxPrefixes(ENV)).toContainEqual({ prefix: "2602:f674::/64", description: "Telus uplink (IPv6)" });
  });

  seedFact("orion", "ai-agent-vm", () => {
    expect(proxmoxVm(ENV, "orion-ai-agent").vm_id).toBe(300);
  });

  seedFact("orion", "k3s-master", () => {
    const servers = proxmoxVms(ENV).filter((vm) => vm.tags.includes("control-plane"));
    expect(servers.map((vm) => [vm.vm_id, vm.cpu.cores, vm.memory.dedicated])).toEqual([[600, 4, 8192]]);
  });

  seedFact("orion", "k3s-workers", () => {
    const hosts = inventoryHosts(ENV);
    const agents = proxmoxVms(ENV).filter((vm) => hosts[vm.name]?.vm_role === "agent");
    expect(agents.map((vm) => [vm.vm_id, vm.cpu.cores, vm.memory.dedicated]).sort()).toEqual([
      [601, 4, 16384],
      [602, 4, 16384],
      [603, 4, 16384],
    ]);
  });

  seedFact("orion", "k3s-distribution", () => {
    expect(clusterVars(ENV).k8s_distribution).toBe("k3s");
    expect(Object.keys(synthesized(ENV).inventory.all.children.k3s_cluster.children)).toEqual(expect.arrayContaining(["server", "agent"]));
  });

  seedFact("orion", "k3s-embedded-etcd", () => {
    const hosts = inventoryHosts(ENV);
    expect(hosts[clusterVars(ENV).k8s_first_server].vmid).toBe(600);
  });

  seedFact("orion", "cni-cilium", () => {
    expect(helmReleases(ENV, "cilium")).toHaveLength(1);
    expect(clusterVars(ENV).k8s_cni).toBe("cilium");
  });

  seedFact("orion", "cilium-kube-proxy-replacement", () => {
    expect(releaseValues(ENV, "cilium")[0]).toMatchObject({ kubeProxyReplacement: true, k8sServiceHost: "192.168.100.10" });
    expect(clusterVars(ENV).k8s_kube_proxy_replacement).toBe(true);
  });

  seedFact("orion", "cilium-observability", () => {
    expect(releaseValues(ENV, "cilium")[0].hubble).toMatchObject({ enabled: true });
  });

  seedFact("orion", "pod-service-cidrs", () => {
    expect(clusterVars(ENV)).toMatchObject({ k8s_cluster_pod_cidr: "10.42.0.0/16", k8s_cluster_service_cidr: "10.43.0.0/16", k8s_cluster_api_service_address: "10.43.0.1" });
    expect(k3sConfigs(ENV, "server")["orion-k3s-server-1"]).toMatchObject({ "cluster-cidr": "10.42.0.0/16", "service-cidr": "10.43.0.0/16", "node-ip": "192.168.100.60" });
    // Cilium allocates from each node's slice of cluster-cidr, IPv4 only.
    expect(releaseValues(ENV, "cilium")[0]).toMatchObject({ ipam: { mode: "kubernetes" }, ipv6: { enabled: false } });
  });

  seedFact("orion", "traefik", () => {
    expect(helmReleases(ENV, "traefik")).toHaveLength(1);
  });

  seedFact("orion", "longhorn", () => {
    expect(helmReleases(ENV, "longhorn")).toHaveLength(1);
    expect(releaseValues(ENV, "longhorn")[0].persistence.defaultClassReplicaCount).toBeGreaterThan(1);
  });

  seedFact("orion", "backstage-lb-address", () => {
    const pool = releaseObjects(ENV, "metallb-config").find((object) => object.kind === "IPAddressPool");
    expect(pool.spec.addresses[0]).toMatch(/^192\.168\.100\.40-/);
  });

  seedFact("orion", "monitoring-stack", () => {
    const [values] = releaseValues(ENV, "kube-prometheus-stack");
    expect(values.grafana).toBeDefined();
    expect(values.alertmanager?.enabled).not.toBe(false);
    expect(values.prometheus.prometheusSpec).toBeDefined();
  });

  seedFact("orion", "node-exporter-everywhere", () => {
    const [values] = releaseValues(ENV, "kube-prometheus-stack");
    const job = values.prometheus.prometheusSpec.additionalScrapeConfigs.find((config: any) => config.job_name === "node-exporter");
    const scraped = job.static_configs.map((config: any) => config.labels.instance).sort();
    expect(scraped).toEqual(proxmoxVms(ENV).map((vm) => vm.name).sort());
  });

  seedFact("orion", "alert-rules", () => {
    const [rule] = releaseObjects(ENV, "orion-alert-rules");
    const rules = rule.spec.groups.flatMap((group: any) => group.rules);
    expect(rules.map((each: any) => [each.alert, each.for])).toEqual([
      ["BGPSessionDown", "5m"],
      ["BGPSessionDown", "5m"],
      ["VMHighCPU", "10m"],
      ["K8sPodCrashLoop", "5m"],
    ]);
    expect(rules.find((each: any) => each.alert === "VMHighCPU").expr).toMatch(/> 90/);
    expect(rules.find((each: any) => each.alert === "K8sPodCrashLoop").expr).toMatch(/> 5/);
  });

  seedFact("orion", "router-asn", () => {
    expect(router().global.config).toMatchObject({ as: 394955, "router-id": "100.64.0.1" });
  });

  seedFact("orion", "telus-peers", () => {
    const upstreams = router().neighbors.filter((neighbor: any) => neighbor.config["peer-as"] === 6939);
    expect(upstreams.map((neighbor: any) => neighbor.config["neighbor-address"])).toEqual(["2602:f674::ffff", "2602:f674::fffe", "2602:f674::fffd"]);
  });

  seedFact("orion", "telus-peer-descriptions", () => {
    expect(["2602:f674::ffff", "2602:f674::fffe", "2602:f674::fffd"].map((address) => upstream(address).config.description)).toEqual([
      "Telus Gateway 1 - Primary",
      "Telus Gateway 2 - Secondary",
      "Telus Gateway 3 - Tertiary",
    ]);
  });

  seedFact("orion", "telus-primary-timers", () => {
    expect(upstream("2602:f674::ffff").timers.config).toEqual({ "hold-time": 90, "keepalive-interval": 30 });
  });

  seedFact("orion", "upstream-afi-safi", () => {
    for (const address of ["2602:f674::ffff", "2602:f674::fffe", "2602:f674::fffd"]) {
      expect(upstream(address)["afi-safis"].map((entry: any) => entry.config["afi-safi-name"])).toEqual(["ipv6-unicast"]);
    }
  });

  seedFact("orion", "bgp-port", () => {
    expect(router().global.config.port).toBe(179);
  });

  seedFact("orion", "gobgp-grpc-port", () => {
    expect(roleDefaults("gobgp").gobgp_api_hosts).toBe("127.0.0.1:50051");
  });

  seedFact("orion", "gobgp-version", () => {
    const defaults = roleDefaults("gobgp");
    expect(defaults.gobgp_version).toBe("3.20.0");
    expect(defaults.gobgp_tarball_url).toContain("releases/download/v{{ gobgp_version }}/gobgp_{{ gobgp_version }}_linux_");
    expect(defaults.gobgp_tarball_architectures.x86_64).toBe("amd64");
    // No checksum is shipped: the role refuses the tarball until the user supplies the release's sha256.
    expect(defaults.gobgp_tarball_checksum).toBe("");
    expect(defaults.gobgp_install_method).toBe("package");
  });

  seedFact("orion", "gobgp-config-path", () => {
    const defaults = roleDefaults("gobgp");
    expect(defaults.gobgp_config_file.replace("{{ gobgp_config_dir }}", defaults.gobgp_config_dir)).toBe("/etc/gobgp/gobgpd.toml");
  });

  seedFact("orion", "netbox-site", () => {
    expect(Object.values(synthesized(ENV).infra.resource.netbox_site).map((site) => site.name)).toEqual(["ORION-Datacenter"]);
  });

  seedFact("orion", "lan-prefix", () => {
    expect(netboxPrefixes(ENV)).toContainEqual({ prefix: "192.168.100.0/24", description: "LAN" });
  });

  seedFact("orion", "guest-prefix", () => {
    expect(netboxPrefixes(ENV)).toContainEqual({ prefix: "192.168.200.0/24", description: "Guest" });
  });

  seedFact("orion", "ipv6-allocation", () => {
    expect(netboxPrefixes(ENV).map((entry) => entry.prefix)).toContain("2602:f674::/48");
  });

  seedFact("orion", "lan-ipv6-prefix", () => {
    expect(proxmoxVm(ENV, "orion-netbox").initialization.ip_config[0].ipv6.address).toBe("2602:f674:1000::50/64");
    expect(netboxPrefixes(ENV).map((entry) => entry.prefix)).toContain("2602:f674:1000::/64");
  });

  seedFact("orion", "guest-ipv6-prefix", () => {
    expect(netboxPrefixes(ENV).map((entry) => entry.prefix)).toContain("2602:f674:2000::/64");
  });

  seedFact("orion", "netbox-vms", () => {
    const names = Object.values(synthesized(ENV).infra.resource.netbox_virtual_machine).map((vm) => vm.name);
    expect(names.sort()).toEqual(["orion-ai-agent", "orion-k3s-server-1", "orion-k3s-worker-1", "orion-k3s-worker-2", "orion-k3s-worker-3", "orion-netbox", "orion-router"]);
  });

  seedFact("orion", "terraform-ansible-flow", () => {
    const output = (synthesized(ENV).infra as any).output.ansible_inventory;
    expect(output.value).toContain("orion-router:");
    expect(output.value).toContain("orion-k3s-server-1:");
  });
});
