import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { entityDecl, type EnrollmentRecord, type UserRecord } from '../../src/model/index.ts';
import { readRecords, streamRecords, tombstoneRecords, upsertRecords } from '../../src/store/index.ts';
import { readSyncState, runSync, saveSyncSettings, type Connection } from '../../src/sync/index.ts';
import { engines } from '../support/engines.ts';
import { openRunFixture, START, type RunFixture } from './run-fixture.ts';

const users = entityDecl('users');

describe.each(engines())('delta sync with a dateLastModified watermark on %s', (engine) => {
  let f: RunFixture;
  let connection: Connection;
  let sourceUsers: UserRecord[];
  beforeAll(async () => {
    f = await openRunFixture(engine);
    connection = await f.connect({ version: '1.2' });
    await saveSyncSettings(f.target.db, f.ctx, connection, { readMode: 'delta', fullSyncEveryDays: 7 });
    sourceUsers = [];
    for await (const u of streamRecords<UserRecord>(f.source.db, f.source.dialect, users)) sourceUsers.push(u);
  });
  afterAll(async () => {
    await f.close();
  });

  it('reads everything the first time (no watermark yet) and keeps the newest dateLastModified as the watermark', async () => {
    const run = await runSync(f.deps(), connection.id, { trigger: 'schedule' });
    expect(run.status).toBe('succeeded');
    expect(run.full).toBe(true);
    expect(await readSyncState(f.target.db, connection.id)).toMatchObject({ watermark: START, lastFullSyncAt: f.clock.now().toISOString() });
  });

  it('then reads only what changed since, and the source\'s tobedeleted records become deletes', async () => {
    const [changed, leaving] = sourceUsers;
    if (changed === undefined || leaving === undefined) throw new Error('users');
    f.clock.advance(3_600_000);
    const now = f.clock.now().toISOString();
    await upsertRecords(f.source.db, f.source.dialect, users, [{ ...changed, givenName: 'Delta' }], { districtId: f.districtId, now });
    await tombstoneRecords(f.source.db, f.source.dialect, users, [leaving.sourcedId], { districtId: f.districtId, now });
    f.clock.advance(60_000);
    const run = await runSync(f.deps(), connection.id, { trigger: 'schedule' });
    expect(run.status).toBe('succeeded');
    expect(run.full).toBe(false);
    // Only the changed records were read: one user updated, nothing else seen, nothing deleted for being absent.
    expect(run.counts.users).toMatchObject({ full: false, incoming: 1, updated: 1, deleted: 1, unchanged: 0 });
    expect(run.counts.orgs).toMatchObject({ incoming: 0, deleted: 0 });
    const stored = await readRecords(f.target.db, f.target.dialect, users, [changed.sourcedId, leaving.sourcedId]);
    expect(stored.get(changed.sourcedId)?.givenName).toBe('Delta');
    expect(stored.get(leaving.sourcedId)?.status).toBe('tobedeleted');
    expect((await readSyncState(f.target.db, connection.id)).watermark).toBe(now);
  });

  it('takes in a delta\'s new enrollment of a user and class that did not change', async () => {
    const enrollments = entityDecl('enrollments');
    const existing = [];
    for await (const e of streamRecords(f.source.db, f.source.dialect, enrollments)) existing.push(e);
    const template = existing[0];
    const other = sourceUsers[5];
    if (template === undefined || other === undefined) throw new Error('records');
    f.clock.advance(60_000);
    await upsertRecords(f.source.db, f.source.dialect, enrollments, [{ ...template, sourcedId: 'delta-enrollment', user: other.sourcedId }], { districtId: f.districtId, now: f.clock.now().toISOString() });
    f.clock.advance(60_000);
    const run = await runSync(f.deps(), connection.id, { trigger: 'schedule' });
    expect(run.full).toBe(false);
    expect(run.counts.enrollments).toMatchObject({ incoming: 1, created: 1, dropped: 0 });
  });

  it('reads everything again once the reconciliation interval has passed', async () => {
    f.clock.advance(8 * 24 * 3_600_000);
    const run = await runSync(f.deps(), connection.id, { trigger: 'schedule' });
    expect(run.status).toBe('succeeded');
    expect(run.full).toBe(true);
    expect(run.counts.users).toMatchObject({ full: true, created: 0, updated: 0, deleted: 0, incoming: sourceUsers.length - 1 });
    // Reconciliation: the enrollments of the user the delta deleted (the source left them active) go now.
    const leavingId = sourceUsers[1]?.sourcedId;
    let orphans = 0;
    for await (const e of streamRecords<EnrollmentRecord>(f.source.db, f.source.dialect, entityDecl('enrollments'))) if (e.user === leavingId) orphans++;
    expect(orphans).toBeGreaterThan(0);
    expect(run.counts.enrollments).toMatchObject({ created: 0, updated: 0, deleted: orphans, dropped: orphans });
  });
});
