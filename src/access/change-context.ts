import type { Clock } from '../kernel/index.ts';
import type { Db } from '../store/index.ts';

/** Who makes an admin change and when; every change is audited under this actor. */
export interface ChangeContext {
  readonly clock: Clock;
  /** e.g. `cli:alice` or `admin:alice`. */
  readonly actor: string;
  /** IANA zone in which effective and expiration dates are read. */
  readonly timeZone: string;
}

/**
 * Runs `fn` in a transaction, or inside the caller's one when `db` already is a transaction, so a
 * change and its audit record commit together.
 */
export async function inTransaction<T>(db: Db, fn: (trx: Db) => Promise<T>): Promise<T> {
  if (db.isTransaction) return fn(db);
  return db.transaction().execute(fn);
}
