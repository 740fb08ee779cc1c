import * as fs from "fs";
import * as path from "path";
import YAML from "yaml";
import { inventoryData } from "../../lib/inventory";
import { topologyOf } from "../support/environments";
import { requireTool, run, tempDir } from "../support/tools";

/*
 * ansible/roles/gobgp writes the inventory's gobgp_config to /etc/gobgp/gobgpd.toml through a
 * `validate:` command. Here that very command (from the role's tasks, with the packaged gobgpd) runs
 * on every router's host var, so the role and the renderer cannot drift apart.
 */

const roleDir = path.resolve(__dirname, "../../ansible/roles/gobgp");

interface Task {
  name: string;
  "ansible.builtin.copy"?: { dest: string; validate?: string; content?: string };
}

const tasks = YAML.parse(fs.readFileSync(path.join(roleDir, "tasks", "main.yml"), "utf8")) as Task[];
const writeConfig = tasks.find((task) => task["ansible.builtin.copy"]?.dest === "{{ gobgp_config_file }}")!;

/** Every router host of an environment's inventory with its gobgp_config. */
function routerHosts(environment: string): [string, string][] {
  const hosts = inventoryData(topologyOf(environment)).all.children!.router.hosts as Record<string, { gobgp_config?: string }>;
  return Object.entries(hosts).map(([name, vars]) => [name, vars.gobgp_config!]);
}

describe("the gobgp role", () => {
  const dir = tempDir("gobgp-role");

  it("writes the inventory's gobgp_config, checked by gobgpd before it lands", () => {
    expect(writeConfig["ansible.builtin.copy"]).toMatchObject({ content: "{{ gobgp_config }}", validate: "{{ gobgp_gobgpd }} -f %s -t toml -d" });
  });

  it.each([
    ["orion", "orion-router"],
    ["nuclear-lighters", "nl-rtr01"],
    ["nuclear-lighters", "gr-rtr01"],
  ])("accepts the gobgp_config of %s host %s with its own validate command", (environment, host) => {
    requireTool("gobgpd", "gobgpd");
    const config = new Map(routerHosts(environment)).get(host);
    expect(config).toMatch(/^\s*\[global\.config\]/m);
    const file = path.join(dir, `${host}.toml`);
    fs.writeFileSync(file, config!);
    const [command, ...args] = writeConfig["ansible.builtin.copy"]!.validate!.replace("{{ gobgp_gobgpd }}", "/usr/bin/gobgpd").split(" ");
    expect(run(command, args.map((arg) => (arg === "%s" ? file : arg)))).toMatch(/Finished reading the config file/);
  });

  it("rejects through the same command a config gobgpd cannot read", () => {
    requireTool("gobgpd", "gobgpd");
    const file = path.join(dir, "broken.toml");
    fs.writeFileSync(file, routerHosts("orion")[0][1].replace(/peer-as = 64512/g, 'peer-as = "x"'));
    expect(() => run("/usr/bin/gobgpd", ["-f", file, "-t", "toml", "-d"])).toThrow(/cannot parse 'neighbors\[\d\]\.config\.peer-as'/);
  });

  it("lets the generated inventory place every router host in the group router.yml targets", () => {
    const playbook = YAML.parse(fs.readFileSync(path.resolve(roleDir, "../../playbooks/router.yml"), "utf8")) as { hosts: string; roles: { role: string }[] }[];
    expect(playbook[0]).toMatchObject({ hosts: "router", roles: [{ role: "gobgp" }] });
    expect(routerHosts("nuclear-lighters").map(([name]) => name)).toEqual(["nl-rtr01", "gr-rtr01"]);
  });
});
