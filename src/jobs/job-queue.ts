import type { Db } from '../store/index.ts';

export type QueueRole = 'worker' | 'client';

/** Why a run starts. */
export type RunTrigger = 'manual' | 'schedule';

/** The job the runner runs; the sync engine's `runSync` is wired in by the composition root. */
export type SyncJob = (connectionId: string, options: { trigger: RunTrigger }) => Promise<unknown>;

export interface RunRequest {
  readonly connectionId: string;
  readonly trigger: RunTrigger;
  /** The schedule slot (ISO instant) a scheduled run belongs to; null for "run now". */
  readonly slot: string | null;
}

/** A job a worker has claimed: it is active until completed or failed. */
export interface ClaimedJob extends RunRequest {
  readonly id: string;
}

/**
 * `queued`: a new job waits. `already-queued`: this connection already has a job waiting, which
 * will do the same work, so nothing was added (a run that is active does not count: one more may
 * wait behind it, and starts when it ends).
 */
export type EnqueueOutcome = { readonly queued: true; readonly jobId: string } | { readonly queued: false; readonly reason: 'already-queued' };

/**
 * The queue capability, one per engine (pg-boss on PostgreSQL, a table in the store on SQLite).
 * Every engine keeps the same promise: per connection at most one job waiting and one active, so
 * two runs of one connection never overlap; a claim hands each job to exactly one worker.
 */
export interface JobQueue {
  /** e.g. `pg-boss` or `in-process`, for messages. */
  readonly name: string;
  /** Several processes may work this queue at once (PostgreSQL); false: one worker process (SQLite). */
  readonly sharedByProcesses: boolean;
  /**
   * Installs what the queue needs. A `worker` also recovers what a dead worker left active; a
   * `client` (the CLI enqueuing a run-now) only enqueues.
   */
  start(role: QueueRole): Promise<void>;
  stop(): Promise<void>;
  /** Enqueues with the caller's executor, so a scheduler's slot claim and its job commit together. */
  enqueue(executor: Db, request: RunRequest): Promise<EnqueueOutcome>;
  /** Claims up to `limit` waiting jobs whose connection has no active job. */
  claim(limit: number): Promise<ClaimedJob[]>;
  complete(job: ClaimedJob): Promise<void>;
  /** Records only a code: an error message could carry a SIS's payload. */
  fail(job: ClaimedJob, errorCode: string): Promise<void>;
  /** Drops what waits for a removed connection (its waiting job, its queue); an active job finishes on its own. */
  forget(connectionId: string): Promise<void>;
}
