import { isHubError } from '../kernel/index.ts';
import type { ClaimedJob, JobQueue, SyncJob } from './job-queue.ts';

/** What a worker reports; tests wait on these instead of sleeping. */
export type WorkerEvent =
  | { readonly type: 'started'; readonly job: ClaimedJob }
  | { readonly type: 'succeeded'; readonly job: ClaimedJob }
  | { readonly type: 'failed'; readonly job: ClaimedJob; readonly errorCode: string };

export interface Worker {
  /** Claims what it can now (up to its free slots) and starts it; resolves once started, not finished. */
  workOnce(): Promise<ClaimedJob[]>;
  /** Resolves when every job this worker started has finished. */
  idle(): Promise<void>;
  /** Listens to events; returns the function that stops listening. */
  on(listener: (event: WorkerEvent) => void): () => void;
  readonly active: number;
}

export interface WorkerOptions {
  readonly queue: JobQueue;
  readonly job: SyncJob;
  /** Runs this process works on at once (default 2); connections never overlap either way. */
  readonly concurrency?: number;
}

/** The worker loop's one step, the same on every engine: claim, run the injected job, record the end. */
export function createWorker(options: WorkerOptions): Worker {
  const concurrency = options.concurrency ?? 2;
  const listeners = new Set<(event: WorkerEvent) => void>();
  const running = new Set<Promise<void>>();
  const emit = (event: WorkerEvent): void => {
    for (const listener of listeners) listener(event);
  };
  const run = async (job: ClaimedJob): Promise<void> => {
    emit({ type: 'started', job });
    try {
      await options.job(job.connectionId, { trigger: job.trigger });
    } catch (error) {
      const errorCode = isHubError(error) ? error.code : 'job_failed';
      await options.queue.fail(job, errorCode);
      emit({ type: 'failed', job, errorCode });
      return;
    }
    await options.queue.complete(job);
    emit({ type: 'succeeded', job });
  };
  return {
    get active() {
      return running.size;
    },
    async workOnce() {
      const free = concurrency - running.size;
      if (free <= 0) return [];
      const jobs = await options.queue.claim(free);
      for (const job of jobs) {
        const done: Promise<void> = run(job)
          // A queue that cannot record the end is reported, not thrown into the void.
          .catch(() => emit({ type: 'failed', job, errorCode: 'queue_unreachable' }))
          .finally(() => running.delete(done));
        running.add(done);
      }
      return jobs;
    },
    async idle() {
      while (running.size > 0) await Promise.all([...running]);
    },
    on(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
