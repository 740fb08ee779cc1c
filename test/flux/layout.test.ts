import { execFileSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import Ajv from "ajv";
import YAML from "yaml";
import { fluxSyncObjects as platformSyncObjects } from "../../constructs/platform/flux";
import { fluxLayout } from "../../lib/flux/layout";
import { topologyOf } from "../support/environments";
import { planTiny } from "../support/tiny-environment";
import { requireTool, tempDir } from "../support/tools";

/*
 * `homelab gitops`: the Flux layout as `flux bootstrap` lays it out, with the seed's layered
 * Kustomizations. Built with `kubectl kustomize`, every object is checked against the pinned Flux
 * CRD schemas (providers/flux-crds.openapi.json).
 */

const pinned = JSON.parse(fs.readFileSync(path.join(__dirname, "../../providers/flux-crds.openapi.json"), "utf8")) as { schemas: Record<string, { schema: object }> };
const ajv = new Ajv({ strict: false, allErrors: true });
const validators = Object.fromEntries(Object.entries(pinned.schemas).map(([kind, entry]) => [kind, ajv.compile(entry.schema)]));

const gitopsLab = fluxLayout(topologyOf("gitops-lab"));
const root = tempDir("flux");
for (const file of gitopsLab) {
  fs.mkdirSync(path.dirname(path.join(root, file.path)), { recursive: true });
  fs.writeFileSync(path.join(root, file.path), file.content);
}

/** The objects `kubectl kustomize` builds from a folder of the written layout. */
function build(folder: string): any[] {
  requireTool("kubectl", "kubectl");
  const out = execFileSync("kubectl", ["kustomize", path.join(root, folder)], { encoding: "utf8" });
  return YAML.parseAllDocuments(out).map((document) => document.toJSON()).filter(Boolean);
}

const flux = { enabled: true, repoUrl: "https://github.com/example/gitops.git" };

describe("the Flux layout", () => {
  it("lays out kubernetes/clusters/<cluster>/ with flux-system and one Kustomization per layer in ks/", () => {
    expect(gitopsLab.map((file) => file.path).filter((file) => file.startsWith("kubernetes/clusters/"))).toEqual([
      "kubernetes/clusters/production/flux-system/gotk-sync.yaml",
      "kubernetes/clusters/production/flux-system/kustomization.yaml",
      "kubernetes/clusters/production/ks/00-infrastructure.yaml",
      "kubernetes/clusters/production/ks/10-metallb-install.yaml",
      "kubernetes/clusters/production/ks/20-metallb-config.yaml",
      "kubernetes/clusters/production/ks/90-apps.yaml",
      "kubernetes/clusters/production/ks/kustomization.yaml",
      "kubernetes/clusters/production/kustomization.yaml",
    ]);
  });

  it("builds with kubectl kustomize, each layer depending on the one before", () => {
    const layers = build("kubernetes/clusters/production").filter((object) => object.kind === "Kustomization" && object.metadata.name !== "flux-system");

    expect(layers.map((layer) => [layer.metadata.name, layer.spec.dependsOn?.map((dependency: { name: string }) => dependency.name) ?? []])).toEqual([
      ["00-infrastructure", []],
      ["10-metallb-install", ["00-infrastructure"]],
      ["20-metallb-config", ["10-metallb-install"]],
      ["90-apps", ["20-metallb-config"]],
    ]);
  });

  it("validates every built object against the pinned Flux CRD schemas", () => {
    const objects = build("kubernetes/clusters/production");
    const failures = objects.map((object) => {
      const validate = validators[object.kind];
      if (!validate) return `${object.kind}/${object.metadata.name}: no pinned schema`;
      return validate(object) ? "" : `${object.kind}/${object.metadata.name}: ${ajv.errorsText(validate.errors)}`;
    });

    expect(objects.map((object) => object.kind).sort()).toEqual(["GitRepository", "Kustomization", "Kustomization", "Kustomization", "Kustomization", "Kustomization"]);
    expect(failures.filter(Boolean)).toEqual([]);
  });

  it("rejects an object with a field the pinned schema does not have", () => {
    const [, sync] = platformSyncObjects(topologyOf("gitops-lab").platform.gitops!);

    expect(validators.Kustomization({ ...sync, spec: { ...(sync.spec as object), pathh: "./typo" } })).toBe(false);
  });

  it("bootstraps from the same GitRepository and Kustomization the platform stack installs", () => {
    const gotkSync = gitopsLab.find((file) => file.path.endsWith("flux-system/gotk-sync.yaml"))!;
    const written = YAML.parseAllDocuments(gotkSync.content).map((document) => document.toJSON());

    expect(written.map((object) => object.spec)).toEqual(platformSyncObjects(topologyOf("gitops-lab").platform.gitops!).map((object) => object.spec));
    expect(written[1].spec.path).toBe("./kubernetes/clusters/production");
  });

  it("gives each layer a folder of its own that builds", () => {
    expect(build("kubernetes/90-apps")).toEqual([]);
  });

  it("writes nothing for an environment without Flux layers", () => {
    expect(fluxLayout(planTiny({ platform: { flux } }))).toEqual([]);
  });

  it("rejects a layer depending on one listed after it, naming both", () => {
    const layers = [{ name: "00-infrastructure", dependsOn: ["90-apps"] }, { name: "90-apps" }];

    expect(() => planTiny({ platform: { flux: { ...flux, layers } } })).toThrow(
      /platform\.flux\.layers\[0\]\.dependsOn\[0\] = "90-apps": names a layer listed at or after 00-infrastructure; layers apply in list order, so move 90-apps before 00-infrastructure/,
    );
  });
});
