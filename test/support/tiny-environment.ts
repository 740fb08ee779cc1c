import { ConfigError } from "../../lib/config/errors";
import type { SingleSiteEnvironmentInput } from "../../lib/config/schema";
import { resolveEnvironment } from "../../lib/topology";
import type { Topology } from "../../lib/topology/types";

/** Overrides for {@link tinyEnvironment}: objects merge key by key, arrays and scalars replace. */
export type EnvironmentOverrides = { readonly [key: string]: unknown };

/** A public key of the right form (never a real one). */
export const TINY_SSH_KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAILLPNgFlDZIioosD2zXg3aTvCT08JOFK1WQv21xH83yX tiny@example";

/**
 * The smallest valid environment: one Proxmox node `pve1`, one untagged network `lan` on vmbr0
 * (10.0.0.0/24, gateway and DNS 10.0.0.1), a cloned template 9000, and a k3s cluster `tiny-k3s`
 * with one server at 10.0.0.11 (VMID 1100). No agents, extra VMs or NetBox unless a test adds them.
 */
function base(): SingleSiteEnvironmentInput {
  return {
    name: "tiny",
    proxmox: {
      endpoint: "https://pve.tiny.example:8006/",
      nodes: [{ name: "pve1", cores: 16, memoryMiB: 65536, datastores: ["local-lvm"], snippetsDatastore: "local" }],
    },
    networks: [{ name: "lan", bridge: "vmbr0", cidr: "10.0.0.0/24", gateway: "10.0.0.1", dns: ["10.0.0.1"] }],
    image: { kind: "template", templateVmId: 9000 },
    cluster: {
      name: "tiny-k3s",
      version: "v1.31.4+k3s1",
      network: "lan",
      apiVip: "10.0.0.5",
      loadBalancerPool: { start: "10.0.0.40", end: "10.0.0.49" },
      servers: { count: 1, cores: 2, memoryMiB: 4096, diskGiB: 40, vmIdRange: { start: 1100, end: 1109 }, addressStart: "10.0.0.11" },
    },
    sshPublicKeys: [TINY_SSH_KEY],
  };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

function merge(target: Record<string, unknown>, overrides: EnvironmentOverrides): Record<string, unknown> {
  const result: Record<string, unknown> = { ...target };
  for (const [key, value] of Object.entries(overrides)) {
    if (value === undefined) delete result[key];
    else result[key] = isObject(value) && isObject(result[key]) ? merge(result[key] as Record<string, unknown>, value) : structuredClone(value);
  }
  return result;
}

/** A fresh tiny environment with `overrides` merged in (an `undefined` value removes the key). */
export function tinyEnvironment(overrides: EnvironmentOverrides = {}): SingleSiteEnvironmentInput {
  return merge(base() as unknown as Record<string, unknown>, overrides) as unknown as SingleSiteEnvironmentInput;
}

/** Validates and plans the tiny environment with `overrides`: the Topology a construct receives. */
export function planTiny(overrides: EnvironmentOverrides = {}): Topology {
  return resolveEnvironment(tinyEnvironment(overrides), "tiny");
}

/** The planner's errors (`path: message`) for a tiny environment that must be rejected; fails if it is accepted. */
export function tinyErrors(overrides: EnvironmentOverrides = {}): string[] {
  try {
    planTiny(overrides);
  } catch (error) {
    if (error instanceof ConfigError) return error.issues.map((issue) => `${issue.path}: ${issue.message}`);
    throw error;
  }
  throw new Error("the environment was accepted");
}
