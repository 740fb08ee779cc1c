/** Bounded retries for the comment APIs: 429 and 5xx answers and network failures are retried. */

/** An HTTP answer that is not a success. */
export class HttpStatusError extends Error {
  constructor(
    readonly status: number,
    message: string,
    /** From a Retry-After header, when the server sent one. */
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = "HttpStatusError";
  }
}

/** How often and how patiently to retry. */
export interface RetryOptions {
  /**
   * Attempts in all, the first included.
   * @default 4
   */
  readonly attempts?: number;
  /**
   * Wait before the first retry in milliseconds, doubled for each further one. Tests pass a
   * few milliseconds; the CLI reads HOMELAB_POST_RETRY_DELAY_MS.
   * @default 1000
   */
  readonly delayMs?: number;
}

/** Longest wait a Retry-After header may ask for before the answer counts as a failure. */
const MAX_RETRY_AFTER_MS = 60_000;

/** Milliseconds asked for by a Retry-After header (seconds or an HTTP date). */
export function parseRetryAfter(header: string | null | undefined): number | undefined {
  if (header === null || header === undefined || header.trim() === "") return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

/** True for answers worth another attempt: rate limiting and server errors. */
export function isRetryableStatus(status: number): boolean {
  return status === 429 || status >= 500;
}

/**
 * Runs `attempt` until it succeeds, fails with a status that is not retryable, or runs out of
 * attempts. `statusOf` reads the HTTP status of an error (undefined for a network failure,
 * which is retried too).
 */
export async function withRetry<T>(attempt: () => Promise<T>, statusOf: (error: unknown) => number | undefined, options: RetryOptions = {}): Promise<T> {
  const attempts = Math.max(1, options.attempts ?? 4);
  const delayMs = Math.max(0, options.delayMs ?? 1000);
  for (let i = 1; ; i++) {
    try {
      return await attempt();
    } catch (error) {
      const status = statusOf(error);
      if (i >= attempts || (status !== undefined && !isRetryableStatus(status))) throw error;
      const asked = error instanceof HttpStatusError ? error.retryAfterMs : undefined;
      if (asked !== undefined && asked > MAX_RETRY_AFTER_MS) throw error;
      const wait = Math.max(delayMs * 2 ** (i - 1), asked !== undefined ? Math.min(asked, MAX_RETRY_AFTER_MS) : 0);
      await new Promise((resolve) => setTimeout(resolve, wait));
    }
  }
}

/** One platform API call: `action` names it in the error (`"creating a comment"`). */
export type ApiCall = <T>(action: string, run: () => Promise<T>) => Promise<T>;

/**
 * The call wrapper both platforms use: each call is retried by {@link withRetry}, and the error
 * it finally fails with is turned by `explain` into a message saying what to fix.
 */
export function retryingCalls(statusOf: (error: unknown) => number | undefined, explain: (error: unknown, action: string) => Error, options: RetryOptions = {}): ApiCall {
  return async <T>(action: string, run: () => Promise<T>): Promise<T> => {
    try {
      return await withRetry(run, statusOf, options);
    } catch (error) {
      throw explain(error, action);
    }
  };
}

/** The retry delay the CLI uses: HOMELAB_POST_RETRY_DELAY_MS when set, else the default. */
export function retryOptionsFromEnv(env: NodeJS.ProcessEnv): RetryOptions {
  const raw = env.HOMELAB_POST_RETRY_DELAY_MS;
  if (raw === undefined || raw === "") return {};
  const delayMs = Number(raw);
  if (!Number.isFinite(delayMs) || delayMs < 0) throw new Error(`HOMELAB_POST_RETRY_DELAY_MS="${raw}" is not a number of milliseconds; unset it or set e.g. 1000.`);
  return { delayMs };
}
