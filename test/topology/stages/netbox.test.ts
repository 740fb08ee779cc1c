import { IssueLog } from "../../../lib/config/errors";
import { checkNetboxAddressing, checkNetboxSites, planNetbox } from "../../../lib/topology/stages/netbox";
import { siteInputs } from "../../../lib/topology/stages/sites";
import type { TopologyNetwork, TopologyVm } from "../../../lib/topology/types";
import { cluster, lab } from "./given";

const netbox = { enabled: true, url: "https://netbox.lab.example", site: { name: "Lab", slug: "lab" } };
const lan = { name: "lan", cidr: "10.0.0.0/24", addressing: "static", ipv6: { prefix: "2001:db8:1::/64", prefixLength: 64 } } as TopologyNetwork;
const roles = (...names: string[]) => names.map((role) => ({ role }) as TopologyVm);

describe("the NetBox stage", () => {
  it("registers each network's IPv4 and IPv6 prefix, then the extra prefixes not among them", () => {
    const env = lab({ netbox: { ...netbox, prefixes: [{ prefix: "10.0.0.0/24" }, { prefix: "2001:db8::/48", description: "allocation" }] } });

    const planned = planNetbox({ env, sites: siteInputs(env, new IssueLog()), networks: [lan], clusters: [], vms: [] });

    expect(planned?.prefixes).toEqual([
      { prefix: "10.0.0.0/24", description: "lan", network: "lan" },
      { prefix: "2001:db8:1::/64", description: "lan (IPv6)", network: "lan" },
      { prefix: "2001:db8::/48", description: "allocation" },
    ]);
  });

  it("lists each VM role once, sorted, as a NetBox device role", () => {
    const env = lab({ netbox });

    const planned = planNetbox({ env, sites: siteInputs(env, new IssueLog()), networks: [], clusters: [], vms: roles("server", "router", "agent", "agent") });

    expect(planned?.roles).toEqual(["agent", "router", "server"]);
  });

  it("files the implicit site's records under the environment's name when it has no cluster", () => {
    const env = lab({ netbox });

    const planned = planNetbox({ env, sites: siteInputs(env, new IssueLog()), networks: [], clusters: [], vms: [] });

    expect(planned).toMatchObject({ site: { name: "Lab", slug: "lab" }, clusterName: "lab", clusterType: "Proxmox VE", sites: [{ site: "lab", name: "Lab", slug: "lab", clusterName: "lab" }] });
  });

  it("files the implicit site's records under its cluster's name", () => {
    const env = lab({ netbox, cluster: cluster({ count: 1 }) });

    const planned = planNetbox({ env, sites: siteInputs(env, new IssueLog()), networks: [], clusters: [], vms: [] });

    expect(planned?.clusterName).toBe("k3s");
  });

  it("plans nothing while NetBox is off", () => {
    const env = lab();

    expect(planNetbox({ env, sites: siteInputs(env, new IssueLog()), networks: [lan], clusters: [], vms: [] })).toBeUndefined();
  });

  it("refuses netbox addressing without a NetBox to allocate from", () => {
    const issues = new IssueLog();

    checkNetboxAddressing(lab(), [{ ...lan, addressing: "netbox" }], issues);

    expect(issues.errors).toEqual([
      {
        path: "netbox",
        value: undefined,
        message: 'is missing or disabled, but addressing "netbox" needs NetBox to allocate addresses; configure netbox (url, site) or use static addressing',
      },
    ]);
  });

  it("asks for the NetBox site records are filed under", () => {
    const issues = new IssueLog();

    checkNetboxSites(lab({ netbox: { enabled: true, url: "https://netbox.lab.example" } }), issues);

    expect(issues.errors).toEqual([
      { path: "netbox.site", value: undefined, message: "is missing; name the NetBox site ({ name, slug }) the environment's records are filed under" },
    ]);
  });
});
