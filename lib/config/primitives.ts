import { z } from "zod";
import { isCidr, isCidrV4, isCidrV6, isIpAddress, isIpv4Address, isIpv6Address } from "../net/ip";

/*
 * The one place for the value rules every schema shares: addresses, networks, AS numbers, ports,
 * DNS names, Git sources and Kubernetes object names. lib/config/schema.ts and
 * lib/config/platform.ts build their fields from these schemas, and lib/topology/bgp.ts checks AS
 * numbers with the same function, so a rule (and its message) cannot drift between fields again.
 * Each schema is registered under its name in `primitiveRegistry`; `primitiveFields` lists every
 * field of a schema tree that uses one, which is how test/config/primitives.test.ts proves it
 * exercises every field.
 */

/** The names under which the shared value rules are registered. */
export type PrimitiveName =
  | "ipv4Address"
  | "ipv6Address"
  | "ipAddress"
  | "cidrV4"
  | "cidrV6"
  | "cidr"
  | "asn"
  | "port"
  | "dnsLabel"
  | "hostname"
  | "host"
  | "gitSource"
  | "kubernetesName";

/** Which shared rule a schema is; zod keeps the entries in a WeakMap keyed by the schema object. */
export const primitiveRegistry = z.registry<{ readonly primitive: PrimitiveName }>();

/**
 * Registers `schema` as the rule `name`. Use the result as it is: `.optional()`, `.default()` and
 * `.prefault()` wrap it and stay visible to {@link primitiveFields}, but `.refine()`, `.regex()` or
 * `.min()` on it make an unregistered copy, which no test would then cover.
 */
function primitive<T extends z.ZodType>(name: PrimitiveName, schema: T): T {
  primitiveRegistry.add(schema as z.ZodType, { primitive: name });
  return schema;
}

/** An IPv4 address in dotted-quad form, e.g. 192.168.1.10. */
export const ipv4Address = primitive(
  "ipv4Address",
  z.string().refine(isIpv4Address, { message: "is not an IPv4 address; write four dotted numbers such as 192.168.1.10" }),
);

/** An IPv6 address without a prefix length, e.g. 2001:db8::10. */
export const ipv6Address = primitive(
  "ipv6Address",
  z.string().refine(isIpv6Address, { message: "is not an IPv6 address; write it like 2001:db8::10 (no prefix length)" }),
);

/** An IPv4 or IPv6 address, without a prefix length. */
export const ipAddress = primitive(
  "ipAddress",
  z.string().refine(isIpAddress, { message: "is not an IP address; write an IPv4 (192.168.1.10) or IPv6 (2001:db8::10) address" }),
);

/** An IPv4 network in CIDR form, e.g. 192.168.1.0/24. */
export const cidrV4 = primitive(
  "cidrV4",
  z.string().refine(isCidrV4, { message: "is not an IPv4 network in CIDR form; write it like 192.168.1.0/24" }),
);

/** An IPv6 prefix in CIDR form, e.g. 2001:db8:1::/64. */
export const cidrV6 = primitive(
  "cidrV6",
  z.string().refine(isCidrV6, { message: "is not an IPv6 prefix in CIDR form; write it like 2001:db8:1::/64" }),
);

/** A network of either family in CIDR form. */
export const cidr = primitive(
  "cidr",
  z.string().refine(isCidr, { message: "is not a network in CIDR form; write it like 192.168.200.0/24" }),
);

/** A range of AS numbers and why it is set apart. */
export interface AsnRange {
  readonly from: number;
  readonly to: number;
  readonly why: string;
}

/** The largest number a 4-byte AS field holds. */
export const ASN_MAX = 4294967295;

/**
 * AS numbers no session may use (IANA's special-purpose AS numbers registry). Everything else from
 * 1 to 4294967294 is allowed, public or private.
 */
export const RESERVED_ASNS: readonly AsnRange[] = [
  { from: 0, to: 0, why: "reserved (RFC 7607)" },
  { from: 23456, to: 23456, why: "AS_TRANS (RFC 6793)" },
  { from: 64496, to: 64511, why: "reserved for documentation (RFC 5398)" },
  { from: 65535, to: 65535, why: "reserved (RFC 7300)" },
  { from: 65536, to: 65551, why: "reserved for documentation (RFC 5398)" },
  { from: 65552, to: 131071, why: "reserved by IANA" },
  { from: ASN_MAX, to: ASN_MAX, why: "reserved (RFC 7300)" },
];

/** Private-use AS numbers (RFC 6996): allowed, and what a lab should use. */
export const PRIVATE_ASNS: readonly AsnRange[] = [
  { from: 64512, to: 65534, why: "private use, 16-bit (RFC 6996)" },
  { from: 4200000000, to: 4294967294, why: "private use, 32-bit (RFC 6996)" },
];

const PRIVATE_HINT = "use your public ASN or a private one (64512-65534, 4200000000-4294967294)";

/**
 * What is wrong with `value` as an AS number, or undefined when it is usable: a whole number from
 * 1 to 4294967294 outside {@link RESERVED_ASNS}. Private ASNs ({@link PRIVATE_ASNS}) are allowed.
 * The schemas and the topology's BGP checks both report this message.
 */
export function asnProblem(value: number): string | undefined {
  if (!Number.isInteger(value)) return "must be a whole number";
  if (value < 0 || value > ASN_MAX) return `AS numbers run from 1 to ${ASN_MAX} (32 bits); ${PRIVATE_HINT}`;
  const reserved = RESERVED_ASNS.find((range) => value >= range.from && value <= range.to);
  return reserved ? `is ${reserved.why}; ${PRIVATE_HINT}` : undefined;
}

/** Private, public, 16- or 32-bit: how an AS number reads (for messages and docs). */
export function describeAsn(asn: number): string {
  const width = asn <= 65535 ? "16-bit" : "32-bit";
  const isPrivate = PRIVATE_ASNS.some((range) => asn >= range.from && asn <= range.to);
  return `${isPrivate ? "private" : "public"} ${width} AS${asn}`;
}

/**
 * A usable AS number: a whole number from 1 to 4294967294 outside the reserved ranges (23456,
 * 64496-64511, 65535, 65536-131071; see {@link asnProblem}). Private ASNs (64512-65534,
 * 4200000000-4294967294) are allowed and what a lab should use.
 */
export const asn = primitive(
  "asn",
  z.number().int().superRefine((value, context) => {
    const problem = asnProblem(value);
    if (problem) context.addIssue({ code: "custom", input: value, message: problem });
  }),
);

const PORT_RANGE = "ports run from 1 to 65535";

/** A TCP or UDP port, 1-65535 (0 means "any" to the kernel, never a port to configure). */
export const port = primitive(
  "port",
  z
    .number()
    .int({ message: "must be a whole number" })
    .min(1, { message: PORT_RANGE })
    .max(65535, { message: PORT_RANGE }),
);

/**
 * A name that becomes a hostname, a Terraform identifier and an Ansible group name: one lowercase
 * DNS label that starts with a letter (Ansible and Terraform identifiers cannot start with a digit).
 */
export const dnsLabel = primitive(
  "dnsLabel",
  z.string().regex(/^[a-z]([a-z0-9-]{0,61}[a-z0-9])?$/, {
    message: "must be a lowercase DNS label: letters, digits and '-', starting with a letter, at most 63 characters",
  }),
);

const HOSTNAME_MESSAGE = "is not a DNS name; write dot-separated labels of letters, digits and '-', such as lab.example.com";

/** zod's RFC 1123 host name syntax: labels of letters, digits and '-', at most 253 characters. */
const hostnameSyntax = z.hostname();

/**
 * True when `text` is a DNS name in zod's host name syntax, without a trailing dot (an Ingress host
 * and a search domain take none) and with a top-level label that is not all digits (RFC 3696), so
 * no IPv4 address passes as a name.
 */
function isHostname(text: string): boolean {
  return hostnameSyntax.safeParse(text).success && !text.endsWith(".") && !/^\d+$/.test(text.slice(text.lastIndexOf(".") + 1));
}

/** A DNS name, such as a search domain or the host name a service is served on. */
export const hostname = primitive("hostname", z.string().refine(isHostname, { message: HOSTNAME_MESSAGE }));

/** Where to reach a machine: a DNS name or an IP address. */
export const host = primitive(
  "host",
  z.string().refine((value) => isHostname(value) || isIpAddress(value), {
    message: "is neither a DNS name nor an IP address; write it like pve1.lab.example.com or 192.168.1.2",
  }),
);

/** `user@host:path`, the scp-like form Git takes for SSH. */
const SCP_LIKE = /^[A-Za-z0-9._-]+@([^\s:/@]+):(\S+)$/;

/** True when `text` is an https:// or ssh:// URL with a host and a path, or the scp-like `git@host:path`. */
function isGitSource(text: string): boolean {
  const scp = SCP_LIKE.exec(text);
  if (scp) return isHostname(scp[1]) || isIpAddress(scp[1]);
  if (/\s/.test(text)) return false;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return false;
  }
  // Plain http:// and git:// carry the repository (and any credentials) unauthenticated and in clear.
  return (url.protocol === "https:" || url.protocol === "ssh:") && url.hostname !== "" && url.pathname.length > 1;
}

/** A Git repository: an https:// URL, an ssh:// URL, or the scp-like git@host:path. */
export const gitSource = primitive(
  "gitSource",
  z.string().refine(isGitSource, {
    message: "is not a Git repository URL; write it like https://github.com/me/homelab-gitops.git, ssh://git@host/me/repo.git or git@host:me/repo.git",
  }),
);

/**
 * A Kubernetes object name (a Secret, a MetalLB BGPPeer): an RFC 1123 subdomain as the API server
 * checks it, so a bad name fails here instead of at `terraform apply`.
 */
export const kubernetesName = primitive(
  "kubernetesName",
  z
    .string()
    .max(253, { message: "must be a Kubernetes object name of at most 253 characters" })
    .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/, {
      message: "must be a Kubernetes object name: lowercase letters, digits, '-' and '.', each dot-separated part starting and ending with a letter or digit",
    }),
);

/** One field of a schema tree that uses a primitive: its path pattern (`routers[].upstreams[].asn`) and the rule. */
export interface PrimitiveField {
  readonly path: string;
  readonly primitive: PrimitiveName;
}

/**
 * Every field under `root` whose schema is a registered primitive, in schema order. Arrays appear
 * as `[]` in the path; optional, default and union wrappers are looked through.
 */
export function primitiveFields(root: z.ZodType): PrimitiveField[] {
  const out: PrimitiveField[] = [];
  const visit = (schema: z.core.$ZodType, path: string): void => {
    const registered = primitiveRegistry.get(schema as z.ZodType);
    if (registered) {
      out.push({ path, primitive: registered.primitive });
      return;
    }
    const def = (schema as z.core.$ZodTypes)._zod.def;
    switch (def.type) {
      case "object":
        for (const [key, child] of Object.entries(def.shape)) visit(child, path ? `${path}.${key}` : key);
        return;
      case "array":
        visit(def.element, `${path}[]`);
        return;
      case "record":
        visit(def.valueType, `${path}{}`);
        return;
      case "optional":
      case "nullable":
      case "default":
      case "prefault":
      case "readonly":
      case "nonoptional":
      case "catch":
        visit(def.innerType, path);
        return;
      case "union":
        for (const option of def.options) visit(option, path);
        return;
      case "pipe":
        visit(def.in, path);
        return;
      default:
        return;
    }
  };
  visit(root, "");
  // A field in several union options (or visited twice through a shared schema) is one field.
  return out.filter((field, index) => out.findIndex((other) => other.path === field.path && other.primitive === field.primitive) === index);
}
