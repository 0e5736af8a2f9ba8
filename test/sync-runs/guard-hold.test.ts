import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { entityDecl, type UserRecord } from '../../src/model/index.ts';
import { readRecords, streamRecords, tombstoneRecords, upsertRecords } from '../../src/store/index.ts';
import { approveRun, getRun, listRunChanges, rejectRun, runSync, saveSyncSettings, type Connection } from '../../src/sync/index.ts';
import { engines } from '../support/engines.ts';
import { openRunFixture, stamps, type RunFixture } from './run-fixture.ts';

const users = entityDecl('users');

describe.each(engines())('the guard, hold, approve and reject on %s', (engine) => {
  let f: RunFixture;
  let connection: Connection;
  let sourceUsers: UserRecord[];
  beforeAll(async () => {
    f = await openRunFixture(engine);
    connection = await f.connect();
    const first = await runSync(f.deps(), connection.id, { trigger: 'manual' });
    if (first.status !== 'succeeded') throw new Error(`first sync ${first.status}: ${first.errors.join('; ')}`);
    sourceUsers = [];
    for await (const u of streamRecords<UserRecord>(f.source.db, f.source.dialect, users)) sourceUsers.push(u);
  });
  afterAll(async () => {
    await f.close();
  });

  const write = () => {
    f.clock.advance(60_000);
    return { districtId: f.districtId, now: f.clock.now().toISOString() };
  };

  it('holds a run whose source came back half empty, writes nothing, and refuses another run while it is held', async () => {
    const gone = sourceUsers.slice(0, Math.ceil(sourceUsers.length * 0.6)).map((u) => u.sourcedId);
    await tombstoneRecords(f.source.db, f.source.dialect, users, gone, write());
    const before = await stamps(f.target);
    const run = await runSync(f.deps(), connection.id, { trigger: 'schedule' });
    expect(run.status).toBe('held');
    expect(run.reasons).toContain(`users: the source returned ${sourceUsers.length - gone.length}, under 50% of the ${sourceUsers.length} committed`);
    expect(run.heldChangeset).toEqual({ runId: run.id, changes: expect.any(Number) });
    expect(run.counts.users?.deleted).toBe(gone.length);
    expect(await stamps(f.target)).toEqual(before);
    await expect(runSync(f.deps(), connection.id, { trigger: 'manual' })).rejects.toThrow(/held for approval/);
    const rejected = await rejectRun(f.target, f.clock, run.id, 'test:alice');
    expect(rejected).toMatchObject({ status: 'rejected', decidedBy: 'test:alice', heldChangeset: null });
    expect(await stamps(f.target)).toEqual(before);
    await expect(approveRun(f.target, run.id, 'test:alice')).rejects.toThrow(/rejected, not held/);
  });

  it('holds a run whose source returned nothing for an entity that had data', async () => {
    await tombstoneRecords(f.source.db, f.source.dialect, users, sourceUsers.map((u) => u.sourcedId), write());
    const before = await stamps(f.target);
    const run = await runSync(f.deps(), connection.id, { trigger: 'schedule' });
    expect(run.status).toBe('held');
    expect(run.reasons).toContain(`users: the source returned none, but ${sourceUsers.length} were committed`);
    expect(await stamps(f.target)).toEqual(before);
    await rejectRun(f.target, f.clock, run.id, 'test:alice');
    // The source is whole again.
    await upsertRecords(f.source.db, f.source.dialect, users, sourceUsers, write());
  });

  it('approve commits exactly the held changeset, shown before and after, and records who approved', async () => {
    const gone = sourceUsers.slice(0, 20).map((u) => u.sourcedId);
    await tombstoneRecords(f.source.db, f.source.dialect, users, gone, write());
    const renamed = sourceUsers[30];
    if (renamed === undefined) throw new Error('a user');
    await upsertRecords(f.source.db, f.source.dialect, users, [{ ...renamed, familyName: 'Changed' }], write());
    const run = await runSync(f.deps(), connection.id, { trigger: 'schedule' });
    expect(run.status).toBe('held');
    expect(run.reasons.some((r) => r.startsWith('users: 20 deletes are'))).toBe(true);
    const changes = await listRunChanges(f.target.db, run.id, 1000);
    const userChanges = changes.filter((c) => c.entity === 'users');
    expect(userChanges.filter((c) => c.action === 'delete').map((c) => c.sourcedId).sort()).toEqual([...gone].sort());
    const update = userChanges.find((c) => c.action === 'update');
    expect(update?.before).toMatchObject({ sourcedId: renamed.sourcedId, familyName: renamed.familyName });
    expect(update?.after).toMatchObject({ sourcedId: renamed.sourcedId, familyName: 'Changed' });

    // The source changes again after the hold: approval commits what was held, not what is there now.
    await upsertRecords(f.source.db, f.source.dialect, users, [{ ...renamed, familyName: 'Changed twice' }], write());
    const approved = await approveRun(f.target, run.id, 'test:bob');
    expect(approved).toMatchObject({ status: 'succeeded', decidedBy: 'test:bob', heldChangeset: null });
    const stored = await readRecords(f.target.db, f.target.dialect, users, [...gone, renamed.sourcedId]);
    for (const id of gone) expect(stored.get(id)?.status).toBe('tobedeleted');
    expect(stored.get(renamed.sourcedId)?.familyName).toBe('Changed');
    const active = [];
    for await (const u of streamRecords(f.target.db, f.target.dialect, users)) active.push(u.sourcedId);
    expect(active).toHaveLength(sourceUsers.length - gone.length);
  });

  it('refuses to approve a held changeset the store moved under, and leaves it held', async () => {
    await saveSyncSettings(f.target.db, f.ctx, connection, { previewRequired: true });
    const run = await runSync(f.deps(), connection.id, { trigger: 'manual' });
    expect(run.status).toBe('held');
    expect(run.reasons).toEqual(['this connection requires every run to be previewed and approved']);
    const changes = await listRunChanges(f.target.db, run.id);
    const update = changes.find((c) => c.action === 'update');
    expect(update?.after).toMatchObject({ familyName: 'Changed twice' });
    // Someone else writes that record in the hub meanwhile.
    const current = (await readRecords(f.target.db, f.target.dialect, users, [update?.sourcedId ?? ''])).get(update?.sourcedId ?? '');
    if (current === undefined) throw new Error('stored');
    await upsertRecords(f.target.db, f.target.dialect, users, [{ ...current, givenName: 'Edited in the hub' }], write());
    const before = await stamps(f.target);
    await expect(approveRun(f.target, run.id, 'test:bob')).rejects.toThrow(/stale: 1 users changed in the store/);
    expect(await stamps(f.target)).toEqual(before);
    expect((await getRun(f.target.db, run.id)).status).toBe('held');
    await rejectRun(f.target, f.clock, run.id, 'test:bob');
  });

  it('preview-required holds even an unchanged run; approving it commits nothing new', async () => {
    const run = await runSync(f.deps(), connection.id, { trigger: 'manual' });
    expect(run.status).toBe('held');
    const before = await stamps(f.target);
    const approved = await approveRun(f.target, run.id, 'test:bob');
    expect(approved.status).toBe('succeeded');
    const after = await stamps(f.target);
    // Only the one record the run held a change for (it undoes the hub edit) moved.
    expect(after.filter((l) => !before.includes(l))).toHaveLength(run.heldChangeset?.changes ?? 0);
    await saveSyncSettings(f.target.db, f.ctx, connection, { previewRequired: false });
  });

  it('the rollover calendar: a pause skips the run; a freeze imports but deletes nothing', async () => {
    const today = f.clock.now().toISOString().slice(0, 10);
    await saveSyncSettings(f.target.db, f.ctx, connection, { rollover: [{ from: today, to: today, mode: 'pause', note: 'summer' }] });
    const paused = await runSync(f.deps(), connection.id, { trigger: 'schedule' });
    expect(paused.status).toBe('skipped');
    expect(paused.reasons[0]).toMatch(/paused by the rollover calendar/);
    await saveSyncSettings(f.target.db, f.ctx, connection, { rollover: [{ from: today, to: today, mode: 'freezeDeletes' }] });
    const leaving = sourceUsers[40];
    if (leaving === undefined) throw new Error('a user');
    await tombstoneRecords(f.source.db, f.source.dialect, users, [leaving.sourcedId], write());
    const frozen = await runSync(f.deps(), connection.id, { trigger: 'schedule' });
    expect(frozen.status).toBe('succeeded');
    expect(frozen.counts.users).toMatchObject({ deleted: 0, deletesFrozen: 1 });
    expect(frozen.reasons).toContain('users: 1 deletes frozen by the rollover calendar');
    expect((await readRecords(f.target.db, f.target.dialect, users, [leaving.sourcedId])).get(leaving.sourcedId)?.status).toBe('active');
    await saveSyncSettings(f.target.db, f.ctx, connection, { rollover: [] });
  });
});
