import * as fs from "fs";
import * as path from "path";
import Ajv from "ajv";
import { CHARTS } from "../../constructs/platform/charts";
import { clusterSecretStore } from "../../constructs/platform/external-secrets";
import { planTiny } from "../support/tiny-environment";
import { topologyOf } from "../support/environments";

/*
 * The ClusterSecretStore the platform renders, for each backend, checked against External Secrets'
 * own CRD schema at the pinned chart's version (providers/external-secrets-crds.openapi.json), the
 * way test/flux checks the Flux objects.
 */

const pinned = JSON.parse(fs.readFileSync(path.join(__dirname, "../../providers/external-secrets-crds.openapi.json"), "utf8")) as {
  schemas: Record<string, { source: string; schema: object }>;
};
const ajv = new Ajv({ strict: false, allErrors: true });
// The OpenAPI formats the CRD uses, as Kubernetes reads them.
ajv.addFormat("int32", { type: "number", validate: (value: number) => Number.isInteger(value) && value >= -(2 ** 31) && value < 2 ** 31 });
ajv.addFormat("int64", { type: "number", validate: (value: number) => Number.isSafeInteger(value) });
ajv.addFormat("byte", /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/);
const validate = ajv.compile(pinned.schemas.ClusterSecretStore.schema);

/** The schema's complaints about `object`, or "" when it is valid. */
function problems(object: unknown): string {
  return validate(object) ? "" : ajv.errorsText(validate.errors);
}

describe("the pinned ClusterSecretStore schema", () => {
  it("comes from the external-secrets release the chart pin installs", () => {
    expect(pinned.schemas.ClusterSecretStore.source).toMatch(new RegExp(`^external-secrets/external-secrets tag v${CHARTS.externalSecrets.version.replace(/\./g, "\\.")} `));
  });

  it("accepts the gitops-lab Bitwarden store", () => {
    expect(problems(clusterSecretStore(topologyOf("gitops-lab").platform.externalSecrets!))).toBe("");
  });

  it("accepts the multi-site OpenBao store and a Vault store", () => {
    const vault = planTiny({ platform: { externalSecrets: { enabled: true, server: "https://vault.tiny.example:8200" } } }).platform.externalSecrets!;
    expect(problems(clusterSecretStore(vault))).toBe("");
    expect(problems(clusterSecretStore(topologyOf("production").platform.externalSecrets!))).toBe("");
  });

  it("rejects a Bitwarden store with a misspelt field or without its project", () => {
    const store = clusterSecretStore(topologyOf("gitops-lab").platform.externalSecrets!) as any;
    const provider = store.spec.provider.bitwardensecretsmanager;
    expect(problems({ ...store, spec: { provider: { bitwardensecretsmanager: { ...provider, projectId: provider.projectID } } } })).toMatch(/additional properties/);
    const { projectID: _dropped, ...withoutProject } = provider;
    expect(problems({ ...store, spec: { provider: { bitwardensecretsmanager: withoutProject } } })).toMatch(/must have required property 'projectID'/);
  });

  it("rejects a store naming two providers", () => {
    const store = clusterSecretStore(topologyOf("gitops-lab").platform.externalSecrets!) as any;
    expect(problems({ ...store, spec: { provider: { ...store.spec.provider, vault: { server: "https://vault.example", auth: {} } } } })).toMatch(/must NOT have more than 1 properties/);
  });
});
