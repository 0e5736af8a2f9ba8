import { cellJson, cellOptionalText, cellText, type Row } from '../../access/index.ts';
import { HubError } from '../../kernel/index.ts';
import type { Db } from '../../store/index.ts';

export const RUN_STATUSES = ['running', 'succeeded', 'held', 'failed', 'rejected', 'skipped'] as const;
/** `skipped`: the rollover calendar paused the connection, so the run never started. */
export type RunStatus = (typeof RUN_STATUSES)[number];
export type RunTrigger = 'manual' | 'schedule';

/** One entity's outcome in a run. */
export interface EntityRunCounts {
  /** Full read (what the source lacked is deleted) or delta. */
  full: boolean;
  /** Records this connection had committed before the run. */
  committed: number;
  /** Records kept after the rules. */
  incoming: number;
  created: number;
  updated: number;
  deleted: number;
  unchanged: number;
  /** Left out by a rule the connection chose (a filter, an unselected school). */
  dropped: number;
  /** Left out because they could not be read or broke a rule (see problems). */
  rejected: number;
  /** Deletes not made because the rollover calendar froze deletions. */
  deletesFrozen: number;
}

/** A run as history shows it: never record data or secrets, only counts, ids and plain words. */
export interface SyncRun {
  readonly id: string;
  readonly connectionId: string;
  readonly status: RunStatus;
  readonly trigger: RunTrigger;
  readonly full: boolean;
  readonly startedAt: string;
  readonly finishedAt: string | null;
  readonly durationMs: number | null;
  readonly counts: Partial<Record<string, EntityRunCounts>>;
  /** Why it was held (or skipped). */
  readonly reasons: readonly string[];
  /** Why it failed, in plain words. */
  readonly errors: readonly string[];
  /** The first problems (rejected records, conflicts); `problemCount` counts all. */
  readonly problems: readonly string[];
  readonly problemCount: number;
  /** The held changeset (identified by the run id): how many changes wait for a decision. */
  readonly heldChangeset: { readonly runId: string; readonly changes: number } | null;
  readonly decidedBy: string | null;
  readonly decidedAt: string | null;
}

export const RUN_COLUMNS = [
  'id', 'connection_id', 'status', 'trigger', 'full_read', 'started_at', 'finished_at', 'duration_ms', 'counts', 'reasons', 'errors', 'problems', 'problem_count', 'change_count', 'decided_by', 'decided_at',
] as const;

const texts = (value: unknown): string[] => (Array.isArray(value) ? value.map(String) : []);

export function toSyncRun(row: Row): SyncRun {
  const status = RUN_STATUSES.find((s) => s === row.status) ?? 'failed';
  const changes = Number(row.change_count ?? 0);
  const duration = row.duration_ms;
  const counts = cellJson(row, 'counts');
  return {
    id: cellText(row, 'id'),
    connectionId: cellText(row, 'connection_id'),
    status,
    trigger: row.trigger === 'schedule' ? 'schedule' : 'manual',
    full: Number(row.full_read) === 1 || row.full_read === true,
    startedAt: cellText(row, 'started_at'),
    finishedAt: cellOptionalText(row, 'finished_at'),
    durationMs: duration === null || duration === undefined ? null : Number(duration),
    counts: counts !== null && typeof counts === 'object' ? (counts as Partial<Record<string, EntityRunCounts>>) : {},
    reasons: texts(cellJson(row, 'reasons')),
    errors: texts(cellJson(row, 'errors')),
    problems: texts(cellJson(row, 'problems')),
    problemCount: Number(row.problem_count ?? 0),
    heldChangeset: status === 'held' ? { runId: cellText(row, 'id'), changes } : null,
    decidedBy: cellOptionalText(row, 'decided_by'),
    decidedAt: cellOptionalText(row, 'decided_at'),
  };
}

export async function getRun(db: Db, runId: string): Promise<SyncRun> {
  const row = await db.selectFrom('sync_runs').select([...RUN_COLUMNS]).where('id', '=', runId).executeTakeFirst();
  if (row === undefined) throw new HubError('not_found', `no sync run with id '${runId}'`);
  return toSyncRun(row);
}

/** A connection's runs, newest first. */
export async function listRuns(db: Db, connectionId: string, limit = 20): Promise<SyncRun[]> {
  const rows = await db.selectFrom('sync_runs').select([...RUN_COLUMNS]).where('connection_id', '=', connectionId).orderBy('started_at', 'desc').orderBy('id', 'desc').limit(limit).execute();
  return rows.map(toSyncRun);
}
