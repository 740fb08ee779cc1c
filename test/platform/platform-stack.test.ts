import { Testing } from "cdktf";
import { PlatformStack } from "../../constructs/platform-stack";
import { checkTerraformJson, formatSchemaProblems, loadProviderSchemas } from "../../lib/provider-schema";
import { topologyOf } from "../support/environments";
import { addressOf, objectsOf, releases, valuesOf, type StackJson } from "./helpers";

const ENVIRONMENTS = ["dev", "staging", "production", "orion", "nuclear-lighters"] as const;

function synthPlatform(environment: string): { json: string; doc: StackJson } {
  const app = Testing.app();
  const stack = new PlatformStack(app, `${environment}-platform`, { topology: topologyOf(environment) });
  const json = Testing.synth(stack);
  return { json, doc: JSON.parse(json) as StackJson };
}

const stacks = Object.fromEntries(ENVIRONMENTS.map((environment) => [environment, synthPlatform(environment)]));

describe.each(ENVIRONMENTS)("the %s platform stack", (environment) => {
  const { json, doc } = stacks[environment];

  it("matches its snapshot", () => {
    expect(json).toMatchSnapshot();
  });

  it("passes the pinned kubernetes and helm provider schemas", () => {
    const problems = checkTerraformJson(doc, loadProviderSchemas());
    expect(formatSchemaProblems(problems)).toBe("no provider-schema problems");
  });

  it("pins every upstream chart to an exact version and repository", () => {
    for (const release of Object.values(releases(doc))) {
      if (String(release.chart).startsWith("assets/")) continue;
      expect(release.version).toMatch(/^v?\d+\.\d+\.\d+$/);
      expect(release.repository).toMatch(/^https:\/\//);
    }
  });

  it("lets no release create its own namespace", () => {
    for (const release of Object.values(releases(doc))) expect(release.create_namespace).toBe(false);
  });

  it("declares every password variable sensitive and without a default", () => {
    for (const [name, variable] of Object.entries(doc.variable ?? {})) {
      if (name.startsWith("kubeconfig_path")) continue;
      expect(variable).toMatchObject({ sensitive: true });
      expect(variable.default).toBeUndefined();
    }
  });
});

describe("platform stack ordering", () => {
  it("installs nothing on a Cilium cluster before Cilium", () => {
    const { doc } = stacks.orion;
    const cilium = addressOf(doc, "cilium");
    const dependsOn = new Map<string, string[]>();
    for (const [type, resources] of Object.entries(doc.resource)) {
      for (const [name, resource] of Object.entries(resources)) dependsOn.set(`${type}.${name}`, resource.depends_on ?? []);
    }
    const reaches = (address: string, seen = new Set<string>()): boolean =>
      (dependsOn.get(address) ?? []).some((next) => next === cilium || (!seen.has(next) && (seen.add(next), reaches(next, seen))));
    for (const [type, resources] of Object.entries(doc.resource)) {
      for (const name of Object.keys(resources)) {
        const address = `${type}.${name}`;
        if (type === "kubernetes_namespace_v1" || type === "kubernetes_secret_v1" || address === cilium) continue;
        expect([address, reaches(address)]).toEqual([address, true]);
      }
    }
  });

  it.each(ENVIRONMENTS)("has no dependency cycle in %s, so one deploy brings a fresh cluster up", (environment) => {
    const { doc } = stacks[environment];
    const dependsOn = new Map<string, string[]>();
    for (const [type, resources] of Object.entries(doc.resource)) {
      for (const [name, resource] of Object.entries(resources)) dependsOn.set(`${type}.${name}`, resource.depends_on ?? []);
    }
    const state = new Map<string, "visiting" | "done">();
    const cycleFrom = (address: string, path: string[]): string[] | undefined => {
      if (state.get(address) === "done") return undefined;
      if (state.get(address) === "visiting") return [...path, address];
      state.set(address, "visiting");
      for (const next of dependsOn.get(address) ?? []) {
        const cycle = cycleFrom(next, [...path, address]);
        if (cycle) return cycle;
      }
      state.set(address, "done");
      return undefined;
    };
    for (const address of dependsOn.keys()) expect(cycleFrom(address, [])).toBeUndefined();
  });

  it("installs MetalLB, whose chart then ships ServiceMonitors, after the Prometheus Operator's CRDs", () => {
    const { doc } = stacks.orion;
    expect(releases(doc).metallb.depends_on).toContain(addressOf(doc, "kube-prometheus-stack"));
    expect(valuesOf(doc, "metallb").prometheus.serviceMonitor).toEqual({ enabled: true });
  });

  it("leaves MetalLB's ServiceMonitors off where no monitoring runs", () => {
    const { doc } = stacks.dev;
    expect(releases(doc)["kube-prometheus-stack"]).toBeUndefined();
    expect(valuesOf(doc, "metallb").prometheus).toBeUndefined();
  });

  it("renders BGPSessionDown from the metric of orion's BGP speaker, MetalLB", () => {
    const { doc } = stacks.orion;
    const rules = objectsOf(doc, "orion-alert-rules")[0].spec.groups[0].rules;
    expect(rules.find((rule: any) => rule.alert === "BGPSessionDown").expr).toBe("metallb_bgp_session_up == 0");
  });

  it("starts the ingress after the LoadBalancer pool exists", () => {
    const { doc } = stacks.orion;
    expect(releases(doc).traefik.depends_on).toContain(addressOf(doc, "metallb-config"));
  });

  it("puts volumes on Longhorn only after its storage classes exist", () => {
    const { doc } = stacks.orion;
    expect(releases(doc)["kube-prometheus-stack"].depends_on).toEqual(expect.arrayContaining([expect.stringMatching(/^kubernetes_storage_class_v1\.Longhorn_longhorn-r2/)]));
  });

  it("installs Rancher after the ClusterIssuer and the ingress", () => {
    const { doc } = stacks.production;
    expect(releases(doc).rancher.depends_on).toEqual(expect.arrayContaining([addressOf(doc, "cert-manager-issuers"), addressOf(doc, "traefik")]));
  });
});

describe("platform stack secrets", () => {
  it("asks for Grafana's password only where monitoring runs", () => {
    expect(Object.keys(stacks.orion.doc.variable ?? {})).toContain("grafana_admin_password");
    expect(Object.keys(stacks.dev.doc.variable ?? {})).not.toContain("grafana_admin_password");
  });

  it("asks for Rancher's bootstrap password only where Rancher runs", () => {
    expect(Object.keys(stacks.production.doc.variable ?? {})).toContain("rancher_bootstrap_password");
    expect(Object.keys(stacks.orion.doc.variable ?? {})).not.toContain("rancher_bootstrap_password");
  });
});
