import { Release } from "@cdktf/provider-helm/lib/release";
import { SecretV1 } from "@cdktf/provider-kubernetes/lib/secret-v1";
import { bgpSessionDownRule, orionAlertRules } from "../../constructs/platform/alert-rules";
import { Logging, LOKI_URL } from "../../constructs/platform/logging";
import { Monitoring } from "../../constructs/platform/monitoring";
import { topologyOf } from "../support/environments";
import { addressOf, objectsOf, platformOf, synth, valuesOf } from "./helpers";

const monitoring = platformOf("orion").monitoring!;
const logging = platformOf("orion").logging!;
const orionLoadBalancer = platformOf("orion").loadBalancer!;
const build = (lokiUrl?: string) => (scope: any) =>
  new Monitoring(scope, "Monitoring", { monitoring, grafanaAdminPassword: "${var.grafana_admin_password}", kubeProxy: true, loadBalancer: orionLoadBalancer, ...(lokiUrl ? { lokiUrl } : {}) });

describe("Monitoring", () => {
  it("installs the pinned kube-prometheus-stack into an explicit monitoring namespace", () => {
    const { json } = synth(build());
    expect(json).toHaveResourceWithProperties(Release, {
      name: "kube-prometheus-stack",
      chart: "kube-prometheus-stack",
      repository: "https://prometheus-community.github.io/helm-charts",
      version: "79.10.0",
      namespace: "monitoring",
    });
  });

  it("keeps Prometheus data on the Topology's default storage class", () => {
    const { doc } = synth(build());
    expect(valuesOf(doc, "kube-prometheus-stack").prometheus.prometheusSpec.storageSpec.volumeClaimTemplate.spec).toMatchObject({
      storageClassName: "longhorn-r2",
      resources: { requests: { storage: "20Gi" } },
    });
  });

  it("takes Grafana's admin password from a Secret filled by the sensitive variable", () => {
    const { json, doc } = synth(build());
    expect(valuesOf(doc, "kube-prometheus-stack").grafana.admin).toEqual({ existingSecret: "grafana-admin", userKey: "admin-user", passwordKey: "admin-password" });
    expect(json).toHaveResourceWithProperties(SecretV1, { data: { "admin-user": "admin", "admin-password": "${var.grafana_admin_password}" } });
  });

  it("ships the ORION alert rules as a PrometheusRule after the operator's CRDs", () => {
    const { doc } = synth(build());
    const [rule] = objectsOf(doc, "orion-alert-rules");
    expect(rule.kind).toBe("PrometheusRule");
    expect(rule.spec.groups[0].rules.map((entry: any) => entry.alert)).toEqual(["BGPSessionDown", "BGPSessionDown", "VMHighCPU", "K8sPodCrashLoop"]);
    expect(Object.values(doc.resource.helm_release).find((r: any) => r.name === "orion-alert-rules")!.depends_on).toEqual([addressOf(doc, "kube-prometheus-stack")]);
  });

  it("scrapes node_exporter on port 9100 of every VM of the environment, named by the VM", () => {
    const { doc } = synth(build());
    const vms = topologyOf("orion").vms;
    expect(valuesOf(doc, "kube-prometheus-stack").prometheus.prometheusSpec.additionalScrapeConfigs.slice(0, 1)).toEqual([
      {
        job_name: "node-exporter",
        static_configs: vms.map((vm) => ({ targets: [`${vm.nic.ipv4.address}:9100`], labels: { instance: vm.name, role: vm.role } })),
      },
    ]);
    expect(vms.map((vm) => vm.name)).toEqual(expect.arrayContaining(["orion-router", "orion-netbox", "orion-ai-agent", "orion-k3s-server-1"]));
  });

  it("leaves the chart's node exporter off, since the Ansible-installed one holds port 9100 on every node", () => {
    const { doc } = synth(build());
    expect(valuesOf(doc, "kube-prometheus-stack").nodeExporter).toEqual({ enabled: false, forceDeployDashboards: true });
  });

  it("keeps the chart's node exporter when there is no VM to scrape", () => {
    const { doc } = synth((scope) => new Monitoring(scope, "Monitoring", { monitoring: { ...monitoring, nodeExporters: [], routerExporters: [] }, grafanaAdminPassword: "x", kubeProxy: true }));
    const values = valuesOf(doc, "kube-prometheus-stack");
    expect(values.nodeExporter).toBeUndefined();
    expect(values.prometheus.prometheusSpec.additionalScrapeConfigs).toBeUndefined();
  });

  it("adds Loki as a Grafana data source when logging runs", () => {
    const { doc } = synth(build(LOKI_URL));
    expect(valuesOf(doc, "kube-prometheus-stack").grafana.additionalDataSources).toEqual([{ name: "Loki", type: "loki", access: "proxy", url: LOKI_URL }]);
  });
});

describe("ORION alert rules", () => {
  it("fire after the seed's durations", () => {
    expect(orionAlertRules(orionLoadBalancer).map((rule) => [rule.alert, rule.for])).toEqual([["BGPSessionDown", "5m"], ["VMHighCPU", "10m"], ["K8sPodCrashLoop", "5m"]]);
  });

  it("watch orion's BGP sessions through MetalLB's speakers, which it peers from in bgp mode", () => {
    expect(orionLoadBalancer).toMatchObject({ provider: "metallb", mode: "bgp" });
    expect(bgpSessionDownRule(orionLoadBalancer)).toMatchObject({ expr: "metallb_bgp_session_up == 0", for: "5m", labels: { severity: "critical" } });
    expect(bgpSessionDownRule(orionLoadBalancer)!.annotations.summary).toContain("{{ $labels.peer }}");
  });

  it("reference no metric that nothing exports (the seed's GoBGP exporter is not installed)", () => {
    for (const rule of orionAlertRules(orionLoadBalancer)) expect(rule.expr).not.toMatch(/gobgp_/);
  });

  it("leave BGPSessionDown out where no BGP session is scraped", () => {
    const dev = platformOf("dev").loadBalancer!;
    expect(dev).toMatchObject({ provider: "metallb", mode: "l2" });
    // MetalLB L2, no load balancer, and Cilium's BGP control plane (its metrics are not scraped).
    for (const loadBalancer of [dev, undefined, platformOf("nuclear-lighters").loadBalancer!, platformOf("production").loadBalancer!]) {
      expect(bgpSessionDownRule(loadBalancer)).toBeUndefined();
      expect(orionAlertRules(loadBalancer).map((rule) => rule.alert)).toEqual(["VMHighCPU", "K8sPodCrashLoop"]);
      expect(orionAlertRules(loadBalancer).map((rule) => rule.expr).join("\n")).not.toMatch(/bgp/i);
    }
    expect(platformOf("nuclear-lighters").loadBalancer).toMatchObject({ provider: "cilium", mode: "bgp" });
  });

  it("render the PrometheusRule from the cluster's load balancer", () => {
    const { doc } = synth((scope) => new Monitoring(scope, "Monitoring", { monitoring: { ...monitoring, routerExporters: [] }, grafanaAdminPassword: "x", kubeProxy: true, loadBalancer: platformOf("dev").loadBalancer! }));
    const [rule] = objectsOf(doc, "orion-alert-rules");
    expect(rule.spec.groups[0].rules.map((entry: any) => entry.alert)).toEqual(["VMHighCPU", "K8sPodCrashLoop"]);
  });
});

describe("Logging", () => {
  it("installs the pinned Loki chart in single-binary mode on the default storage class", () => {
    const { json, doc } = synth((scope) => new Logging(scope, "Logging", { logging }));
    expect(json).toHaveResourceWithProperties(Release, { name: "loki", chart: "loki", repository: "https://grafana.github.io/helm-charts", version: "6.46.0", namespace: "logging" });
    expect(valuesOf(doc, "loki").singleBinary.persistence).toEqual({ storageClass: "longhorn-r2", size: "10Gi" });
  });

  it("quotes Loki's schema date so Helm does not read it as a timestamp", () => {
    const { doc } = synth((scope) => new Logging(scope, "Logging", { logging }));
    expect(Object.values(doc.resource.helm_release).find((r: any) => r.name === "loki")!.values[0]).toContain('from: "2024-04-01"');
  });

  it("ships logs with Alloy by default, pushing to Loki", () => {
    const { json, doc } = synth((scope) => new Logging(scope, "Logging", { logging }));
    expect(json).toHaveResourceWithProperties(Release, { name: "alloy", chart: "alloy", version: "1.4.0", namespace: "logging" });
    expect(valuesOf(doc, "alloy").alloy.configMap.content).toContain(`url = "${LOKI_URL}/loki/api/v1/push"`);
    // A DaemonSet: each Alloy pod tails only the pods of its own node, or every log line arrives once per node.
    expect(valuesOf(doc, "alloy").alloy.configMap.content).toContain('field = "spec.nodeName=" + sys.env("HOSTNAME")');
  });

  it("ships logs with Promtail when picked", () => {
    const { json } = synth((scope) => new Logging(scope, "Logging", { logging: { ...logging, shipper: "promtail" } }));
    expect(json).toHaveResourceWithProperties(Release, { name: "promtail", chart: "promtail", version: "6.17.0", namespace: "logging" });
  });
});
