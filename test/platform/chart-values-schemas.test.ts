import * as fs from "fs";
import * as path from "path";
import Ajv from "ajv";
import { crowdsecValues } from "../../constructs/platform/crowdsec";
import { traefikValues } from "../../constructs/platform/traefik";
import { CHARTS } from "../../constructs/platform/charts";
import { topologyOf } from "../support/environments";
import { planTiny } from "../support/tiny-environment";
import { releaseValues } from "../seeds/support";

/*
 * Values the platform sets, checked against the charts' own values.schema.json at the pinned tags
 * (providers/chart-values.openapi.json holds the parts that constrain those values), the check Helm
 * runs at install time.
 */

const pinned = JSON.parse(fs.readFileSync(path.join(__dirname, "../../providers/chart-values.openapi.json"), "utf8")) as {
  schemas: Record<string, { source: string; schema: object }>;
};
const ajv = new Ajv({ strict: false, allErrors: true });
const validators = Object.fromEntries(Object.entries(pinned.schemas).map(([chart, entry]) => [chart, ajv.compile(entry.schema)]));

/** The schema's complaints about a chart's values, or "" when they are valid. */
function problems(chart: string, values: unknown): string {
  const validate = validators[chart];
  return validate(values) ? "" : ajv.errorsText(validate.errors);
}

describe("the pinned chart values schemas", () => {
  it("come from the chart versions the platform pins", () => {
    expect(pinned.schemas.crowdsec.source).toContain(`tag crowdsec-${CHARTS.crowdsec.version} `);
    expect(pinned.schemas.externalSecrets.source).toContain(`tag helm-chart-${CHARTS.externalSecrets.version} `);
    expect(pinned.schemas.traefik.source).toContain(`tag v${CHARTS.traefik.version} `);
  });

  it("accept gitops-lab's CrowdSec and External Secrets values", () => {
    expect(releaseValues("gitops-lab", "crowdsec").map((values) => problems("crowdsec", values))).toEqual([""]);
    expect(releaseValues("gitops-lab", "external-secrets").map((values) => problems("externalSecrets", values))).toEqual([""]);
  });

  it("accept gitops-lab's Traefik values with CrowdSec's bouncer, and Traefik without it", () => {
    expect(releaseValues("gitops-lab", "traefik").map((values) => problems("traefik", values))).toEqual([""]);
    const ingress = planTiny({ platform: { traefik: { enabled: true } } }).platform.ingress!;
    expect(problems("traefik", traefikValues(ingress))).toBe("");
  });

  it("reject Traefik values the chart's schema refuses: a misspelt ingress class key, a non-boolean plugin switch", () => {
    const platform = topologyOf("gitops-lab").platform;
    const values = traefikValues(platform.ingress!, platform.crowdsec!.bouncer) as any;
    expect(problems("traefik", { ...values, ingressClass: { ...values.ingressClass, default: true } })).toMatch(/must NOT have additional properties/);
    expect(problems("traefik", { ...values, experimental: { ...values.experimental, abortOnPluginFailure: "yes" } })).toMatch(/must be boolean/);
    expect(problems("traefik", { ...values, ports: { ...values.ports, websecure: { middlewares: "crowdsec-bouncer@kubernetescrd" } } })).toMatch(/must be array/);
  });

  it("accept CrowdSec reading ingress-nginx", () => {
    const crowdsec = planTiny({ platform: { ingressNginx: { enabled: true }, crowdsec: { enabled: true } } }).platform.crowdsec!;
    expect(problems("crowdsec", crowdsecValues(crowdsec))).toBe("");
  });

  it("reject an acquisition with a misspelt key and a container runtime the chart does not know", () => {
    const values = crowdsecValues(topologyOf("gitops-lab").platform.crowdsec!) as any;
    expect(problems("crowdsec", { ...values, agent: { ...values.agent, acquisition: [{ namespace: "traefik", podname: "traefik-*", program: "traefik" }] } })).toMatch(/additional properties|required property 'podName'/);
    expect(problems("crowdsec", { ...values, container_runtime: "cri-o" })).toMatch(/must be equal to one of the allowed values/);
  });

  it("reject a non-boolean switch for the Bitwarden SDK server", () => {
    expect(problems("externalSecrets", { installCRDs: true, "bitwarden-sdk-server": { enabled: "yes" } })).toMatch(/must be boolean/);
  });
});
