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
  /** The file the environment was read from, when it was (set by the loader; not in `message`). */
  source?: string;

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
  // JSON has no Infinity or NaN (it would print null); YAML's .inf reaches here as a number.
  if (typeof value === "number" && !Number.isFinite(value)) return String(value);
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

/**
 * The one way the model reports problems: every check (schema, planner stages, platform resolvers)
 * adds to an IssueLog, so one run collects every error and warning and shows them together.
 * `once()` gives a view that drops repeats of the same (kind, path, message), for a block that is
 * resolved several times (the one `platform` block, once per cluster).
 */
export class IssueLog {
  readonly errors: ConfigIssue[] = [];
  readonly warnings: ConfigIssue[] = [];
  private readonly seen?: Set<string>;

  constructor(private readonly parent?: IssueLog, dedupe = false) {
    if (dedupe) this.seen = new Set();
  }

  /** Records an error: the path, the value found and a message saying what would be right. */
  error(path: string, value: unknown, message: string): void {
    if (this.isRepeat("error", path, message)) return;
    (this.parent?.errors ?? this.errors).push({ path, value, message });
  }

  /** Records a warning: something that renders but deserves a look. */
  warn(path: string, value: unknown, message: string): void {
    if (this.isRepeat("warn", path, message)) return;
    (this.parent?.warnings ?? this.warnings).push({ path, value, message });
  }

  /** A view of this log that records each (kind, path, message) only once. */
  once(): IssueLog {
    return new IssueLog(this.parent ?? this, true);
  }

  /** True when an error was recorded. */
  get failed(): boolean {
    return (this.parent ?? this).errors.length > 0;
  }

  /** Throws a {@link ConfigError} with every error so far, if there is one. */
  throwIfFailed(environment: string): void {
    const root = this.parent ?? this;
    if (root.errors.length > 0) throw new ConfigError(environment, root.errors);
  }

  private isRepeat(kind: string, path: string, message: string): boolean {
    if (!this.seen) return false;
    const key = `${kind}\u0000${path}\u0000${message}`;
    if (this.seen.has(key)) return true;
    this.seen.add(key);
    return false;
  }
}
