import type { Store } from '../store/index.ts';
import { jobQueueFor } from './queue-for.ts';

/**
 * After a connection is removed: drop its waiting run from the store's queue, from a process that
 * does not work the queue (the CLI, an admin API request), as enqueueRunNow opens it. Its schedule
 * went in the removal's own transaction (removeSchedule), so no new run is enqueued.
 */
export async function forgetQueuedRuns(store: Store, connectionId: string): Promise<void> {
  const queue = jobQueueFor(store, { supervise: false });
  await queue.start('client');
  try {
    await queue.forget(connectionId);
  } finally {
    await queue.stop();
  }
}
