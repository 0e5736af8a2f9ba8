import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { entityDecl, type UserRecord } from '../../src/model/index.ts';
import { findRecord, openStore, queryRecords, upsertRecords, type Condition, type RecordQuery, type Store } from '../../src/store/index.ts';
import { createTestDatabase, engines, type TestDatabase } from '../support/engines.ts';

const NOW = '2026-03-01T10:00:00.000Z';

const user = (sourcedId: string, roles: Array<[string, string]>, email?: string): UserRecord => ({
  sourcedId,
  status: 'active',
  enabledUser: true,
  roles: roles.map(([role, org], i) => ({ roleType: i === 0 ? 'primary' : 'secondary', role, org })),
  givenName: sourcedId,
  familyName: sourcedId,
  ...(email === undefined ? {} : { email }),
});

describe.each(engines())('roster queries on %s', (engine) => {
  let database: TestDatabase;
  let store: Store;
  const users = entityDecl('users');

  beforeAll(async () => {
    database = await createTestDatabase(engine);
    store = await openStore({ url: database.url });
    await upsertRecords(store.db, store.dialect, users, [
      // Teaches at s2 and is a student at s1: neither a student of s2 nor a teacher of s1.
      user('mixed', [['teacher', 's2'], ['student', 's1']], '100%_off@example.org'),
      user('plain', [['student', 's2']], 'plain@example.org'),
    ], { districtId: 'd1', now: NOW });
    await upsertRecords(store.db, store.dialect, users, [user('other', [['student', 's2']])], { districtId: 'd2', now: NOW });
  });
  afterAll(async () => {
    await store.close();
    await database.drop();
  });

  const read = async (conditions: Condition[], extra: Partial<RecordQuery> = {}): Promise<string[]> => {
    const query: RecordQuery = { entity: users, version: '1.2', visibility: { districtId: 'd1', schoolIds: 'all' }, conditions, ...extra };
    const page = await queryRecords(store.db, store.dialect, query, { limit: 100, offset: 0 });
    return page.records.map((r) => r.sourcedId);
  };

  it('matches role and org in the same role entry', async () => {
    expect(await read([{ kind: 'roleMember', role: 'student', org: 's2' }])).toEqual(['plain']);
    expect(await read([{ kind: 'roleMember', role: 'teacher', org: 's1' }])).toEqual([]);
    expect(await read([{ kind: 'roleMember', role: 'student' }])).toEqual(['mixed', 'plain']);
  });

  it('keeps to the district, and to the schools of a restricted visibility', async () => {
    expect(await read([], { visibility: { districtId: 'd1', schoolIds: ['s1'] } })).toEqual(['mixed']);
    expect(await read([], { visibility: { districtId: null, schoolIds: 'all' } })).toEqual([]);
    expect(await read([{ kind: 'any', conditions: [] }])).toEqual([]);
    const found = await findRecord(store.db, store.dialect, { entity: users, version: '1.2', visibility: { districtId: 'd1', schoolIds: 'all' }, conditions: [] }, 'other');
    expect(found).toBeUndefined();
  });

  it('treats % and _ in a contains filter literally', async () => {
    const filter = { kind: 'comparison', path: 'email', fieldKind: 'string', predicate: '~', value: '0%_O' } as const;
    expect(await read([], { filter })).toEqual(['mixed']);
    expect(await read([], { filter: { ...filter, value: 'n%n' } })).toEqual([]);
  });
});
