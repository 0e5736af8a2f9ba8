import type { Db } from '../../store/index.ts';
import { pageOfChanges, type StagedChange } from './changes.ts';

/**
 * `limit` changes of a run's changeset from `offset`, per record before and after, in staging order
 * (entity by entity, as the run staged them): what a person previews before deciding.
 */
export function listRunChanges(db: Db, runId: string, limit = 200, offset = 0): Promise<StagedChange[]> {
  return pageOfChanges(db, runId, limit, offset);
}

/** Lineage of one record: which runs of which connections changed it, from which source row, by which rules. */
export async function recordLineage(db: Db, entity: string, sourcedId: string): Promise<Array<{ runId: string; connectionId: string; action: string; origin: string; sourceId: string; rules: string[]; committedAt: string }>> {
  const rows = await db
    .selectFrom('sync_lineage')
    .select(['run_id', 'connection_id', 'action', 'origin', 'source_id', 'rules', 'committed_at'])
    .where('entity', '=', entity)
    .where('sourced_id', '=', sourcedId)
    .orderBy('committed_at')
    .execute();
  return rows.map((r) => {
    const rules: unknown = r.rules === null ? [] : JSON.parse(String(r.rules));
    return {
      runId: String(r.run_id),
      connectionId: String(r.connection_id),
      action: String(r.action),
      origin: String(r.origin),
      sourceId: String(r.source_id),
      rules: Array.isArray(rules) ? rules.map(String) : [],
      committedAt: String(r.committed_at),
    };
  });
}
