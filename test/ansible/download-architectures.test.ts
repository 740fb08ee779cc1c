import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import YAML from "yaml";
import { inventoryData } from "../../lib/inventory";
import { topologyOf } from "../support/environments";
import { requireTool, tempDir } from "../support/tools";

/*
 * Roles that download a binary or add a package repository pick the host's architecture, and the
 * inventory's `architecture` (set for every machine of an environment with bare-metal hosts) is
 * what they read. Ansible itself renders the roles' download variables here, for an arm64 host (a
 * ha-cluster Raspberry Pi) and an amd64 host (a ha-cluster worker VM), without touching either.
 */

const rolesDir = path.resolve(__dirname, "../../ansible/roles");

type Rendered = Record<string, unknown>;

/**
 * Renders `expressions` for each of `hosts` once `load` has brought in the role's variables: the
 * role's own architecture check (kubeadm), or its defaults file (k3s_common, whose tasks all act).
 */
function render(dir: string, load: Record<string, unknown>, hosts: Record<string, Record<string, unknown>>, expressions: Record<string, string>): Record<string, Rendered> {
  const inventory = path.join(dir, `inventory-${Object.keys(load)[0]}.yml`);
  const playbook = path.join(dir, "render.yml");
  fs.writeFileSync(inventory, YAML.stringify({ all: { vars: { ansible_connection: "local" }, hosts } }));
  fs.writeFileSync(
    playbook,
    YAML.stringify([
      {
        name: "Render the download variables",
        hosts: "all",
        gather_facts: false,
        tasks: [
          { name: "Load the role's variables", ...load },
          { name: "Show", "ansible.builtin.debug": { msg: Object.fromEntries(Object.entries(expressions).map(([key, expression]) => [key, `{{ ${expression} }}`])) } },
        ],
      },
    ]),
  );
  const result = spawnSync("ansible-playbook", ["-i", inventory, playbook], {
    encoding: "utf8",
    env: { ...process.env, ANSIBLE_ROLES_PATH: rolesDir, ANSIBLE_STDOUT_CALLBACK: "json", ANSIBLE_NOCOLOR: "1" },
  });
  if (result.status !== 0) throw new Error(`ansible-playbook failed:\n${result.stdout}${result.stderr}`);
  const report = JSON.parse(result.stdout) as { plays: { tasks: { task: { name: string }; hosts: Record<string, { msg: Rendered }> }[] }[] };
  const shown = report.plays[0].tasks.find((task) => task.task.name === "Show")!;
  return Object.fromEntries(Object.entries(shown.hosts).map(([host, outcome]) => [host, outcome.msg]));
}

/** A host of the ha-cluster inventory, with its cluster's vars, as Ansible would see it. */
function haClusterHost(name: string, group: "server" | "agent"): Record<string, unknown> {
  const cluster = inventoryData(topologyOf("ha-cluster")).all.children!.k3s_cluster;
  return { ...cluster.vars, ...cluster.children![group].hosts![name] };
}

describe("download variables per architecture", () => {
  const dir = tempDir("architectures");
  beforeAll(() => requireTool("ansible-playbook", "ansible"));

  it("gives the ha-cluster Raspberry Pi arm64 repositories and the worker VM amd64 ones (kubeadm role)", () => {
    // Given a Pi and a VM of the ha-cluster inventory, on Ubuntu 24.04 and 22.04 as the seed says
    const hosts = {
      pi: { ...haClusterHost("k8s-worker-arm-1", "agent"), kubeadm_os: "ubuntu", kubeadm_os_release: "noble" },
      vm: { ...haClusterHost("k8s-worker-1", "agent"), kubeadm_os: "ubuntu", kubeadm_os_release: "jammy" },
    };

    // When Ansible renders the kubeadm role's repository lines and pins
    const rendered = render(dir, { "ansible.builtin.include_role": { name: "kubeadm", tasks_from: "architecture.yml", public: true } }, hosts, {
      arch: "kubeadm_arch",
      repositories: "kubeadm_repositories | map(attribute='line') | list",
      fingerprints: "kubeadm_repositories | map(attribute='fingerprint') | list",
      kubeadm: "kubeadm_package_version",
      containerd: "kubeadm_containerd_package",
    });

    // Then each host gets its own architecture's packages, from keys pinned by fingerprint
    expect(rendered.pi).toEqual({
      arch: "arm64",
      repositories: [
        "deb [arch=arm64 signed-by=/etc/apt/keyrings/kubernetes.asc] https://pkgs.k8s.io/core:/stable:/v1.31/deb/ /",
        "deb [arch=arm64 signed-by=/etc/apt/keyrings/docker.asc] https://download.docker.com/linux/ubuntu noble stable",
      ],
      fingerprints: ["DE15B14486CD377B9E876E1A234654DA9A296436", "9DC858229FC7DD38854AE2D88D81803C0EBFCD88"],
      kubeadm: "1.31.0-1.1",
      containerd: "containerd.io=1.7.28-*",
    });
    expect(rendered.vm).toMatchObject({
      arch: "amd64",
      repositories: [
        "deb [arch=amd64 signed-by=/etc/apt/keyrings/kubernetes.asc] https://pkgs.k8s.io/core:/stable:/v1.31/deb/ /",
        "deb [arch=amd64 signed-by=/etc/apt/keyrings/docker.asc] https://download.docker.com/linux/ubuntu jammy stable",
      ],
    });
  });

  it("downloads the k3s binary and checksum file of the inventory's architecture: arm64, armhf or amd64 (k3s_common role)", () => {
    // Given hosts of a k3s cluster (orion's pinned release) whose inventory states their architecture
    const { k3s_version } = inventoryData(topologyOf("orion")).all.children!.k3s_cluster.vars as { k3s_version: string };
    const hosts = {
      pi: { k3s_version, architecture: "arm64" },
      pi32: { k3s_version, architecture: "armhf" },
      vm: { k3s_version, architecture: "amd64" },
    };
    const release = `https://github.com/k3s-io/k3s/releases/download/${encodeURIComponent(k3s_version)}`;

    // When Ansible renders k3s_common's download URLs (k3s_server and k3s_agent depend on it)
    const rendered = render(dir, { "ansible.builtin.include_vars": { file: path.join(rolesDir, "k3s_common", "defaults", "main.yml") } }, hosts, {
      arch: "k3s_common_arch",
      url: "k3s_common_release_url ~ '/' ~ (k3s_version | urlencode) ~ '/k3s' ~ k3s_common_arch_suffix",
      checksum: "k3s_common_release_url ~ '/' ~ (k3s_version | urlencode) ~ '/sha256sum-' ~ k3s_common_checksum_arch ~ '.txt'",
    });

    // Then each host downloads its own architecture's binary, checked against its own sums
    expect(k3s_version).toBe("v1.31.4+k3s1");
    expect(rendered.pi).toEqual({ arch: "arm64", url: `${release}/k3s-arm64`, checksum: `${release}/sha256sum-arm64.txt` });
    expect(rendered.pi32).toEqual({ arch: "armhf", url: `${release}/k3s-armhf`, checksum: `${release}/sha256sum-arm.txt` });
    expect(rendered.vm).toEqual({ arch: "amd64", url: `${release}/k3s`, checksum: `${release}/sha256sum-amd64.txt` });
  });
});
