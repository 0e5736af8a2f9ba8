/**
 * When to try a request again and how long to wait first: pure, so the waits can be asserted.
 * Exponential backoff with full jitter (a random wait between 0 and the exponential ceiling), the
 * scheme ClassLink and AWS recommend so many clients retrying at once spread out; a server's
 * `Retry-After` wins over the computed wait.
 */
export interface RetryPolicy {
  /** Attempts in all, the first included. */
  readonly maxAttempts: number;
  readonly baseDelayMs: number;
  /** Ceiling of the exponential wait. */
  readonly maxDelayMs: number;
  /** A `Retry-After` longer than this is not waited out: the request fails instead. */
  readonly maxRetryAfterMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxAttempts: 5, baseDelayMs: 500, maxDelayMs: 30_000, maxRetryAfterMs: 300_000 };

/** Busy or briefly broken; 500 is left out on purpose: it is usually a bug that a retry repeats. */
export const RETRYABLE_STATUSES: ReadonlySet<number> = new Set([429, 502, 503, 504]);

/**
 * Milliseconds a `Retry-After` value asks for: delta-seconds or an HTTP date (RFC 9110 §10.2.3);
 * undefined when absent or unreadable. A date in the past means "now" (0).
 */
export function parseRetryAfter(value: string | null | undefined, nowMs: number): number | undefined {
  if (value === null || value === undefined) return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  if (!/[a-z]/i.test(text)) return undefined;
  const at = Date.parse(text);
  return Number.isNaN(at) ? undefined : Math.max(0, at - nowMs);
}

/**
 * The wait before attempt `attempt + 1`, after `attempt` failed ones (1-based), or undefined when
 * no attempt is left or the server asks for a longer wait than the policy allows.
 */
export function retryDelay(policy: RetryPolicy, attempt: number, random: () => number, retryAfterMs: number | undefined): number | undefined {
  if (attempt >= policy.maxAttempts) return undefined;
  if (retryAfterMs !== undefined) return retryAfterMs > policy.maxRetryAfterMs ? undefined : retryAfterMs;
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  return Math.floor(random() * ceiling);
}
