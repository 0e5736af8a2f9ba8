import { hash } from 'node:crypto';
import { CompiledQuery } from 'kysely';
import { recordToRow, tableOf, type AnyEntityDecl, type BaseRecord, type TableDecl } from '../../model/index.ts';
import { q, type Db, type StoreDialect, type UpsertSpec } from '../dialect.ts';
import { chunk } from './chunk.ts';

/** Who is writing and when: every row written in one unit of work gets the same timestamp. */
export interface WriteContext {
  readonly districtId: string;
  /** ISO 8601 UTC timestamp that becomes dateLastModified of everything changed. */
  readonly now: string;
}

export interface UpsertOutcome {
  created: string[];
  updated: string[];
  /** Rows not written because their sourcedId belongs to another district. */
  conflicts: Array<{ sourcedId: string; districtId: string }>;
}

function upsertSpec(table: TableDecl): UpsertSpec {
  const t = q(table.name);
  return {
    table: table.name,
    columns: table.columns.map((c) => ({ name: c.name, storage: c.storage })),
    key: 'sourced_id',
    keepOnUpdate: ['date_created'],
    // Never across districts, even if a concurrent writer slipped past the ownership check.
    changedWhen: `${t}.district_id = excluded.district_id and (${t}.content_hash <> excluded.content_hash or ${t}.status <> excluded.status)`,
    returning: ['sourced_id', 'date_created'],
  };
}

/** A digest of what the record says (not of when or where it was written, nor its status). */
export function contentHash(table: TableDecl, row: Record<string, unknown>): string {
  const values = table.digestColumns.map((name) => row[name] ?? null);
  // One-shot hashing: a sync digests every record it reads, and a Hash object per record was a third of that.
  return hash('sha1', JSON.stringify(values), 'base64url');
}

function idList(dialect: StoreDialect, count: number, offset = 0): string {
  return Array.from({ length: count }, (_, i) => dialect.placeholder(i + offset)).join(', ');
}

async function foreignOwners(db: Db, dialect: StoreDialect, table: TableDecl, ids: string[], districtId: string): Promise<Map<string, string>> {
  const owners = new Map<string, string>();
  // Most tables hold one district: two index seeks answer that before any per-id lookup.
  const others = await db.executeQuery(
    CompiledQuery.raw(`select 1 from ${q(table.name)} where district_id < ${dialect.placeholder(0)} or district_id > ${dialect.placeholder(1)} limit 1`, [districtId, districtId]),
  );
  if (others.rows.length === 0) return owners;
  for (const part of chunk(ids, dialect.maxParameters - 1)) {
    const text = `select sourced_id, district_id from ${q(table.name)} where district_id <> ${dialect.placeholder(0)} and sourced_id in (${idList(dialect, part.length, 1)})`;
    const result = await db.executeQuery<{ sourced_id: string; district_id: string }>(CompiledQuery.raw(text, [districtId, ...part]));
    for (const row of result.rows) owners.set(row.sourced_id, row.district_id);
  }
  return owners;
}

/**
 * Inserts new records and updates changed ones; a record whose content and status are unchanged is
 * left alone, so its dateLastModified does not move and delta readers do not see it again.
 */
export async function upsertRecords<R extends BaseRecord>(db: Db, dialect: StoreDialect, entity: AnyEntityDecl, records: readonly R[], ctx: WriteContext): Promise<UpsertOutcome> {
  const outcome: UpsertOutcome = { created: [], updated: [], conflicts: [] };
  if (records.length === 0) return outcome;
  const table = tableOf(entity);
  const owners = await foreignOwners(db, dialect, table, records.map((r) => r.sourcedId), ctx.districtId);
  const names = table.columns.map((c) => c.name);
  const rows: Array<Record<string, unknown>> = [];
  for (const record of records) {
    const owner = owners.get(record.sourcedId);
    if (owner !== undefined) {
      outcome.conflicts.push({ sourcedId: record.sourcedId, districtId: owner });
      continue;
    }
    const row: Record<string, unknown> = recordToRow(table, record);
    row.district_id = ctx.districtId;
    row.date_last_modified = ctx.now;
    row.date_created = ctx.now;
    row.content_hash = contentHash(table, row);
    rows.push(row);
  }
  const params = rows.map((row) => names.map((n) => row[n] ?? null));
  for (const row of await dialect.upsertMany(db, upsertSpec(table), params)) {
    (row.date_created === ctx.now ? outcome.created : outcome.updated).push(String(row.sourced_id));
  }
  return outcome;
}

/** Turns active records into `tobedeleted` tombstones (kept for delta readers). Returns those changed. */
export async function tombstoneRecords(db: Db, dialect: StoreDialect, entity: AnyEntityDecl, ids: readonly string[], ctx: WriteContext): Promise<string[]> {
  const table = tableOf(entity);
  const changed: string[] = [];
  for (const part of chunk(ids, dialect.maxParameters - 2)) {
    const text =
      `update ${q(table.name)} set status = 'tobedeleted', date_last_modified = ${dialect.placeholder(0)} ` +
      `where district_id = ${dialect.placeholder(1)} and status = 'active' and sourced_id in (${idList(dialect, part.length, 2)}) returning sourced_id`;
    const result = await db.executeQuery<{ sourced_id: string }>(CompiledQuery.raw(text, [ctx.now, ctx.districtId, ...part]));
    for (const row of result.rows) changed.push(row.sourced_id);
  }
  return changed;
}

/**
 * Moves dateLastModified of records whose relationships changed (a class gained a student, a parent
 * gained a child) so that delta readers see them, without touching their content.
 */
export async function touchRecords(db: Db, dialect: StoreDialect, entity: AnyEntityDecl, ids: Iterable<string>, ctx: WriteContext): Promise<number> {
  const table = tableOf(entity);
  let touched = 0;
  for (const part of chunk([...new Set(ids)], dialect.maxParameters - 2)) {
    const text =
      `update ${q(table.name)} set date_last_modified = ${dialect.placeholder(0)} ` +
      `where date_last_modified < ${dialect.placeholder(1)} and sourced_id in (${idList(dialect, part.length, 2)})`;
    const result = await db.executeQuery(CompiledQuery.raw(text, [ctx.now, ctx.now, ...part]));
    touched += Number(result.numAffectedRows ?? 0);
  }
  return touched;
}
