import { StateSettings, stateSchema, STATE_BACKENDS } from "../config/state";

/*
 * The run-time override of an environment's state backend: `--state-backend NAME` and
 * `--state-config key=value` on every command that runs Terraform, and HOMELAB_STATE_BACKEND /
 * HOMELAB_STATE_CONFIG for the cdktf app (which has no flags). CI and tests point any environment
 * at another backend with it, without editing the environment. Checked before anything runs.
 */

/** Environment variable naming the backend for the cdktf app (`homelab deploy` sets it for its synth). */
export const STATE_BACKEND_ENV = "HOMELAB_STATE_BACKEND";
/** Environment variable with the backend's settings, `key=value` pairs separated by commas. */
export const STATE_CONFIG_ENV = "HOMELAB_STATE_CONFIG";

/** A bad override or missing backend credentials: a usage error, shown as is, before anything runs. */
export class StateBackendError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "StateBackendError";
  }
}

/** What the flags (or the env vars) say. */
export interface StateOverrideInput {
  /** `--state-backend`. */
  readonly backend?: string;
  /** `--state-config key=value`, repeatable. */
  readonly config?: readonly string[];
}

const BOOLEAN_KEYS = new Set(["usePathStyle", "useLockfile"]);
const camel = (key: string) => key.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());

/**
 * The state settings the flags ask for, validated; undefined when they ask for nothing.
 * `--state-config` alone adjusts the environment's own backend (`base`); with `--state-backend` it
 * describes the new one from scratch.
 *
 * @throws StateBackendError naming the flag, the value found and the fix.
 */
export function parseStateOverride(input: StateOverrideInput, base?: StateSettings): StateSettings | undefined {
  const pairs = input.config ?? [];
  if (input.backend === undefined && pairs.length === 0) return undefined;
  if (input.backend !== undefined && !(STATE_BACKENDS as readonly string[]).includes(input.backend)) {
    throw new StateBackendError(`--state-backend = "${input.backend}": names no state backend; use one of ${STATE_BACKENDS.join(", ")}`);
  }
  const settings: Record<string, unknown> = input.backend !== undefined ? { backend: input.backend } : { ...(base ?? { backend: "local" }) };
  for (const pair of pairs) {
    const eq = pair.indexOf("=");
    if (eq <= 0) throw new StateBackendError(`--state-config = "${pair}": is not key=value; write it like --state-config bucket=homelab-state`);
    const key = camel(pair.slice(0, eq).trim());
    const raw = pair.slice(eq + 1).trim();
    if (key === "backend") throw new StateBackendError(`--state-config = "${pair}": pick the backend with --state-backend ${raw}`);
    settings[key] = BOOLEAN_KEYS.has(key) && (raw === "true" || raw === "false") ? raw === "true" : raw;
  }
  const result = stateSchema.safeParse(settings);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const key = issue.path.map(String).join(".");
    if (issue.code === "unrecognized_keys") {
      return `--state-config ${issue.keys.join(", ")}: not a setting of the ${String(settings.backend)} backend (credentials come from environment variables, never from settings)`;
    }
    const value = settings[key];
    if (value === undefined) return `--state-config ${key}: the ${String(settings.backend)} backend needs it; add --state-config ${key}=VALUE`;
    return `--state-config ${key} = ${JSON.stringify(value)}: ${issue.message}`;
  });
  throw new StateBackendError(`state backend override is invalid:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
}

/** The override the cdktf app reads from HOMELAB_STATE_BACKEND / HOMELAB_STATE_CONFIG. */
export function stateOverrideFromEnv(env: NodeJS.ProcessEnv): StateOverrideInput {
  const config = env[STATE_CONFIG_ENV]?.split(",").map((pair) => pair.trim()).filter(Boolean);
  return { ...(env[STATE_BACKEND_ENV] ? { backend: env[STATE_BACKEND_ENV] } : {}), ...(config?.length ? { config } : {}) };
}

/** The env vars that hand an override to the cdktf app (or another `homelab` process). */
export function stateOverrideEnv(input: StateOverrideInput): Record<string, string> {
  return {
    ...(input.backend ? { [STATE_BACKEND_ENV]: input.backend } : {}),
    ...(input.config?.length ? { [STATE_CONFIG_ENV]: input.config.join(",") } : {}),
  };
}

/**
 * Which credentials the backend would lack, by the environment variables it documents. Local state
 * needs none; pg a connection (PG_CONN_STR, or libpq's PGHOST); s3 AWS keys or a profile (or a
 * role on the runner, AWS_ROLE_ARN / AWS_WEB_IDENTITY_TOKEN_FILE); http (GitLab) TF_HTTP_USERNAME
 * and TF_HTTP_PASSWORD.
 */
export function missingStateCredentials(state: StateSettings | undefined, env: NodeJS.ProcessEnv): string | undefined {
  const has = (name: string) => Boolean(env[name]);
  switch (state?.backend ?? "local") {
    case "local":
      return undefined;
    case "pg":
      return has("PG_CONN_STR") || has("PGHOST") ? undefined : "PG_CONN_STR (e.g. postgres://terraform@db.lab.example/terraform_state)";
    case "s3":
      return (has("AWS_ACCESS_KEY_ID") && has("AWS_SECRET_ACCESS_KEY")) || has("AWS_PROFILE") || has("AWS_WEB_IDENTITY_TOKEN_FILE") || has("AWS_CONTAINER_CREDENTIALS_FULL_URI")
        ? undefined
        : "AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (or AWS_PROFILE)";
    case "http":
      return has("TF_HTTP_USERNAME") && has("TF_HTTP_PASSWORD") ? undefined : "TF_HTTP_USERNAME and TF_HTTP_PASSWORD (GitLab: your user name and a token with the api scope)";
  }
}

/** @throws StateBackendError when the backend's credentials are not in the environment. */
export function requireStateCredentials(environment: string, state: StateSettings | undefined, env: NodeJS.ProcessEnv): void {
  const missing = missingStateCredentials(state, env);
  if (missing) {
    throw new StateBackendError(
      `environment "${environment}" keeps its state in the ${state!.backend} backend, but ${missing} is not set; ` +
        `export it (never put it in the environment or the settings), or pick another backend with --state-backend`,
    );
  }
}
