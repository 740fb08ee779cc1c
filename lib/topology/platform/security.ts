import type { IssueLog } from "../../config/errors";
import type { Platform } from "../../config/platform";
import type { TopologyCnpg, TopologyCrowdsec, TopologyPlatform, TopologyAuthentik } from "../types";
import { P } from "./shared";

/*
 * The security components of the gitops-lab seed beside External Secrets and the replicator:
 * Authentik (identity provider) and CrowdSec (log-based intrusion detection). Both build on the
 * ingress controller, so they are resolved after it.
 */

/** The database, role and owner name Authentik uses in a CNPG Cluster. */
export const AUTHENTIK_DATABASE = "authentik";

/** What Authentik builds on: the rest of the resolved platform. */
export interface AuthentikContext {
  readonly ingress: TopologyPlatform["ingress"];
  readonly certManager: TopologyPlatform["certManager"];
  readonly cnpg: TopologyCnpg | undefined;
  readonly defaultStorageClass: string;
  readonly domain: string;
}

/**
 * Authentik needs an ingress to be served through; its certificate comes from the platform's
 * ClusterIssuer when cert-manager runs. PostgreSQL is the platform's CNPG Cluster when there is
 * one (a role and database `authentik` in it), else the chart's bundled server.
 */
export function resolveAuthentik(config: Platform, context: AuthentikContext, issues: IssueLog): TopologyAuthentik | undefined {
  if (!config.authentik.enabled) return undefined;
  const a = config.authentik;
  if (!context.ingress) issues.error(`${P}.authentik.enabled`, true, "Authentik is served through an ingress; enable platform.traefik or platform.ingressNginx");
  const kind = a.database ?? (context.cnpg ? "cnpg" : "bundled");
  if (kind === "cnpg" && !context.cnpg) {
    issues.error(`${P}.authentik.database`, "cnpg", "names the platform's CloudNativePG Cluster, but platform.cnpg is off; set platform.cnpg.enabled: true or database: \"bundled\"");
  }
  const cnpg = context.cnpg;
  return {
    hostname: a.hostname ?? `auth.${context.domain}`,
    credentialsSecret: a.credentialsSecret,
    replicas: a.replicas,
    ingressClassName: context.ingress?.className ?? "",
    ...(context.certManager ? { clusterIssuer: context.certManager.issuer.name } : {}),
    database:
      kind === "cnpg"
        ? { kind, host: cnpg ? `${cnpg.clusterName}-rw.${cnpg.namespace}.svc` : "", name: AUTHENTIK_DATABASE, user: AUTHENTIK_DATABASE }
        : { kind, storageClass: context.defaultStorageClass },
  };
}

/** The CNPG Cluster with Authentik's database and role added, when Authentik keeps its data there. */
export function withAuthentikDatabase(cnpg: TopologyCnpg | undefined, config: Platform, authentik: TopologyAuthentik | undefined): TopologyCnpg | undefined {
  if (!cnpg || authentik?.database.kind !== "cnpg") return cnpg;
  return { ...cnpg, databases: [...(cnpg.databases ?? []), { name: AUTHENTIK_DATABASE, owner: AUTHENTIK_DATABASE, passwordSecret: config.authentik.cnpgRoleSecret }] };
}

/** Where each ingress controller's pods run and which CrowdSec parsers read their access logs. */
const INGRESS_LOGS: Record<NonNullable<TopologyPlatform["ingress"]>["controller"], Pick<TopologyCrowdsec, "acquisition" | "collections">> = {
  traefik: { acquisition: { namespace: "traefik", podName: "traefik-*", program: "traefik" }, collections: ["crowdsecurity/traefik"] },
  "ingress-nginx": { acquisition: { namespace: "ingress-nginx", podName: "ingress-nginx-controller-*", program: "nginx" }, collections: ["crowdsecurity/nginx"] },
};

/**
 * CrowdSec reads the ingress controller's logs, so it needs one. Its bouncer is a Traefik plugin, so
 * enforcing decisions needs Traefik as that controller.
 */
export function resolveCrowdsec(config: Platform, ingress: TopologyPlatform["ingress"], environment: string, defaultStorageClass: string, issues: IssueLog): TopologyCrowdsec | undefined {
  const c = config.crowdsec;
  if (!c.enabled) {
    if (c.bouncer.enabled) {
      issues.error(`${P}.crowdsec.bouncer.enabled`, true, "the bouncer enforces the decisions of CrowdSec's local API, but platform.crowdsec.enabled is false; set platform.crowdsec.enabled: true or drop the bouncer");
    }
    return undefined;
  }
  if (!ingress) issues.error(`${P}.crowdsec.enabled`, true, "CrowdSec's agents read the ingress controller's access logs; enable platform.traefik or platform.ingressNginx");
  if (c.bouncer.enabled && ingress?.controller === "ingress-nginx") {
    issues.error(
      `${P}.crowdsec.bouncer.enabled`,
      true,
      "the bouncer is a Traefik plugin and the ingress controller is ingress-nginx, whose CrowdSec bouncer (a Lua plugin inside the controller) is not supported yet; set platform.crowdsec.bouncer.enabled: false, or switch to platform.traefik",
    );
  }
  return {
    ...INGRESS_LOGS[ingress?.controller ?? "traefik"],
    ...(c.enrollKeySecret ? { enrollKeySecret: { name: c.enrollKeySecret.name, key: c.enrollKeySecret.key } } : {}),
    instanceName: c.instanceName ?? environment,
    storageClass: defaultStorageClass,
    ...(c.bouncer.enabled ? { bouncer: { keySecret: { name: c.bouncer.keySecret.name, key: c.bouncer.keySecret.key } } } : {}),
  };
}
