import { malformed, oauthErrorOf, rejected } from './remote-failure.ts';
import { sendWithRetries, type ClientDeps } from './transport.ts';
import type { RetryPolicy } from './retry-policy.ts';
import type { Semaphore } from './semaphore.ts';

/** An OAuth 2.0 bearer token for a connection: fetched once, reused, renewed before it expires. */
export interface TokenSource {
  token(): Promise<string>;
  /** The provider refused this token (401): the next `token()` fetches a new one. */
  invalidate(token: string): void;
}

export interface TokenSettings {
  readonly tokenUrl: string;
  readonly clientId: string;
  readonly scope: string | null;
  readonly timeoutMs: number;
}

/** Renew when less than this share of the lifetime is left, at most a minute early. */
const RENEW_SHARE = 0.1;
const RENEW_MAX_MS = 60_000;

/**
 * Client credentials grant (RFC 6749 §4.4) with HTTP Basic client authentication (§2.3.1: id and
 * secret form-encoded, then base64). Concurrent callers share one token request.
 */
export function oauth2TokenSource(settings: TokenSettings, clientSecret: string, deps: ClientDeps, policy: RetryPolicy, gate: Semaphore): TokenSource {
  let cached: { token: string; renewAt: number } | undefined;
  let pending: Promise<string> | undefined;
  const basic = Buffer.from(`${formEncode(settings.clientId)}:${formEncode(clientSecret)}`, 'utf8').toString('base64');
  const body = new URLSearchParams({ grant_type: 'client_credentials', ...(settings.scope === null ? {} : { scope: settings.scope }) }).toString();

  async function fetchToken(): Promise<string> {
    const answer = await sendWithRetries(deps, {
      endpoint: 'token',
      timeoutMs: settings.timeoutMs,
      policy,
      gate,
      build: async () => ({
        url: settings.tokenUrl,
        init: { method: 'POST', headers: { authorization: `Basic ${basic}`, 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' }, body },
      }),
    });
    if (answer.status !== 200) {
      const code = oauthErrorOf(answer.body);
      throw rejected({ endpoint: 'token', status: answer.status, attempts: answer.attempts, ...(code === undefined ? {} : { codeMinor: code }) });
    }
    const fields = answer.body !== null && typeof answer.body === 'object' ? Object.fromEntries(Object.entries(answer.body)) : {};
    const token = fields['access_token'];
    if (typeof token !== 'string' || token === '') throw malformed({ endpoint: 'token', status: 200, attempts: answer.attempts, reason: 'missing_envelope' }, 'the token endpoint answered 200 without an access_token');
    const expiresIn = fields['expires_in'];
    const lifetimeMs = typeof expiresIn === 'number' && expiresIn > 0 ? expiresIn * 1000 : undefined;
    // Without expires_in the token is kept until the provider refuses it (a 401 renews it).
    cached = { token, renewAt: lifetimeMs === undefined ? Number.POSITIVE_INFINITY : deps.now() + lifetimeMs - Math.min(RENEW_MAX_MS, lifetimeMs * RENEW_SHARE) };
    return token;
  }

  return {
    async token() {
      if (cached !== undefined && deps.now() < cached.renewAt) return cached.token;
      pending ??= fetchToken().finally(() => {
        pending = undefined;
      });
      return pending;
    },
    invalidate(token) {
      if (cached?.token === token) cached = undefined;
    },
  };
}

function formEncode(text: string): string {
  return encodeURIComponent(text).replace(/%20/g, '+');
}
