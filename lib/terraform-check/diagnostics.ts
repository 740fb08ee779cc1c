/** A diagnostic as `terraform validate -json` and `terraform plan -json` print it. */
export interface TerraformDiagnostic {
  readonly severity: "error" | "warning";
  readonly summary: string;
  readonly detail?: string;
  readonly address?: string;
  readonly range?: { filename: string; start: { line: number; column: number; byte: number }; end: { line: number; column: number; byte: number } };
  readonly snippet?: { context?: string | null; code?: string; start_line?: number } | null;
}

/** Which Terraform step reported a diagnostic. */
export type TerraformPhase = "init" | "validate" | "plan";

/** A Terraform diagnostic traced back to the construct that wrote the offending JSON. */
export interface MappedDiagnostic {
  readonly stack: string;
  readonly phase: TerraformPhase;
  readonly severity: "error" | "warning";
  readonly summary: string;
  readonly detail: string;
  /** Terraform address of the block involved, e.g. proxmox_virtual_environment_vm.router or provider.proxmox.secondary. */
  readonly address?: string;
  /** The construct path from the resource's `//` metadata, e.g. orion-infra/Router/Resource. */
  readonly constructPath?: string;
  /** file:line of the offending JSON. */
  readonly location?: string;
}

interface ElementMetadata {
  readonly "//"?: { metadata?: { path?: string } };
}

/** The synthesized stack JSON, as far as the mapping reads it. */
export interface StackJson {
  readonly resource?: Record<string, Record<string, ElementMetadata>>;
  readonly data?: Record<string, Record<string, ElementMetadata>>;
  readonly module?: Record<string, ElementMetadata>;
}

/** Resource and data-source addresses of a stack, each with its construct path. */
export function constructPaths(stack: StackJson): Map<string, string> {
  const paths = new Map<string, string>();
  for (const [type, byName] of Object.entries(stack.resource ?? {})) {
    for (const [name, body] of Object.entries(byName ?? {})) {
      const p = body?.["//"]?.metadata?.path;
      if (p) paths.set(`${type}.${name}`, p);
    }
  }
  for (const [type, byName] of Object.entries(stack.data ?? {})) {
    for (const [name, body] of Object.entries(byName ?? {})) {
      const p = body?.["//"]?.metadata?.path;
      if (p) paths.set(`data.${type}.${name}`, p);
    }
  }
  for (const [name, body] of Object.entries(stack.module ?? {})) {
    const p = body?.["//"]?.metadata?.path;
    if (p) paths.set(`module.${name}`, p);
  }
  return paths;
}

/** The block address in a snippet context: "resource.T.N.block[1]" → "T.N", "data.T.N" → "data.T.N". */
export function addressFromContext(context: string | null | undefined): string | undefined {
  if (!context) return undefined;
  const element = /^(resource|data|module)\.([A-Za-z0-9_-]+)(?:\.([A-Za-z0-9_-]+))?/.exec(context);
  if (element) {
    if (element[1] === "resource") return element[3] ? `${element[2]}.${element[3]}` : undefined;
    if (element[1] === "module") return `module.${element[2]}`;
    return element[3] ? `data.${element[2]}.${element[3]}` : undefined;
  }
  const provider = /^provider\["([^"]+)"\](?:\.([A-Za-z0-9_-]+))?/.exec(context);
  if (provider) return `provider.${provider[1].split("/").pop()}${provider[2] ? `.${provider[2]}` : ""}`;
  const other = /^(output|variable|locals?)\s*"?([A-Za-z0-9_-]+)"?/.exec(context);
  if (other) return `${other[1]}.${other[2]}`;
  return undefined;
}

/** A plan address "module.x.T.N[0]" reduced to the root-module form the metadata is keyed by. */
function rootAddress(address: string): string {
  return address.replace(/\[[^\]]*\]/g, "").replace(/^(module\.[^.]+\.)+/, "");
}

/**
 * Traces one Terraform diagnostic to a construct: first the snippet's context (which block the
 * offending JSON sits in), then the diagnostic's own address (plan-time), then a resource address
 * named in its text (e.g. "To work with T.N its original provider configuration ...").
 */
export function mapDiagnostic(raw: TerraformDiagnostic, stackName: string, stack: StackJson, phase: TerraformPhase): MappedDiagnostic {
  const paths = constructPaths(stack);
  let address = addressFromContext(raw.snippet?.context);
  if (!address && raw.address) address = rootAddress(raw.address);
  if (!address) {
    const text = `${raw.summary}\n${raw.detail ?? ""}`;
    const named = [...paths.keys()].filter((a) => new RegExp(`(^|[^A-Za-z0-9_.])${a.replace(/[.]/g, "\\.")}($|[^A-Za-z0-9_])`).test(text));
    address = named.sort((a, b) => b.length - a.length)[0];
  }
  const constructPath = address ? paths.get(address) : undefined;
  return {
    stack: stackName,
    phase,
    severity: raw.severity === "warning" ? "warning" : "error",
    summary: raw.summary,
    detail: raw.detail ?? "",
    address,
    constructPath,
    location: raw.range ? `${raw.range.filename}:${raw.range.start.line}` : undefined,
  };
}

/** One line per diagnostic, naming the construct first since that is what a user edits. */
export function formatDiagnostic(d: MappedDiagnostic): string {
  const where = d.constructPath ?? d.address ?? "(stack)";
  const extra = [d.constructPath && d.address ? d.address : undefined, d.location].filter(Boolean).join(", ");
  const detail = d.detail ? `: ${d.detail.replace(/\s+/g, " ").trim()}` : "";
  return `${d.severity === "error" ? "✗" : "!"} ${d.stack} [${d.phase}] ${where}${extra ? ` (${extra})` : ""} — ${d.summary}${detail}`;
}
