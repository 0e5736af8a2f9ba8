import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engines } from '../support/engines.ts';
import { ids, openProviderFixture, V11, V12, type ProviderFixture } from './provider-fixture.ts';

describe.each(engines())('OneRoster routes on %s', (engine) => {
  let p: ProviderFixture;
  let token: string;

  beforeAll(async () => {
    p = await openProviderFixture(engine);
    token = await p.token();
  });
  afterAll(async () => {
    await p.close();
  });

  it('serves collections in both versions with wrapper, total count and only the district\'s records', async () => {
    for (const base of [V11, V12]) {
      const response = await p.get(`${base}/users`, token);
      expect(response.statusCode).toBe(200);
      expect(response.headers['x-total-count']).toBe('6');
      expect(ids(response.json(), 'users')).toEqual(['st-1', 'st-2', 'st-3', 'st-old', 't-1', 't-2']);
    }
  });

  it('writes 1.1 role/orgs and 1.2 roles[] with its string booleans, and no empty values', async () => {
    const v11 = (await p.get(`${V11}/users/st-1`, token)).json<{ user: Record<string, unknown> }>().user;
    expect(v11).toMatchObject({ sourcedId: 'st-1', role: 'student', enabledUser: true, orgs: [{ sourcedId: 's1', type: 'org', href: `https://sis.example.org${V11}/orgs/s1` }] });
    expect(v11).not.toHaveProperty('roles');
    expect(v11).not.toHaveProperty('middleName');
    const v12 = (await p.get(`${V12}/users/st-1`, token)).json<{ user: Record<string, unknown> }>().user;
    expect(v12).toMatchObject({ enabledUser: 'true', roles: [{ roleType: 'primary', role: 'student', org: { sourcedId: 's1', href: `https://sis.example.org${V12}/orgs/s1` } }] });
    expect(v12).not.toHaveProperty('role');
  });

  it('serves single records under the singular wrapper and 404 unknownobject in each envelope', async () => {
    const klass = await p.get(`${V12}/classes/c1`, token);
    expect(klass.json()).toMatchObject({ class: { sourcedId: 'c1', school: { sourcedId: 's1', type: 'org' }, terms: [{ sourcedId: 't1', type: 'academicSession' }] } });
    const missing12 = await p.get(`${V12}/classes/nope`, token);
    expect(missing12.statusCode).toBe(404);
    expect(missing12.json()).toMatchObject({ imsx_codeMajor: 'failure', imsx_CodeMinor: { imsx_codeMinorField: [{ imsx_codeMinorFieldValue: 'unknownobject' }] } });
    const missing11 = await p.get(`${V11}/classes/nope`, token);
    expect(missing11.statusCode).toBe(404);
    expect(missing11.json()).toMatchObject({ statusInfoSet: [{ imsx_codeMajor: 'failure', imsx_CodeMinor: { imsx_codeMinorField: [{ imsx_codeMinorFieldValue: 'unknownobject' }] } }] });
    expect((await p.get(`${V12}/users/x-1`, token)).statusCode).toBe(404); // another district's user
  });

  it('serves the typed collections and their single records', async () => {
    expect(ids((await p.get(`${V12}/schools`, token)).json(), 'orgs')).toEqual(['s1', 's2', 's3']);
    expect(ids((await p.get(`${V11}/students`, token)).json(), 'users')).toEqual(['st-1', 'st-2', 'st-3', 'st-old']);
    expect(ids((await p.get(`${V12}/teachers`, token)).json(), 'users')).toEqual(['t-1', 't-2']);
    expect(ids((await p.get(`${V12}/terms`, token)).json(), 'academicSessions')).toEqual(['t1']);
    expect(ids((await p.get(`${V11}/gradingPeriods`, token)).json(), 'academicSessions')).toEqual(['gp1']);
    expect((await p.get(`${V12}/schools/s1`, token)).json()).toMatchObject({ org: { sourcedId: 's1' } });
    expect((await p.get(`${V12}/schools/d1`, token)).statusCode).toBe(404); // an org, but not a school
    expect((await p.get(`${V12}/students/t-1`, token)).statusCode).toBe(404);
  });

  it.each([
    ['/schools/s1/classes', 'classes', ['c1']],
    ['/schools/s2/enrollments', 'enrollments', ['e4', 'e5']],
    ['/schools/s1/courses', 'courses', ['co1']],
    ['/schools/s1/students', 'users', ['st-1', 'st-2', 'st-old']],
    ['/schools/s2/teachers', 'users', ['t-2']],
    ['/schools/s1/terms', 'academicSessions', ['t1']],
    ['/schools/s3/terms', 'academicSessions', []],
    ['/classes/c1/students', 'users', ['st-1', 'st-2']],
    ['/classes/c1/teachers', 'users', ['t-1']],
    ['/courses/co2/classes', 'classes', ['c2']],
    ['/terms/t1/classes', 'classes', ['c1', 'c2']],
    ['/terms/t1/gradingPeriods', 'academicSessions', ['gp1']],
    ['/students/st-3/classes', 'classes', ['c2']],
    ['/teachers/t-1/classes', 'classes', ['c1']],
    ['/users/st-1/classes', 'classes', ['c1']],
  ])('serves the nested route %s in both versions', async (path, wrapper, expected) => {
    for (const base of [V11, V12]) {
      const response = await p.get(`${base}${path}`, token);
      expect(response.statusCode).toBe(200);
      expect(ids(response.json(), wrapper)).toEqual(expected);
      expect(response.headers['x-total-count']).toBe(String(expected.length));
    }
  });

  it('answers a nested route under an unknown or mistyped parent with 404 unknownobject', async () => {
    expect((await p.get(`${V12}/schools/nope/classes`, token)).statusCode).toBe(404);
    expect((await p.get(`${V12}/teachers/st-1/classes`, token)).statusCode).toBe(404);
  });

  it('pages with Link headers that keep the query, in a stable order across pages', async () => {
    const seen: string[] = [];
    let url: string | undefined = `${V12}/users?sort=familyName&orderBy=desc&filter=status='active'&limit=2`;
    let pages = 0;
    while (url !== undefined) {
      const response = await p.get(url, token);
      expect(response.headers['x-total-count']).toBe('5');
      seen.push(...ids(response.json(), 'users'));
      const link = String(response.headers.link ?? '');
      if (pages === 0) expect(link).not.toContain('rel="prev"');
      const next = /<https:\/\/sis\.example\.org([^>]*)>; rel="next"/.exec(link)?.[1];
      if (next !== undefined) expect(decodeURIComponent(next)).toContain("sort=familyName&orderBy=desc&filter=status='active'");
      url = next;
      pages += 1;
    }
    expect(pages).toBe(3);
    expect(seen).toEqual(['t-2', 't-1', 'st-3', 'st-2', 'st-1']);
  });

  it('caps a large limit instead of refusing it, and refuses a bad one with 400', async () => {
    const big = await p.get(`${V12}/users?limit=50000`, token);
    expect(big.statusCode).toBe(200);
    expect(ids(big.json(), 'users')).toHaveLength(6);
    const bad = await p.get(`${V12}/users?limit=0`, token);
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ imsx_CodeMinor: { imsx_codeMinorField: [{ imsx_codeMinorFieldValue: 'invaliddata' }] } });
  });

  it('projects fields, and refuses an unknown one in 1.2', async () => {
    const response = await p.get(`${V12}/users/st-1?fields=sourcedId,email`, token);
    expect(response.json()).toEqual({ user: { sourcedId: 'st-1', email: 'alee@example.org' } });
    const list = await p.get(`${V11}/classes?fields=title`, token);
    expect(list.json()).toEqual({ classes: [{ title: 'Algebra I - P1' }, { title: 'Biology - P2' }] });
    const bad = await p.get(`${V12}/users?fields=shoeSize`, token);
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ imsx_CodeMinor: { imsx_codeMinorField: [{ imsx_codeMinorFieldValue: 'invalid_selection_field' }] } });
  });
});
