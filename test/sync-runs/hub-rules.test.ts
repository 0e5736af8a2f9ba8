import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/kernel/index.ts';
import { entityDecl, type UserRecord } from '../../src/model/index.ts';
import { readRecords, upsertRecords } from '../../src/store/index.ts';
import { addConnection, recordLineage, runSync, saveSyncSettings, systemClientDeps, type SyncDeps } from '../../src/sync/index.ts';
import { ALL_CORE, MANIFEST_11, validFiles, writeBundleFolder } from '../support/bundles.ts';
import { engines } from '../support/engines.ts';
import { openHubStore, START } from './run-fixture.ts';

const users = entityDecl('users');

/** The rules that need the hub's state: domains of uniqueness and master fields. */
describe.each(engines())('uniqueness and master fields against the hub on %s', (engine) => {
  const clock = fixedClock(START);
  const ctx = { clock, timeZone: 'UTC', actor: 'test:admin' };
  let hub: Awaited<ReturnType<typeof openHubStore>>;
  let deps: SyncDeps;
  beforeAll(async () => {
    hub = await openHubStore(engine, clock);
    deps = { store: hub.store, box: undefined, clientDeps: systemClientDeps(), clock };
    // Written before any sync, by someone else: a user holding Ana's email, and the teacher's record.
    const other: UserRecord = { sourcedId: 'hub-ana', status: 'active', enabledUser: true, roles: [{ roleType: 'primary', role: 'student', org: 's1' }], givenName: 'Other', familyName: 'Ana', email: 'ALee@example.org' };
    const teacher: UserRecord = { sourcedId: 'u-t', status: 'active', enabledUser: true, roles: [{ roleType: 'primary', role: 'teacher', org: 's1' }], givenName: 'Dr. Tess', familyName: 'Park', email: 'tpark@example.org' };
    await upsertRecords(hub.store.db, hub.store.dialect, users, [other, teacher], { districtId: 'd1', now: START });
  });
  afterAll(async () => {
    await hub.close();
  });

  it('leaves out a user whose email another hub user holds (listed, never merged), and keeps the hub\'s value of a field another source masters', async () => {
    const connection = await addConnection(hub.store.db, ctx, undefined, { name: 'Rules CSV', districtId: 'd1', kind: 'oneroster-csv', csv: { location: writeBundleFolder(validFiles(), MANIFEST_11(ALL_CORE)) } });
    await saveSyncSettings(hub.store.db, ctx, connection, { rules: { uniqueness: ['email'], masterFields: { users: { givenName: 'other' } } } });
    const run = await runSync(deps, connection.id, { trigger: 'manual' });
    expect(run.status).toBe('succeeded');
    expect(run.counts.users).toMatchObject({ created: 3, rejected: 1 });
    expect(run.problems).toEqual(['conflict: user u-s1 has the email of hub-ana; left out until a person resolves it (never merged)']);
    const stored = await readRecords(hub.store.db, hub.store.dialect, users, ['u-s1', 'u-t', 'hub-ana']);
    expect(stored.has('u-s1')).toBe(false);
    expect(stored.get('hub-ana')?.givenName).toBe('Other');
    // The teacher's givenName stays the hub's; the rest comes from this source.
    expect(stored.get('u-t')).toMatchObject({ givenName: 'Dr. Tess', username: 'tpark' });
    expect((await recordLineage(hub.store.db, 'users', 'u-t'))[0]?.rules).toEqual(['master fields']);
    // Ana's enrollment depends on a user that was left out: it is left out too.
    expect(run.counts.enrollments).toMatchObject({ created: 2, dropped: 1 });
  });
});
