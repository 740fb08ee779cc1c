import { Construct } from "constructs";
import type { Release } from "@cdktf/provider-helm/lib/release";
import type { TopologyCrowdsec } from "../../lib/topology/types";
import { CHARTS } from "./charts";
import { chartRelease, Dependency, platformNamespace } from "./release";

export interface CrowdsecProps {
  /** Resolved CrowdSec (Topology.platform.crowdsec). */
  readonly crowdsec: TopologyCrowdsec;
  /** What must exist first (the CNI, the storage classes, the ingress controller whose logs it reads). */
  readonly dependsOn: readonly Dependency[];
}

export const CROWDSEC_NAMESPACE = "crowdsec";

/**
 * The chart's values (crowdsec 0.24.0 values.yaml): the agent DaemonSet tails the ingress
 * controller's pod logs (containerd's CRI format on k3s) with the parser collection for it; the
 * local API keeps its database and config on the default StorageClass and enrolls in the console
 * with the key from the named Secret, never written here.
 */
export function crowdsecValues(crowdsec: TopologyCrowdsec): Record<string, unknown> {
  const { acquisition, enrollKeySecret } = crowdsec;
  const volume = { enabled: true, storageClassName: crowdsec.storageClass };
  return {
    container_runtime: "containerd",
    agent: {
      acquisition: [{ namespace: acquisition.namespace, podName: acquisition.podName, program: acquisition.program }],
      env: [{ name: "COLLECTIONS", value: crowdsec.collections.join(" ") }],
    },
    lapi: {
      persistentVolume: { data: volume, config: volume },
      ...(enrollKeySecret
        ? {
            env: [
              { name: "ENROLL_KEY", valueFrom: { secretKeyRef: { name: enrollKeySecret.name, key: enrollKeySecret.key } } },
              { name: "ENROLL_INSTANCE_NAME", value: crowdsec.instanceName },
            ],
          }
        : {}),
    },
  };
}

/**
 * CrowdSec's local API and agents. No bouncer: Traefik's CrowdSec bouncer is a Traefik plugin
 * fetched from the plugin catalogue at start and a Middleware attached per route, which the
 * platform does not model yet; decisions are still made and shared with the console.
 */
export class Crowdsec extends Construct {
  readonly release: Release;

  constructor(scope: Construct, id: string, props: CrowdsecProps) {
    super(scope, id);
    const namespace = platformNamespace(this, CROWDSEC_NAMESPACE);
    this.release = chartRelease(this, "Resource", {
      chart: CHARTS.crowdsec,
      name: "crowdsec",
      namespace: CROWDSEC_NAMESPACE,
      values: crowdsecValues(props.crowdsec),
      dependsOn: [namespace, ...props.dependsOn],
    });
  }
}
