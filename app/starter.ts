import { Document, isMap, isScalar, type Pair } from "yaml";
import { environments } from "../environments";
import { resolveEnvironment } from "../lib/topology";
import { shippedEnvironmentNames } from "./targets";

/*
 * `homelab init`: a commented starter environment as YAML. Without a template it is the smallest lab
 * that validates (two Proxmox nodes, one network, a k3s cluster of one server and two agents);
 * with `from` it is a shipped environment's values under the new name. Either way the text is
 * validated before it is handed back, so a starter never fails `homelab validate`.
 */

/** An example key that validates; `homelab init` uses the caller's own public key when it has one. */
export const EXAMPLE_SSH_KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAILLPNgFlDZIioosD2zXg3aTvCT08JOFK1WQv21xH83yX replace-me@example";

/** The smallest lab that validates, as a plain object in the environment file's shape. */
export function starterEnvironment(name: string, sshPublicKey: string): Record<string, unknown> {
  return {
    name,
    proxmox: {
      endpoint: "https://pve.lab.example:8006/",
      nodes: [
        { name: "pve1", cores: 16, memoryMiB: 65536, datastores: ["local-lvm"], snippetsDatastore: "local" },
        { name: "pve2", cores: 16, memoryMiB: 65536, datastores: ["local-lvm"], snippetsDatastore: "local" },
      ],
    },
    networks: [{ name: "lan", bridge: "vmbr0", cidr: "10.0.0.0/24", gateway: "10.0.0.1", dns: ["10.0.0.1"] }],
    image: { kind: "template", templateVmId: 9000 },
    cluster: {
      name: `${name}-k3s`,
      version: "v1.31.4+k3s1",
      network: "lan",
      apiVip: "10.0.0.5",
      loadBalancerPool: { start: "10.0.0.40", end: "10.0.0.49" },
      servers: { count: 1, cores: 2, memoryMiB: 4096, diskGiB: 40, vmIdRange: { start: 1100, end: 1109 }, addressStart: "10.0.0.11" },
      agents: { count: 2, cores: 4, memoryMiB: 8192, diskGiB: 80, vmIdRange: { start: 1200, end: 1209 }, addressStart: "10.0.0.21" },
    },
    sshPublicKeys: [sshPublicKey],
  };
}

/** What each top-level key is for, written above it in the starter. */
const KEY_COMMENTS: Readonly<Record<string, string>> = {
  name: " The environment's name: stacks are <name>-infra and <name>-platform.",
  proxmox:
    " Your Proxmox API endpoint (https) and nodes with their cores, memory and datastores. The API token comes\n" +
    " from PROXMOX_VE_API_TOKEN, never from this file. Several sites: see `sites` in docs/multi-site-and-bgp.md.",
  networks: " Bridges and VLANs the VMs attach to: IPv4 CIDR, gateway, DNS; optional vlan, ipv6, reserved ranges, domain.",
  image: " The cloud-init-ready template VMs are cloned from (or kind: cloudImage to download one per node).",
  cluster:
    " The Kubernetes cluster: distribution (k3s, microk8s or kubeadm) and version, API VIP, LoadBalancer pool,\n" +
    " server and agent pools. The n-th VM of a pool gets vmIdRange.start + n and addressStart + n.",
  sshPublicKeys: " Public keys put on every VM (cloud-init). Replace the example key with yours.",
};

const HEADER = (name: string, from: string | undefined): string =>
  [
    ` ${name}: a homelab-cdktf environment${from ? `, started from "${from}"` : ""}.`,
    " Check it:    npx homelab validate " + name,
    " Render it:   npm run synth   (files in environments/ are picked up by name)",
    " Bring it up: npx homelab deploy " + name + "   (or --simulate to try the flow offline)",
    " Every field with its type, default and an example: docs/environment-reference.md; what the",
    " platform components (platform: ...) install in docs/platform.md, state backends (state: ...) in docs/deploy.md.",
  ].join("\n");

/** The YAML text of a starter environment (validated; throws the ConfigError if it does not validate). */
export function starterYaml(name: string, options: { readonly from?: string; readonly sshPublicKey?: string } = {}): string {
  let value: Record<string, unknown>;
  if (options.from) {
    if (!Object.prototype.hasOwnProperty.call(environments, options.from)) {
      throw new Error(`--from "${options.from}" is not a shipped environment; use one of ${shippedEnvironmentNames().filter((each) => each in environments).join(", ")}`);
    }
    value = { ...(structuredClone(environments[options.from]) as Record<string, unknown>), name };
  } else {
    value = starterEnvironment(name, options.sshPublicKey ?? EXAMPLE_SSH_KEY);
  }
  // A starter that does not validate would be a bug here, not the user's: fail before writing.
  resolveEnvironment(value, name);
  const document = new Document(value);
  document.commentBefore = HEADER(name, options.from);
  if (isMap(document.contents)) {
    for (const pair of document.contents.items as Pair[]) {
      const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
      const comment = KEY_COMMENTS[key];
      if (comment && isScalar(pair.key)) pair.key.commentBefore = comment;
    }
  }
  return document.toString({ lineWidth: 0 });
}
