import type { EnvironmentInput } from "../lib/config/schema";

/*
 * A realistic lab scaled to N VMs, for the benchmarks: a router and a NetBox VM, three k3s servers
 * and N-5 agents (or fewer of each below 5 VMs) on one /18 VLAN with IPv6, one Proxmox node per
 * 20 VMs (at least three, so the servers keep quorum), NetBox registration on. Valid for any N
 * from 1 to 15000 with no errors and no warnings.
 */

/** The largest lab the /18 network and the agents' VMID range hold. */
export const MAX_VMS = 15000;
/** VMs per Proxmox node; each node has room for them without overcommit. */
const VMS_PER_NODE = 20;
const SSH_KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAILLPNgFlDZIioosD2zXg3aTvCT08JOFK1WQv21xH83yX bench@example";

/** The 32-bit value of 10.64.0.0 plus an offset, as a dotted address. */
function address(offset: number): string {
  const value = (10 << 24) + (64 << 16) + offset;
  return [24, 16, 8, 0].map((shift) => (value >>> shift) & 255).join(".");
}

export function generateEnvironment(vmCount: number): EnvironmentInput {
  if (!Number.isInteger(vmCount) || vmCount < 1 || vmCount > MAX_VMS) {
    throw new RangeError(`generateEnvironment: vmCount must be a whole number from 1 to ${MAX_VMS}, not ${vmCount}`);
  }
  const extras = Math.min(2, Math.max(0, vmCount - 3));
  const servers = Math.min(3, vmCount - extras);
  const agents = vmCount - extras - servers;
  const nodeCount = Math.max(3, Math.ceil(vmCount / VMS_PER_NODE));
  const nodes = Array.from({ length: nodeCount }, (_, index) => `pve${index + 1}`);
  const extraVms: NonNullable<EnvironmentInput["vms"]> = [
    { name: "bench-router", role: "router", vmId: 200, node: nodes[0], cores: 2, memoryMiB: 2048, diskGiB: 20, network: "lab", address: address(2), description: "Edge router" },
    { name: "bench-netbox", role: "netbox", vmId: 500, node: nodes[1], cores: 4, memoryMiB: 8192, diskGiB: 100, network: "lab", address: address(3), tags: ["ipam"], description: "NetBox (IPAM)" },
  ];
  return {
    name: "bench",
    description: `Generated lab with ${vmCount} VMs on ${nodeCount} Proxmox nodes`,
    proxmox: {
      endpoint: "https://pve1.bench.example:8006/",
      insecure: true,
      nodes: nodes.map((name) => ({ name, cores: 128, memoryMiB: 262144, datastores: ["local-lvm"], snippetsDatastore: "local" })),
    },
    networks: [
      {
        name: "lab",
        bridge: "vmbr0",
        vlan: 64,
        // 10.64.0.0/18: 16382 hosts; agents start at 10.64.1.1, DHCP keeps the last /24.
        cidr: "10.64.0.0/18",
        gateway: address(1),
        dns: [address(1)],
        domain: "bench.lab.example",
        ipv6: { prefix: "2001:db8:64::/64", gateway: "2001:db8:64::1" },
        reserved: [{ start: address(63 * 256), end: address(64 * 256 - 2), description: "DHCP pool" }],
        description: "Bench VLAN 64",
      },
    ],
    image: { kind: "template", templateVmId: 900, templateNode: nodes[0] },
    cluster: {
      name: "bench-k3s",
      version: "v1.31.4+k3s1",
      network: "lab",
      apiVip: address(5),
      loadBalancerPool: { start: address(40), end: address(79) },
      servers: { count: servers, cores: 4, memoryMiB: 8192, diskGiB: 100, vmIdRange: { start: 1000, end: 1009 }, addressStart: address(11) },
      ...(agents > 0
        ? {
            agents: {
              count: agents,
              cores: 4,
              memoryMiB: 8192,
              diskGiB: 100,
              vmIdRange: { start: 2000, end: 2000 + MAX_VMS },
              addressStart: address(257),
              labels: { "node.kubernetes.io/pool": "general" },
            },
          }
        : {}),
    },
    vms: extraVms.slice(0, extras),
    sshPublicKeys: [SSH_KEY],
    tags: ["homelab", "bench"],
    netbox: { url: "https://netbox.bench.example", site: { name: "Bench", slug: "bench" } },
  };
}
