import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkScheduleRule, disableSchedule, getSchedule, runNow, setSchedule, tickSchedules, type JobQueue, type ScheduleRule } from '../../src/jobs/index.ts';
import { HubError } from '../../src/kernel/index.ts';
import { engines } from '../support/engines.ts';
import { fakeJob, nextEvent, openJobsFixture, workerFor, workUntilClaimed, type JobsFixture } from './jobs-fixture.ts';

const CONN = '7d7c9b8e-1f0a-4c55-9a43-3f1e2d0c4b11';
const OTHER = '0b5a3e44-90d2-4a8e-b1c6-6f2d9e8a7c01';

function weekdaysAt2(): ScheduleRule {
  const checked = checkScheduleRule({ at: '02:00', days: 'weekdays', timeZone: 'America/Chicago' });
  if (!checked.ok) throw new Error(checked.problems.join('; '));
  return checked.value;
}

// Friday 2026-01-09 12:00 UTC; the next weekday 02:00 in Chicago is Monday 2026-01-12 08:00 UTC.
const MONDAY_SLOT = '2026-01-12T08:00:00.000Z';

describe.each(engines())('the job runner on %s', (engine) => {
  let f: JobsFixture;
  let queue: JobQueue;
  beforeEach(async () => {
    f = await openJobsFixture(engine);
    queue = await f.queue();
  });
  afterEach(async () => f.close());

  it('fires a due schedule once, with trigger schedule, and not again for the same slot', async () => {
    await setSchedule(f.store.db, CONN, weekdaysAt2(), f.clock.now());
    const deps = { db: f.store.db, queue };
    expect(await tickSchedules(deps, new Date('2026-01-12T07:59:59.999Z'))).toEqual([]);
    const fired = await tickSchedules(deps, new Date(MONDAY_SLOT));
    expect(fired).toEqual([{ connectionId: CONN, slot: MONDAY_SLOT, outcome: { queued: true, jobId: expect.any(String) } }]);
    expect(await tickSchedules(deps, new Date('2026-01-12T08:00:30Z'))).toEqual([]);

    const fake = fakeJob();
    const worker = workerFor(queue, fake);
    const done = nextEvent(worker, 'succeeded');
    expect(await workUntilClaimed(worker)).toBe(1);
    expect(await done).toMatchObject({ job: { connectionId: CONN, trigger: 'schedule', slot: MONDAY_SLOT } });
    expect(fake.calls).toEqual([{ connectionId: CONN, trigger: 'schedule' }]);
    expect(await worker.workOnce()).toEqual([]);
    expect((await getSchedule(f.store.db, CONN))?.lastSlot).toBe(MONDAY_SLOT);
  });

  it('never fires a disabled schedule, and a schedule set after its time waits for the next slot', async () => {
    await setSchedule(f.store.db, CONN, weekdaysAt2(), f.clock.now());
    await disableSchedule(f.store.db, CONN, f.clock.now());
    expect(await tickSchedules({ db: f.store.db, queue }, new Date('2026-01-16T12:00:00Z'))).toEqual([]);
    // Set on Monday at 10:00 UTC, after that day's 08:00 UTC slot: the first run is Tuesday's.
    await setSchedule(f.store.db, OTHER, weekdaysAt2(), new Date('2026-01-12T10:00:00Z'));
    expect(await tickSchedules({ db: f.store.db, queue }, new Date('2026-01-12T11:00:00Z'))).toEqual([]);
    expect((await tickSchedules({ db: f.store.db, queue }, new Date('2026-01-13T08:00:00Z'))).map((s) => [s.connectionId, s.slot])).toEqual([[OTHER, '2026-01-13T08:00:00.000Z']]);
    const worker = workerFor(queue, fakeJob());
    expect(await workUntilClaimed(worker)).toBe(1);
    await worker.idle();
    expect(await worker.workOnce()).toEqual([]);
  });

  it('runs now: queued at once with trigger manual; a second run-now while one waits adds nothing', async () => {
    const first = await runNow({ db: f.store.db, queue }, CONN);
    expect(first).toMatchObject({ queued: true });
    expect(await runNow({ db: f.store.db, queue }, CONN)).toEqual({ queued: false, reason: 'already-queued' });
    expect(await runNow({ db: f.store.db, queue }, OTHER)).toMatchObject({ queued: true });
    const fake = fakeJob();
    const worker = workerFor(queue, fake);
    let claimed = 0;
    for (let i = 0; i < 50 && claimed < 2; i++) claimed += (await worker.workOnce()).length;
    await worker.idle();
    expect(fake.calls.map((c) => `${c.connectionId}:${c.trigger}`).sort()).toEqual([`${CONN}:manual`, `${OTHER}:manual`].sort());
  });

  it('never overlaps two runs of one connection: the second waits until the first ends', async () => {
    const fake = fakeJob();
    const release = fake.hold();
    const worker = workerFor(queue, fake);
    await runNow({ db: f.store.db, queue }, CONN);
    expect(await workUntilClaimed(worker)).toBe(1);
    expect(worker.active).toBe(1);
    // A second run while the first is active is accepted to wait behind it …
    expect(await runNow({ db: f.store.db, queue }, CONN)).toMatchObject({ queued: true });
    // … but no claim starts it: not this worker, not another one on the same queue.
    const second = workerFor(queue, fake);
    for (let i = 0; i < 5; i++) {
      expect(await worker.workOnce()).toEqual([]);
      expect(await second.workOnce()).toEqual([]);
    }
    expect(fake.calls).toHaveLength(1);
    const ended = nextEvent(worker, 'succeeded');
    release();
    await ended;
    expect(await workUntilClaimed(second)).toBe(1);
    await second.idle();
    expect(fake.calls).toEqual([
      { connectionId: CONN, trigger: 'manual' },
      { connectionId: CONN, trigger: 'manual' },
    ]);
  });

  it('records a failed run by its code and frees the connection for the next one', async () => {
    const fake = fakeJob();
    fake.failWith(new HubError('remote_unreachable', 'the SIS did not answer'));
    const worker = workerFor(queue, fake);
    await runNow({ db: f.store.db, queue }, CONN);
    const failed = nextEvent(worker, 'failed');
    expect(await workUntilClaimed(worker)).toBe(1);
    expect(await failed).toMatchObject({ errorCode: 'remote_unreachable', job: { connectionId: CONN } });
    fake.failWith(undefined);
    await runNow({ db: f.store.db, queue }, CONN);
    const succeeded = nextEvent(worker, 'succeeded');
    expect(await workUntilClaimed(worker)).toBe(1);
    await succeeded;
    expect(fake.calls).toHaveLength(2);
  });
});
