import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { App } from "cdktf";
import { environments } from "../../environments";
import type { EnvironmentInput } from "../../lib/config/schema";
import { addEnvironmentStacks } from "../../app/synth";
import { resolveEnvironment } from "../../lib/topology";
import { StandinWorkspace } from "../../lib/terraform-check/workspace";
import { reattach, terraformPresent } from "./helpers";

jest.setTimeout(300000);

/*
 * Production's MicroK8s nodes took the MicroK8s plan seed's names (microk8s-master-<n>,
 * microk8s-worker-<n>) after deployments had been made as prod-k3s-server-<n> / prod-k3s-agent-<n>.
 * Construct ids are Terraform addresses, so the rename rides on moved blocks (renamedVms). This
 * applies production as it was into the stand-in's state and plans today's production against it.
 */

type ResourceChange = { address: string; previous_address?: string; type: string; change: { actions: string[] } };
type Pool = NonNullable<EnvironmentInput["cluster"]>["servers"];

const production = environments.production as EnvironmentInput & { networks: unknown[]; cluster: { servers: Pool; agents: Pool } };

/** A pool as it was before the rename: generated names, no seed tags, no management NIC. */
const formerPool = ({ namePrefix: _namePrefix, tags: _tags, nics: _nics, ...pool }: Pool): Pool => pool;

/** Production as deployed before: prod-k3s-server-<n> and prod-k3s-agent-<n>, one network. */
const before = {
  ...production,
  networks: production.networks.slice(0, 1),
  cluster: { ...production.cluster, servers: formerPool(production.cluster.servers), agents: formerPool(production.cluster.agents) },
  renamedVms: [],
} as EnvironmentInput;

function synthInfra(input: EnvironmentInput, outdir: string): string {
  const app = new App({ outdir, skipValidation: false });
  addEnvironmentStacks(app, resolveEnvironment(input, "production"));
  app.synth();
  return path.join(outdir, "stacks", "production-infra");
}

const vmChanges = (plan: Record<string, unknown>): ResourceChange[] =>
  (plan.resource_changes as ResourceChange[]).filter((change) => change.type === "proxmox_virtual_environment_vm");
const count = (changes: ResourceChange[], action: string): number => changes.filter((change) => change.change.actions.includes(action)).length;

describe("renaming production's MicroK8s VMs to the seed's names", () => {
  let moved: Record<string, unknown> | undefined;
  let unmoved: Record<string, unknown> | undefined;

  beforeAll(async () => {
    if (!terraformPresent()) return;
    const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "renamed-vms-"));
    const workspace = new StandinWorkspace(reattach());
    try {
      await workspace.load(synthInfra(before, path.join(scratch, "before")));
      await workspace.plan();
      await workspace.apply();
      await workspace.load(synthInfra(production, path.join(scratch, "after")));
      await workspace.validate();
      moved = await workspace.plan();
      // The same rename without renamedVms, against the same state: what the moved blocks prevent.
      await workspace.load(synthInfra({ ...production, renamedVms: [] }, path.join(scratch, "unmoved")));
      unmoved = await workspace.plan();
    } finally {
      workspace.dispose();
      fs.rmSync(scratch, { recursive: true, force: true });
    }
  });

  it("plans every deployed VM as moved to its new address, none destroyed or added", () => {
    if (!moved) return;
    const changes = vmChanges(moved);
    expect(count(changes, "create")).toBe(0);
    expect(count(changes, "delete")).toBe(0);
    expect(changes.map((change) => [change.previous_address?.replace(/_[0-9A-F]{8}$/, ""), change.address.replace(/_[0-9A-F]{8}$/, "")]).sort()).toEqual([
      ["proxmox_virtual_environment_vm.Vm-prod-k3s-agent-1", "proxmox_virtual_environment_vm.Vm-microk8s-worker-1"],
      ["proxmox_virtual_environment_vm.Vm-prod-k3s-agent-2", "proxmox_virtual_environment_vm.Vm-microk8s-worker-2"],
      ["proxmox_virtual_environment_vm.Vm-prod-k3s-server-1", "proxmox_virtual_environment_vm.Vm-microk8s-master-1"],
      ["proxmox_virtual_environment_vm.Vm-prod-k3s-server-2", "proxmox_virtual_environment_vm.Vm-microk8s-master-2"],
      ["proxmox_virtual_environment_vm.Vm-prod-k3s-server-3", "proxmox_virtual_environment_vm.Vm-microk8s-master-3"],
    ]);
    // The rename itself (name, tags, the management NIC) is an in-place update.
    expect(changes.every((change) => change.change.actions.join() === "update")).toBe(true);
  });

  it("keeps the NetBox records too: nothing of NetBox is destroyed", () => {
    if (!moved) return;
    const netbox = (moved.resource_changes as ResourceChange[]).filter((change) => change.type.startsWith("netbox_"));
    expect(count(netbox, "delete")).toBe(0);
    expect(netbox.filter((change) => change.type === "netbox_virtual_machine").every((change) => change.previous_address !== undefined)).toBe(true);
    // What is added is the management network: its prefix, and an interface and address per VM.
    expect(netbox.filter((change) => change.change.actions.includes("create")).map((change) => change.type).sort()).toEqual([
      ...Array(5).fill("netbox_interface"),
      ...Array(5).fill("netbox_ip_address"),
      "netbox_prefix",
      "netbox_vlan",
    ]);
  });

  it("would destroy and recreate all five VMs without the moved blocks", () => {
    if (!unmoved) return;
    const changes = vmChanges(unmoved);
    expect(count(changes, "delete")).toBe(5);
    expect(count(changes, "create")).toBe(5);
  });
});
