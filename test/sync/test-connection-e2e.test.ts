import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateAccessSecret, type AuthType } from '../../src/access/index.ts';
import { loadConfig } from '../../src/config/index.ts';
import { buildApp } from '../../src/http/index.ts';
import { addConnection, testConnection, type ClientDeps, type Connection, type RestTestReport } from '../../src/sync/index.ts';
import { seedAccess, TIME_ZONE } from '../access/access-fixture.ts';
import { openProviderFixture, type ProviderFixture } from '../http-oneroster/provider-fixture.ts';
import { engines } from '../support/engines.ts';

/**
 * Test connection against OUR provider over real HTTP: the hub app listens on 127.0.0.1 with its
 * public URL set to that address (OAuth 1.0a signatures cover the URL), and the sync client reads
 * it with credentials from real integration accesses.
 */
describe.each(engines())('Test connection against our own provider on %s', (engine) => {
  let p: ProviderFixture;
  let server: Server;
  let app: FastifyInstance;
  let baseUrl: string;
  let counter = 0;
  const sleeps: number[] = [];

  beforeAll(async () => {
    p = await openProviderFixture(engine);
    server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const config = loadConfig({ ROSTERBRIDGE_TIME_ZONE: TIME_ZONE, ROSTERBRIDGE_PUBLIC_URL: baseUrl }, { dataDir: mkdtempSync(join(tmpdir(), 'rb-sync-e2e-')), db: 'sqlite::memory:' });
    app = await buildApp({ store: p.f.store, config, secretBox: p.f.box });
    await app.ready();
    server.on('request', (request, response) => app.routing(request, response));
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await app.close();
    await p.close();
  });

  // The fixture's clock is the hub's "now" on both sides: token lifetimes and OAuth 1.0a timestamps agree.
  const deps = (): ClientDeps => ({
    fetch: (input, init) => globalThis.fetch(input, init),
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    random: () => 0.5,
    now: () => p.f.clock.now().getTime(),
  });

  async function connectionFor(options: { auth: 'oauth2' | 'oauth1'; version: '1.1' | '1.2'; allowDemographics?: boolean; wrongSecret?: boolean; mode?: 'import' | 'two-way' }): Promise<Connection> {
    counter += 1;
    const key = `sp-${engine}-${counter}`;
    const authType: AuthType = options.auth;
    const { access } = await seedAccess(p.f, { key, authType }, {}, { allowDemographics: options.allowDemographics ?? true });
    const { secret } = await generateAccessSecret(p.f.store.db, p.f.ctx, p.f.box, access.id);
    return addConnection(p.f.store.db, p.f.ctx, p.f.box, {
      name: `School Passport ${counter}`,
      districtId: 'd1',
      mode: options.mode ?? 'import',
      kind: 'oneroster-rest',
      clientSecret: options.wrongSecret === true ? `${secret}x` : secret,
      rest: { version: options.version, baseUrl, ...(options.auth === 'oauth2' ? { tokenUrl: `${baseUrl}/oauth/token` } : {}), clientId: key, auth: options.auth },
    });
  }

  async function run(connection: Connection): Promise<RestTestReport> {
    const report = await testConnection(p.f.store.db, p.f.box, connection, deps());
    if (report.kind !== 'oneroster-rest') throw new Error('expected a REST report');
    return report;
  }

  const counts = (report: RestTestReport): Record<string, number | null> => Object.fromEntries(report.endpoints.map((e) => [e.endpoint, e.ok ? e.totalCount : e.status]));

  it.each(['1.1', '1.2'] as const)('works end to end with OAuth 2.0 on OneRoster %s, reporting every count', async (version) => {
    const report = await run(await connectionFor({ auth: 'oauth2', version }));
    expect(report.ok).toBe(true);
    expect(report.token).toMatchObject({ ok: true });
    expect(counts(report)).toEqual({ orgs: 4, academicSessions: 3, courses: 2, classes: 2, users: 6, enrollments: 5, demographics: 2 });
    expect(report.summary[0]).toBe('Connection works: all 7 endpoints answered.');
    expect(report.summary).toContain('users: reachable — 6 records, 0 ms');
  });

  it('works with OAuth 1.0a (HMAC-SHA256, no token step)', async () => {
    const report = await run(await connectionFor({ auth: 'oauth1', version: '1.1' }));
    expect(report.token).toBeNull();
    expect(report.ok).toBe(true);
    expect(counts(report)).toMatchObject({ users: 6, demographics: 2 });
  });

  it.each(['oauth2', 'oauth1'] as const)('reports the 403 of an access without demographics (%s)', async (auth) => {
    const report = await run(await connectionFor({ auth, version: '1.2', allowDemographics: false }));
    expect(report.ok).toBe(false);
    expect(counts(report)).toMatchObject({ users: 6, demographics: 403 });
    expect(report.summary[0]).toBe('Connection works in part: 6 of 7 endpoints answered.');
    expect(report.summary).toContain('demographics: 403 — the access has no demographics scope');
  });

  it('reports a wrong secret under OAuth 2.0 as the token failing with 401', async () => {
    const report = await run(await connectionFor({ auth: 'oauth2', version: '1.2', wrongSecret: true }));
    expect(report.ok).toBe(false);
    expect(report.token).toMatchObject({ ok: false, status: 401, error: 'invalid_client' });
    expect(report.summary.slice(0, 2)).toEqual(['Connection failed: could not get a token, so no endpoint was read.', 'token: 401 — the client id or secret is wrong']);
    expect(report.endpoints.every((e) => e.problem === 'skipped')).toBe(true);
  });

  it('reports a wrong secret under OAuth 1.0a as every endpoint refusing the signature', async () => {
    const report = await run(await connectionFor({ auth: 'oauth1', version: '1.1', wrongSecret: true }));
    expect(report.endpoints.map((e) => e.status)).toEqual([401, 401, 401, 401, 401, 401, 401]);
    expect(report.summary).toContain('users: 401 — the signature was refused: the client id or secret is wrong (or the clocks differ by minutes)');
  });

  it('checks the gradebook endpoints too for a two-way connection', async () => {
    const report = await run(await connectionFor({ auth: 'oauth2', version: '1.2', mode: 'two-way' }));
    expect(counts(report)).toMatchObject({ categories: 1, lineItems: 2, results: 2 });
    expect(report.endpoints.find((e) => e.endpoint === 'results')?.path).toBe('/ims/oneroster/gradebook/v1p2/results');
    expect(report.ok).toBe(true);
  });

  it('never needed to wait: our provider answered every request at once', () => {
    expect(sleeps).toEqual([]);
  });
});
