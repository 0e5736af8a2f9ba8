import { cellJson, cellOptionalText, cellText, jsonCell, type Row } from '../../access/index.ts';
import { newId } from '../../kernel/index.ts';
import type { AnyRecord } from '../../model/index.ts';
import type { Db } from '../../store/index.ts';

/** One change of a run's changeset, as staged and (for a held run) shown before and after. */
export interface StagedChange {
  readonly entity: string;
  readonly sourcedId: string;
  readonly action: 'create' | 'update' | 'delete';
  /** The store's record when the run was staged (absent for a new record). */
  readonly before: AnyRecord | null;
  /** What the run writes (null for a delete). */
  readonly after: AnyRecord | null;
  /** Digest of the store's active record when staged, null when there was none: what approve checks for staleness. */
  readonly baseHash: string | null;
  /** Digest of `after`: what this connection will have committed. */
  readonly digest: string | null;
  readonly origin: string;
  readonly sourceId: string;
  /** The rules (stages) that changed the record on its way in. */
  readonly rules: readonly string[];
}

export async function insertChanges(db: Db, runId: string, firstSeq: number, changes: readonly StagedChange[]): Promise<void> {
  // Rows of 13 columns: 500 a statement stays under both engines' parameter limits.
  for (let i = 0; i < changes.length; i += 500) {
    const rows = changes.slice(i, i + 500).map((c, j) => ({
      id: newId(),
      run_id: runId,
      seq: firstSeq + i + j,
      entity: c.entity,
      sourced_id: c.sourcedId,
      action: c.action,
      before: jsonCell(c.before),
      after: jsonCell(c.after),
      base_hash: c.baseHash,
      digest: c.digest,
      origin: c.origin,
      source_id: c.sourceId,
      rules: jsonCell(c.rules),
    }));
    await db.insertInto('sync_changes').values(rows).execute();
  }
}

/** A run's changes of one entity, a page at a time in staging order. */
export async function* readChanges(db: Db, runId: string, entity: string, pageSize = 1000): AsyncGenerator<StagedChange[]> {
  let after = -1;
  for (;;) {
    const rows = await db
      .selectFrom('sync_changes')
      .select(['seq', 'entity', 'sourced_id', 'action', 'before', 'after', 'base_hash', 'digest', 'origin', 'source_id', 'rules'])
      .where('run_id', '=', runId)
      .where('entity', '=', entity)
      .where('seq', '>', after)
      .orderBy('seq')
      .limit(pageSize)
      .execute();
    if (rows.length === 0) return;
    after = Number(rows[rows.length - 1]?.seq);
    yield rows.map(toStagedChange);
    if (rows.length < pageSize) return;
  }
}

/** Changes of a run in staging order (entity by entity), `limit` from `offset`: a page of what a person previews. */
export async function pageOfChanges(db: Db, runId: string, limit: number, offset: number): Promise<StagedChange[]> {
  const rows = await db
    .selectFrom('sync_changes')
    .select(['entity', 'sourced_id', 'action', 'before', 'after', 'base_hash', 'digest', 'origin', 'source_id', 'rules'])
    .where('run_id', '=', runId)
    .orderBy('seq')
    .limit(limit)
    .offset(offset)
    .execute();
  return rows.map(toStagedChange);
}

function toStagedChange(row: Row): StagedChange {
  const action = row.action === 'delete' ? 'delete' : row.action === 'update' ? 'update' : 'create';
  const rules = cellJson(row, 'rules');
  return {
    entity: cellText(row, 'entity'),
    sourcedId: cellText(row, 'sourced_id'),
    action,
    before: cellJson(row, 'before') as AnyRecord | null,
    after: cellJson(row, 'after') as AnyRecord | null,
    baseHash: cellOptionalText(row, 'base_hash'),
    digest: cellOptionalText(row, 'digest'),
    origin: cellText(row, 'origin'),
    sourceId: cellText(row, 'source_id'),
    rules: Array.isArray(rules) ? rules.map(String) : [],
  };
}

export async function countChanges(db: Db, runId: string): Promise<number> {
  const row = await db.selectFrom('sync_changes').select((eb) => eb.fn.countAll().as('n')).where('run_id', '=', runId).executeTakeFirst();
  return Number(row?.n ?? 0);
}
