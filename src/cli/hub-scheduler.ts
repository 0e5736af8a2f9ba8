import type { SecretBox } from '../access/index.ts';
import { startScheduler, type RunningScheduler, type SyncJob } from '../jobs/index.ts';
import { HubError } from '../kernel/index.ts';
import type { Store } from '../store/index.ts';
import { pushConnection, requireConnection, runSync, systemClientDeps } from '../sync/index.ts';

/**
 * The job the scheduler runs: one sync run of the connection; for a two-way connection whose run
 * committed, then the push of the hub's gradebook writes back to the SIS. A held or failed run is a
 * recorded outcome (its history says why), not a job failure; a push that could not finish is
 * retried by the next run.
 */
export function hubSyncJob(store: Store, box: SecretBox | undefined): SyncJob {
  const clientDeps = systemClientDeps();
  return async (connectionId, options) => {
    const run = await runSync({ store, box, clientDeps, clock: store.clock }, connectionId, options);
    const connection = await requireConnection(store.db, connectionId);
    if (run.status === 'succeeded' && connection.mode === 'two-way') {
      await pushConnection({ db: store.db, dialect: store.dialect, clock: store.clock, box, client: clientDeps }, connection);
    }
    return run;
  };
}

export interface HubSchedulerOptions {
  readonly store: Store;
  /** Opens connection secrets (absent without a master key: only CSV connections can run). */
  readonly box: SecretBox | undefined;
  /** false in `rosterbridge worker`: only `serve` processes tick schedules. */
  readonly scheduler: boolean;
  /** Where run starts and ends are told: ids, triggers and codes only, never what a sync read. */
  readonly log: (fields: Record<string, string>, message: string) => void;
  readonly job?: SyncJob;
}

/** `serve` and `worker` both start the scheduler this way. */
export function startHubScheduler(options: HubSchedulerOptions): Promise<RunningScheduler> {
  return startScheduler({
    store: options.store,
    job: options.job ?? hubSyncJob(options.store, options.box),
    scheduler: options.scheduler,
    onEvent: (event) =>
      options.log(
        { job: event.job.id, connection: event.job.connectionId, trigger: event.job.trigger, ...(event.type === 'failed' ? { code: event.errorCode } : {}) },
        `sync run ${event.type}`,
      ),
    onError: (stage, error) => options.log({ stage, code: error instanceof HubError ? error.code : error instanceof Error ? error.name : 'unknown' }, 'scheduler step failed'),
  });
}
