import type { Environment, ExtraVm, ProxmoxNode } from "../../config/schema";
import type { IssueLog } from "../../config/errors";
import { parseAddress } from "../../net/ip";
import type { PlannedTopologyVm } from "../types";
import type { Registries } from "./claims";
import { hasIpv4, nicFor, reportIpv6OnlyPrimary, type PlannedNetwork } from "./networks";
import { planSecondaryNics } from "./nics";
import { siteLabel, siteNodeNames, siteOf, type SiteInput } from "./sites";
import { defaultDatastore, dnsFor, environmentTags, groupName, sortedUnique, vendorProfile } from "./vm";

/** Inventory groups the generator owns; an extra VM's role may not take these names. */
const RESERVED_GROUPS = new Set(["all", "ungrouped", "k3s_cluster", "server", "agent"]);

/** What the extra-VM stage reads: the config and the sites, nodes and networks planned so far. */
export interface ExtraVmsInput {
  readonly env: Environment;
  readonly sites: readonly SiteInput[];
  readonly nodes: ReadonlyMap<string, ProxmoxNode>;
  readonly networks: ReadonlyMap<string, PlannedNetwork>;
}

/**
 * The extra VMs (router, NetBox, ...), in config order. They run before the pools: they are pinned
 * by the user and claim their addresses first. A VM with a bad site, node, network, identity or
 * address is reported and left out.
 */
export function planExtraVms(input: ExtraVmsInput, registries: Registries, issues: IssueLog): PlannedTopologyVm[] {
  return input.env.vms.flatMap((vm, index) => {
    const planned = planExtraVm(vm, `vms[${index}]`, input, registries, issues);
    return planned ? [planned] : [];
  });
}

function planExtraVm(vm: ExtraVm, path: string, input: ExtraVmsInput, registries: Registries, issues: IssueLog): PlannedTopologyVm | undefined {
  const { env, sites, networks } = input;
  if (RESERVED_GROUPS.has(groupName(vm.role))) {
    issues.error(`${path}.role`, vm.role, `is reserved for the cluster's own inventory groups; name the role differently (e.g. "${vm.role}-vm")`);
  }
  const site = siteOf(sites, vm.site, `${path}.site`, issues);
  const onSiteNode = site !== undefined && siteNodeNames(site).includes(vm.node);
  if (site && !onSiteNode) {
    issues.error(`${path}.node`, vm.node, `is not a Proxmox node of ${siteLabel(site)}; use one of ${siteNodeNames(site).join(", ")}`);
  }
  const declared = networks.get(vm.network);
  const network = declared && hasIpv4(declared) ? declared : undefined;
  if (!declared) {
    issues.error(`${path}.network`, vm.network, `is not a declared network; use one of ${[...networks.keys()].join(", ")}`);
  } else if (!network) {
    reportIpv6OnlyPrimary(declared, `${path}.network`, `VM ${vm.name}`, issues);
    return undefined;
  } else if (site && network.site !== site) {
    issues.error(`${path}.network`, vm.network, `belongs to site ${network.site.config.name}, not the VM's site ${site.config.name}; use one of ${site.config.networks.map((n) => n.name).join(", ")}`);
  }
  const identityOk = registries.identities.take(vm.name, vm.vmId, `${path}.name`, `${path}.vmId`);
  let address: string | undefined;
  if (network && vm.address) {
    address = registries.claims.hostAddress(network, parseAddress(vm.address).value, vm.name, `${path}.address`);
    if (!address) return undefined;
  } else if (network && network.addressing === "static") {
    issues.error(`${path}.address`, undefined, `is missing; network ${network.config.name} uses static addressing, so give the VM a free address in ${network.config.cidr} (or set addressing: "netbox")`);
    return undefined;
  }
  if (!network || !site || !identityOk || network.site !== site || !onSiteNode) return undefined;
  const owner = { vm: vm.name, site, primaryNetwork: network.config.name, path: `${path}.nics`, addressField: "address", offset: 0 } as const;
  const extraNics = planSecondaryNics(vm.nics, owner, networks, registries.claims, issues);
  if (!extraNics) return undefined;
  return {
    name: vm.name,
    role: vm.role,
    kind: "extra",
    index: 0,
    vmId: vm.vmId,
    node: vm.node,
    cores: vm.cores,
    memoryMiB: vm.memoryMiB,
    diskGiB: vm.diskGiB,
    datastore: vm.datastore ?? defaultDatastore(input.nodes, vm.node),
    nic: nicFor(network, address),
    ...(extraNics.length > 0 ? { extraNics } : {}),
    dns: dnsFor(network),
    groups: [groupName(vm.role)],
    tags: sortedUnique([...environmentTags(env), vm.role, ...vm.tags]),
    labels: {},
    taints: [],
    vendorData: vendorProfile("extra", vm.role),
    ha: vm.ha,
    ...(vm.description ? { description: vm.description } : {}),
    site: site.config.name,
  };
}
