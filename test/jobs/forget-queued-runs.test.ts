import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { forgetQueuedRuns } from '../../src/jobs/index.ts';
import { engines } from '../support/engines.ts';
import { openJobsFixture, type JobsFixture } from './jobs-fixture.ts';

describe.each(engines())('a removed connection\'s queued runs on %s', (engine) => {
  let f: JobsFixture;
  beforeAll(async () => {
    f = await openJobsFixture(engine);
  });
  afterAll(async () => {
    await f.close();
  });

  it('drops the waiting run, also behind finished ones, and leaves other connections\' runs', async () => {
    const queue = await f.queue();
    const request = (connectionId: string) => ({ connectionId, trigger: 'manual' as const, slot: null });
    // A run that finished (pg-boss keeps it in the queue as history), then one waiting.
    await queue.enqueue(f.store.db, request('gone'));
    const [done] = await queue.claim(1);
    if (done === undefined) throw new Error('claimed');
    await queue.complete(done);
    await queue.enqueue(f.store.db, request('gone'));
    await queue.enqueue(f.store.db, request('stays'));

    await forgetQueuedRuns(f.store, 'gone');
    await forgetQueuedRuns(f.store, 'never-queued');
    const claimed = await queue.claim(5);
    expect(claimed.map((j) => j.connectionId)).toEqual(['stays']);
  });
});
