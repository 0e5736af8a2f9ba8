import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { entityDecl, type UserRecord } from '../../src/model/index.ts';
import { upsertRecords } from '../../src/store/index.ts';
import { engines } from '../support/engines.ts';
import { ids, openProviderFixture, T1, V11, V12, type ProviderFixture } from './provider-fixture.ts';

const filter = (text: string): string => `filter=${encodeURIComponent(text)}`;

describe.each(engines())('filtering users by their roles on %s', (engine) => {
  let p: ProviderFixture;
  let token: string;

  beforeAll(async () => {
    p = await openProviderFixture(engine);
    const admin = (sourcedId: string, role: string, org: string): UserRecord => ({
      sourcedId, status: 'active', enabledUser: true, roles: [{ roleType: 'primary', role, org }], givenName: sourcedId, familyName: 'Admin',
    });
    // One administrator as a 1.2 source spells it, one as a 1.1 source does; a teacher who is also a guardian.
    await upsertRecords(p.f.store.db, p.f.store.dialect, entityDecl('users'), [
      admin('ad-1', 'districtAdministrator', 'd1'),
      admin('ad-2', 'administrator', 's2'),
      { ...admin('tg-1', 'teacher', 's3'), roles: [{ roleType: 'primary', role: 'teacher', org: 's3' }, { roleType: 'secondary', role: 'guardian', org: 's1' }] },
    ], { districtId: 'd1', now: T1 });
    token = await p.token();
  });
  afterAll(async () => {
    await p.close();
  });

  const users = async (base: string, text: string): Promise<string[]> => {
    const response = await p.get(`${base}/users?${filter(text)}&sort=sourcedId`, token);
    expect(response.statusCode).toBe(200);
    return ids(response.json(), 'users');
  };

  it.each([
    [V11, "role='teacher'", ['t-1', 't-2', 'tg-1']],
    [V11, "role='administrator'", ['ad-1', 'ad-2']],
    [V11, "role='student' AND orgs.sourcedId='s2'", ['st-3']],
    [V11, "orgs.sourcedId='s1' AND status='active'", ['st-1', 'st-2', 't-1', 'tg-1']],
    [V11, "role!='student'", ['ad-1', 'ad-2', 't-1', 't-2', 'tg-1']],
    [V12, "roles.role='guardian'", ['tg-1']],
    [V12, "roles.role='districtAdministrator'", ['ad-1', 'ad-2']],
    [V12, "roles.roleType='secondary'", ['tg-1']],
    [V12, "roles.org.sourcedId='s3'", ['tg-1']],
    [V12, "roles.role~'ADMIN'", ['ad-1', 'ad-2']],
    [V12, "roles.role='student' OR roles.org.sourcedId='d1'", ['ad-1', 'st-1', 'st-2', 'st-3', 'st-old']],
  ])('%s filter=%s', async (base, text, expected) => {
    expect(await users(base, text)).toEqual(expected);
  });

  it('keeps each version\'s names: 1.2 names are unknown in 1.1 and the other way round', async () => {
    expect((await p.get(`${V11}/users?${filter("roles.role='student'")}`, token)).statusCode).toBe(400);
    expect((await p.get(`${V12}/users?${filter("role='student'")}`, token)).statusCode).toBe(400);
  });

  it('refuses to sort by a role, which is a list', async () => {
    expect((await p.get(`${V12}/users?sort=roles.role`, token)).statusCode).toBe(400);
  });

  it('filters the typed and nested collections of users too', async () => {
    const response = await p.get(`${V12}/schools/s1/students?${filter("roles.roleType='primary'")}`, token);
    expect(ids(response.json(), 'users')).toEqual(['st-1', 'st-2', 'st-old']);
  });
});
