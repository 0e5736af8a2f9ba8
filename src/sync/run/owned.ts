import type { Db } from '../../store/index.ts';

/**
 * What a connection owns (`sync_owned`), read a bounded piece at a time: a run asks for the
 * digests of the batch in hand, and walks the owned ids page by page in sourcedId order for
 * deletes, so its memory does not grow with what the connection owns.
 */

/** How many records of an entity this connection owns. */
export async function countOwned(db: Db, connectionId: string, entity: string): Promise<number> {
  const row = await db.selectFrom('sync_owned').select((eb) => eb.fn.countAll().as('n')).where('connection_id', '=', connectionId).where('entity', '=', entity).executeTakeFirst();
  return Number(row?.n ?? 0);
}

// Ids a statement: well under both engines' parameter limits.
const LOOKUP = 2000;

/** sourcedId → digest, for those of `ids` this connection owns. */
export async function ownedDigestsOf(db: Db, connectionId: string, entity: string, ids: readonly string[]): Promise<Map<string, string>> {
  const digests = new Map<string, string>();
  for (let i = 0; i < ids.length; i += LOOKUP) {
    const part = ids.slice(i, i + LOOKUP);
    const rows = await db.selectFrom('sync_owned').select(['sourced_id', 'digest']).where('connection_id', '=', connectionId).where('entity', '=', entity).where('sourced_id', 'in', part).execute();
    for (const r of rows) digests.set(String(r.sourced_id), String(r.digest));
  }
  return digests;
}

/** Every sourcedId of an entity this connection owns, a page at a time in sourcedId order (keyset paging over its unique index). */
export async function* ownedIds(db: Db, connectionId: string, entity: string, pageSize = 10_000): AsyncGenerator<string[]> {
  let after: string | undefined;
  for (;;) {
    let query = db.selectFrom('sync_owned').select('sourced_id').where('connection_id', '=', connectionId).where('entity', '=', entity);
    if (after !== undefined) query = query.where('sourced_id', '>', after);
    const rows = await query.orderBy('sourced_id').limit(pageSize).execute();
    if (rows.length === 0) return;
    const ids = rows.map((r) => String(r.sourced_id));
    after = ids[ids.length - 1];
    yield ids;
    if (rows.length < pageSize) return;
  }
}
