import { isoTimestamp } from '../kernel/index.ts';
import type { Db } from '../store/index.ts';
import { MAX_TIMESTAMP_AGE_MS, MAX_TIMESTAMP_LEAD_MS } from './oauth1.ts';

/**
 * Records an OAuth 1.0a (key, timestamp, nonce); false when it was seen before. The unique index
 * makes this safe across processes: two requests racing with one nonce cannot both insert.
 */
export async function rememberNonce(db: Db, now: Date, consumerKey: string, nonce: string, timestamp: number): Promise<boolean> {
  const result = await db
    .insertInto('access_nonces')
    .values({ consumer_key: consumerKey, nonce, timestamp, seen_at: isoTimestamp(now) })
    .onConflict((oc) => oc.columns(['consumer_key', 'timestamp', 'nonce']).doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0n) === 1;
}

/**
 * Forgets nonces whose timestamp can no longer pass the window check, so a replay of them is
 * refused as stale anyway. Kept for the whole window plus the future lead, measured on seen_at.
 */
export async function purgeNonces(db: Db, now: Date): Promise<number> {
  const cutoff = new Date(now.getTime() - MAX_TIMESTAMP_AGE_MS - MAX_TIMESTAMP_LEAD_MS);
  const result = await db.deleteFrom('access_nonces').where('seen_at', '<', isoTimestamp(cutoff)).executeTakeFirst();
  return Number(result.numDeletedRows);
}
