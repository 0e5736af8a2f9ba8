import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { entityDecl, type UserRecord } from '../../src/model/index.ts';
import { tombstoneRecords, upsertRecords } from '../../src/store/index.ts';
import { engines } from '../support/engines.ts';
import { openProviderFixture, T2, V12, type ProviderFixture } from './provider-fixture.ts';

describe.each(engines())('X-Total-Count while the store changes, on %s', (engine) => {
  let p: ProviderFixture;
  let token: string;

  beforeAll(async () => {
    p = await openProviderFixture(engine);
    token = await p.token();
  });
  afterAll(async () => {
    await p.close();
  });

  const total = async (query = ''): Promise<number> => Number((await p.get(`${V12}/users?limit=1${query}`, token)).headers['x-total-count']);
  const student = (sourcedId: string): UserRecord => ({
    sourcedId, status: 'active', enabledUser: true, roles: [{ roleType: 'primary', role: 'student', org: 's1' }], givenName: 'N', familyName: 'N',
  });

  it('follows every write, even one stamped with the same instant as the last', async () => {
    const { db, dialect } = p.f.store;
    const before = await total();
    expect(await total()).toBe(before); // answered from the cache
    // T2 is the fixture's latest dateLastModified: this write does not move the latest instant.
    await upsertRecords(db, dialect, entityDecl('users'), [student('same-instant')], { districtId: 'd1', now: T2 });
    expect(await total()).toBe(before + 1);
    await upsertRecords(db, dialect, entityDecl('users'), [student('later')], { districtId: 'd1', now: '2026-04-01T00:00:00.000Z' });
    expect(await total()).toBe(before + 2);
    const active = await total(`&filter=${encodeURIComponent("status='active'")}`);
    await tombstoneRecords(db, dialect, entityDecl('users'), ['later'], { districtId: 'd1', now: '2026-04-02T00:00:00.000Z' });
    expect(await total(`&filter=${encodeURIComponent("status='active'")}`)).toBe(active - 1);
    expect(await total()).toBe(before + 2);
  });
});
