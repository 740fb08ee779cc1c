import type { SingleSiteEnvironmentInput } from "../../lib/config/schema";
import { environments } from "../../environments";
import { resolveEnvironment } from "../../lib/topology";
import type { Topology } from "../../lib/topology/types";

/** A fresh, mutable copy of a shipped environment, for tests that break one field. */
export function copyOf(name: keyof typeof environments & string): SingleSiteEnvironmentInput {
  return structuredClone(environments[name]) as SingleSiteEnvironmentInput;
}

/** The resolved Topology of a shipped environment. */
export function topologyOf(name: string): Topology {
  return resolveEnvironment(environments[name], name);
}

/** Runs `change` on a copy of an environment and resolves it; the error or the Topology is the result. */
export function resolveChanged(name: string, change: (environment: SingleSiteEnvironmentInput) => void): Topology {
  const environment = copyOf(name);
  change(environment);
  return resolveEnvironment(environment, name);
}
