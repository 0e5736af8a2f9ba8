import { createHash } from 'node:crypto';
import { CompiledQuery } from 'kysely';
import { recordToRow, tableOf, type AnyRecord, type EntityDecl, type TableDecl } from '../../model/index.ts';
import { q, type Db, type StoreDialect } from '../dialect.ts';
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

/** The statements of one table, built once per (table, batch size) and reused. */
const statementCache = new Map<string, string>();

function upsertStatement(dialect: StoreDialect, table: TableDecl, rows: number): string {
  const key = `${dialect.engine}:${table.name}:${rows}`;
  const cached = statementCache.get(key);
  if (cached !== undefined) return cached;
  const names = table.columns.map((c) => q(c.name));
  let p = 0;
  const tuples: string[] = [];
  for (let r = 0; r < rows; r++) tuples.push(`(${names.map(() => dialect.placeholder(p++)).join(', ')})`);
  const updates = names.filter((n) => n !== q('sourced_id') && n !== q('date_created')).map((n) => `${n} = excluded.${n}`);
  const text =
    `insert into ${q(table.name)} (${names.join(', ')}) values ${tuples.join(', ')} ` +
    `on conflict (sourced_id) do update set ${updates.join(', ')} ` +
    `where ${q(table.name)}.content_hash <> excluded.content_hash or ${q(table.name)}.status <> excluded.status ` +
    `returning sourced_id, date_created`;
  statementCache.set(key, text);
  return text;
}

/** A digest of what the record says (not of when or where it was written, nor its status). */
export function contentHash(table: TableDecl, row: Record<string, unknown>): string {
  const values = table.contentColumns.filter((c) => c.name !== 'status').map((c) => row[c.name] ?? null);
  return createHash('sha1').update(JSON.stringify(values)).digest('base64url');
}

function idList(dialect: StoreDialect, count: number, offset = 0): string {
  return Array.from({ length: count }, (_, i) => dialect.placeholder(i + offset)).join(', ');
}

async function foreignOwners(db: Db, dialect: StoreDialect, table: TableDecl, ids: string[], districtId: string): Promise<Map<string, string>> {
  const owners = new Map<string, string>();
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
export async function upsertRecords(db: Db, dialect: StoreDialect, entity: EntityDecl, records: readonly AnyRecord[], ctx: WriteContext): Promise<UpsertOutcome> {
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
  const perStatement = Math.max(1, Math.min(1000, Math.floor(dialect.maxParameters / names.length)));
  for (const part of chunk(rows, perStatement)) {
    const params: unknown[] = [];
    for (const row of part) for (const n of names) params.push(row[n] ?? null);
    const result = await db.executeQuery<{ sourced_id: string; date_created: string }>(
      CompiledQuery.raw(upsertStatement(dialect, table, part.length), params),
    );
    for (const row of result.rows) (row.date_created === ctx.now ? outcome.created : outcome.updated).push(row.sourced_id);
  }
  return outcome;
}

/** Turns active records into `tobedeleted` tombstones (kept for delta readers). Returns those changed. */
export async function tombstoneRecords(db: Db, dialect: StoreDialect, entity: EntityDecl, ids: readonly string[], ctx: WriteContext): Promise<string[]> {
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
export async function touchRecords(db: Db, dialect: StoreDialect, entity: EntityDecl, ids: Iterable<string>, ctx: WriteContext): Promise<number> {
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
