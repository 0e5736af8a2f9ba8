import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engines } from '../support/engines.ts';
import { ids, openProviderFixture, T2, V11, V12, type ProviderFixture } from './provider-fixture.ts';

const filter = (text: string): string => `filter=${encodeURIComponent(text)}`;

describe.each(engines())('OneRoster querying on %s', (engine) => {
  let p: ProviderFixture;
  let token: string;

  beforeAll(async () => {
    p = await openProviderFixture(engine);
    token = await p.token();
  });
  afterAll(async () => {
    await p.close();
  });

  const users = async (query: string, base = V12): Promise<string[]> => {
    const response = await p.get(`${base}/users?${query}`, token);
    expect(response.statusCode).toBe(200);
    return ids(response.json(), 'users');
  };

  it.each([
    ["email='tpark@example.org'", ['t-1']],
    ["email!='tpark@example.org'", ['st-1', 'st-2', 'st-3', 'st-old', 't-2']],
    ["email~'KIM@EXAMPLE'", ['st-2']],
    ["givenName~'%'", []],
    ["givenName~'_'", []],
    ["email='x'' OR ''1''=''1'", []],
    ["status='active' AND familyName~'st-'", ['st-1', 'st-2', 'st-3']],
    ["email='alee@example.org' OR sourcedId='t-2'", ['st-1', 't-2']],
    ["grades='10'", ['st-2']],
    ["enabledUser='true' AND sourcedId<'st-2'", ['st-1']],
    ["primaryOrg.sourcedId='s1'", []],
  ])('filters users by %s', async (text, expected) => {
    expect(await users(filter(text))).toEqual(expected);
  });

  it('filters on references and lists of references with dot notation', async () => {
    const classes = await p.get(`${V11}/classes?${filter("school.sourcedId='s2'")}`, token);
    expect(ids(classes.json(), 'classes')).toEqual(['c2']);
    const byTerm = await p.get(`${V12}/classes?${filter("terms.sourcedId='t1' AND grades='10'")}`, token);
    expect(ids(byTerm.json(), 'classes')).toEqual(['c1']);
  });

  it('accepts a filter sent unencoded, as real clients send it', async () => {
    expect(await users("filter=email='tpark@example.org'", V11)).toEqual(['t-1']);
  });

  it('returns what changed since a date-time, tombstones included (delta)', async () => {
    const response = await p.get(`${V12}/users?${filter("dateLastModified>'2026-03-03T00:00:00Z'")}`, token);
    const body = response.json<{ users: Array<{ sourcedId: string; status: string }> }>();
    expect(body.users.map((u) => [u.sourcedId, u.status])).toEqual([['st-old', 'tobedeleted'], ['t-2', 'active']]);
    expect(await users(filter(`dateLastModified>='${T2}'`))).toEqual(['st-old', 't-2']);
    expect(await users(filter(`dateLastModified>'${T2}'`))).toEqual([]);
  });

  it('compares a date-only value with the calendar day of a date-time', async () => {
    expect(await users(filter("dateLastModified='2026-03-05'"))).toEqual(['st-old', 't-2']);
    expect(await users(filter("dateLastModified<'2026-03-05'"))).toEqual(['st-1', 'st-2', 'st-3', 't-1']);
    const sessions = await p.get(`${V12}/academicSessions?${filter("startDate>='2025-08-20' AND endDate<'2026-01-01'")}`, token);
    expect(ids(sessions.json(), 'academicSessions')).toEqual(['gp1']);
  });

  it('sorts by a field, absent values last, then by sourcedId', async () => {
    expect(await users('sort=email')).toEqual(['st-2', 'st-1', 't-2', 't-1', 'st-3', 'st-old']);
    expect(await users('sort=email&orderBy=desc')).toEqual(['t-1', 't-2', 'st-1', 'st-2', 'st-3', 'st-old']);
  });

  it.each([
    ["shoeSize='9'", 'invalid_filter_field'],
    ["email='unterminated", 'invalid_filter_field'],
    ["email='a' AND", 'invalid_filter_field'],
    ["(email='a')", 'invalid_filter_field'],
    ["dateLastModified>'yesterday'", 'invalid_filter_field'],
    ["password='x'", 'invalid_filter_field'],
  ])('refuses the malformed filter %s with 400 in each version\'s envelope', async (text, code) => {
    const v12 = await p.get(`${V12}/users?${filter(text)}`, token);
    expect(v12.statusCode).toBe(400);
    expect(v12.json()).toMatchObject({ imsx_codeMajor: 'failure', imsx_severity: 'error', imsx_CodeMinor: { imsx_codeMinorField: [{ imsx_codeMinorFieldValue: code }] } });
    const v11 = await p.get(`${V11}/users?${filter(text)}`, token);
    expect(v11.statusCode).toBe(400);
    expect(v11.json()).toMatchObject({ statusInfoSet: [{ imsx_CodeMinor: { imsx_codeMinorField: [{ imsx_codeMinorFieldValue: code }] } }] });
  });

  it('refuses an unknown sort field in 1.2 and ignores it in 1.1', async () => {
    expect((await p.get(`${V12}/users?sort=shoeSize`, token)).statusCode).toBe(400);
    expect(await users('sort=shoeSize', V11)).toHaveLength(6);
  });
});
