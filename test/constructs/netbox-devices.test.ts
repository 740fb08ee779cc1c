import { App, Testing } from "cdktf";
import { Device } from "../../.gen/providers/netbox/device";
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

  describe("in the infra stack", () => {
    const synthesized = synthInfra(topology);
    const resources = (JSON.parse(synthesized) as Doc).resource;
    const devices = Object.values(resources.netbox_device as Record<string, Doc>);

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
