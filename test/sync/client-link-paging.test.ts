import type { ServerResponse } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyOAuth1Request } from '../../src/access/oauth1.ts';
import { HubError } from '../../src/kernel/index.ts';
import { createOneRosterClient, type RetryPolicy } from '../../src/sync/index.ts';
import { remoteDetails } from '../../src/sync/client/remote-failure.ts';
import { json, recordingDeps, restSettings, startFakeProvider, type FakeProvider, type SeenRequest } from './fake-provider.ts';

const SECRET = 'very-secret-value';
const POLICY: RetryPolicy = { maxAttempts: 3, baseDelayMs: 1000, maxDelayMs: 8000, maxRetryAfterMs: 60_000 };
const USERS = '/ims/oneroster/v1p1/users';

const users = (from: number, count: number): Array<{ sourcedId: string }> => Array.from({ length: count }, (_, i) => ({ sourcedId: `u${from + i}` }));

/** Answers the token endpoint with tok-1, and the rest with `rest`. */
function withToken(rest: (request: SeenRequest, response: ServerResponse) => void): (request: SeenRequest, response: ServerResponse) => void {
  return (request, response) => {
    if (request.url.pathname === '/oauth/token') return json(response, 200, { access_token: 'tok-1', token_type: 'Bearer', expires_in: 3600 });
    rest(request, response);
  };
}

/**
 * A provider that pages ONLY by Link: opaque cursors, a page size of its own (3, whatever limit
 * says), offset ignored. Asking it for an offset would read its first page again.
 */
function cursorProvider(count: number, options: { total?: boolean; absolute?: string } = {}): (request: SeenRequest, response: ServerResponse) => void {
  return withToken((request, response) => {
    const cursor = request.url.searchParams.get('cursor');
    const from = cursor === null ? 0 : Number(Buffer.from(cursor, 'base64url').toString('utf8').replace('after-', ''));
    const size = Math.min(3, count - from);
    const headers: Record<string, string> = options.total === true ? { 'x-total-count': String(count) } : {};
    const links = [`<${options.absolute ?? ''}${USERS}?cursor=${Buffer.from('after-0').toString('base64url')}>; rel=first`];
    if (from + size < count) links.push(`<${options.absolute ?? ''}${USERS}?cursor=${Buffer.from(`after-${from + size}`).toString('base64url')}>; rel="next"`);
    headers.link = links.join(', ');
    json(response, 200, { users: users(from, size) }, headers);
  });
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

describe('the OneRoster REST client paging by Link against a real HTTP server', () => {
  let server: FakeProvider;
  beforeAll(async () => {
    server = await startFakeProvider();
  });
  afterAll(async () => {
    await server.close();
  });
  const pageRequests = (): SeenRequest[] => server.seen.filter((r) => r.url.pathname === USERS);

  it('follows relative next links of a cursor provider, with its own page size, to the end (no X-Total-Count)', async () => {
    server.handle(cursorProvider(8));
    const client = createOneRosterClient(restSettings(server.baseUrl, { pageSize: 3 }), SECRET, recordingDeps(), { retry: POLICY });
    expect(await collect(client.pages('users'))).toEqual(users(0, 8).map((u) => u.sourcedId));
    const asked = pageRequests().map((r) => r.url.search);
    expect(asked[0]).toBe('?limit=3&offset=0');
    expect(asked.slice(1)).toEqual(['after-3', 'after-6'].map((c) => `?cursor=${Buffer.from(c).toString('base64url')}`));
    // Every page with the token, the followed ones too.
    expect(pageRequests().every((r) => r.headers.authorization === 'Bearer tok-1')).toBe(true);
  });

  it('stops after a full last page without a next link, instead of asking an offset the provider does not honour', async () => {
    server.handle(cursorProvider(6));
    const client = createOneRosterClient(restSettings(server.baseUrl, { pageSize: 3 }), SECRET, recordingDeps(), { retry: POLICY });
    expect(await collect(client.pages('users'))).toEqual(users(0, 6).map((u) => u.sourcedId));
    expect(pageRequests()).toHaveLength(2);
  });

  it('follows next links past short pages (the provider caps our limit) and stops when the count is reached', async () => {
    server.handle(cursorProvider(7, { total: true, absolute: server.baseUrl }));
    const client = createOneRosterClient(restSettings(server.baseUrl, { pageSize: 100 }), SECRET, recordingDeps(), { retry: POLICY });
    expect(await collect(client.pages('users', { filter: "status='active'" }))).toEqual(users(0, 7).map((u) => u.sourcedId));
    expect(pageRequests()).toHaveLength(3);
    // The filter goes with the first request; after that, the provider's URL is followed as given.
    expect(pageRequests()[0]?.url.searchParams.get('filter')).toBe("status='active'");
    expect(pageRequests()[1]?.url.searchParams.has('filter')).toBe(false);
  });

  it('signs followed links with OAuth 1.0a over the URL as sent', async () => {
    const pages = cursorProvider(5);
    const verdicts: boolean[] = [];
    server.handle(async (request, response) => {
      const verdict = await verifyOAuth1Request(
        { method: request.method, url: new URL(`${server.baseUrl}${request.url.pathname}${request.url.search}`), authorization: request.headers.authorization },
        { now: new Date(), lookupSecrets: async (key) => (key === 'vendor-key' ? [SECRET] : []), rememberNonce: async () => true },
      );
      verdicts.push(verdict.ok);
      pages(request, response);
    });
    const client = createOneRosterClient(restSettings(server.baseUrl, { auth: 'oauth1', tokenUrl: null, pageSize: 3 }), SECRET, recordingDeps(), { retry: POLICY });
    expect(await collect(client.pages('users'))).toHaveLength(5);
    expect(pageRequests()[1]?.url.searchParams.has('cursor')).toBe(true);
    expect(verdicts).toEqual([true, true]);
  });

  it('asks for the next link\'s page before handing over this one', async () => {
    let secondAsked: () => void = () => undefined;
    const asked = new Promise<void>((resolve) => {
      secondAsked = resolve;
    });
    const pages = cursorProvider(6);
    server.handle((request, response) => {
      if (request.url.searchParams.has('cursor')) secondAsked();
      pages(request, response);
    });
    const client = createOneRosterClient(restSettings(server.baseUrl, { pageSize: 3 }), SECRET, recordingDeps(), { retry: POLICY });
    const iterator = client.pages('users')[Symbol.asyncIterator]();
    expect((await iterator.next()).value).toEqual({ sourcedId: 'u0' });
    // The caller holds the first record and asks for nothing more: the linked page is already on its way.
    await asked;
    const rest: unknown[] = [];
    for (let item = await iterator.next(); item.done !== true; item = await iterator.next()) rest.push(item.value.sourcedId);
    expect(rest).toEqual(['u1', 'u2', 'u3', 'u4', 'u5']);
  });

  it('asks for a next link naming another origin from the service’s own origin, and sends that server nothing', async () => {
    const elsewhere = await startFakeProvider();
    try {
      elsewhere.handle((_r, response) => json(response, 200, { users: users(100, 2) }));
      server.handle(withToken((request, response) => {
        if (request.url.searchParams.get('cursor') === 'abc') json(response, 200, { users: users(2, 1) });
        else json(response, 200, { users: users(0, 2) }, { link: `<${elsewhere.baseUrl}${USERS}?cursor=abc>; rel="next"` });
      }));
      const client = createOneRosterClient(restSettings(server.baseUrl), SECRET, recordingDeps(), { retry: POLICY });
      expect(await collect(client.pages('users'))).toEqual(['u0', 'u1', 'u2']);
      expect(elsewhere.seen).toEqual([]);
    } finally {
      await elsewhere.close();
    }
  });

  it('refuses a next link that is not an http(s) address as malformed', async () => {
    server.handle(withToken((_r, response) => json(response, 200, { users: users(0, 2) }, { link: '<ftp://files.example.org/users?cursor=abc>; rel="next"' })));
    const client = createOneRosterClient(restSettings(server.baseUrl), SECRET, recordingDeps(), { retry: POLICY });
    const error = await failure(collect(client.pages('users')));
    expect(error.code).toBe('remote_malformed');
    expect(error.message).toBe(`${USERS}: the provider's Link header sends the next page to a ftp: address: not followed`);
    expect(remoteDetails(error)).toMatchObject({ endpoint: USERS, status: 200, reason: 'foreign_link' });
  });

  it('stops when the provider repeats the next link of a page already read, and calls it malformed if the count says more', async () => {
    const self = `<${USERS}?cursor=last>; rel="next"`;
    server.handle(withToken((request, response) => {
      const last = request.url.searchParams.get('cursor') === 'last';
      json(response, 200, { users: users(last ? 2 : 0, 2) }, { link: self });
    }));
    const client = createOneRosterClient(restSettings(server.baseUrl), SECRET, recordingDeps(), { retry: POLICY });
    expect(await collect(client.pages('users'))).toEqual(['u0', 'u1', 'u2', 'u3']);
    expect(pageRequests()).toHaveLength(2);

    server.handle(withToken((request, response) => {
      const last = request.url.searchParams.get('cursor') === 'last';
      json(response, 200, { users: users(last ? 2 : 0, 2) }, { link: self, 'x-total-count': '10' });
    }));
    const error = await failure(collect(client.pages('users')));
    expect(error.code).toBe('remote_malformed');
    expect(error.message).toBe(`${USERS}: the provider's Link header names a page already read as the next one, while X-Total-Count says 10 records and 4 were read`);
    expect(pageRequests()).toHaveLength(2);
  });

  it('falls back to offsets when a provider sends no next link but X-Total-Count says more', async () => {
    server.handle(withToken((request, response) => {
      const offset = Number(request.url.searchParams.get('offset'));
      // Only first/prev links, never next: a provider that links backwards only.
      json(response, 200, { users: users(offset, Math.min(2, 5 - offset)) }, { 'x-total-count': '5', link: `<${USERS}?offset=0>; rel=first` });
    }));
    const client = createOneRosterClient(restSettings(server.baseUrl), SECRET, recordingDeps(), { retry: POLICY });
    expect(await collect(client.pages('users'))).toEqual(['u0', 'u1', 'u2', 'u3', 'u4']);
    expect(pageRequests().map((r) => r.url.searchParams.get('offset'))).toEqual(['0', '2', '4']);
  });
});
