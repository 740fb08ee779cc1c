import { ConfigError, IssueLog, type ConfigIssue } from "../config/errors";
import { parseBestEffort, parseEnvironment } from "../config/load";
import { environmentSchema, type Environment } from "../config/schema";
import type { Topology, TopologyCluster, PlannedTopologyVm } from "./types";
import { clusterPlatformOf, planPlatform } from "./platform";
import { checkTemplateNode, indexNodes, siteInputs, topologySite } from "./stages/sites";
import { planNetworks, topologyNetworks } from "./stages/networks";
import { AddressClaims, VmIdentities, type Registries } from "./stages/claims";
import { checkKubeconfigPath, checkQuorum, checkServerCount, resolveClusters, topologyCluster } from "./stages/clusters";
import { planExtraVms } from "./stages/extra-vms";
import { planApiLoadBalancer } from "./stages/api-load-balancer";
import { planHosts } from "./stages/hosts";
import { planClusterPools } from "./stages/pools";
import { checkCapacity, checkPoolsFarBeyondCapacity } from "./stages/capacity";
import { planBgp, withClusterBgp, type ClusterBgpInput } from "./stages/bgp";
import { checkNetboxAddressing, checkNetboxSites, planNetbox } from "./stages/netbox";
import { planSnippets } from "./stages/snippets";
import { checkGatewayVms } from "./stages/gateway-vms";
import { applyRenames } from "./stages/renames";
import { checkClusterCidrs, checkClusterCidrsAcrossClusters } from "./stages/cluster-cidrs";
import { planTemplates } from "./stages/templates";
import { applyAcknowledgements } from "./stages/acknowledge";
import { environmentTags, sortedUnique } from "./stages/vm";
import { resolveAddressesAndNames } from "./vm-addresses";

/**
 * Resolves a validated environment into a Topology: VMIDs, placement, addresses, groups and tags.
 * Deterministic: the n-th VM of a pool always gets the pool's n-th VMID and address, so growing a
 * pool never renumbers an existing VM. Throws {@link ConfigError} listing every problem found.
 *
 * The stages (stages/, platform/) run in a fixed order and share only what is passed to them; the
 * order is part of the contract, since the first to claim an address or a name keeps it and the
 * issues are listed in the order found.
 */
export function planTopology(env: Environment): Topology {
  const issues = new IssueLog();

  // Sites and their Proxmox nodes; without a site nothing else can be planned.
  const sites = siteInputs(env, issues);
  if (sites.length === 0) throw new ConfigError(env.name, issues.errors);
  const nodes = indexNodes(sites, issues);
  // A pool far beyond the nodes (count 100000 for 10) is answered now, from counts and sizes alone,
  // not after minutes of placing and addressing every one of its VMs.
  if (checkPoolsFarBeyondCapacity(env, sites, issues)) issues.throwIfFailed(env.name);

  // Networks, then the addresses that are not VMs': gateways, then each cluster's VIP and LB pool.
  const networks = planNetworks(env, sites, issues);
  const registries: Registries = { claims: new AddressClaims(issues), identities: new VmIdentities(issues) };
  registries.claims.claimGateways(networks.values());
  const clusterInputs = resolveClusters(env, sites, networks, registries.claims, issues);
  checkClusterCidrs(clusterInputs, networks, issues);
  checkClusterCidrsAcrossClusters(clusterInputs, issues);

  // VMs: extra VMs first (pinned by the user), then each cluster's servers and agents.
  const vms: PlannedTopologyVm[] = planExtraVms({ env, sites, nodes, networks }, registries, issues);
  const clusters: TopologyCluster[] = [];
  const clusterBgpInputs: ClusterBgpInput[] = [];
  const extraVms = [...vms];
  const placed = clusterInputs.map((input) => {
    checkServerCount(input, issues);
    const members = planClusterPools({ env, cluster: input, nodes, networks }, registries, issues);
    vms.push(...members.servers, ...members.agents);
    checkQuorum(input, members.servers, issues);
    return { input, members, apiLoadBalancer: planApiLoadBalancer(input, extraVms, members.servers, issues) };
  });
  // Bare-metal hosts after every VM, so a host on a VM's address names the VM.
  const hosts = planHosts({ env, networks, clusters: clusterInputs }, registries, issues);
  for (const { input, members, apiLoadBalancer } of placed) {
    const clusterHosts = hosts.filter((host) => host.cluster === input.config.name).map((host) => host.name);
    const cluster = topologyCluster(env, input, members, clusterInputs.length, { ...(apiLoadBalancer ? { apiLoadBalancer } : {}), hosts: clusterHosts });
    clusters.push(cluster);
    clusterBgpInputs.push({ cluster, path: input.path, bgp: input.config.bgp });
  }

  checkGatewayVms(networks, vms, issues);
  checkCapacity(sites, nodes, vms, issues);
  checkTemplateNode(env, nodes, issues);
  const templates = planTemplates(env, sites, nodes, vms, issues);

  // The one `platform` block, resolved per cluster (its LB pool, API VIP, nodes and site); a
  // conflict in it is the same on every cluster, so it is reported once.
  checkKubeconfigPath(env, clusters.length, issues);
  const platformIssues = issues.once();
  const platforms = clusters.map((cluster) => planPlatform(env, { cluster, vms, hosts }, platformIssues));
  const platformWithoutCluster = clusters.length === 0 ? planPlatform(env, { vms }, issues) : undefined;

  const networkList = topologyNetworks(networks, vms, clusterInputs);
  checkNetboxAddressing(env, networkList, issues);
  const bgp = planBgp({ env, vms, networks: networkList, clusters: clusterBgpInputs }, issues);
  const clusterPlatforms = clusters.map((cluster, index) =>
    clusterPlatformOf(cluster, clusters.length, withClusterBgp(platforms[index], bgp, clusterBgpInputs[index], env, issues)),
  );
  checkNetboxSites(env, issues);
  const renamedVms = applyRenames(env, vms, issues);
  issues.throwIfFailed(env.name);

  const cluster = clusters.length === 1 ? clusters[0] : undefined;
  const netbox = planNetbox({ env, sites, networks: networkList, clusters, vms });
  const topologySites = sites.map(topologySite);
  return resolveAddressesAndNames({
    environment: env.name,
    ...(env.description ? { description: env.description } : {}),
    ...(env.state ? { state: env.state } : {}),
    proxmox: topologySites[0].proxmox,
    image: env.image,
    templates,
    vmUser: env.vmUser,
    cpuType: env.cpuType,
    networks: networkList,
    ...(cluster ? { cluster } : {}),
    clusters,
    sites: topologySites,
    bgp,
    vms: renamedVms,
    hosts,
    snippets: planSnippets(env.name, vms, nodes),
    sshPublicKeys: env.sshPublicKeys,
    tags: sortedUnique(environmentTags(env)),
    ...(netbox ? { netbox } : {}),
    kubeconfigPath: cluster?.kubeconfigPath ?? env.kubeconfigPath ?? `~/.kube/homelab-${env.name}.yaml`,
    platform: platformWithoutCluster ?? clusterPlatforms[0].platform,
    clusterPlatforms,
    warnings: applyAcknowledgements(issues.warnings, env.acknowledge),
  });
}

/**
 * The early capacity check alone, on raw input, for callers that plan several environments and
 * want every one's far-beyond pool answered before any is planned (the synth, whose progress lines
 * start after the first plan). Throws the {@link ConfigError} planning would throw first; returns
 * quietly when the pools are within reach, or when the input does not validate (planning reports
 * that with everything else).
 */
export function checkCapacityBeforePlanning(input: unknown): void {
  const parsed = environmentSchema.safeParse(input);
  if (!parsed.success) return;
  const issues = new IssueLog();
  const sites = siteInputs(parsed.data, issues);
  if (checkPoolsFarBeyondCapacity(parsed.data, sites, issues)) issues.throwIfFailed(parsed.data.name);
}

/**
 * Validates raw input (a typed environment object, or parsed JSON/YAML) and plans it in one step.
 * When the schema rejects some fields, the rest is still planned (see parseBestEffort), so the
 * error lists the schema's problems and then the topology's, and one run shows every problem.
 */
export function resolveEnvironment(input: unknown, label?: string): Topology {
  let environment: Environment;
  try {
    environment = parseEnvironment(input, label);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    throw new ConfigError(error.environment, [...error.issues, ...topologyIssuesOfValidPart(input)]);
  }
  return planTopology(environment);
}

/** The topology errors of the part of an invalid environment that validates, leaving out what was removed to get there. */
function topologyIssuesOfValidPart(input: unknown): ConfigIssue[] {
  const bestEffort = parseBestEffort(input);
  if (!bestEffort) return [];
  try {
    planTopology(bestEffort.environment);
    return [];
  } catch (error) {
    if (!(error instanceof ConfigError)) return [];
    // A path under (or holding) a removed one would report the removal, not the user's input.
    const related = (path: string) => bestEffort.removed.some((removed) => path === removed || path.startsWith(`${removed}.`) || path.startsWith(`${removed}[`) || removed.startsWith(`${path}.`) || removed.startsWith(`${path}[`));
    return error.issues.filter((issue) => !related(issue.path));
  }
}
