import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkScheduleRule, createWorker, jobQueueFor, runNow, setSchedule, tickSchedules, type JobQueue } from '../../src/jobs/index.ts';
import type { Store } from '../../src/store/index.ts';
import { engines } from '../support/engines.ts';
import { fakeJob, openJobsFixture, openSecondStore, type JobsFixture } from './jobs-fixture.ts';

// pg-boss is the PostgreSQL engine's queue and several worker processes are a PostgreSQL
// deployment; SQLite has one worker process by design, so this suite runs on PostgreSQL only.
const onPostgres = engines().filter((e) => e === 'postgres');

describe.each(onPostgres)('several workers on %s (pg-boss)', (engine) => {
  let f: JobsFixture;
  let second: Store;
  let queues: [JobQueue, JobQueue];
  beforeEach(async () => {
    f = await openJobsFixture(engine);
    second = await openSecondStore(f);
    // Two processes' worth: two stores (two pools), two pg-boss instances on one database.
    queues = [await f.queue(), await f.queue(second)];
  });
  afterEach(async () => {
    await second.close();
    await f.close();
  });

  it('runs each scheduled slot exactly once when two schedulers and two workers race', async () => {
    const connections = ['c-one', 'c-two', 'c-three'];
    const every15 = checkScheduleRule({ cron: '*/15 * * * *' });
    if (!every15.ok) throw new Error('bad rule');
    for (const id of connections) await setSchedule(f.store.db, id, every15.value, new Date('2026-01-09T12:00:00Z'));
    const fake = fakeJob();
    const workers = queues.map((queue) => createWorker({ queue, job: fake.job, concurrency: 5 }));
    const slots = ['2026-01-09T12:15:00Z', '2026-01-09T12:30:00Z', '2026-01-09T12:45:00Z'];
    for (const slot of slots) {
      const [a, b] = await Promise.all([tickSchedules({ db: f.store.db, queue: queues[0] }, new Date(slot)), tickSchedules({ db: second.db, queue: queues[1] }, new Date(slot))]);
      expect([...a, ...b].map((s) => s.connectionId).sort()).toEqual([...connections].sort());
      let claimed = 0;
      for (let i = 0; i < 50 && claimed < connections.length; i++) {
        const both = await Promise.all(workers.map((w) => w.workOnce()));
        claimed += both.flat().length;
      }
      await Promise.all(workers.map((w) => w.idle()));
      expect(claimed).toBe(connections.length);
    }
    expect(fake.calls).toHaveLength(connections.length * slots.length);
    for (const id of connections) expect(fake.calls.filter((c) => c.connectionId === id && c.trigger === 'schedule')).toHaveLength(slots.length);
  });

  it('shares one connection\'s queue: a run active on one worker is not started by the other', async () => {
    const fake = fakeJob();
    const release = fake.hold();
    const [a, b] = queues.map((queue) => createWorker({ queue, job: fake.job }));
    if (a === undefined || b === undefined) throw new Error('two workers');
    await runNow({ db: f.store.db, queue: queues[0] }, 'c-one');
    let claimed = 0;
    for (let i = 0; i < 50 && claimed === 0; i++) claimed = (await a.workOnce()).length;
    expect(claimed).toBe(1);
    expect(await runNow({ db: second.db, queue: queues[1] }, 'c-one')).toMatchObject({ queued: true });
    for (let i = 0; i < 5; i++) expect(await b.workOnce()).toEqual([]);
    release();
    await a.idle();
    let next = 0;
    for (let i = 0; i < 50 && next === 0; i++) next = (await b.workOnce()).length;
    await b.idle();
    expect(next).toBe(1);
    expect(fake.calls).toHaveLength(2);
  });

  it('keeps its tables in its own schema, beside the store', async () => {
    const queue = jobQueueFor(f.store, { supervise: false });
    expect(queue.name).toBe('pg-boss');
    const found = await f.store.db.selectFrom('information_schema.schemata').select('schema_name').where('schema_name', '=', 'pgboss').execute();
    expect(found).toHaveLength(1);
  });
});
