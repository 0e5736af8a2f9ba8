import type { Store } from '../store/index.ts';
import type { EnqueueOutcome } from './job-queue.ts';
import { jobQueueFor } from './queue-for.ts';
import { runNow } from './scheduler.ts';

/**
 * "Run now" from a process that does not work the queue (the CLI, an admin API request): open the
 * store's queue as a client — no maintenance, no recovery of a worker's runs — enqueue, close it.
 * The scheduler in `serve` (or a `worker`) runs the job.
 */
export async function enqueueRunNow(store: Store, connectionId: string): Promise<{ queue: string; outcome: EnqueueOutcome }> {
  const queue = jobQueueFor(store, { supervise: false });
  await queue.start('client');
  try {
    return { queue: queue.name, outcome: await runNow({ db: store.db, queue }, connectionId) };
  } finally {
    await queue.stop();
  }
}
