import { jsonCell } from '../../access/index.ts';
import { touchedBy } from '../../csv/index.ts';
import { HubError, isoTimestamp, newId } from '../../kernel/index.ts';
import { ENTITIES, type AnyRecord, type EntityDecl } from '../../model/index.ts';
import { readRecords, tombstoneRecords, touchRecords, upsertRecords, type Db, type Store, type WriteContext } from '../../store/index.ts';
import { recordDigest } from '../pipeline/index.ts';
import { readChanges, type StagedChange } from './changes.ts';
import { advanceSyncState } from './sync-state.ts';

/** A pause point inside the commit transaction, for the test that kills a process mid-commit. */
export interface CommitHooks {
  /** Called before the transaction opens (the run holds its lock, nothing is written yet). */
  beforeCommit?(): Promise<void>;
  /** Called inside the transaction after each page of an entity is written. */
  afterPage?(entity: string): Promise<void>;
}

export interface CommitInput {
  readonly runId: string;
  readonly connectionId: string;
  readonly districtId: string;
  /** Approving a held run: refuse when the store moved under the changeset. */
  readonly checkStale: boolean;
  readonly watermark: string | null;
  readonly full: boolean;
  readonly decidedBy: string | null;
  readonly startedAt: string;
  readonly hooks?: CommitHooks;
}

/**
 * Commits a run's staged changeset in ONE transaction: the roster writes (upserts, tombstones and
 * the relationship bumps delta readers need), this connection's ownership rows, the lineage rows
 * (run, source row, rules), the new watermark and the run's own status. A crash at any moment
 * leaves all of it as before; the staged changes and the run row are then a failed run's leftovers.
 */
export async function commitRun(store: Store, input: CommitInput): Promise<{ problems: string[] }> {
  const problems: string[] = [];
  const now = isoTimestamp(store.clock.now());
  const write: WriteContext = { districtId: input.districtId, now };
  await input.hooks?.beforeCommit?.();
  const changed = new Map<EntityDecl, number>();
  await store.db.transaction().execute(async (trx) => {
    // Claims the run's row for this commit: a second approval of the same run waits here, then finds it decided.
    const expected = input.decidedBy === null ? 'running' : 'held';
    const claimed = await trx.updateTable('sync_runs').set({ heartbeat_at: now }).where('id', '=', input.runId).where('status', '=', expected).executeTakeFirst();
    if (Number(claimed.numUpdatedRows) !== 1) throw new HubError('conflict', `run ${input.runId} is no longer ${expected}: it was decided or released meanwhile`);
    for (const entity of ENTITIES) {
      for await (const page of readChanges(trx, input.runId, entity.name)) {
        if (input.checkStale) await refuseIfStale(trx, store, entity, page);
        const refused = await applyPage(trx, store, entity, page, write, problems);
        await recordOwnership(trx, input, entity, page.filter((c) => !refused.has(c.sourcedId)), now);
        changed.set(entity, (changed.get(entity) ?? 0) + page.length);
        await input.hooks?.afterPage?.(entity.name);
      }
    }
    await advanceSyncState(trx, input.connectionId, { watermark: input.watermark, fullAt: input.full ? input.startedAt : null });
    // Committed: the lineage keeps what each change was; the staged records (student data) go.
    await trx.deleteFrom('sync_changes').where('run_id', '=', input.runId).execute();
    await trx
      .updateTable('sync_runs')
      .set({
        status: 'succeeded',
        lock: null,
        finished_at: now,
        ...(input.decidedBy === null ? { duration_ms: Date.parse(now) - Date.parse(input.startedAt) } : { decided_by: input.decidedBy, decided_at: now }),
      })
      .where('id', '=', input.runId)
      .execute();
  });
  await refreshStatistics(store, changed);
  return { problems };
}

/** Changes in a table past which its planner statistics are refreshed. */
const ANALYZE_AFTER = 1000;

/**
 * After a large commit (a first full sync above all), the engines' statistics describe tables far
 * smaller than they now are: the next run's ownership lookups and the API's reads would be planned
 * as scans. Refreshed as the CSV importer does after a load.
 */
async function refreshStatistics(store: Store, changed: ReadonlyMap<EntityDecl, number>): Promise<void> {
  const large = [...changed].filter(([, n]) => n >= ANALYZE_AFTER).map(([entity]) => entity.table);
  if (large.length > 0) await store.dialect.analyze(store.db, [...large, 'sync_owned', 'sync_lineage']);
}

/**
 * A held change is stale when the store's record is no longer the one it was staged against: its
 * digest (what it says) differs, or it appeared, or it went. Touches that only bump
 * dateLastModified do not make it stale.
 */
async function refuseIfStale(trx: Db, store: Store, entity: EntityDecl, page: readonly StagedChange[]): Promise<void> {
  const current = await readRecords(trx, store.dialect, entity, page.map((c) => c.sourcedId));
  const moved = page.filter((c) => {
    const record = current.get(c.sourcedId);
    const hash = record !== undefined && record.status === 'active' ? recordDigest(entity, record) : null;
    return hash !== c.baseHash;
  });
  if (moved.length === 0) return;
  const sample = moved.slice(0, 5).map((c) => c.sourcedId).join(', ');
  throw new HubError('conflict', `the held changeset is stale: ${moved.length} ${entity.name} changed in the store since the run was held (${sample}${moved.length > 5 ? ', …' : ''}); reject it and run the sync again`);
}

/** Writes one page of changes; returns the ids the store refused (they belong to another district). */
async function applyPage(trx: Db, store: Store, entity: EntityDecl, page: readonly StagedChange[], write: WriteContext, problems: string[]): Promise<Set<string>> {
  const upserts = page.flatMap((c) => (c.after === null ? [] : [c.after])).sort((a, b) => (a.sourcedId < b.sourcedId ? -1 : a.sourcedId > b.sourcedId ? 1 : 0));
  const outcome = await upsertRecords(trx, store.dialect, entity, upserts, write);
  for (const c of outcome.conflicts) problems.push(`${entity.name} ${c.sourcedId} already belongs to district ${c.districtId}: not written (give this source a SIS ID prefix)`);
  const changed = new Set([...outcome.created, ...outcome.updated]);
  const gone = await tombstoneRecords(trx, store.dialect, entity, page.filter((c) => c.action === 'delete').map((c) => c.sourcedId), write);
  const goneSet = new Set(gone);
  const related: AnyRecord[] = [...upserts.filter((r) => changed.has(r.sourcedId)), ...page.flatMap((c) => (c.before !== null && goneSet.has(c.sourcedId) ? [c.before] : []))];
  for (const [target, ids] of touchedBy(entity, related)) await touchRecords(trx, store.dialect, target, ids, write);
  return new Set(outcome.conflicts.map((c) => c.sourcedId));
}

async function recordOwnership(trx: Db, input: CommitInput, entity: EntityDecl, page: readonly StagedChange[], now: string): Promise<void> {
  // Unambiguous: neither a connection id nor an entity name holds a '/'.
  const key = (id: string): string => `${input.connectionId}/${entity.name}/${id}`;
  const kept = page.filter((c) => c.action !== 'delete' && c.digest !== null);
  for (let i = 0; i < kept.length; i += 500) {
    const rows = kept.slice(i, i + 500).map((c) => ({ id: key(c.sourcedId), connection_id: input.connectionId, entity: entity.name, sourced_id: c.sourcedId, digest: String(c.digest), run_id: input.runId }));
    await trx
      .insertInto('sync_owned')
      .values(rows)
      .onConflict((oc) => oc.column('id').doUpdateSet((eb) => ({ digest: eb.ref('excluded.digest'), run_id: eb.ref('excluded.run_id') })))
      .execute();
  }
  const deletes = page.filter((c) => c.action === 'delete').map((c) => key(c.sourcedId));
  for (let i = 0; i < deletes.length; i += 500) await trx.deleteFrom('sync_owned').where('id', 'in', deletes.slice(i, i + 500)).execute();
  for (let i = 0; i < page.length; i += 500) {
    const rows = page.slice(i, i + 500).map((c) => ({
      id: newId(),
      run_id: input.runId,
      connection_id: input.connectionId,
      entity: entity.name,
      sourced_id: c.sourcedId,
      action: c.action,
      origin: c.origin,
      source_id: c.sourceId,
      rules: jsonCell(c.rules),
      committed_at: now,
    }));
    await trx.insertInto('sync_lineage').values(rows).execute();
  }
}
