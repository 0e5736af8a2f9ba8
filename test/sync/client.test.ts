import type { ServerResponse } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyOAuth1Request } from '../../src/access/oauth1.ts';
import { HubError, isHubError } from '../../src/kernel/index.ts';
import { createOneRosterClient, type RetryPolicy } from '../../src/sync/index.ts';
import { json, recordingDeps, restSettings, startFakeProvider, type FakeProvider, type SeenRequest } from './fake-provider.ts';

const SECRET = 'very-secret-value';
const POLICY: RetryPolicy = { maxAttempts: 3, baseDelayMs: 1000, maxDelayMs: 8000, maxRetryAfterMs: 60_000 };
const USERS = '/ims/oneroster/v1p1/users';

const users = (from: number, count: number): Array<{ sourcedId: string }> => Array.from({ length: count }, (_, i) => ({ sourcedId: `u${from + i}` }));

/** A token endpoint that hands out tok-1, tok-2 … and answers the rest with `rest`. */
function withTokens(rest: (request: SeenRequest, response: ServerResponse) => void, expiresIn = 3600): (request: SeenRequest, response: ServerResponse) => void {
  let issued = 0;
  return (request, response) => {
    if (request.url.pathname === '/oauth/token') {
      issued += 1;
      json(response, 200, { access_token: `tok-${issued}`, token_type: 'Bearer', expires_in: expiresIn });
      return;
    }
    rest(request, response);
  };
}

async function failure(promise: Promise<unknown>): Promise<HubError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof HubError) return error;
    throw error;
  }
  throw new Error('expected a HubError');
}

async function collect(iterable: AsyncIterable<{ sourcedId?: unknown }>): Promise<unknown[]> {
  const out: unknown[] = [];
  for await (const item of iterable) out.push(item.sourcedId);
  return out;
}

describe('the OneRoster REST client against a real HTTP server', () => {
  let server: FakeProvider;
  beforeAll(async () => {
    server = await startFakeProvider();
  });
  afterAll(async () => {
    await server.close();
  });

  it('waits what Retry-After asks (seconds, then an HTTP date) on 429, then succeeds', async () => {
    const now = Date.parse('2026-03-10T15:00:00.000Z');
    let calls = 0;
    server.handle(withTokens((_r, response) => {
      calls += 1;
      if (calls === 1) return json(response, 429, {}, { 'retry-after': '7' });
      if (calls === 2) return json(response, 429, {}, { 'retry-after': new Date(now + 3000).toUTCString() });
      json(response, 200, { users: [] });
    }));
    const deps = recordingDeps({ now: () => now });
    const client = createOneRosterClient(restSettings(server.baseUrl), SECRET, deps, { retry: POLICY });
    const answer = await client.get(USERS);
    expect(answer.status).toBe(200);
    expect(answer.attempts).toBe(3);
    expect(deps.sleeps).toEqual([7000, 3000]);
  });

  it('retries 503 with exponential backoff and full jitter, and gives up after the last attempt', async () => {
    server.handle(withTokens((_r, response) => json(response, 503, { statusInfoSet: [{ imsx_CodeMinor: { imsx_codeMinorField: [{ imsx_codeMinorFieldValue: 'server_busy' }] } }] })));
    const deps = recordingDeps({ random: 0.5 });
    const client = createOneRosterClient(restSettings(server.baseUrl), SECRET, deps, { retry: POLICY });
    const error = await failure(client.get(USERS));
    expect(error.code).toBe('remote_rejected');
    expect(error.message).toBe(`${USERS}: the provider answered 503 (server_busy) after 3 attempts`);
    expect(server.seen.filter((r) => r.url.pathname === USERS)).toHaveLength(3);
    // Half of 1 s, then half of 2 s: the ceiling doubles, the jitter picks within it.
    expect(deps.sleeps).toEqual([500, 1000]);
  });

  it('does not retry a 500 or a 404', async () => {
    server.handle(withTokens((_r, response) => json(response, 500, {})));
    const deps = recordingDeps();
    const client = createOneRosterClient(restSettings(server.baseUrl), SECRET, deps, { retry: POLICY });
    expect((await failure(client.get(USERS))).message).toBe(`${USERS}: the provider answered 500`);
    expect(deps.sleeps).toEqual([]);
  });

  it('authenticates with HTTP Basic, reuses the token, and fetches a new one once when a request gets 401', async () => {
    server.handle(withTokens((request, response) => {
      if (request.headers.authorization === 'Bearer tok-1' && server.seen.filter((r) => r.url.pathname === USERS).length > 1) return json(response, 401, {});
      json(response, 200, { users: [] });
    }));
    const client = createOneRosterClient(restSettings(server.baseUrl), SECRET, recordingDeps(), { retry: POLICY });
    await client.get(USERS);
    await client.get(USERS);
    const tokenRequests = server.seen.filter((r) => r.url.pathname === '/oauth/token');
    expect(tokenRequests).toHaveLength(2);
    expect(tokenRequests[0]?.headers.authorization).toBe(`Basic ${Buffer.from(`vendor-key:${SECRET}`).toString('base64')}`);
    expect(tokenRequests[0]?.body).toBe('grant_type=client_credentials');
    expect(server.seen.filter((r) => r.url.pathname === USERS).map((r) => r.headers.authorization)).toEqual(['Bearer tok-1', 'Bearer tok-1', 'Bearer tok-2']);
  });

  it('renews the token shortly before it expires', async () => {
    let now = 1_000_000;
    server.handle(withTokens((_r, response) => json(response, 200, { users: [] }), 100));
    const client = createOneRosterClient(restSettings(server.baseUrl), SECRET, recordingDeps({ now: () => now }), { retry: POLICY });
    await client.get(USERS);
    now += 89_000;
    await client.get(USERS);
    now += 2_000; // 91 s of 100: inside the last 10 %
    await client.get(USERS);
    expect(server.seen.filter((r) => r.url.pathname === USERS).map((r) => r.headers.authorization)).toEqual(['Bearer tok-1', 'Bearer tok-1', 'Bearer tok-2']);
  });

  it('reports a refused token request as the token failing, without the secret', async () => {
    server.handle((_r, response) => json(response, 401, { error: 'invalid_client' }));
    const client = createOneRosterClient(restSettings(server.baseUrl), SECRET, recordingDeps(), { retry: POLICY });
    const error = await failure(client.authenticate());
    expect(error.message).toBe('token: the provider answered 401 (invalid_client)');
    expect(`${error.message} ${JSON.stringify(error.details)}`).not.toContain(SECRET);
  });

  it('pages with limit and offset and stops on a short page when there is no X-Total-Count', async () => {
    server.handle(withTokens((request, response) => {
      const offset = Number(request.url.searchParams.get('offset'));
      json(response, 200, { users: users(offset, offset < 4 ? 2 : 1) });
    }));
    const client = createOneRosterClient(restSettings(server.baseUrl), SECRET, recordingDeps(), { retry: POLICY });
    expect(await collect(client.pages('users', { filter: "status='active'" }))).toEqual(['u0', 'u1', 'u2', 'u3', 'u4']);
    const pages = server.seen.filter((r) => r.url.pathname === USERS);
    expect(pages.map((r) => r.url.search)).toEqual([0, 2, 4].map((o) => `?limit=2&offset=${o}&filter=status%3D%27active%27`));
  });

  it('stops when the offset reaches X-Total-Count, without asking for an empty page', async () => {
    server.handle(withTokens((request, response) => {
      const offset = Number(request.url.searchParams.get('offset'));
      json(response, 200, { users: users(offset, 2) }, { 'x-total-count': '4' });
    }));
    const client = createOneRosterClient(restSettings(server.baseUrl), SECRET, recordingDeps(), { retry: POLICY });
    expect(await collect(client.pages('users'))).toEqual(['u0', 'u1', 'u2', 'u3']);
    expect(server.seen.filter((r) => r.url.pathname === USERS)).toHaveLength(2);
  });

  it('keeps paging past a short page while X-Total-Count says records remain (a provider that caps the limit)', async () => {
    server.handle(withTokens((request, response) => {
      const offset = Number(request.url.searchParams.get('offset'));
      json(response, 200, { users: users(offset, Math.min(2, 5 - offset)) }, { 'x-total-count': '5' });
    }));
    const client = createOneRosterClient(restSettings(server.baseUrl, { pageSize: 10 }), SECRET, recordingDeps(), { retry: POLICY });
    expect(await collect(client.pages('users'))).toEqual(['u0', 'u1', 'u2', 'u3', 'u4']);
  });

  it('asks for the next page before handing over this one, so the provider works while the caller does', async () => {
    let secondAsked: () => void = () => undefined;
    const asked = new Promise<void>((resolve) => {
      secondAsked = resolve;
    });
    server.handle(withTokens((request, response) => {
      const offset = Number(request.url.searchParams.get('offset'));
      if (offset === 2) secondAsked();
      json(response, 200, { users: users(offset, 2) }, { 'x-total-count': '4' });
    }));
    const client = createOneRosterClient(restSettings(server.baseUrl), SECRET, recordingDeps(), { retry: POLICY });
    const iterator = client.pages('users')[Symbol.asyncIterator]();
    expect((await iterator.next()).value).toEqual({ sourcedId: 'u0' });
    // The caller holds the first record and asks for nothing more: the second page is already on its way.
    await asked;
    const rest: unknown[] = [];
    for (let item = await iterator.next(); item.done !== true; item = await iterator.next()) rest.push(item.value.sourcedId);
    expect(rest).toEqual(['u1', 'u2', 'u3']);
    expect(server.seen.filter((r) => r.url.pathname === USERS)).toHaveLength(2);
  });

  it('lets a caller stop early without an unhandled failure of the page it did not read', async () => {
    server.handle(withTokens((request, response) => {
      const offset = Number(request.url.searchParams.get('offset'));
      if (offset === 0) return json(response, 200, { users: users(0, 2) }, { 'x-total-count': '4' });
      json(response, 200, { message: 'maintenance' });
    }));
    const client = createOneRosterClient(restSettings(server.baseUrl), SECRET, recordingDeps(), { retry: POLICY });
    const seen: unknown[] = [];
    for await (const user of client.pages('users')) {
      seen.push(user.sourcedId);
      break;
    }
    expect(seen).toEqual(['u0']);
  });

  it('treats a 200 page without the wrapper key as a failure, never as an empty page', async () => {
    server.handle(withTokens((_r, response) => json(response, 200, { message: 'maintenance' })));
    const client = createOneRosterClient(restSettings(server.baseUrl), SECRET, recordingDeps(), { retry: POLICY });
    const error = await failure(collect(client.pages('users')));
    expect(error.code).toBe('remote_malformed');
    expect(error.message).toContain("without a 'users' list");
  });

  it('keeps at most `concurrency` requests in flight', async () => {
    const held: ServerResponse[] = [];
    let received = 0;
    const total = 8;
    const releaseOldest = (): void => {
      const next = held.shift();
      if (next !== undefined) json(next, 200, { users: [] });
    };
    server.handle(withTokens((_r, response) => {
      received += 1;
      held.push(response);
      // Hold requests until the limit is reached, then let one go: a client over its limit would
      // have more than two here by then. The last ones go when every request has arrived.
      if (received === total) while (held.length > 0) releaseOldest();
      else if (held.length >= 2) setTimeout(releaseOldest, 20);
    }));
    const client = createOneRosterClient(restSettings(server.baseUrl, { concurrency: 2 }), SECRET, recordingDeps(), { retry: POLICY });
    await client.authenticate();
    await Promise.all(Array.from({ length: total }, () => client.get(USERS)));
    expect(server.maxInFlight()).toBe(2);
  });

  it('gives up on a provider that does not answer within the timeout', async () => {
    server.handle(withTokens(() => undefined));
    const deps = recordingDeps();
    const client = createOneRosterClient(restSettings(server.baseUrl, { timeoutMs: 300 }), SECRET, deps, { retry: { ...POLICY, maxAttempts: 2 } });
    const error = await failure(client.get(USERS));
    expect(error.code).toBe('remote_unreachable');
    expect(error.message).toBe(`${USERS}: no answer within 0.3 s (2 attempts)`);
    expect(deps.sleeps).toHaveLength(1);
  });

  it('reports a refused connection after its retries', async () => {
    const closed = await startFakeProvider();
    await closed.close();
    const deps = recordingDeps();
    const client = createOneRosterClient(restSettings(closed.baseUrl, { auth: 'oauth1', tokenUrl: null }), SECRET, deps, { retry: POLICY });
    const error = await failure(client.get(USERS));
    expect(isHubError(error, 'remote_unreachable')).toBe(true);
    expect(error.message).toBe(`${USERS}: could not connect (ECONNREFUSED) (3 attempts)`);
    expect(deps.sleeps).toHaveLength(2);
  });

  it('signs OAuth 1.0a requests with HMAC-SHA256 over the query as sent, a fresh nonce per attempt', async () => {
    const nonces: string[] = [];
    const verdicts: boolean[] = [];
    let calls = 0;
    server.handle(async (request, response) => {
      const verdict = await verifyOAuth1Request(
        { method: request.method, url: new URL(`${server.baseUrl}${request.url.pathname}${request.url.search}`), authorization: request.headers.authorization },
        { now: new Date(), lookupSecrets: async (key) => (key === 'vendor-key' ? [SECRET] : []), rememberNonce: async (_k, nonce) => !nonces.includes(nonce) && nonces.push(nonce) > 0 },
      );
      verdicts.push(verdict.ok && verdict.signatureMethod === 'HMAC-SHA256');
      calls += 1;
      if (calls === 1) return json(response, 503, {});
      json(response, 200, { users: users(0, 1) });
    });
    const client = createOneRosterClient(restSettings(server.baseUrl, { auth: 'oauth1', tokenUrl: null }), SECRET, recordingDeps(), { retry: POLICY });
    expect(await collect(client.pages('users', { filter: "givenName~'Ann Marie' AND status='active'" }))).toEqual(['u0']);
    expect(verdicts).toEqual([true, true]);
    expect(server.seen.some((r) => r.url.pathname === '/oauth/token')).toBe(false);
    expect(server.seen[0]?.url.searchParams.get('filter')).toBe("givenName~'Ann Marie' AND status='active'");
  });
});
