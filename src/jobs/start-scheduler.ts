import type { Clock } from '../kernel/index.ts';
import type { Store } from '../store/index.ts';
import type { JobQueue, SyncJob } from './job-queue.ts';
import { jobQueueFor } from './queue-for.ts';
import { tickSchedules } from './scheduler.ts';
import { createWorker, type Worker, type WorkerEvent } from './worker.ts';

export interface SchedulerOptions {
  readonly store: Store;
  readonly job: SyncJob;
  /** `serve` runs both; `worker` (extra PostgreSQL processes) runs only the worker. */
  readonly scheduler?: boolean;
  readonly clock?: Clock;
  /** How often schedules are checked and the queue is polled (default 15 s and 5 s). */
  readonly tickMs?: number;
  readonly pollMs?: number;
  readonly concurrency?: number;
  /** Told about every run's start and end (ids and codes only), e.g. to log them. */
  readonly onEvent?: (event: WorkerEvent) => void;
  /** Told when a tick or a poll fails; the loop keeps going. */
  readonly onError?: (stage: 'tick' | 'poll', error: unknown) => void;
}

export interface RunningScheduler {
  readonly queue: JobQueue;
  readonly worker: Worker;
  /** Stops ticking and polling, waits for the runs in progress, then stops the queue. */
  stop(): Promise<void>;
}

/**
 * The thin timer shell around the pure tick and the worker step. Timers only decide how often;
 * what happens on each beat is `tickSchedules` and `worker.workOnce`, which tests drive directly.
 */
export async function startScheduler(options: SchedulerOptions): Promise<RunningScheduler> {
  const clock = options.clock ?? options.store.clock;
  const queue = jobQueueFor(options.store);
  await queue.start('worker');
  const worker = createWorker({ queue, job: options.job, ...(options.concurrency === undefined ? {} : { concurrency: options.concurrency }) });
  const unlisten = options.onEvent === undefined ? () => false : worker.on(options.onEvent);
  const onError = options.onError ?? (() => undefined);
  let stopped = false;
  const guarded = (stage: 'tick' | 'poll', step: () => Promise<unknown>): (() => void) => {
    let busy = false;
    return () => {
      if (busy || stopped) return;
      busy = true;
      step()
        .catch((error: unknown) => onError(stage, error))
        .finally(() => (busy = false));
    };
  };
  const poll = guarded('poll', () => worker.workOnce());
  const tick = guarded('tick', async () => {
    const fired = await tickSchedules({ db: options.store.db, queue }, clock.now());
    if (fired.length > 0) poll();
  });
  // When a run ends, look for the next one at once (a run-now waiting behind it, say).
  const unlistenEnd = worker.on((event) => {
    if (event.type !== 'started') poll();
  });
  const timers = [setInterval(poll, options.pollMs ?? 5000)];
  if (options.scheduler !== false) timers.push(setInterval(tick, options.tickMs ?? 15_000));
  if (options.scheduler !== false) tick();
  poll();
  return {
    queue,
    worker,
    async stop() {
      stopped = true;
      for (const timer of timers) clearInterval(timer);
      await worker.idle();
      unlisten();
      unlistenEnd();
      await queue.stop();
    },
  };
}
