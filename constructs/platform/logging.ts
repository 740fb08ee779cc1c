import { Construct } from "constructs";
import type { Release } from "@cdktf/provider-helm/lib/release";
import type { TopologyPlatform } from "../../lib/topology/types";
import { CHARTS } from "./charts";
import { chartRelease, Dependency, platformNamespace } from "./release";

export interface LoggingProps {
  /** Resolved logging options (Topology.platform.logging). */
  readonly logging: NonNullable<TopologyPlatform["logging"]>;
  /** What must exist first (CNI, storage classes). @default nothing */
  readonly dependsOn?: readonly Dependency[];
}

export const LOGGING_NAMESPACE = "logging";
/** Loki's in-cluster URL (single-binary mode serves everything on the `loki` service). */
export const LOKI_URL = `http://loki.${LOGGING_NAMESPACE}.svc.cluster.local:3100`;

/**
 * Alloy pipeline: the logs of the pods on this Alloy pod's node, labelled by namespace, pod and
 * container, to Loki. Alloy runs as a DaemonSet and loki.source.kubernetes tails through the API, so
 * without the node selector every Alloy pod would ship every pod's logs (the chart sets HOSTNAME to
 * spec.nodeName; selector as in Alloy's discovery.kubernetes reference).
 */
function alloyConfig(): string {
  return [
    'discovery.kubernetes "pods" {',
    '  role = "pod"',
    "  selectors {",
    '    role  = "pod"',
    '    field = "spec.nodeName=" + sys.env("HOSTNAME")',
    "  }",
    "}",
    'discovery.relabel "pods" {',
    "  targets = discovery.kubernetes.pods.targets",
    '  rule {',
    '    source_labels = ["__meta_kubernetes_namespace"]',
    '    target_label  = "namespace"',
    "  }",
    '  rule {',
    '    source_labels = ["__meta_kubernetes_pod_name"]',
    '    target_label  = "pod"',
    "  }",
    '  rule {',
    '    source_labels = ["__meta_kubernetes_pod_container_name"]',
    '    target_label  = "container"',
    "  }",
    "}",
    'loki.source.kubernetes "pods" {',
    "  targets    = discovery.relabel.pods.output",
    "  forward_to = [loki.write.default.receiver]",
    "}",
    'loki.write "default" {',
    "  endpoint {",
    `    url = "${LOKI_URL}/loki/api/v1/push"`,
    "  }",
    "}",
    "",
  ].join("\n");
}

/** Loki in single-binary mode with filesystem storage, and a shipper (Alloy or Promtail) on every node. */
export class Logging extends Construct {
  readonly release: Release;
  readonly shipper: Release;

  constructor(scope: Construct, id: string, props: LoggingProps) {
    super(scope, id);
    const { logging } = props;
    const namespace = platformNamespace(this, LOGGING_NAMESPACE, { "pod-security.kubernetes.io/enforce": "privileged" });
    this.release = chartRelease(this, "Resource", {
      chart: CHARTS.loki,
      name: "loki",
      namespace: LOGGING_NAMESPACE,
      values: {
        deploymentMode: "SingleBinary",
        loki: {
          auth_enabled: false,
          commonConfig: { replication_factor: 1 },
          storage: { type: "filesystem" },
          schemaConfig: {
            configs: [{ from: "2024-04-01", store: "tsdb", object_store: "filesystem", schema: "v13", index: { prefix: "loki_index_", period: "24h" } }],
          },
        },
        singleBinary: { replicas: 1, persistence: { storageClass: logging.storageClass, size: `${logging.storageGiB}Gi` } },
        backend: { replicas: 0 },
        read: { replicas: 0 },
        write: { replicas: 0 },
        chunksCache: { enabled: false },
        resultsCache: { enabled: false },
        lokiCanary: { enabled: false },
        test: { enabled: false },
      },
      dependsOn: [namespace, ...(props.dependsOn ?? [])],
    });
    const shipperValues =
      logging.shipper === "alloy"
        ? { alloy: { configMap: { create: true, content: alloyConfig() } }, controller: { type: "daemonset" } }
        : { config: { clients: [{ url: `${LOKI_URL}/loki/api/v1/push` }] } };
    this.shipper = chartRelease(this, "Shipper", {
      chart: logging.shipper === "alloy" ? CHARTS.alloy : CHARTS.promtail,
      name: logging.shipper,
      namespace: LOGGING_NAMESPACE,
      values: shipperValues,
      dependsOn: [this.release],
    });
  }
}
