import { App, Testing } from "cdktf";
import YAML from "yaml";
import { InfraStack } from "../../constructs/infra-stack";
import { PlatformStack } from "../../constructs/platform-stack";
import { fluxLayout } from "../../lib/flux/layout";
import { renderInventory } from "../../lib/inventory";
import { packerTemplate } from "../../lib/packer/template";
import { environments } from "../../environments";
import { resolveEnvironment } from "../../lib/topology";
import { topologyOf } from "../support/environments";
import { seedFact } from "./seed-fact";

/*
 * The gitops-lab seed (Packer → Terraform → Ansible → K3s → Flux), asserted on what users get: the
 * synthesized stacks, the inventory, the Packer template and the Flux layout.
 */

const topology = topologyOf("gitops-lab");
const infra = JSON.parse(Testing.synth(new InfraStack(Testing.app() as App, "gitops-lab-infra", { topology })));
const platform = JSON.parse(Testing.synth(new PlatformStack(Testing.app() as App, "gitops-lab-platform", { topology })));
const vms = Object.values(infra.resource.proxmox_virtual_environment_vm as Record<string, any>);
const inventory = YAML.parse(renderInventory(topology));
const packer = packerTemplate(topology)!;
const flux = fluxLayout(topology);
const releases = Object.values(platform.resource.helm_release as Record<string, any>);
const hosts: Record<string, any> = { ...inventory.all.children.k3s_cluster.children.server.hosts };
const vmNamed = (name: string) => vms.find((vm) => vm.name === name);
const releaseValues = (chart: string) => releases.filter((release) => release.chart === chart).map((release) => (release.values ?? []).join("\n")).join("\n");
const file = (suffix: string) => flux.find((entry) => entry.path.endsWith(suffix))!.content;

seedFact("gitops-lab", "packer-templates-per-node", () => {
  expect(packer.hcl).toMatch(/source "proxmox-iso" "pve1" \{[^]*?node\s+= "pve1"\n\s+vm_id\s+= 9000/);
  expect(packer.hcl).toMatch(/source "proxmox-iso" "pve2" \{[^]*?node\s+= "pve2"\n\s+vm_id\s+= 9001/);
});

seedFact("gitops-lab", "packer-cloud-init", () => {
  expect(packer.hcl).toContain("apt-get install -y qemu-guest-agent cloud-init curl nfs-common open-iscsi");
  expect(packer.hcl).toMatch(/cloud_init\s+= true/);
});

seedFact("gitops-lab", "terraform-clones-templates", () => {
  expect(vms.map((vm) => [vm.name, vm.node_name, vm.clone.vm_id, vm.clone.node_name])).toEqual([
    ["k3s-node-01", "pve1", 9000, "pve1"],
    ["k3s-node-02", "pve2", 9001, "pve2"],
    ["k3s-node-03", "pve1", 9000, "pve1"],
  ]);
});

seedFact("gitops-lab", "terraform-inventory", () => {
  expect(infra.output.ansible_inventory).toBeDefined();
  expect(Object.keys(hosts)).toEqual(["k3s-node-01", "k3s-node-02", "k3s-node-03"]);
});

seedFact("gitops-lab", "proxmox-hosts", () => {
  expect(topology.proxmox.nodes.map((node) => node.name)).toEqual(["pve1", "pve2"]);
  expect(new Set(vms.map((vm) => vm.node_name))).toEqual(new Set(["pve1", "pve2"]));
});

seedFact("gitops-lab", "k3s-vlan", () => {
  for (const vm of vms) expect(vm.network_device[0]).toMatchObject({ bridge: "vmbr0", vlan_id: 10 });
  expect(vmNamed("k3s-node-01").initialization.ip_config[0].ipv4.address).toMatch(/\/24$/);
});

seedFact("gitops-lab", "k3s-gateway", () => {
  for (const vm of vms) expect(vm.initialization.ip_config[0].ipv4.gateway).toBe("192.168.10.1");
});

seedFact("gitops-lab", "node-ips", () => {
  expect(vms.map((vm) => vm.initialization.ip_config[0].ipv4.address)).toEqual(["192.168.10.50/24", "192.168.10.51/24", "192.168.10.52/24"]);
});

seedFact("gitops-lab", "metallb-pool", () => {
  expect(JSON.stringify(platform)).toContain("192.168.10.200-192.168.10.250");
});

seedFact("gitops-lab", "node-names", () => {
  expect(vms.map((vm) => vm.name)).toEqual(["k3s-node-01", "k3s-node-02", "k3s-node-03"]);
});

seedFact("gitops-lab", "node-placement", () => {
  expect(vms.map((vm) => vm.node_name)).toEqual(["pve1", "pve2", "pve1"]);
});

seedFact("gitops-lab", "zone-labels", () => {
  expect(Object.entries(hosts).map(([name, vars]) => [name, vars.k8s_node_labels["topology.kubernetes.io/zone"]])).toEqual([
    ["k3s-node-01", "pve1"],
    ["k3s-node-02", "pve2"],
    ["k3s-node-03", "pve1"],
  ]);
});

seedFact("gitops-lab", "node-roles", () => {
  expect(Object.values(hosts).map((vars) => vars.k8s_node_labels["node-role"])).toEqual(["general", "general", "storage"]);
});

seedFact("gitops-lab", "ha-distribution", () => {
  // The planner reports the seed's placement as a quorum risk; the environment acknowledges it with the seed's reason.
  const unacknowledged = resolveEnvironment({ ...environments["gitops-lab"], acknowledge: [] }, "gitops-lab");
  expect(unacknowledged.warnings.map((warning) => warning.message)).toContainEqual(expect.stringMatching(/pve1 holds 2 of 3 servers, a majority/));
  expect(topology.warnings).toEqual([]);
});

seedFact("gitops-lab", "traefik", () => {
  expect(releases.map((release) => release.chart)).toContain("traefik");
});

seedFact("gitops-lab", "cert-manager", () => {
  expect(releases.map((release) => release.chart)).toContain("cert-manager");
  expect(JSON.stringify(platform)).toContain("cloudflare");
});

seedFact("gitops-lab", "longhorn-classes", () => {
  const text = JSON.stringify(platform);
  expect(text).toContain("longhorn-r1");
  expect(text).toContain("longhorn-r2");
});

seedFact("gitops-lab", "observability", () => {
  expect(releases.map((release) => release.chart)).toEqual(expect.arrayContaining(["kube-prometheus-stack", "loki", "alloy"]));
  expect(releaseValues("kube-prometheus-stack")).toContain("grafana");
});

seedFact("gitops-lab", "external-dns", () => {
  expect(releaseValues("external-dns")).toMatch(/name: cloudflare[\s\S]*name: cloudflare-api-token/);
  expect(releaseValues("external-dns")).toMatch(/domainFilters:\n\s*- lab\.example/);
});

seedFact("gitops-lab", "cnpg", () => {
  expect(releases.map((release) => release.chart)).toContain("cloudnative-pg");
  expect(JSON.stringify(platform)).toContain("kind: Cluster");
});

seedFact("gitops-lab", "nfs", () => {
  expect(releaseValues("nfs-subdir-external-provisioner")).toMatch(/server: nas\.lab\.example\n\s+path: \/mnt\/media/);
  expect(releaseValues("nfs-subdir-external-provisioner")).toContain("name: nfs-media");
});

seedFact("gitops-lab", "kube-replicator", () => {
  expect(releases.map((release) => release.chart)).toContain("kubernetes-replicator");
});

seedFact("gitops-lab", "flux-branch", () => {
  expect(file("flux-system/gotk-sync.yaml")).toMatch(/ref:\n\s+branch: master/);
});

seedFact("gitops-lab", "flux-layout", () => {
  expect(flux.map((entry) => entry.path)).toEqual(expect.arrayContaining(["kubernetes/clusters/production/flux-system/gotk-sync.yaml", "kubernetes/clusters/production/ks/kustomization.yaml"]));
});

seedFact("gitops-lab", "flux-layers", () => {
  expect(YAML.parse(file("ks/kustomization.yaml")).resources).toEqual(["00-infrastructure.yaml", "10-metallb-install.yaml", "20-metallb-config.yaml", "90-apps.yaml"]);
  expect(YAML.parse(file("ks/90-apps.yaml")).spec.dependsOn).toEqual([{ name: "20-metallb-config" }]);
});

/** The objects a platform-objects release named `name` carries. */
const releaseObjects = (name: string): any[] => releases.filter((release) => release.name === name).flatMap((release) => YAML.parse(release.values[0]).objects);

seedFact("gitops-lab", "authentik", () => {
  const authentik = releases.find((release) => release.chart === "authentik")!;
  const values = YAML.parse(authentik.values[0]);
  expect(values.server.ingress).toMatchObject({ enabled: true, ingressClassName: "traefik", hosts: ["auth.lab.example"], annotations: { "cert-manager.io/cluster-issuer": "letsencrypt" } });
  expect(values.authentik.postgresql).toMatchObject({ host: "postgres-rw.databases.svc", name: "authentik", user: "authentik" });
  expect(releaseObjects("cnpg-postgres")).toContainEqual(expect.objectContaining({ kind: "Database", spec: expect.objectContaining({ name: "authentik", owner: "authentik" }) }));
  expect(values.global.env.map((entry: any) => entry.valueFrom.secretKeyRef.name)).toEqual(["authentik-credentials", "authentik-credentials"]);
});

seedFact("gitops-lab", "crowdsec", () => {
  const values = YAML.parse(releases.find((release) => release.chart === "crowdsec")!.values[0]);
  expect(values.agent.acquisition).toEqual([{ namespace: "traefik", podName: "traefik-*", program: "traefik" }]);
  expect(values.lapi.env[0]).toEqual({ name: "ENROLL_KEY", valueFrom: { secretKeyRef: { name: "crowdsec-enroll-key", key: "enroll-key" } } });
  // The bouncer: registered with the local API from the out-of-band Secret, and run by Traefik on both HTTP entrypoints.
  expect(values.lapi.env).toContainEqual({ name: "BOUNCER_KEY_traefik", valueFrom: { secretKeyRef: { name: "crowdsec-bouncer-key", key: "api-key" } } });
  const traefik = YAML.parse(releases.find((release) => release.chart === "traefik")!.values[0]);
  expect(traefik.experimental.plugins["crowdsec-bouncer"]).toEqual({ moduleName: "github.com/maxlerebourg/crowdsec-bouncer-traefik-plugin", version: "v1.7.1" });
  expect([traefik.ports.web.middlewares, traefik.ports.websecure.middlewares]).toEqual([["crowdsec-bouncer@kubernetescrd"], ["crowdsec-bouncer@kubernetescrd"]]);
  const [middleware] = releaseObjects("crowdsec-bouncer");
  expect(middleware).toMatchObject({ apiVersion: "traefik.io/v1alpha1", kind: "Middleware", metadata: { name: "bouncer", namespace: "crowdsec" } });
  expect(middleware.spec.plugin["crowdsec-bouncer"]).toMatchObject({
    enabled: true,
    crowdsecLapiHost: "crowdsec-service.crowdsec.svc.cluster.local:8080",
    crowdsecLapiKey: "urn:k8s:secret:crowdsec-bouncer-key:api-key",
  });
  // The key itself is nowhere in the stack: every mention of its Secret is a reference.
  expect(JSON.stringify(platform).match(/[^\s"\\]*crowdsec-bouncer-key[^\s"\\]*/g)).toEqual(["crowdsec-bouncer-key", "urn:k8s:secret:crowdsec-bouncer-key:api-key"]);
});

seedFact("gitops-lab", "bitwarden-secrets", () => {
  expect(releaseValues("external-secrets")).toMatch(/bitwarden-sdk-server:\n\s+enabled: true/);
  const [store] = releaseObjects("external-secrets-store");
  expect(store).toMatchObject({ kind: "ClusterSecretStore", metadata: { name: "bitwarden" } });
  expect(Object.keys(store.spec.provider)).toEqual(["bitwardensecretsmanager"]);
  expect(store.spec.provider.bitwardensecretsmanager.auth.secretRef.credentials).toEqual({ name: "bitwarden-access-token", key: "token", namespace: "external-secrets" });
});
