import type { AnyRecord, EntityDecl, UserRecord } from '../../model/index.ts';
import { readRecords, type Store } from '../../store/index.ts';
import { applyMasterFields, diffEntity, recordDigest, runStages, type EntityCounts, type UniquenessIndex } from '../pipeline/index.ts';
import { insertChanges, type StagedChange } from './changes.ts';
import { countOwned, ownedDigestsOf, ownedIds } from './owned.ts';
import type { RunContext } from './pipeline-context.ts';
import type { EntityReadInfo } from './read-source.ts';
import type { SourceItem } from './source.ts';
import type { EntityRunCounts } from './sync-run.ts';
import type { SyncSettings } from './sync-settings.ts';

/** What staging shares across entities: where changes go, what was found. */
export interface StageRun {
  readonly store: Store;
  readonly runId: string;
  readonly connectionId: string;
  readonly settings: SyncSettings;
  readonly context: RunContext;
  readonly deletesFrozen: boolean;
  readonly holdReasons: string[];
  readonly problems: { add(text: string): void };
  /** The next change's sequence number. */
  seq: number;
  beat(): Promise<void>;
}

interface Kept {
  readonly record: AnyRecord;
  readonly origin: string;
  readonly sourceId: string;
  readonly rules: readonly string[];
}

// Records a batch: each batch asks the store once for what this connection owns of it (a round trip on PostgreSQL).
const BATCH = 2000;

const emptyCounts = (full: boolean, committed: number): EntityRunCounts => ({ full, committed, incoming: 0, created: 0, updated: 0, deleted: 0, unchanged: 0, dropped: 0, rejected: 0, deletesFrozen: 0 });

/**
 * One entity of a run: every item of its read through the stages, uniqueness and master fields, then
 * diffed batch by batch against what this connection committed, each change staged in the
 * database with the store's record before it. A record the source still has but that could not be
 * taken in (unreadable, rejected, in conflict) is protected: it is not deleted for being absent.
 * Memory holds a batch, the source's ids of this entity (to find duplicates and what is absent)
 * and a page of owned ids; never the connection's whole ownership.
 */
export async function stageEntity(
  run: StageRun,
  entity: EntityDecl,
  source: EntityReadInfo & { readonly items: AsyncIterable<SourceItem> },
  uniqueness: UniquenessIndex | undefined,
): Promise<{ counts: EntityRunCounts; guard: EntityCounts }> {
  const committed = await countOwned(run.store.db, run.connectionId, entity.name);
  const counts = emptyCounts(source.full, committed);
  const rules = run.settings.rules;
  const prefixed = (id: string): string => (rules.idPrefix === undefined ? id : `${rules.idPrefix}${id}`);
  const seen = new Set<string>();
  // The source's own deletions; in a full read they are simply absent, which the owned walk finds.
  const deleted = new Set<string>();
  const kept = run.context.keptOf(entity.name);
  // Of what this connection owns, how many the source has shown (counted from each batch's lookup).
  let seenOwned = 0;
  let batch: Kept[] = [];

  const flush = async (): Promise<void> => {
    if (batch.length === 0) return;
    seenOwned += await stageKept(run, entity, batch, seen, counts);
    batch = [];
    await run.beat();
  };

  for await (const item of source.items) {
    if (item.kind === 'anomaly') {
      counts.full = false;
      run.holdReasons.push(`${entity.name}: the read was not trusted (${item.message}); nothing of it is deleted`);
      continue;
    }
    if (item.kind === 'problem') {
      counts.rejected++;
      run.problems.add(`${item.origin}: ${item.message}`);
      if (item.sourceId !== undefined) seen.add(prefixed(item.sourceId));
      continue;
    }
    if (item.kind === 'deleted') {
      deleted.add(prefixed(item.sourceId));
      continue;
    }
    const staged = runStages(entity, item.record, run.context.view());
    const outcome = staged.outcome;
    if (outcome.kind === 'drop') {
      counts.dropped++;
      continue;
    }
    if (outcome.kind !== 'keep') {
      counts.rejected++;
      seen.add(prefixed(item.sourceId));
      if (outcome.kind === 'hold') run.holdReasons.push(`${entity.name} ${item.sourceId}: ${outcome.reason}`);
      else run.problems.add(`${item.origin}: ${outcome.reason}`);
      continue;
    }
    if (entity.name === 'users' && uniqueness !== undefined) {
      const conflicts = uniqueness.claim(outcome.record as UserRecord);
      if (conflicts.length > 0) {
        counts.rejected++;
        seen.add(outcome.record.sourcedId);
        for (const c of conflicts) run.problems.add(`conflict: user ${c.sourcedId} has the ${c.domain} of ${c.heldBy}; left out until a person resolves it (never merged)`);
        continue;
      }
    }
    kept?.add(item.sourceId);
    counts.incoming++;
    batch.push({ record: outcome.record, origin: item.origin, sourceId: item.sourceId, rules: staged.rules });
    if (batch.length >= BATCH) await flush();
  }
  await flush();

  // Known only now: an anomaly anywhere in the read makes it a partial one, which deletes nothing it did not say.
  const read: EntityReadInfo = { full: counts.full, origin: source.origin };
  const deletes = new DeleteStager(run, entity, read, counts);
  if (read.full) {
    // When the source showed every record this connection owns, nothing is absent: no walk. (Ids
    // protected without a lookup — unreadable, rejected — are not counted, so in doubt it walks.)
    if (seenOwned < committed) for await (const page of ownedIds(run.store.db, run.connectionId, entity.name)) for (const id of page) if (!seen.has(id)) await deletes.add(id);
  } else {
    const ids = [...deleted].filter((id) => !seen.has(id));
    const owned = await ownedDigestsOf(run.store.db, run.connectionId, entity.name, ids);
    for (const id of ids) if (owned.has(id)) await deletes.add(id);
    if (kept !== undefined) {
      // A delta (or a broken read) shows only part of the entity: what this connection committed and
      // the source did not delete is still there, so records that depend on it are kept too.
      const prefix = rules.idPrefix ?? '';
      for await (const page of ownedIds(run.store.db, run.connectionId, entity.name)) {
        for (const id of page) if (!seen.has(id) && !deleted.has(id)) kept.add(prefix !== '' && id.startsWith(prefix) ? id.slice(prefix.length) : id);
      }
    }
  }
  await deletes.flush();
  return { counts, guard: { entity: entity.name, committed, incoming: counts.incoming, creates: counts.created, updates: counts.updated, deletes: counts.deleted } };
}

/** Stages a batch's creates and updates; returns how many of the batch this connection already owns. */
async function stageKept(run: StageRun, entity: EntityDecl, batch: readonly Kept[], seen: Set<string>, counts: EntityRunCounts): Promise<number> {
  const fresh = batch.filter((k) => {
    if (seen.has(k.record.sourcedId)) {
      counts.rejected++;
      run.problems.add(`${k.origin}: ${entity.singular} ${k.sourceId} appears more than once in the source; the first is kept`);
      return false;
    }
    seen.add(k.record.sourcedId);
    return true;
  });
  const owned = await ownedDigestsOf(run.store.db, run.connectionId, entity.name, fresh.map((k) => k.record.sourcedId));
  // A record this connection owns whose digest is the same needs nothing from the store: it is unchanged.
  const pending = fresh.filter((k) => {
    const digest = owned.get(k.record.sourcedId);
    if (digest === undefined || digest !== recordDigest(entity, k.record)) return true;
    counts.unchanged++;
    return false;
  });
  if (pending.length === 0) return owned.size;
  const stored = await readRecords(run.store.db, run.store.dialect, entity, pending.map((k) => k.record.sourcedId));
  const active = (id: string): AnyRecord | undefined => {
    const s = stored.get(id);
    return s !== undefined && s.status === 'active' ? s : undefined;
  };
  const byId = new Map<string, Kept>();
  for (const k of pending) {
    const other = owned.has(k.record.sourcedId) ? undefined : active(k.record.sourcedId);
    // Master fields decide only against a record another source wrote.
    const record = applyMasterFields(entity, k.record, other, run.settings.rules);
    byId.set(k.record.sourcedId, record === k.record ? k : { ...k, record, rules: [...k.rules, 'master fields'] });
  }
  const diff = diffEntity(entity, owned, [...byId.values()].map((k) => k.record));
  counts.unchanged += diff.unchanged;
  counts.created += diff.creates.length;
  counts.updated += diff.updates.length;
  const change = (record: AnyRecord, action: 'create' | 'update'): StagedChange => {
    const k = byId.get(record.sourcedId);
    const before = active(record.sourcedId) ?? null;
    return {
      entity: entity.name,
      sourcedId: record.sourcedId,
      action,
      before,
      after: record,
      baseHash: before === null ? null : recordDigest(entity, before),
      digest: recordDigest(entity, record),
      origin: k?.origin ?? '',
      sourceId: k?.sourceId ?? record.sourcedId,
      rules: k?.rules ?? [],
    };
  };
  const changes = [...diff.creates.map((r) => change(r, 'create')), ...diff.updates.map((r) => change(r, 'update'))];
  await insertChanges(run.store.db, run.runId, run.seq, changes);
  run.seq += changes.length;
  return owned.size;
}

/**
 * Stages the deletes of one entity a batch at a time, as the owned walk finds them; with the
 * rollover calendar freezing deletes, only counts them.
 */
class DeleteStager {
  private ids: string[] = [];

  constructor(
    private readonly run: StageRun,
    private readonly entity: EntityDecl,
    private readonly read: EntityReadInfo,
    private readonly counts: EntityRunCounts,
  ) {}

  async add(id: string): Promise<void> {
    if (this.run.deletesFrozen) {
      this.counts.deletesFrozen++;
      return;
    }
    this.ids.push(id);
    if (this.ids.length >= BATCH) await this.flush();
  }

  async flush(): Promise<void> {
    if (this.ids.length === 0) return;
    const part = this.ids;
    this.ids = [];
    const { run, entity, read } = this;
    const prefix = run.settings.rules.idPrefix ?? '';
    const stored = await readRecords(run.store.db, run.store.dialect, entity, part);
    const changes: StagedChange[] = part.map((id) => {
      const s = stored.get(id);
      const before = s !== undefined && s.status === 'active' ? s : null;
      return {
        entity: entity.name,
        sourcedId: id,
        action: 'delete',
        before,
        after: null,
        baseHash: before === null ? null : recordDigest(entity, before),
        digest: null,
        origin: read.full ? `${read.origin} (absent from a full read)` : `${read.origin} (tobedeleted)`,
        sourceId: prefix !== '' && id.startsWith(prefix) ? id.slice(prefix.length) : id,
        rules: [],
      };
    });
    this.counts.deleted += changes.length;
    await insertChanges(run.store.db, run.runId, run.seq, changes);
    run.seq += changes.length;
    await run.beat();
  }
}
