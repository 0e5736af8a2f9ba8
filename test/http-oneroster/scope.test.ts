import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryAudit } from '../../src/access/index.ts';
import { engines } from '../support/engines.ts';
import { ids, openProviderFixture, SCOPE_11, SCOPE_12, V11, V12, type ProviderFixture } from './provider-fixture.ts';

describe.each(engines())('OneRoster access scope on %s', (engine) => {
  let p: ProviderFixture;
  let all: string;
  let s1Only: string;

  beforeAll(async () => {
    p = await openProviderFixture(engine);
    all = await p.token();
    s1Only = await p.token({ schoolIds: ['s1'] });
  });
  afterAll(async () => {
    await p.close();
  });

  it.each([
    ['/users', 'users', ['st-1', 'st-2', 'st-old', 't-1']],
    ['/classes', 'classes', ['c1']],
    ['/enrollments', 'enrollments', ['e1', 'e2', 'e3']],
    ['/courses', 'courses', ['co1']],
    ['/orgs', 'orgs', ['d1', 's1']],
    ['/demographics', 'demographics', ['st-1']],
    ['/academicSessions', 'academicSessions', ['gp1', 't1', 'y1']],
  ])('a configuration restricted to s1 sees only s1 in %s', async (path, wrapper, expected) => {
    for (const base of [V11, V12]) {
      const response = await p.get(`${base}${path}`, s1Only);
      expect(ids(response.json(), wrapper)).toEqual(expected);
      expect(response.headers['x-total-count']).toBe(String(expected.length));
    }
  });

  it.each(['/users/st-3', '/students/st-3', '/classes/c2', '/enrollments/e5', '/orgs/s2', '/schools/s2', '/courses/co2', '/demographics/st-3', '/schools/s2/classes', '/classes/c2/students'])(
    'answers %s outside the restriction with 404 as if it did not exist',
    async (path) => {
      const response = await p.get(`${V12}${path}`, s1Only);
      expect(response.statusCode).toBe(404);
      expect((await p.get(`${V12}${path}`, all)).statusCode).toBe(200);
    },
  );

  it('keeps another school\'s users out of nested routes too', async () => {
    expect(ids((await p.get(`${V12}/terms/t1/classes`, s1Only)).json(), 'classes')).toEqual(['c1']);
    expect(ids((await p.get(`${V12}/schools/s1/students`, s1Only)).json(), 'users')).toEqual(['st-1', 'st-2', 'st-old']);
  });

  it('refuses demographics without allowDemographics, with 403 forbidden', async () => {
    const token = await p.token({ allowDemographics: false });
    const response = await p.get(`${V12}/demographics`, token);
    expect(response.statusCode).toBe(403);
    expect(response.json()).toMatchObject({ imsx_CodeMinor: { imsx_codeMinorField: [{ imsx_codeMinorFieldValue: 'forbidden' }] } });
    expect((await p.get(`${V11}/demographics/st-1`, token)).statusCode).toBe(403);
    expect((await p.get(`${V12}/users`, token)).statusCode).toBe(200);
  });

  it('enforces the endpoint\'s OAuth scope: core opens collections, not nested routes', async () => {
    const core = await p.token({ scope: `${SCOPE_12}roster-core.readonly ${SCOPE_11}roster-core.readonly` });
    expect((await p.get(`${V12}/classes`, core)).statusCode).toBe(200);
    expect((await p.get(`${V11}/classes/c1`, core)).statusCode).toBe(200);
    const nested = await p.get(`${V12}/classes/c1/students`, core);
    expect(nested.statusCode).toBe(403);
    expect(nested.json()).toMatchObject({ imsx_CodeMinor: { imsx_codeMinorField: [{ imsx_codeMinorFieldValue: 'forbidden' }] } });
    expect((await p.get(`${V12}/demographics`, core)).statusCode).toBe(403);
    const only12 = await p.token({ scope: `${SCOPE_12}roster.readonly` });
    expect((await p.get(`${V12}/classes/c1/students`, only12)).statusCode).toBe(200);
    expect((await p.get(`${V11}/classes`, only12)).statusCode).toBe(403);
  });

  it('refuses a request without a token with 401', async () => {
    const response = await p.app.inject({ method: 'GET', url: `${V12}/users` });
    expect(response.statusCode).toBe(401);
    expect((await p.get(`${V11}/users`, 'not-a-token')).statusCode).toBe(401);
  });

  it('audits each call with the number of records returned', async () => {
    p.f.clock.advance(60_000);
    const from = p.f.clock.now();
    await p.get(`${V12}/users?limit=2`, s1Only);
    await p.get(`${V12}/classes/nope`, s1Only);
    // The audit row is written in onResponse, which may finish just after inject resolves.
    let entries = await queryAudit(p.f.store.db, { kind: 'api', from });
    for (let turn = 0; entries.length < 2 && turn < 200; turn += 1) {
      await new Promise((resolve) => setImmediate(resolve));
      entries = await queryAudit(p.f.store.db, { kind: 'api', from });
    }
    expect(entries.map((e) => (e.kind === 'api' ? [e.status, e.records] : [])).sort()).toEqual([[200, 2], [404, 0]]);
  });
});
