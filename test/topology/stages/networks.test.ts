import { IssueLog } from "../../../lib/config/errors";
import { nicFor, planNetworks, topologyNetworks } from "../../../lib/topology/stages/networks";
import { siteInputs } from "../../../lib/topology/stages/sites";
import type { TopologyVm } from "../../../lib/topology/types";
import { lab, network, withIpv4 } from "./given";

/** Plans the networks of `env` and returns them with the issues raised. */
function plan(env: ReturnType<typeof lab>) {
  const issues = new IssueLog();
  const networks = planNetworks(env, siteInputs(env, issues), issues);
  return { networks, issues };
}

describe("the networks stage", () => {
  it("keeps each network by name with its parsed range and config path", () => {
    const { networks, issues } = plan(lab({ networks: [network("lan", "10.0.0.0/24"), network("guest", "10.0.1.0/24")] }));

    expect([...networks.keys()]).toEqual(["lan", "guest"]);
    expect(networks.get("guest")).toMatchObject({ path: "networks[1]", addressing: "static", cidr: { text: "10.0.1.0/24", prefixLength: 24 } });
    expect(issues.errors).toEqual([]);
  });

  it("rejects a network whose range overlaps an earlier one, naming both", () => {
    const { issues } = plan(lab({ networks: [network("lan", "10.0.0.0/16"), network("guest", "10.0.1.0/24")] }));

    expect(issues.errors).toEqual([
      { path: "networks[1].cidr", value: "10.0.1.0/24", message: "overlaps networks[0] (10.0.0.0/16); give each network its own range" },
    ]);
  });

  it("rejects a gateway outside the network", () => {
    const { issues } = plan(lab({ networks: [network("lan", "10.0.0.0/24", { gateway: "10.9.9.1" })] }));

    expect(issues.errors).toEqual([{ path: "networks[0].gateway", value: "10.9.9.1", message: "is outside 10.0.0.0/24; pick a gateway inside the network" }]);
  });

  it("rejects a netboxRange on a statically addressed network", () => {
    const { issues } = plan(lab({ networks: [network("lan", "10.0.0.0/24", { netboxRange: { start: "10.0.0.100", end: "10.0.0.199" } })] }));

    expect(issues.errors.map((issue) => `${issue.path}: ${issue.message}`)).toEqual([
      'networks[0].netboxRange: only applies to netbox addressing; remove it or set addressing: "netbox"',
    ]);
  });

  it("gives a NIC an IPv6 address that reads like its IPv4 one", () => {
    const { networks } = plan(lab({ networks: [network("lan", "10.0.0.0/24", { ipv6: { prefix: "2001:db8:1::/64" } })] }));

    const nic = nicFor(withIpv4(networks.get("lan")), "10.0.0.50");

    expect(nic).toEqual({
      network: "lan",
      bridge: "vmbr0",
      addressing: "static",
      ipv4: { address: "10.0.0.50", prefixLength: 24, gateway: "10.0.0.1" },
      ipv6: { address: "2001:db8:1::50", prefixLength: 64 },
    });
  });

  it("leaves a NIC without an address for NetBox to fill in", () => {
    const { networks } = plan(lab({ addressing: "netbox", netbox: { enabled: true, url: "https://netbox.example", site: { name: "Lab", slug: "lab" } } }));

    expect(nicFor(withIpv4(networks.get("lan")), undefined)).toMatchObject({ addressing: "netbox", ipv4: { prefixLength: 24, gateway: "10.0.0.1" } });
    expect(nicFor(withIpv4(networks.get("lan")), undefined).ipv4.address).toBeUndefined();
  });

  it("lists the Proxmox nodes a network's VMs run on, sorted, once placed", () => {
    const { networks } = plan(lab());
    const onLan = (name: string, node: string) => ({ name, node, nic: { network: "lan" } }) as TopologyVm;

    const [lan] = topologyNetworks(networks, [onLan("b", "pve2"), onLan("a", "pve1"), onLan("c", "pve2")], []);

    expect(lan).toMatchObject({ name: "lan", cidr: "10.0.0.0/24", nodes: ["pve1", "pve2"], held: [] });
  });
});
