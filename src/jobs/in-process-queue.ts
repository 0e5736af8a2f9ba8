import { sql } from 'kysely';
import { isoTimestamp, newId, type Clock } from '../kernel/index.ts';
import type { Db } from '../store/index.ts';
import type { ClaimedJob, EnqueueOutcome, JobQueue, RunRequest } from './job-queue.ts';

/**
 * The SQLite engine's queue: a table in the store, worked by the one process that runs the worker
 * (`rosterbridge serve`). Keeping it in the store, not in memory, lets `connection run-now` in
 * another process hand a job to that worker. Each statement below is one atomic write (SQLite has
 * one writer at a time), which is what makes "one waiting, one active per connection" hold.
 */
export function inProcessQueue(db: Db, clock: Clock): JobQueue {
  const now = (): string => isoTimestamp(clock.now());
  return {
    name: 'in-process',
    sharedByProcesses: false,
    async start(role) {
      if (role !== 'worker') return;
      // One worker process per SQLite store: a job still active at start belongs to a process that
      // died mid-run. Marking it failed frees its connection (the sync's own commit is all-or-nothing).
      await db.updateTable('sync_jobs').set({ state: 'failed', finished_at: now(), error_code: 'abandoned' }).where('state', '=', 'active').execute();
    },
    async stop() {},
    async enqueue(executor: Db, request: RunRequest): Promise<EnqueueOutcome> {
      const id = newId();
      const result = await sql`
        insert into sync_jobs (id, connection_id, "trigger", slot, state, created_at)
        select ${id}, ${request.connectionId}, ${request.trigger}, ${request.slot}, 'created', ${now()}
        where not exists (select 1 from sync_jobs where connection_id = ${request.connectionId} and state = 'created')`.execute(executor);
      return result.numAffectedRows === 1n ? { queued: true, jobId: id } : { queued: false, reason: 'already-queued' };
    },
    async claim(limit: number): Promise<ClaimedJob[]> {
      const claimed: ClaimedJob[] = [];
      while (claimed.length < limit) {
        const result = await sql<{ id: string; connection_id: string; trigger: string; slot: string | null }>`
          update sync_jobs set state = 'active', started_at = ${now()}
          where id = (
            select j.id from sync_jobs j
            where j.state = 'created'
              and not exists (select 1 from sync_jobs a where a.connection_id = j.connection_id and a.state = 'active')
            order by j.created_at, j.id limit 1)
          returning id, connection_id, "trigger", slot`.execute(db);
        const row = result.rows[0];
        if (row === undefined) break;
        claimed.push({ id: row.id, connectionId: row.connection_id, trigger: row.trigger === 'schedule' ? 'schedule' : 'manual', slot: row.slot });
      }
      return claimed;
    },
    async complete(job: ClaimedJob) {
      await db.updateTable('sync_jobs').set({ state: 'completed', finished_at: now() }).where('id', '=', job.id).execute();
    },
    async fail(job: ClaimedJob, errorCode: string) {
      await db.updateTable('sync_jobs').set({ state: 'failed', finished_at: now(), error_code: errorCode }).where('id', '=', job.id).execute();
    },
    async forget(connectionId: string) {
      await db.deleteFrom('sync_jobs').where('connection_id', '=', connectionId).where('state', '=', 'created').execute();
    },
  };
}
