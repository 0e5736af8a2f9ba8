import { jsonCell, type SecretBox } from '../../access/index.ts';
import { isHubError, isoTimestamp, newId, type Clock } from '../../kernel/index.ts';
import type { Store } from '../../store/index.ts';
import type { ClientDeps } from '../client/transport.ts';
import { requireConnection, type Connection } from '../connections.ts';
import { evaluateGuard, rolloverState, type EntityCounts } from '../pipeline/index.ts';
import { commitRun, type CommitHooks } from './commit-run.ts';
import { openSource } from './open-source.ts';
import { RunContext } from './pipeline-context.ts';
import { readAndStage, type StagedEntity } from './read-and-stage.ts';
import { SourceWatch } from './read-source.ts';
import { claimRun, throttledHeartbeat } from './run-lock.ts';
import { createSpool } from './spool.ts';
import type { StageRun } from './stage-entity.ts';
import { seedUniqueness } from './seed-uniqueness.ts';
import { getRun, type EntityRunCounts, type RunTrigger, type SyncRun } from './sync-run.ts';
import { readSyncState, type SyncState } from './sync-state.ts';

export interface SyncDeps {
  readonly store: Store;
  readonly box: SecretBox | undefined;
  readonly clientDeps: ClientDeps;
  readonly clock: Clock;
}

export interface RunOptions {
  readonly trigger: RunTrigger;
  /** Test seam: a pause inside the commit transaction. */
  readonly hooks?: CommitHooks;
}

const MAX_PROBLEMS = 100;
const DAY_MS = 24 * 60 * 60 * 1000;

/** Whether this run reads everything: full mode, no watermark yet, or the reconciliation is due. */
export function isFullRead(state: SyncState, now: Date): boolean {
  if (state.settings.readMode === 'full' || state.watermark === null) return true;
  const every = state.settings.fullSyncEveryDays;
  if (every === null) return false;
  return state.lastFullSyncAt === null || now.getTime() - Date.parse(state.lastFullSyncAt) >= every * DAY_MS;
}

/**
 * One sync run of a connection, end to end: claim the lock, read the source and stage every record
 * as it arrives through the rules, diffed against what this connection committed, then either
 * commit the changeset in one transaction or hold it for a person (the guard, preview). Returns the
 * run as history shows it; a failure is a failed run (with its reason in plain words), not a throw.
 * Throws only when the run cannot start: an unknown connection, or another run holds the lock.
 */
export async function runSync(deps: SyncDeps, connectionId: string, options: RunOptions): Promise<SyncRun> {
  const { store, clock } = deps;
  const connection = await requireConnection(store.db, connectionId);
  const state = await readSyncState(store.db, connection.id);
  const now = clock.now();
  const rollover = rolloverState(state.settings.rollover, now, state.settings.timeZone);
  if (rollover === 'paused') return recordSkipped(store, clock, connection, options.trigger);
  const full = isFullRead(state, now);
  const runId = await claimRun(store.db, clock, connection.id, { trigger: options.trigger, full });
  const startedAt = isoTimestamp(now);
  const spool = createSpool();
  const problems: string[] = [];
  let problemCount = 0;
  const addProblem = (text: string): void => {
    problemCount++;
    if (problems.length < MAX_PROBLEMS) problems.push(text);
  };
  try {
    const source = await openSource(store.db, deps.box, deps.clientDeps, connection, full || state.watermark === null ? {} : { since: state.watermark });
    const beat = throttledHeartbeat(store.db, clock, runId);
    const context = new RunContext(state.settings.rules);
    const run: StageRun = {
      store,
      runId,
      connectionId: connection.id,
      settings: state.settings,
      context,
      deletesFrozen: rollover === 'deletesFrozen',
      holdReasons: [],
      problems: { add: addProblem },
      seq: 0,
      beat,
    };
    const watch = new SourceWatch(beat);
    let staged: StagedEntity[];
    try {
      staged = await readAndStage(source, run, spool, watch, (entity) => (entity.name === 'users' ? seedUniqueness(store, connection.id, state.settings.rules) : Promise.resolve(undefined)));
    } finally {
      await source.close();
    }
    const watermark = watch.watermark;
    const counts: Record<string, EntityRunCounts> = {};
    const guardCounts: EntityCounts[] = [];
    for (const { entity, counts: entityCounts, guard } of staged) {
      counts[entity.name] = entityCounts;
      guardCounts.push(guard);
    }
    const frozen = Object.entries(counts).filter(([, c]) => c.deletesFrozen > 0).map(([e, c]) => `${e}: ${c.deletesFrozen} deletes frozen by the rollover calendar`);
    // Fullness is per entity (a CSV file may be a delta, a broken read is never full): judged in two groups.
    const isFull = (entity: string): boolean => counts[entity]?.full === true;
    const fullDecision = evaluateGuard({ counts: guardCounts.filter((c) => isFull(c.entity)), full: true, thresholds: state.settings.guard, previewRequired: state.settings.previewRequired, holdReasons: dedupe(run.holdReasons) });
    const deltaDecision = evaluateGuard({ counts: guardCounts.filter((c) => !isFull(c.entity)), full: false, thresholds: state.settings.guard });
    const reasons = [...(fullDecision.hold ? fullDecision.reasons : []), ...(deltaDecision.hold ? deltaDecision.reasons : [])];
    const decision = reasons.length > 0 ? { hold: true as const, reasons } : { hold: false as const };
    const summary = { counts: jsonCell(counts), problems: jsonCell(problems), problem_count: problemCount, change_count: run.seq, next_watermark: watermark, heartbeat_at: isoTimestamp(clock.now()) };
    if (decision.hold) {
      await store.db.updateTable('sync_runs').set({ ...summary, status: 'held', reasons: jsonCell([...decision.reasons, ...frozen]), duration_ms: clock.now().getTime() - now.getTime() }).where('id', '=', runId).execute();
      return getRun(store.db, runId);
    }
    await store.db.updateTable('sync_runs').set({ ...summary, reasons: jsonCell(frozen) }).where('id', '=', runId).execute();
    const committed = await commitRun(store, { runId, connectionId: connection.id, districtId: connection.districtId, checkStale: false, watermark, full, decidedBy: null, startedAt, ...(options.hooks === undefined ? {} : { hooks: options.hooks }) });
    if (committed.problems.length > 0) {
      for (const p of committed.problems) addProblem(p);
      await store.db.updateTable('sync_runs').set({ problems: jsonCell(problems), problem_count: problemCount }).where('id', '=', runId).execute();
    }
    return getRun(store.db, runId);
  } catch (error) {
    await store.db.deleteFrom('sync_changes').where('run_id', '=', runId).execute();
    await store.db
      .updateTable('sync_runs')
      .set({ status: 'failed', lock: null, finished_at: isoTimestamp(clock.now()), duration_ms: clock.now().getTime() - now.getTime(), errors: jsonCell([plainWords(error)]), problems: jsonCell(problems), problem_count: problemCount })
      .where('id', '=', runId)
      .execute();
    return getRun(store.db, runId);
  } finally {
    spool.remove();
  }
}

/** A coded error's own message (written to be shown: endpoints, statuses, never data); anything else by its kind only. */
function plainWords(error: unknown): string {
  if (isHubError(error)) return error.message;
  return `the run stopped on an unexpected error (${error instanceof Error ? error.name : 'unknown'}); nothing was committed`;
}

function dedupe(reasons: readonly string[]): string[] {
  const unique = [...new Set(reasons)];
  return unique.length > 20 ? [...unique.slice(0, 20), `… and ${unique.length - 20} more`] : unique;
}

async function recordSkipped(store: Store, clock: Clock, connection: Connection, trigger: RunTrigger): Promise<SyncRun> {
  const id = newId();
  const stamp = isoTimestamp(clock.now());
  await store.db
    .insertInto('sync_runs')
    .values({ id, connection_id: connection.id, status: 'skipped', trigger, full_read: 0, started_at: stamp, finished_at: stamp, duration_ms: 0, reasons: jsonCell([`paused by the rollover calendar on ${stamp.slice(0, 10)}: the run did not start`]), problem_count: 0, change_count: 0 })
    .execute();
  return getRun(store.db, id);
}

