import { recordToRow, tableOf, type AnyRecord, type EntityDecl } from '../../model/index.ts';
import { contentHash } from '../../store/index.ts';

/** What one entity's source says against what this connection last committed. */
export interface EntityDiff {
  readonly entity: EntityDecl;
  readonly creates: AnyRecord[];
  readonly updates: AnyRecord[];
  /** Committed by this connection, absent from a full read of the source. */
  readonly deletes: string[];
  readonly unchanged: number;
}

/** The same digest the store keeps per row, so "unchanged" means the store would not move it. */
export function recordDigest(entity: EntityDecl, record: AnyRecord): string {
  const table = tableOf(entity);
  return contentHash(table, recordToRow(table, record));
}

/**
 * Diffs the records a run kept against `committed` (sourcedId → digest of the active records this
 * connection wrote). A full read also yields deletes; a delta read never does — absence from a
 * delta means nothing, and the source's own `tobedeleted` records are passed as `deleted`.
 */
export function diffEntity(
  entity: EntityDecl,
  committed: ReadonlyMap<string, string>,
  incoming: Iterable<AnyRecord>,
  options: { readonly full: boolean; readonly deleted?: Iterable<string> },
): EntityDiff {
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
  const deletes: string[] = [];
  if (options.full) for (const id of committed.keys()) if (!seen.has(id)) deletes.push(id);
  for (const id of options.deleted ?? []) if (committed.has(id) && !seen.has(id) && !deletes.includes(id)) deletes.push(id);
  return { entity, creates, updates, deletes, unchanged };
}
