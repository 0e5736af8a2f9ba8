import { isoTimestamp, newId, type Clock } from '../kernel/index.ts';
import { columnName, ENTITIES, type AnyRecord, type EntityDecl, type InputProblem, type Version } from '../model/index.ts';
import { activeIdsWhere, findRecord, idsInUse, tombstoneRecords, upsertRecords, type Condition, type Db, type StoreDialect, type WriteContext } from '../store/index.ts';
import { checkReferences, visibleActive, type Bind, type CheckContext } from './check-references.ts';
import { recordOutbox, type OutboxWrite } from './outbox.ts';
import { DELETE_CASCADES } from './write-rules.ts';

/** Who writes: the store's executor, the hub's clock, the version's JSON names, the caller's visibility. */
export interface GradebookWriter {
  readonly db: Db;
  readonly dialect: StoreDialect;
  readonly clock: Clock;
  readonly version: Version;
  readonly districtId: string;
  readonly schoolIds: readonly string[] | 'all';
}

export interface SourcedIdPair {
  readonly suppliedSourcedId: string;
  readonly allocatedSourcedId: string;
}

/** Expected outcomes of a write, as values; the HTTP edge turns each into its status. */
export type WriteOutcome =
  | { readonly kind: 'written'; readonly count: number; readonly pairs: readonly SourcedIdPair[] }
  | { readonly kind: 'invalid'; readonly problems: readonly InputProblem[] }
  | { readonly kind: 'notFound'; readonly message: string }
  | { readonly kind: 'refused'; readonly message: string };

/** A bulk create's parent (`/classes/{id}/lineItems`): it must be visible, else the call is 404. */
export interface Parent {
  readonly entity: EntityDecl;
  readonly id: string;
  readonly where: readonly Condition[];
}

function checkContext(w: GradebookWriter, db: Db): CheckContext {
  return { db, dialect: w.dialect, version: w.version, visibility: { districtId: w.districtId, schoolIds: w.schoolIds } };
}

function writeContext(w: GradebookWriter): WriteContext {
  return { districtId: w.districtId, now: isoTimestamp(w.clock.now()) };
}

/** The outbox rows of what a write changed, in the write's own transaction (see outbox.ts). */
function changed(entity: EntityDecl, ids: readonly string[], operation: OutboxWrite['operation']): OutboxWrite[] {
  return ids.map((sourcedId) => ({ entity: entity.name, sourcedId, operation }));
}

const refused = (entity: EntityDecl, id: string): WriteOutcome => ({
  kind: 'refused',
  message: `sourcedId '${id}' is taken by a ${entity.singular} outside this access' district or schools`,
});

/**
 * Values a version's JSON cannot carry (a 1.1 PUT has no `school`, no `textScore`) stay as they were,
 * so replacing a record in 1.1 does not erase what a 1.2 client or the SIS wrote.
 */
function keepUnexpressed(entity: EntityDecl, version: Version, record: AnyRecord, existing: AnyRecord): void {
  const target: Record<string, unknown> = record;
  const source: Record<string, unknown> = existing;
  for (const f of entity.fields) {
    if (f.json[version] === undefined && target[f.name] === undefined && source[f.name] !== undefined) target[f.name] = source[f.name];
  }
}

/** PUT: creates or replaces one record, in one transaction; an identical body changes nothing. */
export async function putRecord(w: GradebookWriter, entity: EntityDecl, record: AnyRecord, at: string): Promise<WriteOutcome> {
  return w.db.transaction().execute(async (trx) => {
    const ctx = checkContext(w, trx);
    const existing = await findRecord(trx, w.dialect, { entity, version: w.version, visibility: ctx.visibility, conditions: [] }, record.sourcedId);
    if (existing === undefined && (await idsInUse(trx, w.dialect, entity, [record.sourcedId])).size > 0) return refused(entity, record.sourcedId);
    if (existing !== undefined) keepUnexpressed(entity, w.version, record, existing);
    const problems = await checkReferences(ctx, entity, record, at);
    if (problems.length > 0) return { kind: 'invalid', problems };
    const now = writeContext(w);
    const outcome = await upsertRecords(trx, w.dialect, entity, [record], now);
    if (outcome.conflicts.length > 0) return refused(entity, record.sourcedId);
    await recordOutbox(trx, w.districtId, now.now, changed(entity, [...outcome.created, ...outcome.updated], 'put'));
    return { kind: 'written', count: 1, pairs: [] };
  });
}

/**
 * POST: creates records under a parent. A supplied sourcedId is kept when no record holds it yet,
 * otherwise a new one is allocated (the pairs say which). All or nothing: one bad record, no writes.
 */
export async function createRecords(
  w: GradebookWriter,
  entity: EntityDecl,
  items: ReadonlyArray<{ record: AnyRecord; at: string }>,
  parents: readonly Parent[],
  binds: readonly Bind[],
): Promise<WriteOutcome> {
  return w.db.transaction().execute(async (trx) => {
    const ctx = checkContext(w, trx);
    for (const parent of parents) {
      if ((await visibleActive(ctx, parent.entity, parent.id, parent.where)) === undefined) {
        return { kind: 'notFound', message: `Unknown Object: no ${parent.entity.singular} '${parent.id}'` };
      }
    }
    const problems: InputProblem[] = [];
    const seen = new Set<string>();
    for (const { record, at } of items) {
      if (seen.has(record.sourcedId)) problems.push({ path: `${at}.sourcedId`, rule: 'duplicate', message: 'appears twice in this request' });
      seen.add(record.sourcedId);
    }
    const taken = await idsInUse(trx, w.dialect, entity, seen);
    const pairs: SourcedIdPair[] = [];
    const records: AnyRecord[] = [];
    for (const { record, at } of items) {
      problems.push(...(await checkReferences(ctx, entity, record, at, binds)));
      const allocated = taken.has(record.sourcedId) ? newId() : record.sourcedId;
      pairs.push({ suppliedSourcedId: record.sourcedId, allocatedSourcedId: allocated });
      records.push({ ...record, sourcedId: allocated });
    }
    if (problems.length > 0) return { kind: 'invalid', problems };
    const now = writeContext(w);
    const outcome = await upsertRecords(trx, w.dialect, entity, records, now);
    await recordOutbox(trx, w.districtId, now.now, changed(entity, [...outcome.created, ...outcome.updated], 'put'));
    return { kind: 'written', count: records.length, pairs };
  });
}

/** Every reference field of the model that points at `entity`. */
function referrers(entity: EntityDecl): Array<{ entity: EntityDecl; column: string }> {
  return ENTITIES.flatMap((e) => e.fields.filter((f) => f.type.kind === 'ref' && f.type.target === entity.name).map((f) => ({ entity: e, field: f.name, column: columnName(f) })))
    .filter((r) => !(DELETE_CASCADES[entity.name] ?? []).some((c) => c.entity === r.entity.name && c.field === r.field));
}

/**
 * DELETE: turns a visible active record (and what cascades with it) into tombstones, in one
 * transaction. Refused (422) while other active records of the district still reference it.
 */
export async function deleteRecord(w: GradebookWriter, entity: EntityDecl, id: string): Promise<WriteOutcome> {
  return w.db.transaction().execute(async (trx) => {
    const ctx = checkContext(w, trx);
    if ((await visibleActive(ctx, entity, id)) === undefined) return { kind: 'notFound', message: `Unknown Object: no ${entity.singular} '${id}'` };
    const problems: InputProblem[] = [];
    for (const r of referrers(entity)) {
      const using = await activeIdsWhere(trx, w.dialect, r.entity, w.districtId, r.column, id);
      if (using.length > 0) problems.push({ path: entity.singular, rule: 'inUse', message: `is still referenced by ${using.length} ${r.entity.name}` });
    }
    if (problems.length > 0) return { kind: 'invalid', problems };
    const now = writeContext(w);
    const deleted = changed(entity, await tombstoneRecords(trx, w.dialect, entity, [id], now), 'delete');
    // Cascaded children go to the outbox before their parent, so a receiver deletes them first.
    const children: OutboxWrite[] = [];
    for (const cascade of DELETE_CASCADES[entity.name] ?? []) {
      const child = ENTITIES.find((e) => e.name === cascade.entity);
      const f = child?.fields.find((x) => x.name === cascade.field);
      if (child === undefined || f === undefined) continue;
      const ids = await activeIdsWhere(trx, w.dialect, child, w.districtId, columnName(f), id);
      children.push(...changed(child, await tombstoneRecords(trx, w.dialect, child, ids, now), 'delete'));
    }
    await recordOutbox(trx, w.districtId, now.now, [...children, ...deleted]);
    return { kind: 'written', count: deleted.length + children.length, pairs: [] };
  });
}
