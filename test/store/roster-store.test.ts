import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { entityDecl, type EnrollmentRecord, type UserRecord } from '../../src/model/index.ts';
import {
  activeIdsAmong,
  ensureSchema,
  openStore,
  readRecords,
  rosterTableSpecs,
  streamRecords,
  tombstoneRecords,
  touchRecords,
  upsertRecords,
  type Store,
} from '../../src/store/index.ts';
import { createTestDatabase, engines, type TestDatabase } from '../support/engines.ts';

const users = entityDecl('users');
const enrollments = entityDecl('enrollments');

function user(id: string, overrides: Partial<UserRecord> = {}): UserRecord {
  return {
    sourcedId: id,
    status: 'active',
    enabledUser: true,
    givenName: 'Ada',
    familyName: 'Lovelace',
    username: `user-${id}`,
    roles: [{ roleType: 'primary', role: 'student', org: 'school-1' }],
    userIds: [{ type: 'studentNumber', identifier: `N${id}` }],
    grades: ['09'],
    busRoutes: ['R-12'],
    ...overrides,
  };
}

const T1 = '2026-09-01T10:00:00.000Z';
const T2 = '2026-09-02T10:00:00.000Z';
const T3 = '2026-09-03T10:00:00.000Z';

describe.each(engines())('roster store on %s', (engine) => {
  let database: TestDatabase;
  let store: Store;

  beforeEach(async () => {
    database = await createTestDatabase(engine);
    store = await openStore({ url: database.url });
  });
  afterEach(async () => {
    await store.close();
    await database.drop();
  });

  const write = (records: UserRecord[], now: string, districtId = 'd1') =>
    upsertRecords(store.db, store.dialect, users, records, { districtId, now });

  it('creates, leaves unchanged records alone, and updates changed ones with a new dateLastModified', async () => {
    const first = await write([user('u1'), user('u2')], T1);
    expect(first.created.sort()).toEqual(['u1', 'u2']);
    expect(first.updated).toEqual([]);

    const second = await write([user('u1'), user('u2', { email: 'ada@example.org' })], T2);
    expect(second.created).toEqual([]);
    expect(second.updated).toEqual(['u2']);

    const stored = await readRecords(store.db, store.dialect, users, ['u1', 'u2']);
    expect(stored.get('u1')?.dateLastModified).toBe(T1);
    expect(stored.get('u2')?.dateLastModified).toBe(T2);
    expect(stored.get('u2')?.email).toBe('ada@example.org');
  });

  it('reads back exactly what was written, lists, booleans, numbers and structured fields included', async () => {
    const rich = user('u1', {
      roles: [
        { roleType: 'primary', role: 'teacher', org: 'school-1', beginDate: '2026-08-01' },
        { roleType: 'secondary', role: 'aide', org: 'school-2', sourcedId: 'role-9' },
      ],
      agents: ['p1', 'p2'],
      enabledUser: false,
      emergencyContact: true,
      metadata: { lunchCode: '77' },
    });
    await write([rich], T1);
    const back = (await readRecords(store.db, store.dialect, users, ['u1'])).get('u1');
    expect(back).toEqual({ ...rich, dateLastModified: T1 });
  });

  it('turns deletions into tombstones that delta readers still see', async () => {
    await write([user('u1'), user('u2')], T1);
    const gone = await tombstoneRecords(store.db, store.dialect, users, ['u2', 'missing'], { districtId: 'd1', now: T2 });
    expect(gone).toEqual(['u2']);

    const active = [];
    for await (const r of streamRecords(store.db, store.dialect, users)) active.push(r.sourcedId);
    expect(active).toEqual(['u1']);

    const delta = [];
    for await (const r of streamRecords(store.db, store.dialect, users, { changedSince: T1 })) delta.push(r);
    expect(delta.map((r) => [r.sourcedId, r.status, r.dateLastModified])).toEqual([['u2', 'tobedeleted', T2]]);
    expect(await activeIdsAmong(store.db, store.dialect, users, ['u1', 'u2'])).toEqual(new Set(['u1']));
  });

  it('brings a tombstone back to life when the same record is written again', async () => {
    await write([user('u1')], T1);
    await tombstoneRecords(store.db, store.dialect, users, ['u1'], { districtId: 'd1', now: T2 });
    const again = await write([user('u1')], T3);
    expect(again.updated).toEqual(['u1']);
    const back = (await readRecords(store.db, store.dialect, users, ['u1'])).get('u1');
    expect([back?.status, back?.dateLastModified]).toEqual(['active', T3]);
  });

  it('refuses to let one district overwrite another district\'s record', async () => {
    await write([user('u1')], T1, 'd1');
    const outcome = await write([user('u1', { givenName: 'Mallory' }), user('u9')], T2, 'd2');
    expect(outcome.conflicts).toEqual([{ sourcedId: 'u1', districtId: 'd1' }]);
    expect(outcome.created).toEqual(['u9']);
    expect((await readRecords(store.db, store.dialect, users, ['u1'])).get('u1')?.givenName).toBe('Ada');
  });

  it('touches related records so relationship changes show up in deltas', async () => {
    await write([user('u1'), user('u2')], T1);
    const enrollment: EnrollmentRecord = { sourcedId: 'e1', status: 'active', class: 'c1', school: 's1', user: 'u1', role: 'student' };
    await upsertRecords(store.db, store.dialect, enrollments, [enrollment], { districtId: 'd1', now: T2 });
    const touched = await touchRecords(store.db, store.dialect, users, ['u1', 'u1'], { districtId: 'd1', now: T2 });
    expect(touched).toBe(1);
    const changed = [];
    for await (const r of streamRecords(store.db, store.dialect, users, { changedSince: T1 })) changed.push(r.sourcedId);
    expect(changed).toEqual(['u1']);
  });

  it('orders by sourcedId byte-wise, the same on every engine, across batch boundaries', async () => {
    const ids = ['b', 'B', 'a', 'A', '_x', 'a-1', 'a_1', 'Z9', 'é', '10', '9'];
    await write(ids.map((id) => user(id)), T1);
    const seen = [];
    for await (const r of streamRecords(store.db, store.dialect, users, { batchSize: 3 })) seen.push(r.sourcedId);
    expect(seen).toEqual([...ids].sort((x, y) => (Buffer.compare(Buffer.from(x), Buffer.from(y)))));
  });

  it('writes thousands of rows in one call across statement batches', async () => {
    const many = Array.from({ length: 5000 }, (_, i) => user(`u${String(i).padStart(5, '0')}`));
    const outcome = await write(many, T1);
    expect(outcome.created).toHaveLength(5000);
    const count = await sql<{ n: number | string }>`select count(*) as n from or_users`.execute(store.db);
    expect(Number(count.rows[0]?.n)).toBe(5000);
  });

  it('keeps its schema on reopening and adds a column the model gained', async () => {
    await sql.raw('alter table or_users drop column pronouns').execute(store.db);
    await ensureSchema(store.db, store.dialect, rosterTableSpecs());
    await write([user('u1', { pronouns: 'she/her' })], T1);
    expect((await readRecords(store.db, store.dialect, users, ['u1'])).get('u1')?.pronouns).toBe('she/her');
  });
});
