import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createWorker, jobQueueFor, runNow } from '../../src/jobs/index.ts';
import { fakeJob, openJobsFixture, type JobsFixture } from './jobs-fixture.ts';

// The in-process queue is the SQLite engine's; its recovery rule (whatever is active at start was
// left by a dead process) holds only because SQLite runs one worker process.
describe('the in-process queue (SQLite)', () => {
  let f: JobsFixture;
  beforeEach(async () => {
    f = await openJobsFixture('sqlite');
  });
  afterEach(async () => f.close());

  it('frees a connection whose run was active when its process died', async () => {
    const first = jobQueueFor(f.store);
    await first.start('worker');
    const fake = fakeJob();
    fake.hold();
    await runNow({ db: f.store.db, queue: first }, 'c-one');
    expect(await createWorker({ queue: first, job: fake.job }).workOnce()).toHaveLength(1);
    await runNow({ db: f.store.db, queue: first }, 'c-one');
    // A client (the CLI's run-now) opening the queue meanwhile leaves the active run alone.
    await jobQueueFor(f.store).start('client');
    expect(await f.store.db.selectFrom('sync_jobs').select('state').where('state', '=', 'active').execute()).toHaveLength(1);
    // The process "dies" here: its run never ends. The next worker process starts its queue …
    const restarted = jobQueueFor(f.store);
    await restarted.start('worker');
    const after = fakeJob();
    const worker = createWorker({ queue: restarted, job: after.job });
    expect(await worker.workOnce()).toMatchObject([{ connectionId: 'c-one', trigger: 'manual' }]);
    await worker.idle();
    const rows = await f.store.db.selectFrom('sync_jobs').select(['state', 'error_code']).orderBy('created_at').execute();
    expect(rows).toEqual([
      { state: 'failed', error_code: 'abandoned' },
      { state: 'completed', error_code: null },
    ]);
  });

  it('is the queue a SQLite store gets', () => {
    expect(jobQueueFor(f.store).name).toBe('in-process');
  });
});
