import * as fs from "fs";
import * as path from "path";
import { Testing } from "cdktf";
import YAML from "yaml";
import { addEnvironmentStacks } from "../../app/synth";
import { findRouter, gobgpConfig as gobgpTable, renderGobgpConfig } from "../../lib/bgp/gobgp";
import { renderInventory } from "../../lib/inventory";
import type { Topology } from "../../lib/topology/types";
import { topologyOf } from "../support/environments";
import { renderFromInventory } from "../support/render-template";
import * as os from "os";
import { requireTool } from "../support/tools";

/*
 * What a user of an environment gets, synthesized once per environment and test file: the infra
 * and platform stacks' JSON (through the app's own addEnvironmentStacks), the generated Ansible
 * inventory, and the rendered router configs. The seed tests assert on these, not on the
 * environment files.
 */

/** A synthesized stack: resource type -> construct-derived name -> resource body. */
export interface StackDoc {
  readonly resource: Record<string, Record<string, Record<string, any>>>;
  readonly provider?: Record<string, Record<string, any>[]>;
  readonly variable?: Record<string, unknown>;
}

/** One environment's artifacts. */
export interface Synthesized {
  readonly topology: Topology;
  readonly infra: StackDoc;
  readonly platform: StackDoc;
  /** The generated inventory (ansible/inventory/<env>.yml), parsed. */
  readonly inventory: any;
}

const cache = new Map<string, Synthesized>();

/** The environment's stacks and inventory, synthesized on first use. */
export function synthesized(environment: string): Synthesized {
  let entry = cache.get(environment);
  if (!entry) {
    const topology = topologyOf(environment);
    const app = Testing.app();
    const stacks = addEnvironmentStacks(app, topology);
    entry = {
      topology,
      infra: JSON.parse(Testing.synth(stacks.infra)) as StackDoc,
      platform: JSON.parse(Testing.synth(stacks.platform)) as StackDoc,
      inventory: YAML.parse(renderInventory(topology)),
    };
    cache.set(environment, entry);
  }
  return entry;
}

/** The Proxmox VM resource named `name` in the infra stack. */
export function proxmoxVm(environment: string, name: string): Record<string, any> {
  const vm = Object.values(synthesized(environment).infra.resource.proxmox_virtual_environment_vm ?? {}).find((each) => each.name === name);
  if (!vm) throw new Error(`${environment}-infra has no proxmox_virtual_environment_vm named ${name}`);
  return vm;
}

/** Every Proxmox VM resource of the infra stack. */
export function proxmoxVms(environment: string): Record<string, any>[] {
  return Object.values(synthesized(environment).infra.resource.proxmox_virtual_environment_vm ?? {});
}

/** The helm_release resources of the platform stack named `name` (one per cluster). */
export function helmReleases(environment: string, name: string): Record<string, any>[] {
  return Object.values(synthesized(environment).platform.resource.helm_release ?? {}).filter((release) => release.name === name);
}

/** The values of each helm_release named `name`, parsed. */
export function releaseValues(environment: string, name: string): any[] {
  return helmReleases(environment, name).map((release) => YAML.parse(String(release.values?.[0] ?? "{}")));
}

/** The Kubernetes objects a helm_release named `name` carries (the project's raw-objects chart), parsed. */
export function releaseObjects(environment: string, name: string): any[] {
  return releaseValues(environment, name).flatMap((values) => (values.objects ?? values.resources ?? []) as any[]);
}

/** Every host of the inventory, with its vars, across all groups. */
export function inventoryHosts(environment: string): Record<string, any> {
  const hosts: Record<string, any> = {};
  const walk = (group: any): void => {
    for (const [name, vars] of Object.entries(group?.hosts ?? {})) hosts[name] = { ...(hosts[name] ?? {}), ...(vars as object) };
    for (const child of Object.values(group?.children ?? {})) walk(child);
  };
  walk(synthesized(environment).inventory.all);
  return hosts;
}

/** The vars of the inventory's k3s_cluster group (single-cluster environments). */
export function clusterVars(environment: string): Record<string, any> {
  return synthesized(environment).inventory.all.children.k3s_cluster.vars;
}

/** The gobgpd.toml of a router as the table it is rendered from (renderGobgpConfig writes it 1:1). */
export function gobgpConfig(environment: string, router: string): any {
  return gobgpTable(findRouter(synthesized(environment).topology, router));
}

/** The gobgpd.toml text of a router, as the inventory's gobgp_config carries it. */
export function gobgpText(environment: string, router: string): string {
  const topology = synthesized(environment).topology;
  return renderGobgpConfig(topology, findRouter(topology, router));
}

/** A role's defaults/main.yml, as Ansible reads it. */
export function roleDefaults(role: string): Record<string, any> {
  return YAML.parse(fs.readFileSync(path.resolve(__dirname, "../../ansible/roles", role, "defaults/main.yml"), "utf8"));
}

/** The netbox_prefix resources' prefixes with their descriptions. */
export function netboxPrefixes(environment: string): { prefix: string; description?: string }[] {
  return Object.values(synthesized(environment).infra.resource.netbox_prefix ?? {}).map((each) => ({ prefix: each.prefix, description: each.description }));
}

const rendered = new Map<string, Record<string, any>>();

/**
 * The k3s config.yaml each node of `group` (server or agent) gets, parsed by host: the role's
 * template rendered by ansible-playbook from the generated inventory and the group_vars. Needs
 * ansible-playbook.
 */
export function k3sConfigs(environment: string, group: "server" | "agent"): Record<string, any> {
  const key = `${environment}/${group}`;
  let entry = rendered.get(key);
  if (!entry) {
    requireTool("ansible-playbook", "ansible");
    const root = fs.mkdtempSync(path.join(os.tmpdir(), `homelab-seed-${environment}-`));
    try {
      const texts = renderFromInventory(root, synthesized(environment).topology, `k3s_${group}`, "config.yaml.j2", group);
      entry = Object.fromEntries(Object.entries(texts).map(([host, text]) => [host, YAML.parse(text)]));
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
    rendered.set(key, entry);
  }
  return entry;
}
