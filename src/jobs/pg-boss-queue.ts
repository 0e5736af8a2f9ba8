import { CompiledQuery } from 'kysely';
import PgBoss from 'pg-boss';
import type { Db } from '../store/index.ts';
import type { ClaimedJob, EnqueueOutcome, JobQueue, RunRequest } from './job-queue.ts';

/** One pg-boss queue per connection, named after it, so a busy connection never holds up another. */
const QUEUE_PREFIX = 'sync-run.';
/**
 * A run still active after this long is failed by pg-boss's maintenance (its worker is taken to be
 * dead), which frees the connection for the next run. Longer than any sync should take.
 */
const EXPIRE_SECONDS = 4 * 3600;
/** PostgreSQL's SQLSTATE for a row still referenced: pg-boss refuses to drop a queue that holds jobs. */
const FOREIGN_KEY_VIOLATION = '23503';

export interface PgBossQueueOptions {
  /** pg-boss's own schema (default `pgboss`). */
  readonly schema?: string;
  /** Run pg-boss's maintenance (expiry, archiving) in this process; on by default. */
  readonly supervise?: boolean;
}

/**
 * pg-boss speaks to PostgreSQL through this: the store's executor, so pg-boss shares the store's
 * pool, and an enqueue can join the caller's transaction.
 */
function executorOf(db: Db): PgBoss.Db {
  return {
    async executeSql(text: string, values: unknown[] = []) {
      const result = await db.executeQuery<Record<string, unknown>>(CompiledQuery.raw(text, values));
      return { rows: result.rows };
    },
  };
}

/**
 * The PostgreSQL engine's queue. Each connection's queue has pg-boss's `stately` policy: at most one
 * job waiting and one active, enforced by pg-boss's unique indexes, so a second "run now" while one
 * waits is absorbed and a waiting job is not claimed while its connection's run is active — on any
 * number of worker processes. Claims use pg-boss's `fetch` (`FOR UPDATE SKIP LOCKED`).
 */
export function pgBossQueue(db: Db, options: PgBossQueueOptions = {}): JobQueue {
  const boss = new PgBoss({
    db: executorOf(db),
    schema: options.schema ?? 'pgboss',
    supervise: options.supervise ?? true,
    // When runs are due is the scheduler's decision (our schedules, our clock), not pg-boss cron's.
    schedule: false,
  });
  // pg-boss reports background failures (maintenance) as events; without a listener they would throw.
  boss.on('error', () => undefined);
  const created = new Set<string>();
  const queueOf = (connectionId: string): string => `${QUEUE_PREFIX}${connectionId}`;
  const ensureQueue = async (name: string): Promise<void> => {
    if (created.has(name)) return;
    await boss.createQueue(name, { name, policy: 'stately', retryLimit: 0, expireInSeconds: EXPIRE_SECONDS });
    created.add(name);
  };
  return {
    name: 'pg-boss',
    sharedByProcesses: true,
    // pg-boss's expiry (maintenance) recovers from dead workers, so both roles start alike.
    async start() {
      await boss.start();
    },
    async stop() {
      await boss.stop({ graceful: false, close: false, wait: true });
    },
    async enqueue(executor: Db, request: RunRequest): Promise<EnqueueOutcome> {
      const name = queueOf(request.connectionId);
      await ensureQueue(name);
      const data = { connectionId: request.connectionId, trigger: request.trigger, slot: request.slot };
      const id = await boss.send(name, data, { db: executorOf(executor), retryLimit: 0 });
      return id === null ? { queued: false, reason: 'already-queued' } : { queued: true, jobId: id };
    },
    async claim(limit: number): Promise<ClaimedJob[]> {
      const names = (await boss.getQueues()).map((q) => q.name).filter((name) => name.startsWith(QUEUE_PREFIX));
      // A different starting queue each claim, so with few free slots every connection gets its turn.
      const start = names.length === 0 ? 0 : Math.floor(Math.random() * names.length);
      const claimed: ClaimedJob[] = [];
      for (let i = 0; i < names.length && claimed.length < limit; i++) {
        const name = names[(start + i) % names.length] ?? '';
        // A waiting job whose connection has an active one violates the stately index; pg-boss
        // then claims nothing from this queue, which is the "never overlap" rule at work.
        const [job] = await boss.fetch<unknown>(name, { batchSize: 1 });
        if (job !== undefined) claimed.push({ id: job.id, ...requestOf(name, job.data) });
      }
      return claimed;
    },
    async complete(job: ClaimedJob) {
      await boss.complete(queueOf(job.connectionId), job.id);
    },
    async fail(job: ClaimedJob, errorCode: string) {
      await boss.fail(queueOf(job.connectionId), job.id, { code: errorCode });
    },
    // The waiting job goes. The queue itself goes too when nothing else is in it; one that still
    // holds finished jobs (pg-boss's history, archived by its maintenance) is refused by pg-boss's
    // foreign key and stays, empty of work. Connection ids are never reused.
    async forget(connectionId: string) {
      const name = queueOf(connectionId);
      await boss.purgeQueue(name);
      try {
        await boss.deleteQueue(name);
        created.delete(name);
      } catch (error) {
        if (!(error instanceof Error && 'code' in error && error.code === FOREIGN_KEY_VIOLATION)) throw error;
      }
    },
  };
}

function requestOf(queue: string, data: unknown): RunRequest {
  const d = data !== null && typeof data === 'object' ? Object.fromEntries(Object.entries(data)) : {};
  const slot = d['slot'];
  return {
    connectionId: queue.slice(QUEUE_PREFIX.length),
    trigger: d['trigger'] === 'schedule' ? 'schedule' : 'manual',
    slot: typeof slot === 'string' ? slot : null,
  };
}
