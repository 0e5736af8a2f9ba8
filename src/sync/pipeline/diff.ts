import { recordToRow, tableOf, type AnyRecord, type EntityDecl } from '../../model/index.ts';
import { contentHash } from '../../store/index.ts';

/** What a batch of one entity's source records says against what this connection last committed. */
export interface EntityDiff {
  readonly creates: AnyRecord[];
  readonly updates: AnyRecord[];
  readonly unchanged: number;
}

/** The same digest the store keeps per row, so "unchanged" means the store would not move it. */
export function recordDigest(entity: EntityDecl, record: AnyRecord): string {
  const table = tableOf(entity);
  return contentHash(table, recordToRow(table, record));
}

/**
 * Diffs records a run kept against `committed` (sourcedId → digest of the active records this
 * connection wrote): new, changed or unchanged. A record given twice counts once. What the source
 * no longer has is not this function's to say: a run finds it by walking what it owns
 * (src/sync/run/stage-entity.ts), only for a full read.
 */
export function diffEntity(entity: EntityDecl, committed: ReadonlyMap<string, string>, incoming: Iterable<AnyRecord>): EntityDiff {
  const creates: AnyRecord[] = [];
  const updates: AnyRecord[] = [];
  const seen = new Set<string>();
  let unchanged = 0;
  for (const record of incoming) {
    if (seen.has(record.sourcedId)) continue;
    seen.add(record.sourcedId);
    const before = committed.get(record.sourcedId);
    if (before === undefined) creates.push(record);
    else if (before !== recordDigest(entity, record)) updates.push(record);
    else unchanged++;
  }
  return { creates, updates, unchanged };
}
