import * as fs from "fs";
import * as path from "path";
import Ajv from "ajv";
import { CHARTS, CROWDSEC_BOUNCER_PLUGIN } from "../../constructs/platform/charts";
import { bouncerMiddleware, CROWDSEC_BOUNCER } from "../../constructs/platform/crowdsec";
import { topologyOf } from "../support/environments";
import { releaseObjects } from "../seeds/support";

/*
 * CrowdSec's bouncer Middleware, checked against Traefik's Middleware CRD at the pinned chart and
 * its plugin configuration against the fields the pinned plugin release reads
 * (providers/traefik-middleware.openapi.json): a misspelt key would be ignored by the plugin,
 * which would then run on its default (an empty API key, a bouncer the local API refuses).
 */

const pinned = JSON.parse(fs.readFileSync(path.join(__dirname, "../../providers/traefik-middleware.openapi.json"), "utf8")) as {
  schemas: Record<string, { source: string; schema: object }>;
};
const ajv = new Ajv({ strict: false, allErrors: true });
const validateMiddleware = ajv.compile(pinned.schemas.Middleware.schema);
const validatePlugin = ajv.compile(pinned.schemas.crowdsecBouncerPlugin.schema);

/** Complaints of the CRD schema and of the plugin's fields about a Middleware, or "" when it is valid. */
function problems(middleware: any): string {
  const crd = validateMiddleware(middleware) ? "" : ajv.errorsText(validateMiddleware.errors);
  const plugin = validatePlugin(middleware.spec?.plugin?.[CROWDSEC_BOUNCER.pluginName]) ? "" : ajv.errorsText(validatePlugin.errors);
  return [crd, plugin].filter(Boolean).join("; ");
}

const gitopsLab = bouncerMiddleware(topologyOf("gitops-lab").platform.crowdsec!.bouncer!) as any;

describe("the pinned Middleware and bouncer plugin schemas", () => {
  it("come from the Traefik chart and the plugin release the platform pins", () => {
    expect(pinned.schemas.Middleware.source).toContain(`tag v${CHARTS.traefik.version} `);
    expect(pinned.schemas.crowdsecBouncerPlugin.source).toContain(`${CROWDSEC_BOUNCER_PLUGIN.moduleName.replace(/^github\.com\//, "")} tag ${CROWDSEC_BOUNCER_PLUGIN.version} `);
  });

  it("accept gitops-lab's bouncer Middleware, as rendered into its release", () => {
    expect(releaseObjects("gitops-lab", "crowdsec-bouncer")).toEqual([gitopsLab]);
    expect(problems(gitopsLab)).toBe("");
  });

  it("reject a misspelt plugin key, a string where the plugin reads a number, and a Middleware kind Traefik does not serve", () => {
    const config = gitopsLab.spec.plugin[CROWDSEC_BOUNCER.pluginName];
    const withConfig = (changed: Record<string, unknown>) => ({ ...gitopsLab, spec: { plugin: { [CROWDSEC_BOUNCER.pluginName]: changed } } });
    const { crowdsecLapiKey, ...withoutKey } = config;
    expect(problems(withConfig({ ...withoutKey, crowdsecLAPIKey: crowdsecLapiKey }))).toMatch(/must NOT have additional properties/);
    expect(problems(withConfig({ ...config, updateMaxFailure: "2" }))).toMatch(/updateMaxFailure must be integer/);
    expect(problems({ ...gitopsLab, apiVersion: "traefik.containo.us/v1alpha1" })).toMatch(/apiVersion must be equal to one of the allowed values/);
  });
});
