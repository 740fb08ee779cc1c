import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import YAML from "yaml";
import { tempDir } from "../support/tools";

/*
 * Labs written by hand the way newcomers write them: anchors and merge keys, files saved on
 * Windows (CRLF, a byte-order mark), tabs, comments in JSON. What is fine must validate like the
 * plain file; what is not is one line naming the file, the line and the fix, with exit code 1.
 */

const root = path.join(__dirname, "..", "..");
const bin = path.join(root, "bin", "homelab.js");
const minimalFile = path.join(root, "test", "fixtures", "environments", "minimal.yaml");
const minimal = fs.readFileSync(minimalFile, "utf8");
const scratch = tempDir("cli-hand-written");

/** Runs the built `homelab` command (npm test builds dist/ first). */
function homelab(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [bin, ...args], { cwd: scratch, encoding: "utf8" });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Writes `content` to a scratch file and returns its name (commands run in the scratch folder). */
function write(name: string, content: string | Buffer): string {
  fs.writeFileSync(path.join(scratch, name), content);
  return name;
}

/** The inventory of a lab file, parsed. */
function inventoryOf(file: string): { all: { children: Record<string, { hosts: Record<string, Record<string, unknown>> }> } } {
  const result = homelab(["inventory", file]);
  expect(result).toMatchObject({ status: 0, stderr: "" });
  return YAML.parse(result.stdout);
}

/** The minimal lab with its two Proxmox nodes and two VMs written through anchors and merge keys. */
const MERGED = `${minimal
  .replace(/^proxmox:\n(?:.*\n)*?^networks:\n/m, `x-node: &node
  cores: 16
  memoryMiB: 65536
  datastores: [local-lvm]
  snippetsDatastore: local
proxmox:
  endpoint: https://pve.lab.example:8006/
  nodes:
  - <<: *node
    name: pve1
  - <<: *node
    name: pve2
networks:
`)
  .replace(/^vms:\n(?:.*\n)*?^sshPublicKeys:/m, `vms:
- &router
  name: lab-router
  role: router
  vmId: 200
  node: pve1
  cores: 1
  memoryMiB: 1024
  diskGiB: 10
  network: lan
  address: 10.0.0.2
- <<: *router
  name: lab-netbox
  role: netbox
  vmId: 500
  node: pve2
  cores: 2
  memoryMiB: 4096
  diskGiB: 40
  address: 10.0.0.50
sshPublicKeys:`)}`;

describe("a hand-written lab", () => {
  it("reads YAML merge keys and x- anchor fields as the values written out", () => {
    expect(MERGED).toContain("<<: *node");
    const merged = write("merged.yaml", MERGED);
    const plain = write("plain.yaml", minimal);
    expect(homelab(["validate", merged])).toMatchObject({ status: 0, stdout: "ok: merged.yaml: 5 VM(s) on 2 Proxmox node(s)\n" });
    expect(homelab(["inventory", merged]).stdout.replace(/merged\.yaml/g, "plain.yaml")).toBe(homelab(["inventory", plain]).stdout);
  });

  it("lets fields beside a merge key override the merged ones", () => {
    const netbox = inventoryOf(write("override.yaml", MERGED)).all.children.netbox.hosts["lab-netbox"];
    expect(netbox).toMatchObject({ ansible_host: "10.0.0.50" });
    const router = inventoryOf("override.yaml").all.children.router.hosts["lab-router"];
    expect(router).toMatchObject({ ansible_host: "10.0.0.2" });
  });

  it("accepts one anchor merged into hundreds of VMs", () => {
    const vms = Array.from({ length: 300 }, (_, n) => `- <<: *vm\n  name: vm-${n + 1}\n  vmId: ${2000 + n}\n  address: 10.0.${Math.floor(n / 200) + 1}.${(n % 200) + 10}\n`).join("");
    const lab = minimal
      .replace("cidr: 10.0.0.0/24", "cidr: 10.0.0.0/16")
      .replace(/cores: 16/g, "cores: 512")
      .replace(/memoryMiB: 65536/g, "memoryMiB: 1048576")
      .replace(/^vms:\n(?:.*\n)*?^sshPublicKeys:/m, `x-vm: &vm\n  role: worker\n  node: pve1\n  cores: 1\n  memoryMiB: 512\n  diskGiB: 8\n  network: lan\nvms:\n${vms}sshPublicKeys:`);
    const result = homelab(["validate", write("many.yaml", lab)]);
    expect(result).toEqual({ stderr: "", status: 0, stdout: "ok: many.yaml: 303 VM(s) on 2 Proxmox node(s)\n" });
  });

  it("answers a merge key in a JSON file as an unknown field, saying merge keys are YAML's", () => {
    const environment = YAML.parse(minimal);
    environment.vms[0] = { "<<": environment.vms[1], ...environment.vms[0] };
    const result = homelab(["validate", write("merge.json", JSON.stringify(environment, null, 2))]);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/vms\[0\]: unknown field\(s\) "<<"; .*"<<" merges an anchored mapping only in a YAML file/);
  });

  it("reads a file saved on Windows, with CRLF line ends and a byte-order mark", () => {
    const windows = write("windows.yaml", Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(minimal.replace(/\n/g, "\r\n"))]));
    expect(homelab(["validate", windows])).toMatchObject({ status: 0, stdout: "ok: windows.yaml: 5 VM(s) on 2 Proxmox node(s)\n" });
    const json = write("bom.json", Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(JSON.stringify(YAML.parse(minimal)).replace(/,/g, ",\r\n"))]));
    expect(homelab(["validate", json])).toMatchObject({ status: 0, stdout: "ok: bom.json: 5 VM(s) on 2 Proxmox node(s)\n" });
  });

  it("reads a file saved as UTF-16 with a byte-order mark (Notepad's \"Unicode\")", () => {
    const utf16 = write("unicode.yaml", Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(minimal.replace(/\n/g, "\r\n"), "utf16le")]));
    expect(homelab(["validate", utf16])).toMatchObject({ status: 0, stdout: "ok: unicode.yaml: 5 VM(s) on 2 Proxmox node(s)\n" });
  });

  it("answers tab indentation with the line, the column and to indent with spaces", () => {
    const tabbed = write("tabs.yaml", minimal.replace("  endpoint:", "\tendpoint:"));
    const result = homelab(["validate", tabbed]);
    expect(result).toMatchObject({ status: 1, stdout: "" });
    expect(result.stderr).toBe("error: tabs.yaml:4:1: Tabs are not allowed as indentation; indent with spaces (YAML forbids tabs there), e.g. two per level\n");
  });

  it("answers a comment in a JSON file with its line and the YAML alternative", () => {
    const json = JSON.stringify(YAML.parse(minimal), null, 2).replace('"name": "lab",', '"name": "lab", // my lab');
    const result = homelab(["validate", write("comment.json", json)]);
    expect(result.status).toBe(1);
    expect(result.stderr).toBe('error: comment.json:2:18: not valid JSON: unexpected "/"; expected a string in double quotes; JSON has no comments: remove it, or write the environment as YAML (.yaml), where # starts a comment\n');
  });

  it("answers a trailing comma in a JSON file with its line and to remove it", () => {
    const json = JSON.stringify(YAML.parse(minimal), null, 2).replace(/\n}$/, ",\n}");
    const result = homelab(["validate", write("trailing.json", json)]);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/^error: trailing\.json:\d+:1: not valid JSON: unexpected "}"; expected a string in double quotes; JSON allows no comma before "}": remove the last comma\n$/);
  });

  it("answers several YAML documents in one file in its own words, not the parser's API", () => {
    const result = homelab(["validate", write("two.yaml", `${minimal}---\n${minimal}`)]);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/^error: two\.yaml:\d+:1: holds several YAML documents \(a --- line starts another\); an environment is one document/);
    expect(result.stderr).not.toMatch(/parseAllDocuments/);
  });

  it("counts the Proxmox nodes of every site", () => {
    const environment = YAML.parse(minimal);
    const { proxmox, networks } = environment;
    delete environment.proxmox;
    delete environment.networks;
    const second = { name: "pve3", cores: 16, memoryMiB: 65536, datastores: ["local-lvm"], snippetsDatastore: "local" };
    const cabinNetwork = { name: "cabin", bridge: "vmbr0", cidr: "10.9.0.0/24", gateway: "10.9.0.1", dns: ["10.9.0.1"] };
    environment.cluster.site = "home";
    for (const vm of environment.vms) vm.site = "home";
    environment.sites = [
      { name: "home", proxmox, networks },
      { name: "cabin", proxmox: { endpoint: "https://pve3.lab.example:8006/", nodes: [second] }, networks: [cabinNetwork] },
    ];
    const result = homelab(["validate", write("sites.json", JSON.stringify(environment))]);
    expect(result).toEqual({ stderr: "", status: 0, stdout: "ok: sites.json: 5 VM(s) on 3 Proxmox node(s) at 2 sites\n" });
  });
});
