// The jobs folder's public surface: schedules, the queue on each engine, the worker, the scheduler.
export { jobTableSpecs } from './job-tables.ts';
export { DAY_SETS, checkScheduleRule, cronPatternOf, type DaySet, type ScheduleRule, type ScheduleRuleInput } from './schedule-rule.ts';
export { nextRunTimes, dueSlot } from './run-times.ts';
export { changeSchedule, SHOWN_RUNS, type ScheduleChange, type ScheduleView } from './change-schedule.ts';
export { setSchedule, disableSchedule, removeSchedule, getSchedule, listEnabledSchedules, type ConnectionSchedule } from './schedules.ts';
export type { QueueRole, SyncJob, RunTrigger, RunRequest, ClaimedJob, EnqueueOutcome, JobQueue } from './job-queue.ts';
export { jobQueueFor } from './queue-for.ts';
export { createWorker, type Worker, type WorkerEvent } from './worker.ts';
export { tickSchedules, runNow, type FiredSlot } from './scheduler.ts';
export { enqueueRunNow } from './enqueue-run-now.ts';
export { forgetQueuedRuns } from './forget-queued-runs.ts';
export { startScheduler, type RunningScheduler, type SchedulerOptions } from './start-scheduler.ts';
