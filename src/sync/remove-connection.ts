import { inTransaction, recordChange, type ChangeContext } from '../access/index.ts';
import { touchedBy } from '../csv/index.ts';
import { discardPendingOutbox } from '../gradebook/index.ts';
import { isoTimestamp } from '../kernel/index.ts';
import { ENTITIES, type AnyRecord, type EntityDecl } from '../model/index.ts';
import { readRecords, tombstoneRecords, touchRecords, type Db, type StoreDialect, type WriteContext } from '../store/index.ts';
import { requireConnection, type Connection } from './connections.ts';
import { ownedIds, refuseWhileRunning } from './run/index.ts';

export interface RemoveOptions {
  /** Tombstone every record the connection still owns (alone); otherwise they stay, unowned. */
  readonly tombstoneRecords: boolean;
  /**
   * What other folders keep about the connection, removed in the same transaction: the caller
   * passes the schedule's removal in (the sync engine does not import the jobs folder).
   */
  readonly alongside?: (trx: Db, connectionId: string) => Promise<void>;
}

export interface ConnectionRemoval {
  readonly connection: { readonly id: string; readonly name: string; readonly districtId: string };
  readonly records: 'kept' | 'tombstoned';
  /** Records the connection owned, per entity: no longer owned by it, whatever happened to them. */
  readonly released: Readonly<Record<string, number>>;
  /** Records turned into tombstones, per entity (none when they are kept). */
  readonly tombstoned: Readonly<Record<string, number>>;
  /** Owned records another connection owns too: never tombstoned by this removal. */
  readonly shared: number;
  /** Pending gradebook writes of the district dropped with its only two-way connection. */
  readonly outboxDiscarded: number;
}

/** Records a connection owns, per entity (what `connection remove` tells before it acts). */
export async function ownedCounts(db: Db, connectionId: string): Promise<Record<string, number>> {
  const rows = await db.selectFrom('sync_owned').select(['entity']).select((eb) => eb.fn.countAll().as('n')).where('connection_id', '=', connectionId).groupBy('entity').execute();
  const counts = new Map(rows.map((r) => [String(r.entity), Number(r.n)]));
  return Object.fromEntries(ENTITIES.filter((e) => counts.has(e.name)).map((e) => [e.name, counts.get(e.name) ?? 0]));
}

const PAGE = 500;

/**
 * Removes a connection in one transaction. Refused while a run of it is running or held (a held
 * changeset is rejected first, by a person). Goes: the connection row with its settings, sync
 * settings and sealed secret; its ownership rows; its schedule (`alongside`); the district's
 * pending outbox when this was the district's only two-way connection. Stays: its run history and
 * lineage (the audit trail of what it wrote), and — unless `tombstoneRecords` — the records it
 * synced, which become unowned. Tombstones go through the store's tombstone writer and bump what
 * the gone records touch, as a committed delete does, so delta readers see them.
 */
export async function removeConnection(deps: { db: Db; dialect: StoreDialect }, ctx: ChangeContext, connection: Connection, options: RemoveOptions): Promise<ConnectionRemoval> {
  return inTransaction(deps.db, async (trx) => {
    const current = await requireConnection(trx, connection.id);
    await refuseWhileRunning(trx, ctx.clock.now(), current, 'remove', { held: 'refuse' });
    const released = await ownedCounts(trx, current.id);
    const write: WriteContext = { districtId: current.districtId, now: isoTimestamp(ctx.clock.now()) };
    const tombstoned: Record<string, number> = {};
    let shared = 0;
    if (options.tombstoneRecords) {
      for (const entity of ENTITIES.filter((e) => released[e.name] !== undefined)) {
        const outcome = await tombstoneOwned(trx, deps.dialect, current.id, entity, write);
        tombstoned[entity.name] = outcome.tombstoned;
        shared += outcome.shared;
      }
    }
    await trx.deleteFrom('sync_owned').where('connection_id', '=', current.id).execute();
    const outboxDiscarded = (await isLastTwoWay(trx, current)) ? await discardPendingOutbox(trx, current.districtId) : 0;
    await options.alongside?.(trx, current.id);
    await trx.deleteFrom('sync_connections').where('id', '=', current.id).execute();
    const removal: ConnectionRemoval = {
      connection: { id: current.id, name: current.name, districtId: current.districtId },
      records: options.tombstoneRecords ? 'tombstoned' : 'kept',
      released,
      tombstoned,
      shared,
      outboxDiscarded,
    };
    await recordChange(trx, ctx, { action: 'connection.remove', targetType: 'connection', targetId: current.id, before: current, after: { removed: true, records: removal.records, released, tombstoned, shared, outboxDiscarded } });
    return removal;
  });
}

/** Tombstones, page by page, the entity's records this connection owns alone. */
async function tombstoneOwned(trx: Db, dialect: StoreDialect, connectionId: string, entity: EntityDecl, write: WriteContext): Promise<{ tombstoned: number; shared: number }> {
  let tombstoned = 0;
  let shared = 0;
  for await (const ids of ownedIds(trx, connectionId, entity.name, PAGE)) {
    const others = await trx.selectFrom('sync_owned').select(['sourced_id']).where('entity', '=', entity.name).where('sourced_id', 'in', ids).where('connection_id', '<>', connectionId).execute();
    const alsoOwned = new Set(others.map((r) => String(r.sourced_id)));
    shared += alsoOwned.size;
    const alone = ids.filter((id) => !alsoOwned.has(id));
    const before = await readRecords(trx, dialect, entity, alone);
    const gone = await tombstoneRecords(trx, dialect, entity, alone, write);
    tombstoned += gone.length;
    const goneRecords: AnyRecord[] = gone.flatMap((id) => {
      const record = before.get(id);
      return record === undefined ? [] : [record];
    });
    for (const [target, touched] of touchedBy(entity, goneRecords)) await touchRecords(trx, dialect, target, touched, write);
  }
  return { tombstoned, shared };
}

/** A two-way connection is its district's one receiver of gradebook writes (push refuses two). */
async function isLastTwoWay(trx: Db, connection: Connection): Promise<boolean> {
  if (connection.kind !== 'oneroster-rest' || connection.mode !== 'two-way') return false;
  const others = await trx
    .selectFrom('sync_connections')
    .select(['id'])
    .where('district_id', '=', connection.districtId)
    .where('mode', '=', 'two-way')
    .where('id', '<>', connection.id)
    .executeTakeFirst();
  return others === undefined;
}
