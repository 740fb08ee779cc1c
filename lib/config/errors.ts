/** One thing wrong with an environment: where, what value, what is wrong and what would be right. */
export interface ConfigIssue {
  /** Dotted config path, e.g. `cluster.servers.count` or `networks[0].cidr`. */
  readonly path: string;
  /** The offending value as the user wrote it (undefined when missing). */
  readonly value?: unknown;
  /** What is wrong and how to fix it. */
  readonly message: string;
}

/** Thrown when an environment cannot be rendered; carries every issue found, not just the first. */
export class ConfigError extends Error {
  constructor(
    readonly environment: string,
    readonly issues: readonly ConfigIssue[],
  ) {
    super(`environment "${environment}" is invalid:\n${issues.map((issue) => `  - ${formatIssue(issue)}`).join("\n")}`);
    this.name = "ConfigError";
  }
}

/** Renders a value briefly for a message: strings quoted, objects as compact JSON. */
export function describeValue(value: unknown): string {
  if (value === undefined) return "nothing";
  const text = JSON.stringify(value);
  if (text === undefined) return String(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

/** `path: value <message>`, the one format every issue is shown in. */
export function formatIssue(issue: ConfigIssue): string {
  const shown = issue.value === undefined ? "" : ` = ${describeValue(issue.value)}`;
  return `${issue.path}${shown}: ${issue.message}`;
}

/** Formats a path of keys and indexes as `a.b[0].c`. */
export function formatPath(segments: readonly PropertyKey[]): string {
  let out = "";
  for (const segment of segments) {
    if (typeof segment === "number") out += `[${segment}]`;
    else out += out ? `.${String(segment)}` : String(segment);
  }
  return out || "(root)";
}
