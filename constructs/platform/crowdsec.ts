import { Construct } from "constructs";
import type { Release } from "@cdktf/provider-helm/lib/release";
import type { TopologyCrowdsec, TopologyCrowdsecBouncer } from "../../lib/topology/types";
import { CHARTS } from "./charts";
import { chartRelease, Dependency, KubernetesObject, MANAGED_BY, objectsRelease, platformNamespace } from "./release";

export interface CrowdsecProps {
  /** Resolved CrowdSec (Topology.platform.crowdsec). */
  readonly crowdsec: TopologyCrowdsec;
  /** What must exist first (the CNI, the storage classes, the ingress controller whose logs it reads). */
  readonly dependsOn: readonly Dependency[];
  /** The Traefik release, whose CRDs the bouncer's Middleware needs. Required with a bouncer. @default none */
  readonly traefik?: Dependency;
}

export const CROWDSEC_NAMESPACE = "crowdsec";

/**
 * The local API as the crowdsec chart (0.24.0) serves it: Service `<release>-service` (templates/lapi-service.yaml),
 * plain HTTP on 8080 (the chart's tls.enabled is off by default).
 */
export const CROWDSEC_LAPI = { host: `crowdsec-service.${CROWDSEC_NAMESPACE}.svc.cluster.local`, port: 8080, scheme: "http" } as const;

/**
 * The Traefik bouncer's names. The chart's docker_start.sh registers every `BOUNCER_KEY_<name>` variable of the LAPI
 * container as bouncer `<name>` with that key (`cscli bouncers add <name> -k <key>`, once: a key already
 * registered under the name is kept), so the name is a shell variable name. The Middleware lives beside the
 * Secret it reads: Traefik's CRD provider resolves `urn:k8s:secret:<name>:<key>` in plugin configuration from
 * the Middleware's own namespace (traefik v3.5.2, pkg/provider/kubernetes/crd/kubernetes.go loadSecretKeys).
 */
export const CROWDSEC_BOUNCER = {
  /** The bouncer as the local API lists it (`cscli bouncers list`). */
  registeredName: "traefik",
  /** The plugin's name in Traefik's static configuration and in the Middleware's spec.plugin. */
  pluginName: "crowdsec-bouncer",
  /** The Middleware, in the crowdsec namespace. */
  middleware: "bouncer",
} as const;

/** The Middleware as Traefik's entrypoints name it: `<namespace>-<name>@kubernetescrd`. */
export const CROWDSEC_BOUNCER_MIDDLEWARE_REF = `${CROWDSEC_NAMESPACE}-${CROWDSEC_BOUNCER.middleware}@kubernetescrd`;

/**
 * Consecutive failed decision-stream updates (one a minute) the bouncer rides out before it answers 403 to
 * every request: the local API's single replica restarts on upgrades, and a bouncer that cannot learn
 * decisions should not let everything through for long either.
 */
export const BOUNCER_UPDATE_MAX_FAILURE = 2;

/**
 * The chart's values (crowdsec 0.24.0 values.yaml): the agent DaemonSet tails the ingress
 * controller's pod logs (containerd's CRI format on k3s) with the parser collection for it; the
 * local API keeps its database and config on the default StorageClass, enrolls in the console
 * with the key from the named Secret, and registers the Traefik bouncer with the key from its
 * Secret; neither key is ever written here.
 */
export function crowdsecValues(crowdsec: TopologyCrowdsec): Record<string, unknown> {
  const { acquisition, enrollKeySecret, bouncer } = crowdsec;
  const volume = { enabled: true, storageClassName: crowdsec.storageClass };
  const fromSecret = (name: string, secret: { name: string; key: string }) => ({ name, valueFrom: { secretKeyRef: { name: secret.name, key: secret.key } } });
  const env = [
    ...(enrollKeySecret ? [fromSecret("ENROLL_KEY", enrollKeySecret), { name: "ENROLL_INSTANCE_NAME", value: crowdsec.instanceName }] : []),
    ...(bouncer ? [fromSecret(`BOUNCER_KEY_${CROWDSEC_BOUNCER.registeredName}`, bouncer.keySecret)] : []),
  ];
  return {
    container_runtime: "containerd",
    agent: {
      acquisition: [{ namespace: acquisition.namespace, podName: acquisition.podName, program: acquisition.program }],
      env: [{ name: "COLLECTIONS", value: crowdsec.collections.join(" ") }],
    },
    lapi: {
      persistentVolume: { data: volume, config: volume },
      ...(env.length > 0 ? { env } : {}),
    },
  };
}

/**
 * The bouncer's Middleware: the plugin in stream mode (it pulls the decision list from the local API
 * once a minute and answers from memory, rather than asking per request), with the API key Traefik
 * reads from the Secret in this namespace. Traefik's entrypoints apply it to every route.
 */
export function bouncerMiddleware(bouncer: TopologyCrowdsecBouncer): KubernetesObject {
  return {
    apiVersion: "traefik.io/v1alpha1",
    kind: "Middleware",
    metadata: { name: CROWDSEC_BOUNCER.middleware, namespace: CROWDSEC_NAMESPACE, labels: { ...MANAGED_BY } },
    spec: {
      plugin: {
        [CROWDSEC_BOUNCER.pluginName]: {
          enabled: true,
          crowdsecMode: "stream",
          crowdsecLapiScheme: CROWDSEC_LAPI.scheme,
          crowdsecLapiHost: `${CROWDSEC_LAPI.host}:${CROWDSEC_LAPI.port}`,
          crowdsecLapiKey: `urn:k8s:secret:${bouncer.keySecret.name}:${bouncer.keySecret.key}`,
          updateMaxFailure: BOUNCER_UPDATE_MAX_FAILURE,
        },
      },
    },
  };
}

/**
 * CrowdSec's local API and agents and, with the bouncer, the Traefik Middleware enforcing their
 * decisions. The Middleware comes after both Traefik (its CRDs) and the local API (ready, the
 * bouncer registered): a bouncer whose updates keep failing blocks everything.
 */
export class Crowdsec extends Construct {
  readonly release: Release;
  /** The bouncer's Middleware (bouncer only). */
  readonly bouncer?: Release;

  constructor(scope: Construct, id: string, props: CrowdsecProps) {
    super(scope, id);
    const { crowdsec } = props;
    const namespace = platformNamespace(this, CROWDSEC_NAMESPACE);
    this.release = chartRelease(this, "Resource", {
      chart: CHARTS.crowdsec,
      name: "crowdsec",
      namespace: CROWDSEC_NAMESPACE,
      values: crowdsecValues(crowdsec),
      dependsOn: [namespace, ...props.dependsOn],
    });
    if (crowdsec.bouncer) {
      if (!props.traefik) throw new Error("Crowdsec: the bouncer needs props.traefik (the Traefik release) for its Middleware's CRD");
      this.bouncer = objectsRelease(this, "Bouncer", {
        name: "crowdsec-bouncer",
        namespace: CROWDSEC_NAMESPACE,
        objects: [bouncerMiddleware(crowdsec.bouncer)],
        dependsOn: [props.traefik, this.release],
      });
    }
  }
}
