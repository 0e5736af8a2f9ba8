import { isoTimestamp } from '../kernel/index.ts';
import type { Db } from '../store/index.ts';
import type { EnqueueOutcome, JobQueue } from './job-queue.ts';
import { dueSlot } from './run-times.ts';
import { claimSlot, listEnabledSchedules } from './schedules.ts';

export interface FiredSlot {
  readonly connectionId: string;
  readonly slot: string;
  readonly outcome: EnqueueOutcome;
}

/**
 * One scheduler tick at `now`: every enabled schedule with a due slot has it claimed and its job
 * enqueued in one transaction, so a slot is either claimed and queued or neither. Several
 * schedulers (one per `serve` process) may tick at once; the claim lets exactly one of them fire.
 */
export async function tickSchedules(deps: { db: Db; queue: JobQueue }, now: Date): Promise<FiredSlot[]> {
  const fired: FiredSlot[] = [];
  for (const schedule of await listEnabledSchedules(deps.db)) {
    const slot = dueSlot(schedule.rule, new Date(schedule.lastSlot), now);
    if (slot === undefined) continue;
    const outcome = await deps.db.transaction().execute(async (trx) => {
      if (!(await claimSlot(trx, schedule.connectionId, slot))) return undefined;
      return deps.queue.enqueue(trx, { connectionId: schedule.connectionId, trigger: 'schedule', slot: isoTimestamp(slot) });
    });
    if (outcome !== undefined) fired.push({ connectionId: schedule.connectionId, slot: isoTimestamp(slot), outcome });
  }
  return fired;
}

/** "Run now": straight onto the queue, whatever the schedule says. */
export function runNow(deps: { db: Db; queue: JobQueue }, connectionId: string): Promise<EnqueueOutcome> {
  return deps.queue.enqueue(deps.db, { connectionId, trigger: 'manual', slot: null });
}
