import { Writable } from 'node:stream';
import Fastify, { type FastifyInstance, type LightMyRequestResponse } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.ts';
import { buildApp } from '../../src/http/index.ts';
import { createInFlightLimit } from '../../src/http/access/in-flight-limit.ts';
import { oneRosterProvider } from '../../src/http/oneroster/provider.ts';
import { TIME_ZONE } from '../access/access-fixture.ts';
import { PUBLIC_URL, testConfig } from '../http-access/http-fixture.ts';
import { engines } from '../support/engines.ts';
import { ids, openProviderFixture, V11, V12, type ProviderFixture } from './provider-fixture.ts';

type Info = { imsx_codeMajor: string; imsx_severity: string; imsx_description: string; imsx_CodeMinor: { imsx_codeMinorField: Array<{ imsx_codeMinorFieldValue: string }> } };

/** The one status of a response in either version's envelope, and which envelope it was. */
function status(response: LightMyRequestResponse): { shape: '1.1' | '1.2'; code: string; info: Info } {
  const body = response.json<Info & { statusInfoSet?: Info[] }>();
  const info = body.statusInfoSet?.[0] ?? body;
  return { shape: body.statusInfoSet === undefined ? '1.2' : '1.1', code: info.imsx_CodeMinor.imsx_codeMinorField[0]?.imsx_codeMinorFieldValue ?? '', info };
}

describe('the in-flight limit', () => {
  it('refuses beyond the limit per key, and a release (even twice) frees exactly one place', () => {
    const limit = createInFlightLimit(2);
    const a = limit.acquire('a');
    const b = limit.acquire('a');
    expect(limit.acquire('a')).toBeUndefined();
    expect(limit.acquire('b')).toBeDefined();
    a?.();
    a?.();
    expect(limit.inFlight('a')).toBe(1);
    expect(limit.acquire('a')).toBeDefined();
    expect(limit.acquire('a')).toBeUndefined();
    b?.();
    expect(limit.inFlight('a')).toBe(1);
  });
});

describe.each(engines())('the provider\'s error edges on %s', (engine) => {
  let p: ProviderFixture;
  let token: string;

  beforeAll(async () => {
    p = await openProviderFixture(engine);
    token = await p.token();
  });
  afterAll(async () => {
    await p.close();
  });

  it('401 comes in the version\'s envelope: 1.1 statusInfoSet, 1.2 a single imsx_StatusInfo', async () => {
    const v11 = await p.get(`${V11}/users`, 'nope');
    expect(v11.statusCode).toBe(401);
    expect(v11.headers['www-authenticate']).toContain('Bearer');
    expect(status(v11)).toMatchObject({ shape: '1.1', code: 'unauthorisedrequest' });
    const v12 = await p.get(`${V12}/users`, 'nope');
    expect(v12.statusCode).toBe(401);
    expect(status(v12)).toMatchObject({ shape: '1.2', code: 'unauthorisedrequest' });
    const gradebook = await p.get('/ims/oneroster/gradebook/v1p2/results', 'nope');
    expect(status(gradebook)).toMatchObject({ shape: '1.2', code: 'unauthorisedrequest' });
  });

  it.each([
    [`${V11}/nope`, '1.1'],
    [`${V11}`, '1.1'],
    [`${V11}/users/st-1/nope`, '1.1'],
    [`${V12}/users/x/nope`, '1.2'],
    ['/ims/oneroster/gradebook/v1p2/nope?limit=5', '1.2'],
    ['/ims/oneroster/resources/v1p2/', '1.2'],
  ])('an unknown path %s is 404 unknownobject in the %s envelope', async (url, shape) => {
    const response = await p.get(url, token);
    expect(response.statusCode).toBe(404);
    expect(status(response)).toMatchObject({ shape, code: 'unknownobject' });
  });

  it('a known path asked with another method is 405 with Allow, in the version\'s envelope', async () => {
    const v11 = await p.app.inject({ method: 'POST', url: `${V11}/users`, headers: { authorization: `Bearer ${token}` } });
    expect(v11.statusCode).toBe(405);
    expect(v11.headers.allow).toBe('GET, HEAD');
    expect(status(v11)).toMatchObject({ shape: '1.1', code: 'unsupportedoperation' });
    const v12 = await p.app.inject({ method: 'DELETE', url: `${V12}/users/st-1`, headers: { authorization: `Bearer ${token}` } });
    expect(v12.statusCode).toBe(405);
    expect(status(v12)).toMatchObject({ shape: '1.2', code: 'unsupported' });
    // An unknown path stays 404 whatever the method.
    expect((await p.app.inject({ method: 'PUT', url: `${V12}/nope/x`, headers: { authorization: `Bearer ${token}` } })).statusCode).toBe(404);
  });

  it('a body fastify cannot read is its 4xx in the envelope, not a 500', async () => {
    // Gradebook writes take JSON; another media type is refused before anything is read or written.
    const url = '/ims/oneroster/gradebook/v1p2/lineItems/li-new';
    const response = await p.app.inject({ method: 'PUT', url, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/xml' }, payload: '<lineItem/>' });
    expect(response.statusCode).toBe(415);
    expect(status(response)).toMatchObject({ shape: '1.2', code: 'invaliddata' });
  });

  it('1.1: an unknown fields entry is a warning beside the data; the known ones still select', async () => {
    const response = await p.get(`${V11}/users?fields=sourcedId,nope`, token);
    expect(response.statusCode).toBe(200);
    const body = response.json<{ users: object[]; statusInfoSet: Info[] }>();
    expect(body.users.length).toBeGreaterThan(0);
    for (const user of body.users) expect(Object.keys(user)).toEqual(['sourcedId']);
    expect(body.statusInfoSet).toEqual([
      expect.objectContaining({ imsx_codeMajor: 'success', imsx_severity: 'warning', imsx_CodeMinor: { imsx_codeMinorField: [{ imsx_codeMinorFieldName: 'TargetEndSystem', imsx_codeMinorFieldValue: 'invalid_selection_field' }] } }),
    ]);
    expect(body.statusInfoSet[0]?.imsx_description).toContain('nope');
  });

  it('1.1: an unknown sort field is a warning, and the data comes in the default order', async () => {
    const plain = ids((await p.get(`${V11}/users`, token)).json(), 'users');
    const response = await p.get(`${V11}/users?sort=nope&orderBy=desc`, token);
    expect(response.statusCode).toBe(200);
    const body = response.json<{ statusInfoSet: Info[] }>();
    expect(ids(body, 'users')).toEqual(plain);
    expect(body.statusInfoSet.map((i) => [i.imsx_codeMajor, i.imsx_severity, i.imsx_CodeMinor.imsx_codeMinorField[0]?.imsx_codeMinorFieldValue])).toEqual([['success', 'warning', 'invalid_sort_field']]);
  });

  it('1.1: a single record reports warnings too; a clean query carries no statusInfoSet', async () => {
    const record = (await p.get(`${V11}/users/st-1?fields=nope`, token)).json<{ user: { sourcedId: string }; statusInfoSet: Info[] }>();
    expect(record.user.sourcedId).toBe('st-1');
    expect(record.statusInfoSet).toHaveLength(1);
    expect((await p.get(`${V11}/users?fields=sourcedId`, token)).json()).not.toHaveProperty('statusInfoSet');
  });

  it('1.2 still refuses an unknown fields entry or sort field (400)', async () => {
    const fields = await p.get(`${V12}/users?fields=sourcedId,nope`, token);
    expect(fields.statusCode).toBe(400);
    expect(status(fields)).toMatchObject({ shape: '1.2', code: 'invalid_selection_field' });
    const sort = await p.get(`${V12}/users?sort=nope`, token);
    expect(sort.statusCode).toBe(400);
    expect(status(sort)).toMatchObject({ shape: '1.2', code: 'invalid_sort_field' });
  });
});

describe.each(engines())('429 server_busy per access on %s', (engine) => {
  let p: ProviderFixture;
  let app: FastifyInstance;
  let held = 0;
  let onHeld: () => void = () => undefined;
  let openGate: () => void = () => undefined;
  let gate = new Promise<void>((resolve) => (openGate = resolve));
  /** Resolves when `count` requests are held open in onSend (after the limit let them in). */
  const heldOpen = (count: number): Promise<void> =>
    new Promise((resolve) => {
      onHeld = () => {
        if (held >= count) resolve();
      };
      onHeld();
    });

  beforeAll(async () => {
    p = await openProviderFixture(engine);
    const env = { ROSTERBRIDGE_TIME_ZONE: TIME_ZONE, ROSTERBRIDGE_PUBLIC_URL: PUBLIC_URL, ROSTERBRIDGE_API_CONCURRENCY: '2' };
    const config = loadConfig(env, { dataDir: testConfig().dataDir, db: 'sqlite::memory:' });
    // The real provider on the same store, behind a hook that holds marked requests open: they
    // have passed the limit and are in flight until the gate opens.
    app = Fastify();
    app.addHook('onSend', async (request, _reply, payload) => {
      if (request.headers['x-hold'] !== '1') return payload;
      held += 1;
      onHeld();
      await gate;
      return payload;
    });
    await app.register(oneRosterProvider({ store: p.f.store, config, secretBox: p.f.box }));
  });
  afterAll(async () => {
    openGate();
    await app.close();
    await p.close();
  });

  const get = (token: string, hold: boolean) =>
    app.inject({ method: 'GET', url: `${V12}/users`, headers: { authorization: `Bearer ${token}`, ...(hold ? { 'x-hold': '1' } : {}) } });

  it('beyond the limit the access gets 429 with Retry-After; other accesses and later requests are served', async () => {
    const busy = await p.token();
    const other = await p.token();
    const first = get(busy, true);
    const second = get(busy, true);
    await heldOpen(2);

    const refused = await get(busy, false);
    expect(refused.statusCode).toBe(429);
    expect(refused.headers['retry-after']).toBe('1');
    expect(status(refused)).toMatchObject({ shape: '1.2', code: 'server_busy' });
    const v11 = await app.inject({ method: 'GET', url: `${V11}/users`, headers: { authorization: `Bearer ${busy}` } });
    expect(status(v11)).toMatchObject({ shape: '1.1', code: 'server_busy' });
    expect((await get(other, false)).statusCode).toBe(200);

    openGate();
    expect((await first).statusCode).toBe(200);
    expect((await second).statusCode).toBe(200);
    gate = Promise.resolve();
    // Every place was given back: two at once again, then more, all served.
    const again = await Promise.all([get(busy, false), get(busy, false)]);
    expect(again.map((r) => r.statusCode)).toEqual([200, 200]);
    for (let i = 0; i < 3; i += 1) expect((await get(busy, false)).statusCode).toBe(200);
  });
});

describe.each(engines())('a failing handler on %s', (engine) => {
  let p: ProviderFixture;
  let app: FastifyInstance;
  const lines: string[] = [];

  beforeAll(async () => {
    p = await openProviderFixture(engine);
    const logStream = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString('utf8'));
        done();
      },
    });
    app = await buildApp({ store: p.f.store, config: testConfig(), secretBox: p.f.box }, { logger: true, logStream });
  });
  afterAll(async () => {
    await app.close();
    await p.close();
  });

  it('answers 500 in the envelope with a generic description and logs no query, message or data', async () => {
    const token = await p.token();
    await sql`drop table or_users`.execute(p.f.store.db);
    const filter = encodeURIComponent("email='alee@example.org'");
    const response = await app.inject({ method: 'GET', url: `${V12}/users?filter=${filter}`, headers: { authorization: `Bearer ${token}` } });
    expect(response.statusCode).toBe(500);
    expect(status(response)).toMatchObject({ shape: '1.2', code: 'internal_server_error' });
    expect(status(response).info.imsx_description).toBe('The server could not answer this request; try again later');
    const v11 = await app.inject({ method: 'GET', url: `${V11}/users`, headers: { authorization: `Bearer ${token}` } });
    expect(status(v11)).toMatchObject({ shape: '1.1', code: 'internal_server_error' });

    const log = lines.join('');
    const failure = lines.map((line) => JSON.parse(line) as { msg?: string; frames?: string[]; errorName?: string }).find((entry) => entry.msg === 'OneRoster request failed');
    expect(failure?.errorName).toEqual(expect.any(String));
    expect(failure?.frames?.length).toBeGreaterThan(0);
    for (const secret of ['alee', 'email', 'or_users', 'select ', token]) expect(log).not.toContain(secret);
  });
});
