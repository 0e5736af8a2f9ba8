import { startScheduler, type RunningScheduler, type SyncJob } from '../jobs/index.ts';
import { HubError } from '../kernel/index.ts';
import type { Store } from '../store/index.ts';

/**
 * The job the scheduler runs. The sync engine's `runSync(deps, connectionId, { trigger })` is wired
 * in here once it lands; until then a due run fails with a code that says so, and is recorded.
 */
export const hubSyncJob: SyncJob = async () => {
  throw new HubError('internal', 'sync runs are not wired into the scheduler yet');
};

export interface HubSchedulerOptions {
  readonly store: Store;
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
    job: options.job ?? hubSyncJob,
    scheduler: options.scheduler,
    onEvent: (event) =>
      options.log(
        { job: event.job.id, connection: event.job.connectionId, trigger: event.job.trigger, ...(event.type === 'failed' ? { code: event.errorCode } : {}) },
        `sync run ${event.type}`,
      ),
    onError: (stage, error) => options.log({ stage, code: error instanceof HubError ? error.code : error instanceof Error ? error.name : 'unknown' }, 'scheduler step failed'),
  });
}
