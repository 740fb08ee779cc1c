import { execFileSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import YAML from "yaml";
import { parseAddress } from "../../lib/net/ip";
import { topologyOf } from "../support/environments";

/*
 * Every overlay in k8s/overlays/<environment> is built with `kubectl kustomize` (offline) and each
 * object is validated against the Kubernetes OpenAPI schemas in kubernetes-models. LoadBalancer
 * addresses must lie in the environment's pool from the Topology.
 */

const K8S = path.join(__dirname, "../../k8s");
const overlays = fs.readdirSync(path.join(K8S, "overlays")).sort();

function build(overlay: string): any[] {
  const out = execFileSync("kubectl", ["kustomize", path.join(K8S, "overlays", overlay)], { encoding: "utf8" });
  return YAML.parseAllDocuments(out).map((document) => document.toJSON()).filter(Boolean);
}

/** Validation runs in a child process: kubernetes-models is ESM only. */
function validate(objects: any[]): { kind: string; name: string; errors: string[] }[] {
  const out = execFileSync(process.execPath, [path.join(__dirname, "validate-objects.mjs")], { input: JSON.stringify(objects), encoding: "utf8" });
  return JSON.parse(out);
}

const built = Object.fromEntries(overlays.map((overlay) => [overlay, build(overlay)]));

it("has an overlay for orion, the environment the workloads came from", () => {
  expect(overlays).toContain("orion");
});

describe.each(overlays)("the %s overlay", (overlay) => {
  const objects = built[overlay];
  const byKind = (kind: string) => objects.filter((object) => object.kind === kind);

  it("is named after a shipped environment", () => {
    expect(() => topologyOf(overlay)).not.toThrow();
  });

  it("validates against the Kubernetes OpenAPI schemas", () => {
    const invalid = validate(objects).filter((result) => result.errors.length > 0);
    expect(invalid).toEqual([]);
  });

  it("puts every LoadBalancer address inside the environment's pool", () => {
    const pool = topologyOf(overlay).cluster!.loadBalancerPool;
    const [first, last] = [parseAddress(pool.start).value, parseAddress(pool.end).value];
    const services = byKind("Service").filter((service) => service.spec.type === "LoadBalancer");
    expect(services.length).toBeGreaterThan(0);
    for (const service of services) {
      const address = parseAddress(service.spec.loadBalancerIP).value;
      expect([service.metadata.name, address >= first && address <= last]).toEqual([service.metadata.name, true]);
    }
  });

  it("gives every container probes, limits and a non-root security context", () => {
    for (const deployment of byKind("Deployment")) {
      const pod = deployment.spec.template.spec;
      expect(pod.securityContext.runAsNonRoot).toBe(true);
      for (const container of pod.containers) {
        expect(container.readinessProbe).toBeDefined();
        expect(container.livenessProbe).toBeDefined();
        expect(container.resources.limits).toEqual(expect.objectContaining({ cpu: expect.anything(), memory: expect.anything() }));
        expect(container.securityContext.allowPrivilegeEscalation).toBe(false);
      }
    }
  });

  it("covers every Deployment with a PodDisruptionBudget selecting its pods", () => {
    const budgets = byKind("PodDisruptionBudget");
    for (const deployment of byKind("Deployment")) {
      const labels = deployment.spec.template.metadata.labels;
      const covered = budgets.some((budget) => Object.entries(budget.spec.selector.matchLabels).every(([key, value]) => labels[key] === value));
      expect([deployment.metadata.name, covered]).toEqual([deployment.metadata.name, true]);
    }
  });

  it("runs Backstage as the ORION seed sizes it: 2 replicas of 2 CPU / 4 GiB and a 50 GiB volume", () => {
    const backstage = byKind("Deployment").find((deployment) => deployment.metadata.name === "backstage");
    expect(backstage.spec.replicas).toBe(2);
    expect(backstage.spec.template.spec.containers[0].resources.requests).toEqual({ cpu: "2", memory: "4Gi" });
    expect(byKind("PersistentVolumeClaim").find((claim) => claim.metadata.name === "backstage-data").spec.resources.requests.storage).toBe("50Gi");
  });

  it("runs vapor-api as the ORION seed sizes it: 3 replicas of 1 CPU / 2 GiB behind a ClusterIP", () => {
    const vapor = byKind("Deployment").find((deployment) => deployment.metadata.name === "vapor-api");
    expect(vapor.spec.replicas).toBe(3);
    expect(vapor.spec.template.spec.containers[0].resources.requests).toEqual({ cpu: "1", memory: "2Gi" });
    expect(byKind("Service").find((service) => service.metadata.name === "vapor-api").spec.type).toBe("ClusterIP");
  });
});

it("serves Backstage on 192.168.100.40 in orion", () => {
  const service = built.orion.find((object) => object.kind === "Service" && object.metadata.name === "backstage");
  expect(service.spec.loadBalancerIP).toBe("192.168.100.40");
});

it("keeps every ha-cluster Deployment off the arm64 Raspberry Pis, and only there", () => {
  const deployments = (overlay: string) => built[overlay].filter((object) => object.kind === "Deployment");
  expect(deployments("ha-cluster").length).toBeGreaterThan(0);
  for (const deployment of deployments("ha-cluster")) {
    expect([deployment.metadata.name, deployment.spec.template.spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms]).toEqual([
      deployment.metadata.name,
      [{ matchExpressions: [{ key: "kubernetes.io/arch", operator: "NotIn", values: ["arm64"] }] }],
    ]);
  }
  expect(topologyOf("ha-cluster").hosts.map((host) => host.architecture)).toEqual(["arm64", "arm64"]);
  for (const deployment of deployments("orion")) expect(deployment.spec.template.spec.affinity?.nodeAffinity).toBeUndefined();
});

it("catches an object that breaks its schema", () => {
  const [result] = validate([{ apiVersion: "v1", kind: "Service", metadata: { name: "broken" }, spec: { ports: [{ port: "eighty" }] } }]);
  expect(result.errors).toEqual(["/spec/ports/0/port must be integer"]);
});
