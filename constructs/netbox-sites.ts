import { Construct } from "constructs";
import { TerraformProvider } from "cdktf";
import { Site } from "../.gen/providers/netbox/site";
import { Tag } from "../.gen/providers/netbox/tag";
import { ClusterType } from "../.gen/providers/netbox/cluster-type";
import { Cluster } from "../.gen/providers/netbox/cluster";
import type { TopologyNetbox } from "../lib/topology/types";
import { numericId } from "./netbox-id";

export interface NetboxSitesProps {
  /** NetBox as the Topology resolved it: the tag, the cluster type and one entry per site. */
  readonly netbox: TopologyNetbox;
  /**
   * True for a single-site environment: its site and cluster keep the ids `Site` and `Cluster`
   * (else `Site-<site>` and `Cluster-<site>`), so their Terraform addresses predate sites.
   */
  readonly implicitSite: boolean;
  /** @default the stack's default netbox provider */
  readonly provider?: TerraformProvider;
}

/**
 * The environment's tag and cluster type, and per topology site its NetBox site and cluster.
 *
 * Not a construct of its own: it adds its resources to the scope it is given, so they keep the
 * Terraform addresses they had inside `NetboxRegistration` before it was split by concern.
 */
export class NetboxSites {
  /** The tag every record of the environment carries. */
  readonly tag: Tag;
  /** The tags to put on a record: the environment's tag (one list, so one token, for every record). */
  readonly tags: string[];
  readonly clusterType: ClusterType;
  /** The primary site's record. */
  readonly site: Site;
  /** The primary site's cluster. */
  readonly cluster: Cluster;
  /** NetBox site and cluster by topology site name. */
  readonly sites = new Map<string, { readonly site: Site; readonly cluster: Cluster }>();

  constructor(scope: Construct, props: NetboxSitesProps) {
    const { netbox, provider } = props;
    this.tag = new Tag(scope, "Tag", { provider, name: netbox.tag.name, slug: netbox.tag.slug, colorHex: netbox.tag.colour, description: netbox.tag.description });
    this.tags = [this.tag.name];
    const tags = this.tags;
    this.clusterType = new ClusterType(scope, "ClusterType", { provider, name: netbox.clusterTypeRecord.name, slug: netbox.clusterTypeRecord.slug });
    for (const entry of netbox.sites) {
      const suffix = props.implicitSite ? "" : `-${entry.site}`;
      const site = new Site(scope, `Site${suffix}`, { provider, name: entry.name, slug: entry.slug, status: "active", tags });
      const cluster = new Cluster(scope, `Cluster${suffix}`, {
        provider,
        name: entry.clusterName,
        clusterTypeId: numericId(this.clusterType),
        siteId: numericId(site),
        tags,
      });
      this.sites.set(entry.site, { site, cluster });
    }
    const primary = this.sites.get(netbox.sites[0].site)!;
    this.site = primary.site;
    this.cluster = primary.cluster;
  }

  /** Site and cluster of a topology site; the primary ones for a site NetBox does not know. */
  placementOf(site: string | undefined): { readonly site: Site; readonly cluster: Cluster } {
    return (site === undefined ? undefined : this.sites.get(site)) ?? { site: this.site, cluster: this.cluster };
  }
}
