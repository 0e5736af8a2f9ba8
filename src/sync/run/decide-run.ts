import { jsonCell } from '../../access/index.ts';
import { HubError, isoTimestamp, type Clock } from '../../kernel/index.ts';
import type { Store } from '../../store/index.ts';
import { requireConnection } from '../connections.ts';
import { commitRun, type CommitHooks } from './commit-run.ts';
import { getRun, type SyncRun } from './sync-run.ts';

async function requireHeld(store: Store, runId: string): Promise<{ run: SyncRun; watermark: string | null }> {
  const run = await getRun(store.db, runId);
  if (run.status !== 'held') throw new HubError('conflict', `run ${runId} is ${run.status}, not held: only a held run can be approved or rejected`);
  const row = await store.db.selectFrom('sync_runs').select(['next_watermark']).where('id', '=', runId).executeTakeFirst();
  const watermark = row?.next_watermark;
  return { run, watermark: typeof watermark === 'string' ? watermark : null };
}

/**
 * Commits exactly the held changeset, in one transaction, and records who approved it. Refused
 * (nothing written, the run stays held) when the store moved under it: a record the changeset
 * touches no longer has the digest it had when the run was held.
 */
export async function approveRun(store: Store, runId: string, actor: string, hooks?: CommitHooks): Promise<SyncRun> {
  const { run, watermark } = await requireHeld(store, runId);
  const connection = await requireConnection(store.db, run.connectionId);
  const committed = await commitRun(store, {
    runId,
    connectionId: connection.id,
    districtId: connection.districtId,
    checkStale: true,
    watermark,
    full: run.full,
    decidedBy: actor,
    startedAt: run.startedAt,
    ...(hooks === undefined ? {} : { hooks }),
  });
  if (committed.problems.length > 0) {
    await store.db.updateTable('sync_runs').set({ problems: jsonCell([...run.problems, ...committed.problems].slice(0, 100)), problem_count: run.problemCount + committed.problems.length }).where('id', '=', runId).execute();
  }
  return getRun(store.db, runId);
}

/** Discards the held changeset (the store is not touched) and records who rejected it; the connection may run again. */
export async function rejectRun(store: Store, clock: Clock, runId: string, actor: string): Promise<SyncRun> {
  await requireHeld(store, runId);
  const now = isoTimestamp(clock.now());
  await store.db.transaction().execute(async (trx) => {
    await trx.deleteFrom('sync_changes').where('run_id', '=', runId).execute();
    await trx.updateTable('sync_runs').set({ status: 'rejected', lock: null, finished_at: now, decided_by: actor, decided_at: now }).where('id', '=', runId).where('status', '=', 'held').execute();
  });
  return getRun(store.db, runId);
}
