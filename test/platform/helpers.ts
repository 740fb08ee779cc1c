import type {} from "cdktf/lib/testing/adapters/jest";
import { Testing } from "cdktf";
import type { Construct } from "constructs";
import YAML from "yaml";
import { topologyOf } from "../support/environments";
import type { TopologyPlatform } from "../../lib/topology/types";

/** A synthesized stack document, as cdktf writes cdk.tf.json. */
export type StackJson = { resource: Record<string, Record<string, Record<string, any>>>; variable?: Record<string, any> };

/** Synthesizes whatever `build` adds to a scope; returns the JSON string (for the matchers) and the parsed document. */
export function synth(build: (scope: Construct) => void): { json: string; doc: StackJson } {
  const json = Testing.synthScope((scope) => build(scope));
  return { json, doc: JSON.parse(json) as StackJson };
}

/** Every helm_release in a document, keyed by its Helm release name. */
export function releases(doc: StackJson): Record<string, any> {
  return Object.fromEntries(Object.values(doc.resource.helm_release ?? {}).map((release) => [release.name, release]));
}

/** The helm_release named `name` (the Helm release name, not the Terraform address). */
export function release(doc: StackJson, name: string): any {
  const found = releases(doc)[name];
  if (!found) throw new Error(`no helm_release named ${name}; have ${Object.keys(releases(doc)).join(", ")}`);
  return found;
}

/** A release's values, parsed from its one YAML document. */
export function valuesOf(doc: StackJson, name: string): any {
  return YAML.parse(release(doc, name).values[0]);
}

/** The objects a platform-objects release carries. */
export function objectsOf(doc: StackJson, name: string): any[] {
  return valuesOf(doc, name).objects;
}

/** The resolved platform of a shipped environment. */
export function platformOf(environment: string): TopologyPlatform {
  return topologyOf(environment).platform;
}

/** The Terraform address of the helm_release named `name`, for depends_on checks. */
export function addressOf(doc: StackJson, name: string): string {
  const entry = Object.entries(doc.resource.helm_release ?? {}).find(([, value]) => value.name === name);
  if (!entry) throw new Error(`no helm_release named ${name}`);
  return `helm_release.${entry[0]}`;
}
