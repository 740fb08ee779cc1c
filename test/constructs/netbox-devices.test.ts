import { App, Testing } from "cdktf";
import { Device } from "../../.gen/providers/netbox/device";
import { DeviceInterface } from "../../.gen/providers/netbox/device-interface";
import { DevicePrimaryIp } from "../../.gen/providers/netbox/device-primary-ip";
import { IpAddress } from "../../.gen/providers/netbox/ip-address";
import { DeviceRole } from "../../.gen/providers/netbox/device-role";
import { DeviceType } from "../../.gen/providers/netbox/device-type";
import { Manufacturer } from "../../.gen/providers/netbox/manufacturer";
import { Rack } from "../../.gen/providers/netbox/rack";
import { InfraStack } from "../../constructs/infra-stack";
import { checkTerraformJson, formatSchemaProblems, loadProviderSchemas } from "../../lib/provider-schema";
import type { Topology } from "../../lib/topology/types";
import { planTiny } from "../support/tiny-environment";

/*
 * The physical side in NetBox: Proxmox nodes that describe their hardware become devices (role
 * Hypervisor) of their model, in their site and rack, attached to the virtualization cluster.
 */

type Doc = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const NODE = { cores: 16, memoryMiB: 65536, datastores: ["local-lvm"], snippetsDatastore: "local" };
const R730 = { manufacturer: "Dell", model: "PowerEdge R730" };

/** The tiny environment on two Dell R730s (pve1 in rack A1) and an undescribed pve3, registered in NetBox. */
function planWithHardware(): Topology {
  return planTiny({
    proxmox: {
      endpoint: "https://pve.tiny.example:8006/",
      nodes: [
        { name: "pve1", ...NODE, hardware: { ...R730, rack: "A1", serial: "7XK2J42" } },
        { name: "pve2", ...NODE, hardware: R730 },
        { name: "pve3", ...NODE },
      ],
    },
    netbox: { url: "https://netbox.tiny.example/", site: { name: "Tiny", slug: "tiny" } },
  });
}

function synthInfra(topology: Topology): string {
  return Testing.synth(new InfraStack(Testing.app() as App, "tiny-infra", { topology }));
}

describe("Proxmox nodes in NetBox", () => {
  const topology = planWithHardware();

  it("are planned as devices for the nodes that describe their hardware, names of global records carrying the environment", () => {
    expect(topology.netbox!.devices).toEqual([
      { name: "pve1", site: "tiny", manufacturer: { name: "Dell (tiny)", slug: "tiny-dell" }, deviceType: { model: "PowerEdge R730", slug: "poweredge-r730" }, role: { name: "Hypervisor (tiny)", slug: "tiny-hypervisor", colour: "673ab7" }, rack: "A1", serial: "7XK2J42" },
      { name: "pve2", site: "tiny", manufacturer: { name: "Dell (tiny)", slug: "tiny-dell" }, deviceType: { model: "PowerEdge R730", slug: "poweredge-r730" }, role: { name: "Hypervisor (tiny)", slug: "tiny-hypervisor", colour: "673ab7" } },
    ]);
  });

  it("are not planned when no node describes its hardware", () => {
    expect(planTiny({ netbox: { url: "https://netbox.tiny.example/", site: { name: "Tiny", slug: "tiny" } } }).netbox!.devices).toBeUndefined();
  });

  describe("in the infra stack", () => {
    const synthesized = synthInfra(topology);
    const resources = (JSON.parse(synthesized) as Doc).resource;

    it("record one manufacturer, device type and Hypervisor role for both R730s", () => {
      expect(Object.keys(resources.netbox_manufacturer)).toHaveLength(1);
      expect(Object.keys(resources.netbox_device_type)).toHaveLength(1);
      expect(synthesized).toHaveResourceWithProperties(Manufacturer, { name: "Dell (tiny)", slug: "tiny-dell" });
      expect(synthesized).toHaveResourceWithProperties(DeviceType, { model: "PowerEdge R730", slug: "poweredge-r730", manufacturer_id: expect.stringMatching(/netbox_manufacturer\..*\.id/) });
      expect(synthesized).toHaveResourceWithProperties(DeviceRole, { name: "Hypervisor (tiny)", slug: "tiny-hypervisor", vm_role: false });
    });

    it("record a device per described node in the site's cluster, pve1 in its rack", () => {
      expect(Object.values(resources.netbox_device as Record<string, Doc>).map((device: Doc) => device.name).sort()).toEqual(["pve1", "pve2"]);
      expect(synthesized).toHaveResourceWithProperties(Device, {
        name: "pve1",
        serial: "7XK2J42",
        status: "active",
        cluster_id: expect.stringMatching(/netbox_cluster\..*\.id/),
        site_id: expect.stringMatching(/netbox_site\..*\.id/),
        role_id: expect.stringMatching(/netbox_device_role\..*HypervisorRole.*\.id/),
        rack_id: expect.stringMatching(/netbox_rack\..*\.id/),
      });
      expect(synthesized).toHaveResourceWithProperties(Rack, { name: "A1", status: "active", site_id: expect.stringMatching(/netbox_site\..*\.id/) });
      const pve2 = Object.values(resources.netbox_device as Record<string, Doc>).find((device: Doc) => device.name === "pve2") as Doc;
      expect(pve2.rack_id).toBeUndefined();
    });

    it("passes the pinned NetBox provider schema", () => {
      const problems = checkTerraformJson(JSON.parse(synthesized), loadProviderSchemas());
      expect(formatSchemaProblems(problems)).toBe(formatSchemaProblems([]));
    });
  });
});

describe("Bare-metal hosts in NetBox", () => {
  const PI = { manufacturer: "Raspberry Pi Foundation", model: "Raspberry Pi 5" };
  const host = (n: number, hardware?: typeof PI) => ({ name: `pi-${n}`, network: "lan", address: `10.0.0.${60 + n}`, architecture: "arm64" as const, role: "worker" as const, os: "Ubuntu 24.04", ...(hardware ? { hardware } : {}) });
  const topology = planTiny({
    proxmox: { endpoint: "https://pve.tiny.example:8006/", nodes: [{ name: "pve1", ...NODE, hardware: R730 }] },
    hosts: [host(1, PI), host(2, PI), host(3)],
    netbox: { url: "https://netbox.tiny.example/", site: { name: "Tiny", slug: "tiny" } },
  });

  it("are planned as devices of role Bare metal after the Proxmox nodes, for the hosts that describe their hardware", () => {
    expect(topology.netbox!.devices!.map((device) => [device.name, device.kind ?? "proxmox-node", device.role.slug, device.manufacturer.slug, device.deviceType.slug])).toEqual([
      ["pve1", "proxmox-node", "tiny-hypervisor", "tiny-dell", "poweredge-r730"],
      ["pi-1", "host", "tiny-bare-metal", "tiny-raspberry-pi-foundation", "raspberry-pi-5"],
      ["pi-2", "host", "tiny-bare-metal", "tiny-raspberry-pi-foundation", "raspberry-pi-5"],
    ]);
  });

  it("give each described host its address on interface eth0, and the Proxmox nodes (no management address in the model) none", () => {
    const interfaces = Object.fromEntries(topology.netbox!.devices!.map((device) => [device.name, device.primaryInterface]));
    expect(interfaces).toEqual({
      pve1: undefined,
      "pi-1": { name: "eth0", type: "1000base-t", network: "lan", cidr: "10.0.0.61/24", dnsName: "pi-1" },
      "pi-2": { name: "eth0", type: "1000base-t", network: "lan", cidr: "10.0.0.62/24", dnsName: "pi-2" },
    });
  });

  it("qualify a host address's DNS name with its network's domain, as a VM's is", () => {
    const withDomain = planTiny({
      networks: [{ name: "lan", bridge: "vmbr0", cidr: "10.0.0.0/24", gateway: "10.0.0.1", dns: ["10.0.0.1"], domain: "lab.test" }],
      hosts: [host(1, PI)],
      netbox: { url: "https://netbox.tiny.example/", site: { name: "Tiny", slug: "tiny" } },
    });
    expect(withDomain.netbox!.devices!.map((device) => device.primaryInterface?.dnsName)).toEqual(["pi-1.lab.test"]);
    expect(withDomain.vms[0].dnsName).toBe("tiny-k3s-server-1.lab.test");
  });

  describe("in the infra stack", () => {
    const synthesized = synthInfra(topology);
    const resources = (JSON.parse(synthesized) as Doc).resource;
    const devices = Object.values(resources.netbox_device as Record<string, Doc>);
    /** The Terraform address of the resource of `type` whose `name` (or ip_address) is `value`. */
    const addressOf = (type: string, key: string, value: string) => {
      const found = Object.entries(resources[type] as Record<string, Doc>).filter(([, each]) => each[key] === value);
      expect(found).toHaveLength(1);
      return `${type}.${found[0][0]}`;
    };

    it("record a device per described host in the site, of its own role and type, outside the virtualization cluster", () => {
      expect(devices.map((device) => device.name).sort()).toEqual(["pi-1", "pi-2", "pve1"]);
      expect(synthesized).toHaveResourceWithProperties(Manufacturer, { name: "Raspberry Pi Foundation (tiny)", slug: "tiny-raspberry-pi-foundation" });
      expect(synthesized).toHaveResourceWithProperties(DeviceType, { model: "Raspberry Pi 5", slug: "raspberry-pi-5" });
      expect(synthesized).toHaveResourceWithProperties(DeviceRole, { name: "Bare metal (tiny)", slug: "tiny-bare-metal", vm_role: false });
      expect(synthesized).toHaveResourceWithProperties(Device, {
        name: "pi-1",
        status: "active",
        site_id: expect.stringMatching(/netbox_site\..*\.id/),
        role_id: expect.stringMatching(/netbox_device_role\..*DeviceRole-tiny-bare-metal.*\.id/),
        comments: "Kubernetes worker (arm64) of cluster tiny-k3s, 10.0.0.61/24 on network lan, Ubuntu 24.04",
      });
      const pi1 = devices.find((device) => device.name === "pi-1") as Doc;
      expect(pi1.cluster_id).toBeUndefined();
    });

    it("record each described host's interface eth0 on its device, its address on that interface, and the address as its primary IPv4", () => {
      for (const [name, cidr] of [["pi-1", "10.0.0.61/24"], ["pi-2", "10.0.0.62/24"]]) {
        const device = addressOf("netbox_device", "name", name);
        const nic = Object.entries(resources.netbox_device_interface as Record<string, Doc>).filter(([, each]) => each.device_id === `\${${device}.id}`);
        expect(nic.map(([, each]) => [each.name, each.type, each.enabled])).toEqual([["eth0", "1000base-t", true]]);
        const address = addressOf("netbox_ip_address", "ip_address", cidr);
        expect(synthesized).toHaveResourceWithProperties(IpAddress, { ip_address: cidr, status: "active", dns_name: name, device_interface_id: `\${netbox_device_interface.${nic[0][0]}.id}`, tags: expect.any(Array) });
        expect(synthesized).toHaveResourceWithProperties(DevicePrimaryIp, { device_id: `\${${device}.id}`, ip_address_id: `\${${address}.id}`, ip_address_version: 4 });
      }
    });

    it("record no interface or address for a Proxmox node or an undescribed host", () => {
      expect(Object.keys(resources.netbox_device_interface)).toHaveLength(2);
      expect(Object.keys(resources.netbox_device_primary_ip)).toHaveLength(2);
      expect(synthesized).not.toHaveResourceWithProperties(DeviceInterface, { device_id: `\${${addressOf("netbox_device", "name", "pve1")}.id}` });
      expect(JSON.stringify(resources.netbox_ip_address)).not.toContain("10.0.0.63");
    });

    it("keeps the Hypervisor role's and the node device's Terraform addresses", () => {
      expect(Object.keys(resources.netbox_device_role).some((key) => key.includes("HypervisorRole"))).toBe(true);
      expect(Object.keys(resources.netbox_device).some((key) => key.includes("Device-pve1"))).toBe(true);
    });

    it("passes the pinned NetBox provider schema", () => {
      const problems = checkTerraformJson(JSON.parse(synthesized), loadProviderSchemas());
      expect(formatSchemaProblems(problems)).toBe(formatSchemaProblems([]));
    });
  });
});

describe("Bare-metal hosts on a netbox-addressed network", () => {
  // The tiny k3s cluster's server without an address of its own: NetBox allocates it.
  const topology = planTiny({
    addressing: "netbox",
    cluster: { servers: { addressStart: undefined } },
    hosts: [{ name: "pi-1", network: "lan", address: "10.0.0.61", architecture: "arm64", role: "worker", os: "Ubuntu 24.04", hardware: { manufacturer: "Raspberry Pi Foundation", model: "Raspberry Pi 5" } }],
    netbox: { url: "https://netbox.tiny.example/", site: { name: "Tiny", slug: "tiny" } },
  });
  const resources = (JSON.parse(synthInfra(topology)) as Doc).resource;

  it("are registered before NetBox allocates any VM address on that network, so it never hands a host's address out", () => {
    const [hostAddress] = Object.entries(resources.netbox_ip_address as Record<string, Doc>).filter(([, each]) => each.ip_address === "10.0.0.61/24");
    expect(hostAddress).toBeDefined();
    const allocations = Object.values(resources.netbox_available_ip_address as Record<string, Doc>);
    expect(allocations.length).toBeGreaterThan(0);
    for (const allocation of allocations) expect(allocation.depends_on).toContain(`netbox_ip_address.${hostAddress[0]}`);
  });
});
