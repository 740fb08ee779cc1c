import * as fs from "fs";
import * as path from "path";
import YAML from "yaml";
import { renderInventory } from "../../lib/inventory";
import type { Topology } from "../../lib/topology/types";
import { run } from "./tools";

/**
 * Renders `template` of `role` for every host of `group` from the topology's generated inventory,
 * with the roles' defaults (through a skipped role) and the playbooks' group_vars, the way
 * ansible-playbook renders it on the controller. Returns each host's text by inventory name.
 * Needs ansible-playbook (requireTool first).
 */
export function renderFromInventory(root: string, topology: Topology, role: string, template: string, group: string): Record<string, string> {
  const ansibleDir = path.resolve(__dirname, "../../ansible");
  const dir = fs.mkdtempSync(path.join(root, `${role}-`));
  fs.symlinkSync(path.join(ansibleDir, "group_vars"), path.join(dir, "group_vars"));
  const play = {
    name: `Render ${template}`,
    hosts: group,
    gather_facts: false,
    connection: "local",
    roles: [{ role, when: false }],
    tasks: [{ name: "Render", "ansible.builtin.template": { src: `${ansibleDir}/roles/${role}/templates/${template}`, dest: "{{ out_dir }}/{{ inventory_hostname }}", mode: "0600" }, delegate_to: "localhost" }],
  };
  fs.writeFileSync(path.join(dir, "render.yml"), YAML.stringify([play]));
  fs.writeFileSync(path.join(dir, "inventory.yml"), renderInventory(topology));
  const out = path.join(dir, "out");
  fs.mkdirSync(out);
  run("ansible-playbook", ["-i", path.join(dir, "inventory.yml"), path.join(dir, "render.yml"), "-e", `out_dir=${out}`, "-e", "vault_k3s_token=test-token"], {
    env: { ...process.env, ANSIBLE_ROLES_PATH: path.join(ansibleDir, "roles"), ANSIBLE_NOCOLOR: "1" },
  });
  return Object.fromEntries(fs.readdirSync(out).map((file) => [file, fs.readFileSync(path.join(out, file), "utf8")]));
}

/**
 * Renders `template` of `role` once on localhost with the role's defaults (through a skipped role)
 * overridden by `vars`, the way ansible-playbook would, and returns the text. Needs
 * ansible-playbook (requireTool first).
 */
export function renderWithVars(root: string, role: string, template: string, vars: Record<string, unknown>): string {
  const ansibleDir = path.resolve(__dirname, "../../ansible");
  const dir = fs.mkdtempSync(path.join(root, `${role}-`));
  const dest = path.join(dir, "rendered");
  const play = {
    name: `Render ${template}`,
    hosts: "localhost",
    gather_facts: false,
    connection: "local",
    vars,
    roles: [{ role, when: false }],
    tasks: [{ name: "Render", "ansible.builtin.template": { src: `${ansibleDir}/roles/${role}/templates/${template}`, dest, mode: "0644" } }],
  };
  fs.writeFileSync(path.join(dir, "render.yml"), YAML.stringify([play]));
  run("ansible-playbook", ["-i", "localhost,", path.join(dir, "render.yml")], { env: { ...process.env, ANSIBLE_ROLES_PATH: path.join(ansibleDir, "roles"), ANSIBLE_NOCOLOR: "1" } });
  return fs.readFileSync(dest, "utf8");
}
