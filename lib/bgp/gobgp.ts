import type { RouterBgpPeer, Topology, TopologyRouter, TopologyVm } from "../topology/types";
import { TomlTable, toToml } from "./toml";

/*
 * gobgpd.toml for a router of the Topology: the global AS and router-id, the upstreams, one
 * neighbor per Kubernetes node that peers with it (or a dynamic-neighbor range when NetBox picks the
 * node addresses), an import policy that takes from each cluster only its LB pool (and its pod
 * networks when it advertises them), and, when the
 * router originates prefixes, an export policy that sends its eBGP upstreams those and nothing else. Printed by
 * `homelab gobgp-config ENV [ROUTER]`, delivered as the router's `gobgp_config` host var.
 */

function neighbor(peer: RouterBgpPeer): TomlTable {
  const timers =
    peer.holdTimeSeconds !== undefined || peer.keepaliveIntervalSeconds !== undefined
      ? {
          timers: {
            config: {
              ...(peer.holdTimeSeconds !== undefined ? { "hold-time": peer.holdTimeSeconds } : {}),
              ...(peer.keepaliveIntervalSeconds !== undefined ? { "keepalive-interval": peer.keepaliveIntervalSeconds } : {}),
            },
          },
        }
      : {};
  return {
    config: {
      "neighbor-address": peer.address,
      "peer-as": peer.asn,
      ...(peer.description ? { description: peer.description } : {}),
    },
    ...timers,
    "afi-safis": peer.afiSafis.map((name) => ({ config: { "afi-safi-name": name } })),
  };
}

function setName(kind: "lb" | "pods" | "k8s", cluster: string): string {
  return `${kind}-${cluster}`;
}

/**
 * A cluster's accepted pod networks as prefix sets, one per family: gobgpd refuses a prefix set that
 * mixes IPv4 and IPv6 ("multiple families") when it builds its policies, after `gobgpd -d` has
 * passed the file, and then runs with no import policy at all. IPv4 is `pods-<cluster>`, IPv6
 * `pods-<cluster>-ipv6`.
 */
function podSets(entry: TopologyRouter["accepted"][number]): { name: string; family: 4 | 6; prefixes: { prefix: string; maxLength: number }[] }[] {
  return ([4, 6] as const).flatMap((family) => {
    const prefixes = (entry.podCidrs ?? []).filter(({ prefix }) => prefix.includes(":") === (family === 6));
    return prefixes.length > 0 ? [{ name: `${setName("pods", entry.cluster)}${family === 6 ? "-ipv6" : ""}`, family, prefixes }] : [];
  });
}

/** The gobgpd configuration of a router as a TOML document (plain data; tests adjust it for loopback). */
export function gobgpConfig(router: TopologyRouter): TomlTable {
  const peerGroups = router.dynamicPeers.map((dynamic) => ({
    config: { "peer-group-name": setName("k8s", dynamic.cluster), "peer-as": dynamic.asn },
    "afi-safis": (dynamic.afiSafis ?? ["ipv4-unicast"]).map((name) => ({ config: { "afi-safi-name": name } })),
  }));
  const dynamicNeighbors = router.dynamicPeers.map((dynamic) => ({
    config: { prefix: dynamic.prefix, "peer-group": setName("k8s", dynamic.cluster) },
  }));

  // Each cluster may announce its LB pool (any length inside it), its pod networks if it advertises them, and nothing else.
  const clusterNeighbors = (cluster: string): string[] => {
    const dynamic = router.dynamicPeers.find((candidate) => candidate.cluster === cluster);
    return dynamic ? [dynamic.prefix] : router.nodePeers.filter((peer) => peer.cluster === cluster).map((peer) => peer.address);
  };
  const policed = router.accepted.filter((entry) => entry.prefixes.length > 0 && clusterNeighbors(entry.cluster).length > 0);
  const importSets = {
    prefixSets: policed.flatMap((entry) => [
      {
        "prefix-set-name": setName("lb", entry.cluster),
        "prefix-list": entry.prefixes.map((prefix) => ({ "ip-prefix": prefix, "masklength-range": `${prefix.split("/")[1]}..${prefix.includes(":") ? 128 : 32}` })),
      },
      // The pod networks, as a whole or as the nodes' slices of them, and nothing longer (no pod's /32).
      ...podSets(entry).map(({ name, prefixes }) => ({
        "prefix-set-name": name,
        "prefix-list": prefixes.map(({ prefix, maxLength }) => ({ "ip-prefix": prefix, "masklength-range": `${prefix.split("/")[1]}..${maxLength}` })),
      })),
    ]),
    neighborSets: policed.map((entry) => ({
      "neighbor-set-name": setName("k8s", entry.cluster),
      "neighbor-info-list": clusterNeighbors(entry.cluster),
    })),
  };
  const importPolicy = {
    name: "kubernetes-import",
    statements: policed.flatMap((entry) => [
      {
        name: `${entry.cluster}-lb-pool`,
        conditions: {
          "match-neighbor-set": { "neighbor-set": setName("k8s", entry.cluster) },
          "match-prefix-set": { "prefix-set": setName("lb", entry.cluster) },
        },
        actions: { "route-disposition": "accept-route" },
      },
      ...podSets(entry).map(({ name, family }) => ({
        name: `${entry.cluster}-pod-cidrs${family === 6 ? "-ipv6" : ""}`,
        conditions: {
          "match-neighbor-set": { "neighbor-set": setName("k8s", entry.cluster) },
          "match-prefix-set": { "prefix-set": name },
        },
        actions: { "route-disposition": "accept-route" },
      })),
      {
        name: `${entry.cluster}-anything-else`,
        conditions: { "match-neighbor-set": { "neighbor-set": setName("k8s", entry.cluster) } },
        actions: { "route-disposition": "reject-route" },
      },
    ]),
  };
  const exported = upstreamExport(router);
  const prefixSets = [...importSets.prefixSets, ...(exported ? [exported.prefixSet] : [])];
  const neighborSets = [...importSets.neighborSets, ...(exported ? [exported.neighborSet] : [])];
  const policies = [...(policed.length > 0 ? [importPolicy] : []), ...(exported ? [exported.policy] : [])];
  const applyPolicy = {
    ...(policed.length > 0 ? { "import-policy-list": ["kubernetes-import"], "default-import-policy": "accept-route" } : {}),
    // Routes to the nodes are not filtered; the upstream statements decide only for upstreams.
    ...(exported ? { "export-policy-list": [exported.policy.name], "default-export-policy": "accept-route" } : {}),
  };

  return {
    global: {
      config: { as: router.asn, "router-id": router.routerId, port: router.listenPort },
      ...(Object.keys(applyPolicy).length > 0 ? { "apply-policy": { config: applyPolicy } } : {}),
    },
    ...(router.upstreams.length + router.nodePeers.length > 0 ? { neighbors: [...router.upstreams, ...router.nodePeers].map(neighbor) } : {}),
    ...(peerGroups.length > 0 ? { "peer-groups": peerGroups, "dynamic-neighbors": dynamicNeighbors } : {}),
    ...(policies.length > 0 ? { "defined-sets": { "prefix-sets": prefixSets, "neighbor-sets": neighborSets }, "policy-definitions": policies } : {}),
  };
}

/**
 * What a router that originates prefixes sends its eBGP upstreams (another AS: the Internet side):
 * exactly those prefixes (the exact length, no more-specifics), and nothing else, in particular not
 * the clusters' LB pools. An iBGP upstream (the router's own AS, a backbone between sites) is left
 * unfiltered: it carries the originated prefixes along with the LB pools, so the AS's edge can
 * announce them. GoBGP evaluates an export policy's neighbor set against the neighbor a route is
 * sent to. Undefined when the router originates nothing or has no eBGP upstream.
 */
function upstreamExport(router: TopologyRouter): { prefixSet: TomlTable; neighborSet: TomlTable; policy: TomlTable & { name: string } } | undefined {
  const originate = router.originate ?? [];
  const ebgp = router.upstreams.filter((peer) => peer.asn !== router.asn);
  if (originate.length === 0 || ebgp.length === 0) return undefined;
  return {
    prefixSet: {
      "prefix-set-name": "originated",
      "prefix-list": originate.map((prefix) => ({ "ip-prefix": prefix, "masklength-range": `${prefix.split("/")[1]}..${prefix.split("/")[1]}` })),
    },
    neighborSet: { "neighbor-set-name": "upstreams", "neighbor-info-list": ebgp.map((peer) => peer.address) },
    policy: {
      name: "upstream-export",
      statements: [
        {
          name: "originated-to-upstreams",
          conditions: { "match-neighbor-set": { "neighbor-set": "upstreams" }, "match-prefix-set": { "prefix-set": "originated" } },
          actions: { "route-disposition": "accept-route" },
        },
        {
          name: "nothing-else-to-upstreams",
          conditions: { "match-neighbor-set": { "neighbor-set": "upstreams" } },
          actions: { "route-disposition": "reject-route" },
        },
      ],
    },
  };
}

/** The router of a Topology by name; the only one when no name is given. */
export function findRouter(topology: Topology, name?: string): TopologyRouter {
  const routers = topology.bgp.routers;
  if (routers.length === 0) throw new Error(`environment "${topology.environment}" declares no routers; add routers[] to environments/${topology.environment}.ts`);
  if (name === undefined) {
    if (routers.length > 1) throw new Error(`environment "${topology.environment}" has several routers (${routers.map((r) => r.name).join(", ")}); name one`);
    return routers[0];
  }
  const router = routers.find((candidate) => candidate.name === name);
  if (!router) throw new Error(`router "${name}" is not in environment "${topology.environment}"; its routers are ${routers.map((r) => r.name).join(", ")}`);
  return router;
}

/** gobgpd.toml of a router, with a header saying where it comes from. */
export function renderGobgpConfig(topology: Topology, router: TopologyRouter): string {
  const header = `# gobgpd.toml of router ${router.name} (${router.vm}) in environment "${topology.environment}", generated by homelab-cdktf.\n# Do not edit: change environments/${topology.environment}.ts and print it with \`npx homelab gobgp-config ${topology.environment} ${router.name}\`.\n`;
  return header + toToml(gobgpConfig(router));
}

/** Host vars of a router VM: its rendered config for ansible/roles/gobgp; nothing for other VMs. */
export function routerHostVars(topology: Topology, vm: TopologyVm): Record<string, unknown> {
  const router = topology.bgp.routers.find((candidate) => candidate.vm === vm.name);
  if (!router) return {};
  return {
    gobgp_router: router.name,
    gobgp_config: renderGobgpConfig(topology, router),
    // The prefixes ansible/roles/gobgp injects into gobgpd's RIB once it runs (gobgp global rib add).
    ...(router.originate?.length ? { gobgp_originate: router.originate.map((prefix) => ({ prefix, family: prefix.includes(":") ? "ipv6" : "ipv4" })) } : {}),
    // The port ansible/roles/gobgp runs gobgp_exporter on, for the platform's Prometheus.
    ...(router.metricsPort !== undefined ? { gobgp_exporter_port: router.metricsPort } : {}),
  };
}
