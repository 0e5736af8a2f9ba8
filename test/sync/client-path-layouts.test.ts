import type { ServerResponse } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOneRosterClient, testRestConnection, type PathLayout, type RetryPolicy } from '../../src/sync/index.ts';
import { json, recordingDeps, restSettings, startFakeProvider, type FakeProvider, type SeenRequest } from './fake-provider.ts';

const SECRET = 'very-secret-value';
const POLICY: RetryPolicy = { maxAttempts: 2, baseDelayMs: 1000, maxDelayMs: 8000, maxRetryAfterMs: 60_000 };

/**
 * A provider that serves its collections under ONE prefix only (Qmlativ's flat 1.2 under
 * `/ims/oneroster/v1p2`, ClassLink's "1.2" under `/ims/oneroster/v1p1`) and 404s everything else,
 * with offset paging and X-Total-Count: five users, two of every other collection.
 */
function servingOnlyUnder(prefix: string): (request: SeenRequest, response: ServerResponse) => void {
  return (request, response) => {
    if (request.url.pathname === '/oauth/token') return json(response, 200, { access_token: 'tok-1', token_type: 'Bearer', expires_in: 3600 });
    const collection = request.url.pathname.startsWith(`${prefix}/`) ? request.url.pathname.slice(prefix.length + 1) : undefined;
    if (collection === undefined || collection.includes('/')) return json(response, 404, { imsx_codeMajor: 'failure', imsx_codeMinor: { imsx_codeMinorField: [{ imsx_codeMinorFieldValue: 'unknownobject' }] } });
    const total = collection === 'users' ? 5 : 2;
    const offset = Number(request.url.searchParams.get('offset') ?? '0');
    const limit = Number(request.url.searchParams.get('limit') ?? '100');
    const ids = Array.from({ length: total }, (_, i) => ({ sourcedId: `${collection}-${i}` })).slice(offset, offset + limit);
    json(response, 200, { [collection]: ids }, { 'x-total-count': String(total) });
  };
}

async function collect(iterable: AsyncIterable<{ sourcedId?: unknown }>): Promise<unknown[]> {
  const out: unknown[] = [];
  for await (const item of iterable) out.push(item.sourcedId);
  return out;
}

describe('the OneRoster REST client under a non-standard path layout, against a real HTTP server', () => {
  let server: FakeProvider;
  beforeAll(async () => {
    server = await startFakeProvider();
  });
  afterAll(async () => {
    await server.close();
  });
  const client = (paths: PathLayout, version: '1.1' | '1.2' = '1.2') => createOneRosterClient(restSettings(server.baseUrl, { version, paths }), SECRET, recordingDeps(), { retry: POLICY });
  const readPaths = (): string[] => [...new Set(server.seen.filter((r) => r.url.pathname !== '/oauth/token').map((r) => r.url.pathname))];

  it('pages a flat provider (1.2 without the service segment) to the end under paths flat', async () => {
    server.handle(servingOnlyUnder('/ims/oneroster/v1p2'));
    expect(await collect(client('flat').pages('users'))).toEqual(['users-0', 'users-1', 'users-2', 'users-3', 'users-4']);
    expect(await collect(client('flat').pages('lineItems'))).toEqual(['lineItems-0', 'lineItems-1']);
    expect(readPaths()).toEqual(['/ims/oneroster/v1p2/users', '/ims/oneroster/v1p2/lineItems']);
    expect(server.seen.filter((r) => r.url.pathname === '/ims/oneroster/v1p2/users').map((r) => r.url.search)).toEqual(['?limit=2&offset=0', '?limit=2&offset=2', '?limit=2&offset=4']);
  });

  it('reads each service under its own base when the bases are given one by one', async () => {
    server.handle(servingOnlyUnder('/ims/oneroster/v1p1'));
    const classLink = client({ rostering: '/ims/oneroster/v1p1', gradebook: '/ims/oneroster/v1p1', resources: '/ims/oneroster/v1p1' });
    expect(await collect(classLink.pages('classes'))).toEqual(['classes-0', 'classes-1']);
    expect(await collect(classLink.pages('categories'))).toEqual(['categories-0', 'categories-1']);
    expect(readPaths()).toEqual(['/ims/oneroster/v1p1/classes', '/ims/oneroster/v1p1/categories']);
  });

  it('Test connection on the flat provider under paths flat: every endpoint answers, no hint', async () => {
    server.handle(servingOnlyUnder('/ims/oneroster/v1p2'));
    const report = await testRestConnection(client('flat'), 'Qmlativ', 'two-way');
    expect(report.ok).toBe(true);
    expect(report.pathHint).toBeNull();
    expect(report.endpoints.map((e) => e.path)).toContain('/ims/oneroster/v1p2/results');
  });

  it('Test connection hints at flat when the standard paths answer 404 everywhere and the flat ones answer, without changing the settings', async () => {
    server.handle(servingOnlyUnder('/ims/oneroster/v1p2'));
    const standard = client('standard');
    const report = await testRestConnection(standard, 'Qmlativ', 'import');
    expect(report.ok).toBe(false);
    expect(report.endpoints.every((e) => e.status === 404)).toBe(true);
    expect(report.pathHint).toEqual({ endpoint: 'users', refused: '/ims/oneroster/rostering/v1p2/users', answered: '/ims/oneroster/v1p2/users', layout: 'flat' });
    expect(report.summary[0]).toBe('Connection failed: none of the 7 endpoints answered.');
    expect(report.summary.at(-1)).toBe('/ims/oneroster/rostering/v1p2/users: 404; /ims/oneroster/v1p2/users answers: set paths to flat (--paths flat; "rest": { "paths": "flat" })');
    expect(standard.settings.paths).toBe('standard');
  });

  it('Test connection hints at the v1p1 bases for a "1.2" provider that serves under /ims/oneroster/v1p1 (ClassLink)', async () => {
    server.handle(servingOnlyUnder('/ims/oneroster/v1p1'));
    const report = await testRestConnection(client('standard'), 'ClassLink', 'import');
    expect(report.pathHint).toMatchObject({ answered: '/ims/oneroster/v1p1/users', layout: { rostering: '/ims/oneroster/v1p1', gradebook: '/ims/oneroster/v1p1', resources: '/ims/oneroster/v1p1' } });
    expect(report.summary.at(-1)).toBe(
      '/ims/oneroster/rostering/v1p2/users: 404; /ims/oneroster/v1p1/users answers: set the path bases rostering=/ims/oneroster/v1p1, gradebook=/ims/oneroster/v1p1, resources=/ims/oneroster/v1p1 ' +
        '(--path-base rostering=/ims/oneroster/v1p1 --path-base gradebook=/ims/oneroster/v1p1 --path-base resources=/ims/oneroster/v1p1; "rest": { "paths": {"rostering":"/ims/oneroster/v1p1","gradebook":"/ims/oneroster/v1p1","resources":"/ims/oneroster/v1p1"} })',
    );
  });

  it('gives no hint when some endpoint answers, when no other layout answers, or for a layout already set', async () => {
    // Standard users answer, the rest 404: a scope or version question, not a layout one.
    server.handle((request, response) => {
      if (request.url.pathname === '/oauth/token') return json(response, 200, { access_token: 'tok-1', token_type: 'Bearer', expires_in: 3600 });
      if (request.url.pathname === '/ims/oneroster/rostering/v1p2/users' || request.url.pathname === '/ims/oneroster/v1p2/users') return json(response, 200, { users: [] });
      json(response, 404, {});
    });
    expect((await testRestConnection(client('standard'), 'Partial', 'import')).pathHint).toBeNull();
    // Nothing anywhere.
    server.handle(servingOnlyUnder('/nowhere'));
    const lost = await testRestConnection(client('standard'), 'Lost', 'import');
    expect(lost.pathHint).toBeNull();
    expect(lost.summary.some((line) => line.includes('answers: set'))).toBe(false);
    // Bases already chosen by a person: nothing is second-guessed.
    server.handle(servingOnlyUnder('/ims/oneroster/v1p2'));
    expect((await testRestConnection(client({ rostering: '/elsewhere' }), 'Chosen', 'import')).pathHint).toBeNull();
    expect(readPaths()).not.toContain('/ims/oneroster/v1p2/users');
  });
});
