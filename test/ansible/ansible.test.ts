import * as fs from "fs";
import * as path from "path";
import YAML from "yaml";
import { environments } from "../../environments";
import { renderInventory } from "../../lib/inventory";
import { topologyOf } from "../support/environments";
import { spawnSync } from "child_process";
import { requireTool, run, tempDir } from "../support/tools";

/*
 * The Ansible phase, checked offline with Debian's ansible, ansible-lint and yamllint: lint with the
 * production profile, every playbook's syntax against every environment's generated inventory, and
 * the group_vars that must not shadow the inventory.
 */

const ansibleDir = path.resolve(__dirname, "../../ansible");
const playbooksDir = path.join(ansibleDir, "playbooks");
const playbooks = ["site.yml", "base.yml", "k8s-cluster.yml", "netbox.yml", "router.yml", "validate.yml", "upgrade.yml", "reset.yml"];
const ansibleEnv = { ...process.env, ANSIBLE_INVENTORY_UNPARSED_FAILED: "true", ANSIBLE_NOCOLOR: "1", NO_COLOR: "1" };

describe("the Ansible phase", () => {
  const dir = tempDir("ansible");
  beforeAll(() => {
    requireTool("ansible-playbook", "ansible");
    requireTool("ansible-lint", "ansible-lint");
    requireTool("yamllint", "yamllint");
  });

  it("passes ansible-lint with the production profile", () => {
    const output = run("ansible-lint", ["--nocolor", "--offline"], { cwd: ansibleDir, env: ansibleEnv });
    expect(output + "").not.toMatch(/failure\(s\)[^\n]*[1-9]/);
  }, 180_000);

  it("reports a role variable without the role's name as prefix, with the default rules still loaded", () => {
    // A copy of the lint setup with one role breaking var-naming[no-role-prefix] (a default, a
    // register and a set_fact) and fqcn (a default rule, proving rulesdir did not replace them).
    const project = path.join(dir, "lint-prefix");
    const role = path.join(project, "roles", "demo");
    for (const sub of ["defaults", "tasks", "meta"]) fs.mkdirSync(path.join(role, sub), { recursive: true });
    fs.copyFileSync(path.join(ansibleDir, ".ansible-lint"), path.join(project, ".ansible-lint"));
    fs.cpSync(path.join(ansibleDir, "lint-rules"), path.join(project, "lint-rules"), { recursive: true });
    fs.writeFileSync(path.join(role, "meta", "main.yml"), fs.readFileSync(path.join(ansibleDir, "roles", "node_exporter", "meta", "main.yml"), "utf8").replace(/role_name: \w+/, "role_name: demo"));
    fs.writeFileSync(path.join(role, "defaults", "main.yml"), "---\n# Prefixed.\ndemo_port: 1\n# Not prefixed.\ncluster_port: 2\n");
    fs.writeFileSync(
      path.join(role, "tasks", "main.yml"),
      [
        "---",
        "- name: Read the hostname",
        "  ansible.builtin.command: hostname",
        "  register: hostname_result",
        "  changed_when: false",
        "- name: Remember the port",
        "  ansible.builtin.set_fact:",
        "    demo_remembered: \"{{ demo_port }}\"",
        "    remembered_port: \"{{ cluster_port }}\"",
        "- name: Read the date",
        "  command: date",
        "  changed_when: false",
        "",
      ].join("\n"),
    );
    const result = spawnSync("ansible-lint", ["--nocolor", "--offline", "-p"], { cwd: project, env: ansibleEnv, encoding: "utf8" });
    const prefixed = [...(result.stdout + result.stderr).matchAll(/var-naming\[no-role-prefix\]: .* as a prefix: (\w+)$/gm)].map((match) => match[1]);
    expect(result.status).not.toBe(0);
    expect(prefixed.sort()).toEqual(["cluster_port", "hostname_result", "remembered_port"]);
    expect(result.stdout + result.stderr).toMatch(/fqcn\[action-core\]/);
  }, 180_000);

  it("lists a reason for every ansible-lint rule it skips", () => {
    const config = YAML.parse(fs.readFileSync(path.join(ansibleDir, ".ansible-lint"), "utf8")) as { profile: string; skip_list?: string[] };
    const text = fs.readFileSync(path.join(ansibleDir, ".ansible-lint"), "utf8");
    expect(config.profile).toBe("production");
    for (const rule of config.skip_list ?? []) expect(text).toMatch(new RegExp(`- ${rule}\\s+#\\s*\\S`));
  });

  it("passes yamllint", () => {
    // run() throws with yamllint's report on a non-zero exit; a clean run prints nothing.
    expect(run("yamllint", ["--strict", "-c", ".yamllint", "."], { cwd: ansibleDir })).toBe("");
  });

  it.each(Object.keys(environments))("syntax-checks every playbook against the generated inventory of %s", (environment) => {
    const inventory = path.join(dir, `${environment}.yml`);
    fs.writeFileSync(inventory, renderInventory(topologyOf(environment)));
    const output = run("ansible-playbook", ["-i", inventory, "--syntax-check", ...playbooks.map((file) => path.join(playbooksDir, file))], { env: ansibleEnv });
    expect(output).toMatch(/playbook: .*reset\.yml/);
  }, 120_000);

  /** ansible-inventory --list of an environment's generated inventory, run once per environment. */
  const listings = new Map<string, Record<string, { hosts?: string[]; children?: string[] }>>();
  function listedGroups(environment: string): Record<string, { hosts?: string[]; children?: string[] }> {
    if (!listings.has(environment)) {
      const inventory = path.join(dir, `${environment}-groups.yml`);
      fs.writeFileSync(inventory, renderInventory(topologyOf(environment)));
      listings.set(environment, JSON.parse(run("ansible-inventory", ["-i", inventory, "--list"], { env: ansibleEnv })));
    }
    return listings.get(environment)!;
  }
  const withServers = Object.keys(environments).filter((environment) => topologyOf(environment).vms.some((vm) => vm.kind === "server"));

  it.each(withServers)("finds the k3s roles' server and agent groups in the generated inventory of %s", (environment) => {
    const listed = listedGroups(environment);
    expect(listed.k3s_cluster.children).toEqual(expect.arrayContaining(["server", "agent"]));
    expect(listed.server.hosts?.length).toBeGreaterThan(0);
  });

  it.each(Object.keys(environments))("lists every extra VM in each of its groups in the generated inventory of %s", (environment) => {
    const listed = listedGroups(environment);
    const memberships = topologyOf(environment).vms.filter((vm) => vm.kind === "extra").flatMap((vm) => vm.groups.map((group) => [group, vm.name] as const));
    for (const [group, name] of memberships) expect(listed[group].hosts).toContain(name);
  });

  it("keeps every variable the inventory sets out of group_vars, which would override it", () => {
    const inventoryVars = new Set<string>();
    for (const environment of Object.keys(environments)) {
      const data = YAML.parse(renderInventory(topologyOf(environment))) as { all: { vars: object; children: Record<string, { vars?: object; children?: Record<string, { hosts?: Record<string, object> }>; hosts?: Record<string, object> }> } };
      Object.keys(data.all.vars).forEach((key) => inventoryVars.add(key));
      for (const group of Object.values(data.all.children)) {
        Object.keys(group.vars ?? {}).forEach((key) => inventoryVars.add(key));
        for (const child of Object.values(group.children ?? {})) for (const host of Object.values(child.hosts ?? {})) Object.keys(host).forEach((key) => inventoryVars.add(key));
        for (const host of Object.values(group.hosts ?? {})) Object.keys(host).forEach((key) => inventoryVars.add(key));
      }
    }
    const groupVarsDir = path.join(ansibleDir, "group_vars");
    const files = fs.readdirSync(groupVarsDir, { recursive: true, encoding: "utf8" }).filter((file) => /\.ya?ml$/.test(file));
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) {
      const vars = YAML.parse(fs.readFileSync(path.join(groupVarsDir, file), "utf8")) ?? {};
      expect({ file, shadowed: Object.keys(vars).filter((key) => inventoryVars.has(key)) }).toEqual({ file, shadowed: [] });
    }
  });

  it("documents every role variable in the role's defaults", () => {
    const roles = fs.readdirSync(path.join(ansibleDir, "roles"));
    for (const role of roles) {
      const defaults = fs.readFileSync(path.join(ansibleDir, "roles", role, "defaults", "main.yml"), "utf8");
      // A variable is documented by the comment right above it, or above the group of variables it
      // belongs to (no blank line between them); indented lines continue the previous value.
      const undocumented: string[] = [];
      let documented = false;
      for (const line of defaults.split("\n")) {
        if (line.startsWith("#")) documented = true;
        else if (line.trim() === "" || line === "---") documented = false;
        else if (/^[a-z_0-9]+:/.test(line) && !documented) undocumented.push(line.split(":")[0]);
      }
      expect({ role, undocumented }).toEqual({ role, undocumented: [] });
    }
  });
});
