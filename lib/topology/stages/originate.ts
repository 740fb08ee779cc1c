import type { Environment, Router } from "../../config/schema";
import type { IssueLog } from "../../config/errors";
import { parseCidr, type ParsedCidr } from "../../net/ip";
import type { PlannedTopologyNetwork } from "../types";

/*
 * What a router offers besides its sessions. Prefixes a router originates (the lab's own address space, announced to its upstreams). A prefix
 * the environment does not hold anywhere (no NetBox prefix, no network inside it) is most likely a
 * typo that would announce someone else's space, so it is a warning; host bits are an error, since
 * GoBGP would announce a different prefix than the one written.
 */

/** Whether `inner` lies inside `outer` (same family). */
function covers(outer: ParsedCidr, inner: ParsedCidr): boolean {
  return outer.family === inner.family && outer.prefixLength <= inner.prefixLength && inner.network >= outer.first && inner.network <= outer.last;
}

/**
 * The router's originated prefixes, normalised, in config order without repeats. Reports host bits
 * (error) and a prefix that neither a NetBox prefix nor a network of the environment overlaps
 * (warning).
 */
export function planOriginate(
  prefixes: readonly string[],
  path: string,
  env: Environment,
  networks: readonly PlannedTopologyNetwork[],
  issues: IssueLog,
): string[] {
  const known = [
    ...(env.netbox?.prefixes ?? []).map((entry) => parseCidr(entry.prefix)),
    ...networks.flatMap((network) => [...(network.cidr ? [parseCidr(network.cidr)] : []), ...(network.ipv6 ? [parseCidr(network.ipv6.prefix)] : [])]),
  ];
  const originated: string[] = [];
  prefixes.forEach((prefix, index) => {
    const parsed = parseCidr(prefix);
    if (parsed.text !== prefix) {
      issues.error(`${path}[${index}]`, prefix, `has host bits set; write the prefix ${parsed.text}`);
      return;
    }
    if (!known.some((other) => covers(other, parsed) || covers(parsed, other))) {
      issues.warn(`${path}[${index}]`, prefix, "is covered by no NetBox prefix (netbox.prefixes) and holds no network of this environment; check it is your address space before announcing it");
    }
    if (!originated.includes(parsed.text)) originated.push(parsed.text);
  });
  return originated;
}

/** Port node_exporter holds on every host (ansible/roles/node_exporter). */
const NODE_EXPORTER_PORT = 9100;

/** The router's exporter needs a port of its own on the router VM: not node_exporter's, not gobgpd's. */
export function checkMetricsPort(router: Router, path: string, issues: IssueLog): void {
  if (router.metricsPort === NODE_EXPORTER_PORT) {
    issues.error(`${path}.metricsPort`, router.metricsPort, "is node_exporter's port on every host; use another, such as 9474 (gobgp_exporter's own)");
  } else if (router.metricsPort !== undefined && router.metricsPort === router.listenPort) {
    issues.error(`${path}.metricsPort`, router.metricsPort, `is gobgpd's BGP port (listenPort); use another, such as 9474 (gobgp_exporter's own)`);
  }
}
