import type { Store } from '../store/index.ts';
import { inProcessQueue } from './in-process-queue.ts';
import type { JobQueue } from './job-queue.ts';
import { pgBossQueue, type PgBossQueueOptions } from './pg-boss-queue.ts';

/**
 * The one place that picks the queue for the store's engine, as the store picks its dialect:
 * callers hold a JobQueue and never ask which engine is under it.
 */
const QUEUES: Record<Store['dialect']['engine'], (store: Store, options: PgBossQueueOptions) => JobQueue> = {
  sqlite: (store) => inProcessQueue(store.db, store.clock),
  postgres: (store, options) => pgBossQueue(store.db, options),
};

export function jobQueueFor(store: Store, options: PgBossQueueOptions = {}): JobQueue {
  return QUEUES[store.dialect.engine](store, options);
}
