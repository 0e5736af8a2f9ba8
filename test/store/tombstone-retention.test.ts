import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.ts';
import { entityDecl, type EnrollmentRecord, type UserRecord } from '../../src/model/index.ts';
import { openStore, purgeTombstones, readRecords, retentionHorizon, tombstoneRecords, upsertRecords, type Store } from '../../src/store/index.ts';
import { createTestDatabase, engines, type TestDatabase } from '../support/engines.ts';

const users = entityDecl('users');
const enrollments = entityDecl('enrollments');
const T1 = '2026-01-01T00:00:00.000Z';
const T2 = '2026-02-01T00:00:00.000Z';
const T3 = '2026-03-01T00:00:00.000Z';

const user = (sourcedId: string): UserRecord => ({
  sourcedId, status: 'active', enabledUser: true, givenName: 'A', familyName: 'B', roles: [{ roleType: 'primary', role: 'student', org: 's1' }],
});
const enrollment = (sourcedId: string, userId: string): EnrollmentRecord => ({ sourcedId, status: 'active', class: 'c1', school: 's1', user: userId, role: 'student' });

describe.each(engines())('tombstone retention on %s', (engine) => {
  let database: TestDatabase;
  let store: Store;

  beforeEach(async () => {
    database = await createTestDatabase(engine);
    store = await openStore({ url: database.url });
    const ctx = { districtId: 'd1', now: T1 };
    await upsertRecords(store.db, store.dialect, users, ['u1', 'u2', 'u3'].map(user), ctx);
    await upsertRecords(store.db, store.dialect, enrollments, [enrollment('e1', 'u1'), enrollment('e2', 'u2')], ctx);
    await tombstoneRecords(store.db, store.dialect, users, ['u1'], { districtId: 'd1', now: T2 });
    await tombstoneRecords(store.db, store.dialect, enrollments, ['e1'], { districtId: 'd1', now: T2 });
    await tombstoneRecords(store.db, store.dialect, users, ['u2'], { districtId: 'd1', now: T3 });
  });
  afterEach(async () => {
    await store.close();
    await database.drop();
  });

  it('removes only tombstones deleted before the horizon, in every table', async () => {
    const purged = await purgeTombstones(store.db, store.dialect, '2026-02-15T00:00:00.000Z');
    expect(purged).toEqual({ users: 1, enrollments: 1 });
    const left = [...(await readRecords(store.db, store.dialect, users, ['u1', 'u2', 'u3'])).values()];
    expect(left.map((u) => [u.sourcedId, u.status]).sort()).toEqual([['u2', 'tobedeleted'], ['u3', 'active']]);
    expect([...(await readRecords(store.db, store.dialect, enrollments, ['e1', 'e2'])).keys()]).toEqual(['e2']);
  });

  it('keeps every active record however old, and purges nothing twice', async () => {
    await purgeTombstones(store.db, store.dialect, '2030-01-01T00:00:00.000Z');
    expect([...(await readRecords(store.db, store.dialect, users, ['u1', 'u2', 'u3'])).keys()]).toEqual(['u3']);
    expect(await purgeTombstones(store.db, store.dialect, '2030-01-01T00:00:00.000Z')).toEqual({});
  });
});

describe('tombstone retention window', () => {
  it('counts whole days back from now', () => {
    expect(retentionHorizon(new Date('2026-03-31T12:00:00.000Z'), 30)).toBe('2026-03-01T12:00:00.000Z');
  });

  it('is 180 days unless configured, and must be a whole number of days', () => {
    expect(loadConfig({}).tombstoneRetentionDays).toBe(180);
    expect(loadConfig({ ROSTERBRIDGE_TOMBSTONE_RETENTION_DAYS: '30' }).tombstoneRetentionDays).toBe(30);
    expect(() => loadConfig({ ROSTERBRIDGE_TOMBSTONE_RETENTION_DAYS: '0' })).toThrow(/ROSTERBRIDGE_TOMBSTONE_RETENTION_DAYS/);
    expect(() => loadConfig({ ROSTERBRIDGE_TOMBSTONE_RETENTION_DAYS: 'soon' })).toThrow(/whole number/);
  });
});
