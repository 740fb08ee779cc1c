import { Release } from "@cdktf/provider-helm/lib/release";
import { ArgoCd } from "../../constructs/platform/argocd";
import { Flux } from "../../constructs/platform/flux";
import { resolveChanged } from "../support/environments";
import { addressOf, objectsOf, platformOf, synth } from "./helpers";

const argo = platformOf("orion").gitops!;
// No shipped environment runs Flux (the MicroK8s plan's staging delivers with Argo CD): staging with Flux instead.
const flux = resolveChanged("staging", (env) => {
  env.platform!.argocd = { enabled: false };
  env.platform!.flux = { enabled: true, repoUrl: "https://github.com/example/homelab-gitops.git" };
}).platform.gitops!;

describe("ArgoCd", () => {
  it("installs the pinned chart into an explicit argocd namespace", () => {
    const { json } = synth((scope) => new ArgoCd(scope, "ArgoCd", { gitops: argo, domain: "orion.lab" }));
    expect(json).toHaveResourceWithProperties(Release, { name: "argocd", chart: "argo-cd", repository: "https://argoproj.github.io/argo-helm", version: "9.0.6", namespace: "argocd" });
  });

  it("points the root Application at the environment's repository and folder", () => {
    const { doc } = synth((scope) => new ArgoCd(scope, "ArgoCd", { gitops: argo, domain: "orion.lab" }));
    const [application] = objectsOf(doc, "argocd-root");
    expect(application.spec.source).toEqual({ repoURL: "https://github.com/example/orion-gitops.git", path: "clusters/orion", targetRevision: "HEAD" });
    expect(Object.values(doc.resource.helm_release).find((r: any) => r.name === "argocd-root")!.depends_on).toEqual([addressOf(doc, "argocd")]);
  });
});

describe("Flux", () => {
  it("installs the pinned chart into an explicit flux-system namespace", () => {
    const { json } = synth((scope) => new Flux(scope, "Flux", { gitops: flux }));
    expect(json).toHaveResourceWithProperties(Release, { name: "flux", chart: "flux2", repository: "https://fluxcd-community.github.io/helm-charts", version: "2.17.1", namespace: "flux-system" });
  });

  it("syncs the environment's folder of its repository", () => {
    const { doc } = synth((scope) => new Flux(scope, "Flux", { gitops: flux }));
    const [repository, kustomization] = objectsOf(doc, "flux-sync");
    expect(repository.spec).toMatchObject({ url: "https://github.com/example/homelab-gitops.git", ref: { branch: "main" } });
    expect(kustomization.spec).toMatchObject({ path: "./clusters/staging", sourceRef: { kind: "GitRepository", name: "flux-system" } });
  });
});
