import { CompiledQuery } from 'kysely';
import { ENTITIES, type EntityName } from '../../model/index.ts';
import { q, type Db, type StoreDialect } from '../dialect.ts';

/**
 * Removes `tobedeleted` tombstones whose deletion is older than `before` (an ISO timestamp), in
 * every roster table. Delta readers see a deletion for as long as the tombstone is kept: the
 * retention window is the promise a consumer's watermark must stay within (older watermarks need a
 * full sync). Returns how many each entity lost; run it inside a transaction to make it one step.
 */
export async function purgeTombstones(db: Db, dialect: StoreDialect, before: string): Promise<Partial<Record<EntityName, number>>> {
  const purged: Partial<Record<EntityName, number>> = {};
  for (const entity of ENTITIES) {
    const text = `delete from ${q(entity.table)} where status = 'tobedeleted' and date_last_modified < ${dialect.placeholder(0)}`;
    const result = await db.executeQuery(CompiledQuery.raw(text, [before]));
    const count = Number(result.numAffectedRows ?? 0);
    if (count > 0) purged[entity.name] = count;
  }
  return purged;
}

/** The oldest deletion still kept, for a retention of `days` counted back from `now`. */
export function retentionHorizon(now: Date, days: number): string {
  return new Date(now.getTime() - days * 24 * 3600 * 1000).toISOString();
}
