import { App, Testing } from "cdktf";
import YAML from "yaml";
import { InfraStack } from "../../constructs/infra-stack";
import { PlatformStack } from "../../constructs/platform-stack";
import { kubeadmDocuments } from "../../lib/kubeadm/config";
import { apiLoadBalancedClusters } from "../../lib/lb/clusters";
import { renderHaproxyConfig } from "../../lib/lb/haproxy";
import { renderInventory } from "../../lib/inventory";
import { topologyOf } from "../support/environments";
import { seedFact } from "./seed-fact";

/*
 * The HA-cluster seed (docs/seeds.md), asserted on what users get from environment ha-cluster: the
 * synthesized stacks, the inventory, the rendered haproxy.cfg and kubeadm configuration.
 */

/* eslint-disable @typescript-eslint/no-explicit-any -- synthesized Terraform JSON is untyped */
const topology = topologyOf("ha-cluster");
const infra = JSON.parse(Testing.synth(new InfraStack(Testing.app() as App, "ha-cluster-infra", { topology }))) as any;
const platform = JSON.parse(Testing.synth(new PlatformStack(Testing.app() as App, "ha-cluster-platform", { topology }))) as any;
const inventory = YAML.parse(renderInventory(topology)) as any;
const cluster = inventory.all.children.k3s_cluster;
const haproxyCfg = renderHaproxyConfig(apiLoadBalancedClusters(topology)[0]);
const clusterConfiguration = kubeadmDocuments(topology, topology.cluster!, "k8s-master-1").find((doc) => doc.kind === "ClusterConfiguration") as any;

const vms: any[] = Object.values(infra.resource.proxmox_virtual_environment_vm);
const vm = (name: string): any => vms.find((each) => each.name === name);
const releases: any[] = Object.values(platform.resource.helm_release);
const release = (chart: string): any => releases.find((each) => each.chart === chart);
/** Every machine of the inventory with its host vars, whichever group lists it. */
const machines: Record<string, any> = Object.assign(
  {},
  cluster.children.server.hosts,
  cluster.children.agent.hosts,
  ...Object.entries(inventory.all.children)
    .filter(([group]) => group !== "k3s_cluster")
    .map(([, group]: [string, any]) => group.hosts ?? {}),
);

describe("the HA-cluster seed in environment ha-cluster", () => {
  seedFact("ha-cluster", "proxmox-host", () => {
    expect(topology.proxmox.nodes).toEqual([expect.objectContaining({ name: "pve", cores: 32, memoryMiB: 128 * 1024 })]);
    expect(new Set(vms.map((each) => each.node_name))).toEqual(new Set(["pve"]));
  });

  seedFact("ha-cluster", "management-network", () => {
    expect(topology.networks.find((network) => network.name === "management")).toMatchObject({ cidr: "10.0.0.0/24", gateway: "10.0.0.1" });
  });

  seedFact("ha-cluster", "kubernetes-network", () => {
    expect(cluster.vars.k8s_network_cidr).toBe("10.1.1.0/24");
    for (const each of vms) expect(each.initialization.ip_config[0].ipv4.address).toMatch(/^10\.1\.1\.\d+\/24$/);
  });

  seedFact("ha-cluster", "router-gateway", () => {
    expect(inventory.all.vars.dns_servers).toEqual(["10.0.0.1"]);
    for (const each of vms) expect(each.initialization.ip_config[0].ipv4.gateway).toBe("10.1.1.1");
  });

  seedFact("ha-cluster", "haproxy-address", () => {
    expect(vm("haproxy").initialization.ip_config[0].ipv4.address).toBe("10.1.1.50/24");
    expect(Object.keys(inventory.all.children.api_load_balancer.hosts)).toEqual(["haproxy"]);
  });

  seedFact("ha-cluster", "haproxy-size", () => {
    expect(vm("haproxy")).toMatchObject({ cpu: { cores: 2 }, memory: { dedicated: 2048 }, disk: [expect.objectContaining({ size: 20 })] });
  });

  seedFact("ha-cluster", "api-endpoint", () => {
    expect(haproxyCfg).toMatch(/^\s+bind :6443$/m);
    expect(clusterConfiguration.controlPlaneEndpoint).toBe("10.1.1.50:6443");
    expect(cluster.vars.k8s_api_endpoint).toBe("10.1.1.50:6443");
  });

  seedFact("ha-cluster", "api-server-balanced", () => {
    expect(haproxyCfg.match(/^\s+server \S+ \S+/gm)).toEqual([
      "    server k8s-master-1 10.1.1.11:6443",
      "    server k8s-master-2 10.1.1.12:6443",
      "    server k8s-master-3 10.1.1.13:6443",
    ]);
    expect(machines.haproxy.haproxy_config).toBe(haproxyCfg);
  });

  seedFact("ha-cluster", "masters-addresses", () => {
    expect(Object.entries(cluster.children.server.hosts).map(([name, vars]: [string, any]) => `${name} ${vars.ansible_host}`)).toEqual([
      "k8s-master-1 10.1.1.11",
      "k8s-master-2 10.1.1.12",
      "k8s-master-3 10.1.1.13",
    ]);
  });

  seedFact("ha-cluster", "masters-size", () => {
    for (const name of ["k8s-master-1", "k8s-master-2", "k8s-master-3"]) {
      expect(vm(name)).toMatchObject({ cpu: { cores: 4 }, memory: { dedicated: 8192 }, disk: [expect.objectContaining({ size: 100 })] });
    }
  });

  seedFact("ha-cluster", "etcd-stacked", () => {
    expect(clusterConfiguration.etcd).toEqual({ local: { dataDir: "/var/lib/etcd" } });
    expect(Object.keys(cluster.children.server.hosts)).toHaveLength(3);
  });

  seedFact("ha-cluster", "workers-amd64", () => {
    const workers = vms.filter((each) => each.name.startsWith("k8s-worker-")).sort((a, b) => a.vm_id - b.vm_id);
    expect(workers.map((each) => each.initialization.ip_config[0].ipv4.address)).toEqual(Array.from({ length: 10 }, (_, index) => `10.1.1.${31 + index}/24`));
  });

  seedFact("ha-cluster", "workers-size", () => {
    for (const index of [1, 10]) {
      expect(vm(`k8s-worker-${index}`)).toMatchObject({ cpu: { cores: 4 }, memory: { dedicated: 8192 }, disk: [expect.objectContaining({ size: 100 })] });
    }
  });

  seedFact("ha-cluster", "workers-arm64", () => {
    for (const [name, address] of [["k8s-worker-arm-1", "10.1.1.60"], ["k8s-worker-arm-2", "10.1.1.61"]]) {
      expect(cluster.children.agent.hosts[name]).toMatchObject({ ansible_host: address, architecture: "arm64", machine: "bare-metal" });
      expect(vm(name)).toBeUndefined();
    }
    // No Proxmox resource names them: only the inventory output and their NetBox records do.
    const proxmoxResources = Object.entries(infra.resource).filter(([type]) => type.startsWith("proxmox_"));
    expect(JSON.stringify(proxmoxResources)).not.toMatch(/k8s-worker-arm|10\.1\.1\.6[01]/);
    // In NetBox: the address on the device's interface, and made its primary IPv4.
    const key = (type: string, match: (each: any) => boolean): string => {
      const found = Object.entries(infra.resource[type] as Record<string, any>).filter(([, each]) => match(each));
      expect(found).toHaveLength(1);
      return found[0][0];
    };
    for (const [name, address] of [["k8s-worker-arm-1", "10.1.1.60/24"], ["k8s-worker-arm-2", "10.1.1.61/24"]]) {
      const device = key("netbox_device", (each) => each.name === name);
      const nic = key("netbox_device_interface", (each) => each.device_id === `\${netbox_device.${device}.id}`);
      expect(infra.resource.netbox_device_interface[nic]).toMatchObject({ name: "eth0", type: "1000base-t" });
      const ip = key("netbox_ip_address", (each) => each.ip_address === address);
      expect(infra.resource.netbox_ip_address[ip]).toMatchObject({ status: "active", device_interface_id: `\${netbox_device_interface.${nic}.id}` });
      key("netbox_device_primary_ip", (each) => each.device_id === `\${netbox_device.${device}.id}` && each.ip_address_id === `\${netbox_ip_address.${ip}.id}` && each.ip_address_version === 4);
    }
  });

  seedFact("ha-cluster", "rpi-hardware", () => {
    const devices: any[] = Object.values(infra.resource.netbox_device).filter((device: any) => device.name.startsWith("k8s-worker-arm-"));
    expect(devices.map((device) => device.name).sort()).toEqual(["k8s-worker-arm-1", "k8s-worker-arm-2"]);
    const deviceTypes: any[] = Object.values(infra.resource.netbox_device_type);
    expect(deviceTypes.map((type) => type.model)).toContain("Raspberry Pi 5");
    expect(Object.values(infra.resource.netbox_manufacturer).map((manufacturer: any) => manufacturer.name)).toContain("Raspberry Pi Foundation (ha-cluster)");
    for (const device of devices) {
      expect(device.device_type_id).toMatch(/netbox_device_type\..*raspberry-pi-5.*\.id/);
      expect(device.comments).toContain("4 cores, 8192 MiB memory, 64 GiB disk");
      expect(device.comments).toContain("arm64");
    }
  });

  seedFact("ha-cluster", "os-arm64", () => {
    expect(cluster.children.agent.hosts["k8s-worker-arm-1"].os).toBe("Ubuntu 24.04");
  });

  seedFact("ha-cluster", "node-totals", () => {
    expect(vms).toHaveLength(14);
    expect(Object.keys(machines)).toHaveLength(16);
    expect(Object.values(machines).every((vars) => vars.architecture === "amd64" || vars.architecture === "arm64")).toBe(true);
    expect(vms.reduce((sum, each) => sum + each.cpu.cores, 0)).toBe(54);
    expect(vms.reduce((sum, each) => sum + each.memory.dedicated, 0)).toBe(106 * 1024);
  });

  seedFact("ha-cluster", "kubernetes-version", () => {
    expect(clusterConfiguration.kubernetesVersion).toBe("v1.31.0");
    expect(cluster.vars).toMatchObject({ k8s_distribution: "kubeadm", kubernetes_version: "v1.31.0", kubernetes_minor: "v1.31" });
  });

  seedFact("ha-cluster", "containerd-version", () => {
    expect(cluster.vars.containerd_version).toBe("1.7.28");
  });

  seedFact("ha-cluster", "cni-flannel", () => {
    expect(release("flannel")).toMatchObject({ repository: "https://flannel-io.github.io/flannel/", version: "v0.27.4" });
    expect(cluster.vars.k8s_cni).toBe("flannel");
  });

  seedFact("ha-cluster", "pod-cidr", () => {
    expect(clusterConfiguration.networking.podSubnet).toBe("10.244.0.0/16");
    expect(YAML.parse(release("flannel").values[0])).toEqual({ podCidr: "10.244.0.0/16" });
  });

  seedFact("ha-cluster", "service-cidr", () => {
    expect(clusterConfiguration.networking.serviceSubnet).toBe("10.96.0.0/12");
  });

  seedFact("ha-cluster", "metallb-pool", () => {
    const objects = YAML.parse(releases.find((each) => /IPAddressPool/.test(each.values?.[0] ?? "")).values[0]).objects as any[];
    expect(objects.find((object) => object.kind === "IPAddressPool").spec.addresses).toEqual(["10.1.1.100-10.1.1.150"]);
    expect(objects.some((object) => object.kind === "L2Advertisement")).toBe(true);
  });

  seedFact("ha-cluster", "ingress-traefik", () => {
    expect(release("traefik")).toBeDefined();
    expect(YAML.parse(release("traefik").values[0]).service.spec.loadBalancerIP).toBe("10.1.1.150");
  });

  seedFact("ha-cluster", "monitoring", () => {
    expect(release("kube-prometheus-stack")).toBeDefined();
  });

  seedFact("ha-cluster", "logging", () => {
    expect(release("loki")).toBeDefined();
    expect(release("promtail")).toBeDefined();
  });
});
