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
