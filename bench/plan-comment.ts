import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import type { CapacityContext } from "../lib/plan-review";

/*
 * Plan-comment benchmark. The parent writes a generated plan with 10,000 resource changes of
 * Proxmox VMs (creates, updates, replaces, destroys, sensitive cloud-init values) and the
 * matching synthesized stack to a temporary folder, then runs a fresh node process
 * (`plan-comment.js child DIR`) that reads, parses and renders them with construct paths, as
 * `homelab plan-comment --synth` does, so the peak memory is the render's alone. The 3,000 updates
 * exercise the readable diffs: a 16-line cloud-init description with two lines changed (line
 * diff), a JSON string with one key changed, and two network devices in swapped order (matched
 * by content); the other VMs are as before those diffs existed. The render includes the capacity
 * section against a 5-node environment.
 * Budget: under 2 s and under 300 MB peak.
 */

const CHANGES = 10_000;
const BUDGET_MS = 2000;
const BUDGET_MB = 300;
const STACK = "bench-infra";

/** A cloud-init document of 16 lines; `edit` changes two of them. */
function cloudInit(i: number, edit: boolean): string {
  const lines = ["#cloud-config", `hostname: vm-${i}`, "package_update: true", "packages:"];
  for (let p = 0; p < 6; p++) lines.push(`  - package-${p}${edit && p === 1 ? "-v2" : ""}`);
  lines.push("runcmd:");
  for (let r = 0; r < 5; r++) lines.push(`  - echo step ${r}${edit && r === 4 ? " --again" : ""}`);
  return `${lines.join("\n")}\n`;
}

/**
 * A VM's values. `readable`: the VM carries what the readable diffs work on (a cloud-init
 * description, a JSON string, two network devices); `edit`: the after side of an update of it.
 */
function vmValues(i: number, size: number, edit = false, readable = false): Record<string, unknown> {
  const nics = [
    { bridge: "vmbr0", vlan_id: 20, model: "virtio", mac_address: null, mtu: null },
    { bridge: "vmbr1", vlan_id: 30, model: "virtio", mac_address: null, mtu: null },
  ];
  return {
    name: `vm-${i}`,
    ...(readable
      ? {
          description: cloudInit(i, edit),
          hook_script_file_id: JSON.stringify({ owner: "ops", tier: edit ? "gold" : "silver", labels: { app: `vm-${i}`, zone: `pve${i % 5}` } }),
        }
      : {}),
    node_name: `pve${i % 5}`,
    vm_id: 1000 + i,
    tags: i % 1000 < 3 ? ["control-plane", `k8s-c${Math.floor(i / 1000)}`] : [`k8s-c${Math.floor(i / 1000)}`, "worker"],
    cpu: [{ cores: 4, sockets: 1, type: "host" }],
    memory: [{ dedicated: 8192 }],
    disk: [{ datastore_id: "local-lvm", interface: "scsi0", size, file_format: "raw" }],
    network_device: !readable ? [nics[0]] : edit ? [nics[1], nics[0]] : nics,
    initialization: [
      {
        datastore_id: "local-lvm",
        user_data_file_id: `local:snippets/vm-${i}-user.yaml`,
        vendor_data_file_id: `local:snippets/vm-${i}-vendor.yaml`,
        ip_config: [{ ipv4: [{ address: `10.${Math.floor(i / 65536) % 256}.${Math.floor(i / 256) % 256}.${i % 256}/16`, gateway: "10.0.0.1" }] }],
        user_account: [{ username: "ops", password: `secret-password-${i}`, keys: [`ssh-ed25519 AAAA${i}`] }],
      },
    ],
  };
}

const sensitive = { initialization: [{ user_account: [{ password: true }] }] };

function generatePlan(): { plan: unknown; synth: unknown } {
  const changes: unknown[] = [];
  const synthVms: Record<string, unknown> = {};
  for (let i = 0; i < CHANGES; i++) {
    const name = `vm_${i}_Resource_${(i * 2654435761 >>> 0).toString(16).toUpperCase()}`;
    synthVms[name] = { "//": { metadata: { path: `${STACK}/vms/vm-${i}/Resource`, uniqueId: name } } };
    const kind = i % 10;
    const before = vmValues(i, 32, false, kind >= 4 && kind < 7);
    let change: Record<string, unknown>;
    let extra: Record<string, unknown> = {};
    if (kind < 4) {
      change = { actions: ["create"], before: null, after: vmValues(i, 32), after_unknown: { id: true, ipv4_addresses: true, mac_addresses: true }, before_sensitive: false, after_sensitive: sensitive };
    } else if (kind < 7) {
      change = { actions: ["update"], before, after: vmValues(i, 64, true, true), after_unknown: {}, before_sensitive: sensitive, after_sensitive: sensitive };
    } else if (kind < 9) {
      const after = vmValues(i, 32);
      ((after.initialization as Array<Record<string, unknown>>)[0]).vendor_data_file_id = `local:snippets/vm-${i}-vendor-v2.yaml`;
      change = { actions: ["delete", "create"], before, after, after_unknown: { id: true }, before_sensitive: sensitive, after_sensitive: sensitive, replace_paths: [["initialization", 0, "vendor_data_file_id"]] };
      extra = { action_reason: "replace_because_cannot_update" };
    } else {
      change = { actions: ["delete"], before, after: null, after_unknown: {}, before_sensitive: sensitive, after_sensitive: false };
      extra = { action_reason: "delete_because_no_resource_config" };
    }
    changes.push({ address: `proxmox_virtual_environment_vm.${name}`, mode: "managed", type: "proxmox_virtual_environment_vm", name, provider_name: "registry.terraform.io/bpg/proxmox", change, ...extra });
  }
  const outputs: Record<string, unknown> = {};
  for (let i = 0; i < 50; i++) outputs[`node_${i}`] = { actions: ["update"], before: `10.0.0.${i}`, after: `10.0.1.${i}`, after_unknown: false, before_sensitive: false, after_sensitive: false };
  outputs.ansible_inventory = { actions: ["update"], before: "old", after: null, after_unknown: true, before_sensitive: true, after_sensitive: true };
  return {
    plan: { format_version: "1.2", terraform_version: "1.9.8", resource_changes: changes, output_changes: outputs, errored: false, complete: true },
    synth: { resource: { proxmox_virtual_environment_vm: synthVms } },
  };
}

/** A 5-node environment as the capacity section reads it (plain Topology data). */
function benchEnvironment(): CapacityContext {
  const nodes = Array.from({ length: 5 }, (_, n) => ({ name: `pve${n}`, cores: 8000, memoryMiB: 16_000_000, datastores: ["local-lvm"], snippetsDatastore: "local" }));
  const proxmox = { endpoint: "https://pve.bench:8006/", insecure: true, sshUsername: "root", nodes };
  const clusters = Array.from({ length: CHANGES / 1000 }, (_, c) => ({ name: `c${c}`, tag: `k8s-c${c}`, servers: [0, 1, 2].map((k) => `vm-${c * 1000 + k}`) }));
  const topology = { environment: "bench", proxmox, sites: [], clusters, vms: [] } as unknown as CapacityContext["topology"];
  return { topology };
}

function runChild(dir: string): void {
  const started = performance.now();
  const { loadStackPlans, renderPlanComment } = require("../lib/plan-review") as typeof import("../lib/plan-review");
  const loaded = performance.now();
  const cpuStart = process.cpuUsage();
  const stacks = loadStackPlans([path.join(dir, "stacks", STACK, "plan.json")], { synthDir: dir }).map((stack) => ({ ...stack, capacity: benchEnvironment() }));
  const parsed = performance.now();
  const comment = renderPlanComment(stacks);
  const rendered = performance.now();
  const cpu = process.cpuUsage(cpuStart);
  const chars = comment.parts.reduce((sum, part) => sum + part.length, 0);
  const whole = comment.parts.join("");
  if (whole.includes("secret-password-")) throw new Error("a sensitive value reached the comment");
  if (!whole.includes("#### Capacity of `bench`") || !whole.includes("+     - package-1-v2")) throw new Error("the capacity section or a line diff is missing");
  process.stdout.write(
    `${JSON.stringify({ loadMs: loaded - started, parseMs: parsed - loaded, renderMs: rendered - parsed, parts: comment.parts.length, chars, cpuMs: (cpu.user + cpu.system) / 1000, maxRssMb: process.resourceUsage().maxRSS / 1024 })}\n`,
  );
}

function runParent(): void {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "homelab-bench-plan-"));
  try {
    const { plan, synth } = generatePlan();
    const stackDir = path.join(dir, "stacks", STACK);
    fs.mkdirSync(stackDir, { recursive: true });
    const planText = JSON.stringify(plan);
    fs.writeFileSync(path.join(stackDir, "plan.json"), planText);
    fs.writeFileSync(path.join(stackDir, "cdk.tf.json"), JSON.stringify(synth));
    const child = spawnSync(process.execPath, [__filename, "child", dir], { encoding: "utf8" });
    if (child.status !== 0) throw new Error(`benchmark child failed: ${child.stderr}`);
    const result = JSON.parse(child.stdout) as { loadMs: number; parseMs: number; renderMs: number; parts: number; chars: number; cpuMs: number; maxRssMb: number };
    const workMs = result.parseMs + result.renderMs;
    console.log(`plan-comment: ${CHANGES} resource changes (${(planText.length / 1e6).toFixed(1)} MB of plan JSON), construct paths from --synth`);
    console.log(`  module load     ${result.loadMs.toFixed(0)} ms`);
    console.log(`  read + parse    ${result.parseMs.toFixed(0)} ms`);
    console.log(`  render + split  ${result.renderMs.toFixed(0)} ms -> ${result.parts} parts, ${(result.chars / 1e6).toFixed(1)} M chars`);
    console.log(`  total           ${workMs.toFixed(0)} ms (budget ${BUDGET_MS} ms)`);
    // CPU time of read + parse + render (all threads, GC included): on a busy machine it tells the work apart from the wait.
    console.log(`  cpu time        ${result.cpuMs.toFixed(0)} ms (load average ${os.loadavg()[0].toFixed(1)} on ${os.cpus().length} CPUs)`);
    console.log(`  peak memory     ${result.maxRssMb.toFixed(0)} MB maxRSS (budget ${BUDGET_MB} MB)`);
    if (workMs > BUDGET_MS || result.maxRssMb > BUDGET_MB) {
      console.error("plan-comment benchmark is over budget");
      process.exitCode = 1;
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[2] === "child") runChild(process.argv[3]);
else runParent();
