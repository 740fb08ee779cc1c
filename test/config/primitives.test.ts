import * as path from "path";
import { ConfigError, ConfigIssue, describeValue } from "../../lib/config/errors";
import { parseEnvironment, readEnvironmentFile } from "../../lib/config/load";
import { PrimitiveName, describeAsn, primitiveFields } from "../../lib/config/primitives";
import { environmentSchema } from "../../lib/config/schema";

/*
 * Every field that uses a shared value rule (lib/config/primitives.ts) is put through that rule:
 * each bad value is rejected with a message naming the field's path and the value, each good value
 * parses. The field list per rule is written out below as the specification, and the first test
 * proves it equals what the schema registers, so a new field cannot join a rule untested.
 */

type Json = Record<string, unknown> & Record<number, unknown>;

const minimal = readEnvironmentFile(path.join(__dirname, "..", "fixtures", "environments", "minimal.yaml")) as Json;

/** Which fields use which rule, as `[]`-for-any-index path patterns. */
const FIELDS: Record<PrimitiveName, readonly string[]> = {
  ipv4Address: [
    "networks[].gateway",
    "networks[].reserved[].start",
    "networks[].reserved[].end",
    "networks[].netboxRange.start",
    "networks[].netboxRange.end",
    "sites[].networks[].gateway",
    "sites[].networks[].reserved[].start",
    "sites[].networks[].reserved[].end",
    "sites[].networks[].netboxRange.start",
    "sites[].networks[].netboxRange.end",
    "cluster.apiVip",
    "cluster.loadBalancerPool.start",
    "cluster.loadBalancerPool.end",
    "cluster.servers.addressStart",
    "cluster.agents.addressStart",
    "clusters[].apiVip",
    "clusters[].loadBalancerPool.start",
    "clusters[].loadBalancerPool.end",
    "clusters[].servers.addressStart",
    "clusters[].agents.addressStart",
    "vms[].address",
    "hosts[].address",
    "routers[].routerId",
    "platform.loadBalancer.peers[].address",
  ],
  ipv6Address: ["networks[].ipv6.gateway", "sites[].networks[].ipv6.gateway"],
  ipAddress: [
    "networks[].dns[]",
    "sites[].networks[].dns[]",
    "routers[].upstreams[].address",
    "vms[].nics[].address",
    "cluster.servers.nics[].addressStart",
    "cluster.agents.nics[].addressStart",
    "clusters[].servers.nics[].addressStart",
    "clusters[].agents.nics[].addressStart",
  ],
  cidrV4: ["networks[].cidr", "sites[].networks[].cidr", "cluster.podCidr", "cluster.serviceCidr", "clusters[].podCidr", "clusters[].serviceCidr"],
  cidrV6: ["networks[].ipv6.prefix", "sites[].networks[].ipv6.prefix", "cluster.podCidrIpv6", "cluster.serviceCidrIpv6", "clusters[].podCidrIpv6", "clusters[].serviceCidrIpv6"],
  cidr: ["netbox.prefixes[].prefix", "routers[].originate[]"],
  asn: [
    "cluster.bgp.asn",
    "clusters[].bgp.asn",
    "routers[].asn",
    "routers[].upstreams[].asn",
    "platform.loadBalancer.asn",
    "platform.loadBalancer.peers[].asn",
  ],
  port: ["routers[].listenPort", "routers[].metricsPort"],
  dnsLabel: [
    "name",
    "proxmox.nodes[].name",
    "networks[].name",
    "sites[].name",
    "sites[].proxmox.nodes[].name",
    "sites[].networks[].name",
    "sites[].netboxSite.slug",
    "image.templateNode",
    "image.nodes[]",
    "image.build.templateName",
    "cluster.name",
    "cluster.network",
    "cluster.servers.nodes[]",
    "cluster.servers.namePrefix",
    "cluster.servers.overrides[].name",
    "cluster.agents.nodes[]",
    "cluster.agents.namePrefix",
    "cluster.agents.overrides[].name",
    "cluster.site",
    "cluster.bgp.router",
    "clusters[].name",
    "clusters[].network",
    "clusters[].servers.nodes[]",
    "clusters[].servers.namePrefix",
    "clusters[].servers.overrides[].name",
    "clusters[].agents.nodes[]",
    "clusters[].agents.namePrefix",
    "clusters[].agents.overrides[].name",
    "clusters[].site",
    "clusters[].bgp.router",
    "vms[].name",
    "vms[].role",
    "vms[].node",
    "vms[].network",
    "vms[].site",
    "vms[].nics[].network",
    "cluster.servers.nics[].network",
    "cluster.agents.nics[].network",
    "clusters[].servers.nics[].network",
    "clusters[].agents.nics[].network",
    "networks[].gatewayVm",
    "sites[].networks[].gatewayVm",
    "cluster.apiLoadBalancer.vms[]",
    "clusters[].apiLoadBalancer.vms[]",
    "hosts[].name",
    "hosts[].network",
    "hosts[].cluster",
    "routers[].name",
    "routers[].vm",
    "renamedVms[].from",
    "renamedVms[].to",
    "netbox.site.slug",
  ],
  hostname: ["networks[].domain", "sites[].networks[].domain", "platform.rancher.hostname", "platform.externalDns.domainFilters[]", "platform.authentik.hostname"],
  host: ["proxmox.nodes[].sshAddress", "sites[].proxmox.nodes[].sshAddress"],
  gitSource: ["platform.argocd.repoUrl", "platform.flux.repoUrl"],
  kubernetesName: [
    "platform.loadBalancer.peers[].name",
    "platform.certManager.issuer.tokenSecretName",
    "platform.velero.credentialsSecretName",
    "platform.externalSecrets.tokenSecretName",
    "platform.flux.layers[].name",
    "platform.flux.layers[].dependsOn[]",
    "platform.cnpg.clusterName",
    "platform.cnpg.namespace",
    "platform.cnpg.backup.s3.credentialsSecret",
    "platform.externalDns.apiTokenSecret.name",
    "platform.nfs.storageClass",
    "platform.authentik.credentialsSecret",
    "platform.authentik.cnpgRoleSecret",
    "platform.crowdsec.enrollKeySecret.name",
    "platform.crowdsec.bouncer.keySecret.name",
  ],
};

/** A bad value and the message it must be rejected with. */
type Bad = readonly [value: unknown, message: RegExp];

const IPV4 = /^is not an IPv4 address; write four dotted numbers such as 192\.168\.1\.10$/;
const IPV6 = /^is not an IPv6 address; write it like 2001:db8::10 \(no prefix length\)$/;
const IP = /^is not an IP address; write an IPv4 \(192\.168\.1\.10\) or IPv6 \(2001:db8::10\) address$/;
const CIDR_V4 = /^is not an IPv4 network in CIDR form; write it like 192\.168\.1\.0\/24$/;
const CIDR_V6 = /^is not an IPv6 prefix in CIDR form; write it like 2001:db8:1::\/64$/;
const CIDR = /^is not a network in CIDR form; write it like 192\.168\.200\.0\/24$/;
const USE_INSTEAD = "; use your public ASN or a private one \\(64512-65534, 4200000000-4294967294\\)$";
const ASN_RANGE = new RegExp(`^AS numbers run from 1 to 4294967295 \\(32 bits\\)${USE_INSTEAD}`);
const reservedAsn = (why: string): RegExp => new RegExp(`^is ${why}${USE_INSTEAD}`);
const PORT = /^ports run from 1 to 65535$/;
const WHOLE = /^expected a whole number, got a fraction$/;
// The fix names a label close to the bad value when there is one ("Lab" -> "lab").
const LABEL = /^must be a lowercase DNS label: letters, digits and '-', starting with a letter, at most 63 characters(, e\.g\. "[a-z]([a-z0-9-]*[a-z0-9])?")?$/;
const HOSTNAME = /^is not a DNS name; write dot-separated labels of letters, digits and '-', such as lab\.example\.com$/;
const HOST = /^is neither a DNS name nor an IP address; write it like pve1\.lab\.example\.com or 192\.168\.1\.2$/;
const K8S_NAME = /^must be a Kubernetes object name: lowercase letters, digits, '-' and '\.', each dot-separated part starting and ending with a letter or digit$/;
const GIT = /^is not a Git repository URL; write it like https:\/\/github\.com\/me\/homelab-gitops\.git, ssh:\/\/git@host\/me\/repo\.git or git@host:me\/repo\.git$/;

/** What each rule rejects (with which message) and accepts. */
const RULES: Record<PrimitiveName, { readonly bad: readonly Bad[]; readonly good: readonly unknown[] }> = {
  ipv4Address: {
    bad: [["10.0.0", IPV4], ["10.0.0.256", IPV4], ["10.0.0.0/24", /^is not an IPv4 address; write four dotted numbers such as 192\.168\.1\.10; write the address alone, "10\.0\.0\.0" \(the network's cidr gives the prefix length\)$/], ["0x0a000001", IPV4], ["2001:db8::1", IPV4], [10, /^expected an IPv4 address such as 192\.168\.1\.10, got a number$/]],
    good: ["10.0.0.7"],
  },
  ipv6Address: {
    bad: [["2001:db8::/64", IPV6], ["2001:db8:::1", IPV6], ["10.0.0.1", IPV6]],
    good: ["2001:db8::10", "fe80::1"],
  },
  ipAddress: {
    bad: [["10.0.0", IP], ["2001:db8::/64", IP], ["dns.lab.example", IP]],
    good: ["10.0.0.1", "2001:db8::53"],
  },
  cidrV4: {
    bad: [["10.0.0.0/33", CIDR_V4], ["10.0.0.0", /^is not an IPv4 network in CIDR form; write it like 192\.168\.1\.0\/24; add the prefix length, e.g. "10\.0\.0\.0\/24"$/], ["10.0.0/24", CIDR_V4], ["2001:db8::/64", CIDR_V4]],
    good: ["10.0.0.0/24"],
  },
  cidrV6: {
    bad: [["2001:db8::/129", CIDR_V6], ["2001:db8::", CIDR_V6], ["10.0.0.0/24", CIDR_V6]],
    good: ["2001:db8:1::/64"],
  },
  cidr: {
    bad: [["10.0.0.0/33", CIDR], ["10.0.0.0", CIDR], ["2001:db8::/129", CIDR]],
    good: ["10.0.1.0/24", "2001:db8::/48"],
  },
  asn: {
    bad: [
      [0, reservedAsn("reserved \\(RFC 7607\\)")],
      [23456, reservedAsn("AS_TRANS \\(RFC 6793\\)")],
      [64496, reservedAsn("reserved for documentation \\(RFC 5398\\)")],
      [64511, reservedAsn("reserved for documentation \\(RFC 5398\\)")],
      [65535, reservedAsn("reserved \\(RFC 7300\\)")],
      [65536, reservedAsn("reserved for documentation \\(RFC 5398\\)")],
      [65551, reservedAsn("reserved for documentation \\(RFC 5398\\)")],
      [65552, reservedAsn("reserved by IANA")],
      [131071, reservedAsn("reserved by IANA")],
      [4294967295, reservedAsn("reserved \\(RFC 7300\\)")],
      [4294967296, ASN_RANGE],
      [-1, ASN_RANGE],
      [1.5, WHOLE],
      ["65000", /^expected a whole number, got a string; write the number without quotes: 65000$/],
    ],
    // Private ranges (RFC 6996) are allowed: a lab should use them.
    good: [1, 6939, 64512, 65534, 131072, 4200000000, 4294967294],
  },
  port: {
    bad: [[0, PORT], [65536, PORT], [-1, PORT], [1.5, WHOLE]],
    good: [1, 179, 65535],
  },
  dnsLabel: {
    bad: [["Lab", LABEL], ["1lab", LABEL], ["lab-", LABEL], ["la_b", LABEL], ["lab.example", LABEL], ["a".repeat(64), LABEL]],
    good: ["k8s-lab", "a".repeat(63)],
  },
  hostname: {
    bad: [["lab_example.com", HOSTNAME], ["-lab.example", HOSTNAME], ["lab..example", HOSTNAME], ["10.0.0.1", HOSTNAME], ["lab example", HOSTNAME], ["lab.example.", HOSTNAME]],
    good: ["lab.example.com", "lab"],
  },
  host: {
    bad: [["pve_1", HOST], ["10.0.0.0/24", HOST], ["pve 1", HOST]],
    good: ["pve1.lab.example", "10.0.0.2", "2001:db8::2"],
  },
  gitSource: {
    bad: [
      ["http://github.com/me/homelab-gitops.git", GIT],
      ["git://github.com/me/homelab-gitops.git", GIT],
      ["github.com/me/homelab-gitops.git", GIT],
      ["https://github.com", GIT],
      ["git@github.com:", GIT],
      ["git@github com:me/repo.git", GIT],
    ],
    good: [
      "https://github.com/me/homelab-gitops.git",
      "ssh://git@gitea.lab.example:2222/me/homelab-gitops.git",
      "git@github.com:me/homelab-gitops.git",
      "git@github.com:/srv/git/homelab-gitops.git",
    ],
  },
  kubernetesName: {
    bad: [["Vault-Token", K8S_NAME], ["-token", K8S_NAME], ["token-", K8S_NAME], ["vault..token", K8S_NAME], ["vault_token", K8S_NAME], ["a".repeat(254), /^must be a Kubernetes object name of at most 253 characters$/]],
    good: ["vault-token", "1password.token", "a".repeat(253)],
  },
};

/**
 * What a missing container needs so the rest of the environment stays valid. Containers not
 * listed are created empty: their fields are optional or defaulted.
 */
const SEEDS: Record<string, () => unknown> = {
  "hosts[]": () => ({ name: "pi-1", network: "lan", address: "10.0.0.60", role: "worker", os: "Ubuntu 24.04" }),
  "cluster.apiLoadBalancer": () => ({ vms: ["lab-lb"] }),
  "clusters[].apiLoadBalancer": () => ({ vms: ["lab-lb"] }),
  "routers[]": () => ({ name: "edge", asn: 65001, routerId: "10.0.0.2", vm: "lab-router" }),
  "routers[].upstreams[]": () => ({ address: "10.0.0.1", asn: 65002 }),
  "cluster.bgp": () => ({ mode: "metallb", asn: 64512, router: "edge" }),
  "clusters[].bgp": () => ({ mode: "metallb", asn: 64512, router: "edge" }),
  netbox: () => ({ url: "https://netbox.lab.example/" }),
  "netbox.site": () => ({ name: "Lab", slug: "lab" }),
  "netbox.prefixes[]": () => ({ prefix: "10.0.1.0/24" }),
  "platform.loadBalancer.peers[]": () => ({ address: "10.0.0.2", asn: 65001 }),
  "platform.certManager.issuer": () => ({ kind: "acme", email: "admin@lab.example" }),
  "image.build": () => ({ source: "proxmox-clone", cloneVmId: 8000 }),
  "platform.flux.layers[]": () => ({ name: "00-infrastructure" }),
  "sites[].netboxSite": () => ({ name: "Main", slug: "main" }),
  "vms[].nics[]": () => ({ network: "lan", dhcp: true }),
  "renamedVms[]": () => ({ from: "lab-old-1", to: "lab-new-1" }),
  ...Object.fromEntries(
    ["cluster.servers", "cluster.agents", "clusters[].servers", "clusters[].agents"].map((pool) => [`${pool}.nics[]`, () => ({ network: "lan", dhcp: true })]),
  ),
  ...Object.fromEntries(
    ["networks[]", "sites[].networks[]"].flatMap((network) => [
      [`${network}.ipv6`, () => ({ prefix: "fd00:10::/64" })],
      [`${network}.reserved[]`, () => ({ start: "10.0.0.200", end: "10.0.0.210" })],
      [`${network}.netboxRange`, () => ({ start: "10.0.0.100", end: "10.0.0.199" })],
    ]),
  ),
};

/** `routers[].asn` -> [routers, [], asn]. */
function segments(pattern: string): string[] {
  return pattern.split(/\.|(?=\[\])|(?<=\[\])/).filter((segment) => segment !== "");
}

/** The path the message names when the field sits at index 0 of every list. */
function concrete(pattern: string): string {
  return pattern.replace(/\[\]/g, "[0]");
}

/**
 * The minimal environment with `value` at the field `pattern` names: single-site fields stay where
 * they are, `sites[]` and `clusters[]` fields move the minimal site or cluster into that list, and
 * missing containers come from {@link SEEDS}.
 */
function withField(pattern: string, value: unknown): Json {
  const env = structuredClone(minimal);
  if (pattern.startsWith("sites[]")) {
    env.sites = [{ name: "main", proxmox: env.proxmox, networks: env.networks }];
    delete env.proxmox;
    delete env.networks;
  }
  if (pattern.startsWith("clusters[]")) {
    env.clusters = [env.cluster];
    delete env.cluster;
  }
  const parts = segments(pattern);
  let container: Json = env;
  let walked = "";
  parts.forEach((part, index) => {
    const key = part === "[]" ? 0 : part;
    walked = part === "[]" ? `${walked}[]` : walked ? `${walked}.${part}` : part;
    if (index === parts.length - 1) {
      container[key] = value;
      return;
    }
    if (container[key] === undefined) container[key] = SEEDS[walked]?.() ?? (parts[index + 1] === "[]" ? [] : {});
    container = container[key] as Json;
  });
  return env;
}

function valueAt(input: unknown, pattern: string): unknown {
  return segments(pattern).reduce<unknown>((current, part) => (current as Json | undefined)?.[part === "[]" ? 0 : part], input);
}

/** The issue reported at `at`, or why there was none. */
function issueAt(input: Json, at: string): ConfigIssue | string {
  try {
    parseEnvironment(input);
    return "accepted";
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    const issue = error.issues.find((candidate) => candidate.path === at);
    if (!issue) return `rejected elsewhere: ${error.message}`;
    // The rendered message is what a user sees: it must name the path and the value.
    if (!error.message.includes(`${at} = ${describeValue(issue.value)}: ${issue.message}`)) return `not rendered: ${error.message}`;
    return issue;
  }
}

const registered = primitiveFields(environmentSchema);
const byRule = Object.entries(FIELDS).flatMap(([primitive, patterns]) => patterns.map((pattern) => ({ primitive: primitive as PrimitiveName, pattern })));

describe("shared value rules (lib/config/primitives.ts)", () => {
  it("are tested on exactly the fields the schema builds from them", () => {
    const listed = byRule.map(({ primitive, pattern }) => `${primitive} ${pattern}`).sort();
    expect(listed).toEqual(registered.map(({ primitive, path: field }) => `${primitive} ${field}`).sort());
  });

  it("start from a minimal environment that parses", () => {
    expect(() => parseEnvironment(minimal)).not.toThrow();
  });

  describe.each(Object.keys(FIELDS) as PrimitiveName[])("%s", (primitive) => {
    const { bad, good } = RULES[primitive];

    it.each(FIELDS[primitive])("%s rejects every bad value, naming the path and the value", (pattern) => {
      const at = concrete(pattern);
      const found = bad.map(([value]) => ({ value, issue: issueAt(withField(pattern, value), at) }));
      expect(found).toEqual(bad.map(([value, message]) => ({ value, issue: { path: at, value, message: expect.stringMatching(message) } })));
    });

    it.each(FIELDS[primitive])("%s accepts every good value", (pattern) => {
      const parsed = good.map((value) => valueAt(parseEnvironment(withField(pattern, value)), pattern));
      expect(parsed).toEqual(good);
    });
  });
});

describe("AS numbers", () => {
  it("read as private or public, 16- or 32-bit", () => {
    expect([64512, 6939, 4200000000, 394955].map(describeAsn)).toEqual(["private 16-bit AS64512", "public 16-bit AS6939", "private 32-bit AS4200000000", "public 32-bit AS394955"]);
  });
});
