import { Testing } from "cdktf";
import { Site } from "../../.gen/providers/netbox/site";
import { Tag } from "../../.gen/providers/netbox/tag";
import { ClusterType } from "../../.gen/providers/netbox/cluster-type";
import { Cluster } from "../../.gen/providers/netbox/cluster";
import { NetboxSites } from "../../constructs/netbox-sites";
import { resolveEnvironment } from "../../lib/topology";
import type { EnvironmentInput } from "../../lib/config/schema";
import type { Topology } from "../../lib/topology/types";
import { tinyEnvironment } from "../support/tiny";

/*
 * NetboxSites: the tag, cluster type, and per site a NetBox site and cluster, synthesized from the
 * tiny environment (test/support/tiny.ts), changed where the test says.
 */

type Doc = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

function plan(environment: EnvironmentInput): Topology {
  return resolveEnvironment(environment, "tiny");
}

describe("NetboxSites", () => {
  it("files a single-site environment under its NetBox site and one cluster, keeping the ids Site and Cluster", () => {
    // given the tiny single-site environment
    const netbox = plan(tinyEnvironment()).netbox!;
    // when its sites are added
    const synthesized = Testing.synthScope((scope) => {
      new NetboxSites(scope, { netbox, implicitSite: true });
    });
    // then the site and cluster are the configured ones, under their pre-site ids
    expect(synthesized).toHaveResourceWithProperties(Site, { name: "Tiny", slug: "tiny", status: "active" });
    expect(synthesized).toHaveResourceWithProperties(Cluster, { name: "tiny", cluster_type_id: expect.stringMatching(/netbox_cluster_type\./) });
    const doc = JSON.parse(synthesized) as Doc;
    expect(Object.keys(doc.resource.netbox_site)).toEqual([expect.stringMatching(/^Site/)]);
    expect(Object.keys(doc.resource.netbox_site)[0]).not.toMatch(/^Site-/);
  });

  it("tags records and names the cluster type with the environment's slugs", () => {
    const netbox = plan(tinyEnvironment()).netbox!;
    const synthesized = Testing.synthScope((scope) => {
      new NetboxSites(scope, { netbox, implicitSite: true });
    });
    expect(synthesized).toHaveResourceWithProperties(Tag, { name: "env:tiny", slug: "env-tiny", color_hex: "607d8b" });
    expect(synthesized).toHaveResourceWithProperties(ClusterType, { slug: "proxmox-tiny" });
    expect(synthesized).toHaveResourceWithProperties(Site, { tags: [expect.stringMatching(/netbox_tag\..*\.name/)] });
  });

  it("gives each site of a multi-site environment a site and cluster under ids carrying the site", () => {
    // given two NetBox sites
    const planned = plan(tinyEnvironment()).netbox!;
    const netbox = { ...planned, sites: [{ ...planned.sites[0], site: "a" }, { site: "b", name: "Tiny B", slug: "tiny-b", clusterName: "tiny-b" }] };
    // when the sites are added for a multi-site environment
    const doc = JSON.parse(
      Testing.synthScope((scope) => {
        new NetboxSites(scope, { netbox, implicitSite: false });
      }),
    ) as Doc;
    // then each site has its own record and cluster, named after the site
    expect(Object.keys(doc.resource.netbox_site).map((id) => id.replace(/_[0-9A-F]{8}$/, ""))).toEqual(["Site-a", "Site-b"]);
    expect(Object.keys(doc.resource.netbox_cluster).map((id) => id.replace(/_[0-9A-F]{8}$/, ""))).toEqual(["Cluster-a", "Cluster-b"]);
  });
});
