import { sql } from 'kysely';
import { newId } from '../kernel/index.ts';
import { isEntityName, type EntityName } from '../model/index.ts';
import type { Db } from '../store/index.ts';

/**
 * The outbox of gradebook writes: one row per record a committed write created, replaced or
 * deleted. Rows name the record (entity and sourcedId), never carry its values: whoever delivers a
 * row reads the record as it is at delivery time, so a row delivered late still sends the latest.
 */
export const OUTBOX_OPERATIONS = ['put', 'delete'] as const;
export type OutboxOperation = (typeof OUTBOX_OPERATIONS)[number];

/** pending: not yet delivered (or to be tried again); pushed: the receiver has it; failed: given up, a person looks. */
export const OUTBOX_STATUSES = ['pending', 'pushed', 'failed'] as const;
export type OutboxStatus = (typeof OUTBOX_STATUSES)[number];

export interface OutboxWrite {
  readonly entity: EntityName;
  readonly sourcedId: string;
  readonly operation: OutboxOperation;
}

export interface OutboxRow extends OutboxWrite {
  readonly id: string;
  readonly districtId: string;
  readonly writtenAt: string;
  readonly status: OutboxStatus;
  /** Delivery attempts made so far (each push run that tried the row counts one). */
  readonly attempts: number;
  /** The receiver's last HTTP status; null when it could not be reached or nothing was tried. */
  readonly lastStatus: number | null;
  /** Plain words, never the record's values or the receiver's body. */
  readonly lastError: string | null;
  readonly pushedAt: string | null;
  readonly updatedAt: string;
}

/** The outcome of one delivery attempt of some rows (one record's rows are delivered together). */
export interface OutboxDelivery {
  readonly status: OutboxStatus;
  readonly lastStatus: number | null;
  readonly lastError: string | null;
}

const COLUMNS = ['id', 'district_id', 'entity', 'sourced_id', 'operation', 'written_at', 'status', 'attempts', 'last_status', 'last_error', 'pushed_at', 'updated_at'] as const;

/** Records writes in the caller's transaction: call it with the `trx` of the write itself. */
export async function recordOutbox(trx: Db, districtId: string, writtenAt: string, writes: readonly OutboxWrite[]): Promise<void> {
  if (writes.length === 0) return;
  // Rows are read back in (written_at, id) order: one write's rows share a time, so their ids keep
  // the order given (a cascade's children before their parent). Writes in the same millisecond
  // have no order between them; the pusher orders by references, not by time (push-plan.ts).
  const batch = newId();
  const rows = writes.map((w, i) => ({
    id: `${batch}:${String(i).padStart(6, '0')}`,
    district_id: districtId,
    entity: w.entity,
    sourced_id: w.sourcedId,
    operation: w.operation,
    written_at: writtenAt,
    status: 'pending',
    attempts: 0,
    last_status: null,
    last_error: null,
    pushed_at: null,
    updated_at: writtenAt,
  }));
  // Small batches: a bulk POST of results can carry hundreds of records.
  for (let i = 0; i < rows.length; i += 200) await trx.insertInto('gradebook_outbox').values(rows.slice(i, i + 200)).execute();
}

/** A district's outbox rows, oldest first; optionally only those in one status. */
export async function listOutbox(db: Db, districtId: string, options: { status?: OutboxStatus; limit?: number } = {}): Promise<OutboxRow[]> {
  let query = db.selectFrom('gradebook_outbox').select([...COLUMNS]).where('district_id', '=', districtId);
  if (options.status !== undefined) query = query.where('status', '=', options.status);
  query = query.orderBy('written_at').orderBy('id');
  if (options.limit !== undefined) query = query.limit(options.limit);
  return (await query.execute()).map(toRow);
}

/** Sets the outcome of an attempt on rows (attempts counted up by one each). */
export async function markOutbox(db: Db, ids: readonly string[], delivery: OutboxDelivery, now: string): Promise<void> {
  if (ids.length === 0) return;
  await db
    .updateTable('gradebook_outbox')
    .set({
      status: delivery.status,
      attempts: sql`attempts + 1`,
      last_status: delivery.lastStatus,
      last_error: delivery.lastError,
      pushed_at: delivery.status === 'pushed' ? now : null,
      updated_at: now,
    })
    .where('id', 'in', [...ids])
    .execute();
}

/** Failed rows of a district back to pending with their attempts reset; how many. */
export async function requeueFailedOutbox(db: Db, districtId: string, now: string): Promise<number> {
  const result = await db
    .updateTable('gradebook_outbox')
    .set({ status: 'pending', attempts: 0, updated_at: now })
    .where('district_id', '=', districtId)
    .where('status', '=', 'failed')
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** Drops a district's pending rows (nobody is left to deliver them); delivered and failed rows stay as history. How many. */
export async function discardPendingOutbox(db: Db, districtId: string): Promise<number> {
  const result = await db.deleteFrom('gradebook_outbox').where('district_id', '=', districtId).where('status', '=', 'pending').executeTakeFirst();
  return Number(result.numDeletedRows);
}

function text(row: Record<string, unknown>, column: string): string {
  const value = row[column];
  if (value === null || value === undefined) throw new Error(`gradebook_outbox.${column} is unexpectedly empty`);
  return String(value);
}

function optionalText(row: Record<string, unknown>, column: string): string | null {
  const value = row[column];
  return value === null || value === undefined ? null : String(value);
}

function optionalNumber(row: Record<string, unknown>, column: string): number | null {
  const value = row[column];
  return value === null || value === undefined ? null : Number(value);
}

function toRow(row: Record<string, unknown>): OutboxRow {
  const entity = text(row, 'entity');
  const operation = OUTBOX_OPERATIONS.find((o) => o === row['operation']);
  const status = OUTBOX_STATUSES.find((s) => s === row['status']);
  if (!isEntityName(entity) || operation === undefined || status === undefined) throw new Error(`gradebook_outbox row ${text(row, 'id')} is unreadable`);
  return {
    id: text(row, 'id'),
    districtId: text(row, 'district_id'),
    entity,
    sourcedId: text(row, 'sourced_id'),
    operation,
    writtenAt: text(row, 'written_at'),
    status,
    attempts: optionalNumber(row, 'attempts') ?? 0,
    lastStatus: optionalNumber(row, 'last_status'),
    lastError: optionalText(row, 'last_error'),
    pushedAt: optionalText(row, 'pushed_at'),
    updatedAt: text(row, 'updated_at'),
  };
}
