import * as path from "path";
import { Construct } from "constructs";
import { AssetType, ITerraformDependable, TerraformAsset, TerraformStack } from "cdktf";
import YAML from "yaml";
import { Release } from "@cdktf/provider-helm/lib/release";
import { NamespaceV1 } from "@cdktf/provider-kubernetes/lib/namespace-v1";
import { findPackageRoot } from "../../lib/provider-schema/load";
import type { PinnedChart } from "./charts";

/*
 * The three building blocks every platform component uses: an explicit namespace, a release of a
 * pinned upstream chart, and a release of the in-repo platform-objects chart carrying the custom
 * resources whose CRDs that upstream chart brings.
 */

/** Label on everything the platform stack creates directly. */
export const MANAGED_BY = { "app.kubernetes.io/managed-by": "homelab-cdktf" } as const;

/** Anything a release can wait for. */
export type Dependency = ITerraformDependable;

/** A Kubernetes namespace created explicitly (releases never create their own). */
export function platformNamespace(scope: Construct, name: string, labels: Record<string, string> = {}): NamespaceV1 {
  return new NamespaceV1(scope, "Namespace", { metadata: { name, labels: { ...MANAGED_BY, ...labels } } });
}

export interface ChartReleaseProps {
  /** The pinned chart. */
  readonly chart: PinnedChart;
  /** Helm release name. */
  readonly name: string;
  /** Namespace the release lives in (created before it). */
  readonly namespace: string;
  /** Chart values; rendered as one YAML document. */
  readonly values: Record<string, unknown>;
  /** What must exist first (the namespace, CNI, CRD-bringing charts, storage classes). */
  readonly dependsOn: readonly Dependency[];
  /** Values set from sensitive inputs, never written into `values`. @default none */
  readonly sensitiveValues?: readonly { readonly name: string; readonly value: string }[];
  /** Seconds Helm waits for the release's resources to become ready. @default 600 */
  readonly timeoutSeconds?: number;
}

/**
 * YAML for a release's values: key order as given, no line wrapping, no anchors, and YAML 1.1
 * quoting, because Helm reads values as YAML 1.1 (an unquoted 2024-04-01 would become a timestamp).
 */
export function valuesYaml(values: Record<string, unknown>): string {
  return YAML.stringify(values, { lineWidth: 0, aliasDuplicateObjects: false, version: "1.1" });
}

/** A helm_release of a pinned upstream chart; waits until its workloads are ready, rolls back on failure. */
export function chartRelease(scope: Construct, id: string, props: ChartReleaseProps): Release {
  return new Release(scope, id, {
    name: props.name,
    repository: props.chart.repository,
    chart: props.chart.chart,
    version: props.chart.version,
    namespace: props.namespace,
    createNamespace: false,
    values: [valuesYaml(props.values)],
    wait: true,
    atomic: true,
    timeout: props.timeoutSeconds ?? 600,
    ...(props.sensitiveValues && props.sensitiveValues.length > 0 ? { setSensitive: props.sensitiveValues.map((entry) => ({ ...entry })) } : {}),
    dependsOn: [...props.dependsOn],
  });
}

/** A Kubernetes object as the platform-objects chart renders it. */
export interface KubernetesObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: { readonly name: string; readonly namespace?: string; readonly labels?: Record<string, string>; readonly annotations?: Record<string, string> };
  readonly [key: string]: unknown;
}

const CHART_ASSET_ID = "PlatformObjectsChart";

/** The in-repo chart, copied once per stack into the synthesized output (assets/...). */
function platformObjectsChart(scope: Construct): TerraformAsset {
  const stack = TerraformStack.of(scope);
  const existing = stack.node.tryFindChild(CHART_ASSET_ID);
  if (existing) return existing as TerraformAsset;
  return new TerraformAsset(stack, CHART_ASSET_ID, {
    path: path.join(findPackageRoot(), "charts", "platform-objects"),
    type: AssetType.DIRECTORY,
  });
}

export interface ObjectsReleaseProps {
  /** Helm release name. */
  readonly name: string;
  /** Namespace of the release (objects carry their own namespaces). */
  readonly namespace: string;
  /** The objects; every one must name its kind's CRD-bringing chart in dependsOn. */
  readonly objects: readonly KubernetesObject[];
  /** The release that installs the CRDs (and webhooks) these objects need. */
  readonly dependsOn: readonly Dependency[];
}

/**
 * Custom resources delivered as a release of charts/platform-objects, ordered after the chart that
 * brings their CRDs. Helm resolves kinds at install time, so a fresh cluster comes up in one apply
 * (kubernetes_manifest would need the CRD while Terraform plans).
 */
export function objectsRelease(scope: Construct, id: string, props: ObjectsReleaseProps): Release {
  return new Release(scope, id, {
    name: props.name,
    chart: platformObjectsChart(scope).path,
    namespace: props.namespace,
    createNamespace: false,
    values: [valuesYaml({ objects: props.objects })],
    wait: true,
    atomic: true,
    timeout: 300,
    dependsOn: [...props.dependsOn],
  });
}
