import { HubError } from '../../kernel/index.ts';
import { unreachable } from './remote-failure.ts';
import { parseRetryAfter, RETRYABLE_STATUSES, retryDelay, type RetryPolicy } from './retry-policy.ts';
import type { Semaphore } from './semaphore.ts';

/** The client's I/O and randomness, injected so tests never sleep and can replay jitter. */
export interface ClientDeps {
  readonly fetch: typeof globalThis.fetch;
  readonly sleep: (ms: number) => Promise<void>;
  /** In [0, 1), as Math.random. */
  readonly random: () => number;
  /** Milliseconds since the epoch: token lifetimes, Retry-After dates, latency. */
  readonly now: () => number;
}

export function systemClientDeps(): ClientDeps {
  return {
    fetch: (input, init) => globalThis.fetch(input, init),
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    random: Math.random,
    now: Date.now,
  };
}

/** What came back, whatever the status; the caller decides what a status means. */
export interface RemoteAnswer {
  readonly status: number;
  readonly headers: Headers;
  /** The parsed JSON body; undefined when empty or not JSON (see `isJson`). */
  readonly body: unknown;
  readonly isJson: boolean;
  /** Of the last attempt. */
  readonly latencyMs: number;
  readonly attempts: number;
}

export interface SendOptions {
  /** Names the request in errors: a path without its query, or `token`. */
  readonly endpoint: string;
  readonly timeoutMs: number;
  readonly policy: RetryPolicy;
  /** Limits requests in flight; held for one attempt at a time, never while waiting to retry. */
  readonly gate: Semaphore;
  /** Builds the request anew for every attempt (a fresh OAuth 1.0a nonce, the current token). */
  build(): Promise<{ url: string; init: RequestInit }>;
}

/**
 * One request with timeouts and retries: 429, 502, 503, 504 and network failures (timeouts
 * included) are tried again after the policy's wait, honouring Retry-After. When the attempts run
 * out on a status, the last answer is returned; on a network failure, a 'remote_unreachable' error.
 */
export async function sendWithRetries(deps: ClientDeps, options: SendOptions): Promise<RemoteAnswer> {
  for (let attempt = 1; ; attempt += 1) {
    const { url, init } = await options.build();
    const started = deps.now();
    let answer: RemoteAnswer;
    try {
      answer = await options.gate.run(async () => {
        const response = await deps.fetch(url, { ...init, signal: AbortSignal.timeout(options.timeoutMs) });
        const text = await response.text();
        const parsed = parseJson(text);
        return { status: response.status, headers: response.headers, ...parsed, latencyMs: deps.now() - started, attempts: attempt };
      });
    } catch (error) {
      if (error instanceof HubError) throw error;
      const timedOut = error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
      const wait = retryDelay(options.policy, attempt, deps.random, undefined);
      if (wait === undefined) {
        const explanation = timedOut ? `no answer within ${options.timeoutMs / 1000} s` : `could not connect (${networkCode(error)})`;
        throw unreachable({ endpoint: options.endpoint, attempts: attempt, reason: timedOut ? 'timeout' : 'network' }, explanation, error);
      }
      await deps.sleep(wait);
      continue;
    }
    if (!RETRYABLE_STATUSES.has(answer.status)) return answer;
    const wait = retryDelay(options.policy, attempt, deps.random, parseRetryAfter(answer.headers.get('retry-after'), deps.now()));
    if (wait === undefined) return answer;
    await deps.sleep(wait);
  }
}

function parseJson(text: string): { body: unknown; isJson: boolean } {
  if (text.trim() === '') return { body: undefined, isJson: false };
  try {
    return { body: JSON.parse(text) as unknown, isJson: true };
  } catch {
    return { body: undefined, isJson: false };
  }
}

/** A short system code (ECONNREFUSED, ENOTFOUND …) from fetch's error chain; never its message, which may quote the URL. */
function networkCode(error: unknown): string {
  for (let current: unknown = error, depth = 0; current instanceof Error && depth < 4; current = current.cause, depth += 1) {
    const code = 'code' in current ? current.code : undefined;
    if (typeof code === 'string' && /^[A-Z_]+$/.test(code)) return code;
  }
  return 'network error';
}
