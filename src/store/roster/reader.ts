import { CompiledQuery } from 'kysely';
import { rowToRecord, tableOf, type AnyEntityDecl, type AnyRecord, type BaseRecord, type EntityDecl, type RecordTypes } from '../../model/index.ts';
import { q, type Db, type StoreDialect } from '../dialect.ts';
import { chunk } from './chunk.ts';

function placeholders(dialect: StoreDialect, count: number, offset = 0): string {
  return Array.from({ length: count }, (_, i) => dialect.placeholder(i + offset)).join(', ');
}

/** Which of these sourcedIds exist as active records (of any district unless one is named). */
export async function activeIdsAmong(db: Db, dialect: StoreDialect, entity: AnyEntityDecl, ids: Iterable<string>): Promise<Set<string>> {
  const table = tableOf(entity);
  const found = new Set<string>();
  for (const part of chunk([...new Set(ids)], dialect.maxParameters)) {
    const text = `select sourced_id from ${table.name} where status = 'active' and sourced_id in (${placeholders(dialect, part.length)})`;
    const result = await db.executeQuery<{ sourced_id: string }>(CompiledQuery.raw(text, part));
    for (const row of result.rows) found.add(row.sourced_id);
  }
  return found;
}

/** Which of these sourcedIds any record holds, of any district and status (a write must not take them over). */
export async function idsInUse(db: Db, dialect: StoreDialect, entity: EntityDecl, ids: Iterable<string>): Promise<Set<string>> {
  const table = tableOf(entity);
  const found = new Set<string>();
  for (const part of chunk([...new Set(ids)], dialect.maxParameters)) {
    const text = `select sourced_id from ${table.name} where sourced_id in (${placeholders(dialect, part.length)})`;
    const result = await db.executeQuery<{ sourced_id: string }>(CompiledQuery.raw(text, part));
    for (const row of result.rows) found.add(row.sourced_id);
  }
  return found;
}

/**
 * Active records of a district among these ids, with the named columns, by sourcedId. Columns must
 * be the entity's derived column names (callers take them from the model, never from input).
 */
export async function activeRowsAmong(
  db: Db,
  dialect: StoreDialect,
  entity: AnyEntityDecl,
  districtId: string,
  ids: Iterable<string>,
  columns: readonly string[],
): Promise<Map<string, Record<string, unknown>>> {
  const table = tableOf(entity);
  const known = new Set(table.columns.map((c) => c.name));
  const unknown = columns.filter((c) => !known.has(c));
  if (unknown.length > 0) throw new Error(`${table.name} has no column ${unknown.join(', ')}`);
  const select = ['sourced_id', ...columns].map(q).join(', ');
  const found = new Map<string, Record<string, unknown>>();
  for (const part of chunk([...new Set(ids)], dialect.maxParameters - 1)) {
    const text = `select ${select} from ${table.name} where status = 'active' and district_id = ${dialect.placeholder(0)} and sourced_id in (${placeholders(dialect, part.length, 1)})`;
    const result = await db.executeQuery<Record<string, unknown>>(CompiledQuery.raw(text, [districtId, ...part]));
    for (const row of result.rows) found.set(String(row.sourced_id), row);
  }
  return found;
}

/** Active records of a district whose `column` (a model-derived column name) holds `value`. */
export async function activeIdsWhere(db: Db, dialect: StoreDialect, entity: EntityDecl, districtId: string, column: string, value: string): Promise<string[]> {
  const table = tableOf(entity);
  const text = `select sourced_id from ${table.name} where district_id = ${dialect.placeholder(0)} and status = 'active' and ${q(column)} = ${dialect.placeholder(1)} order by sourced_id`;
  const result = await db.executeQuery<{ sourced_id: string }>(CompiledQuery.raw(text, [districtId, value]));
  return result.rows.map((r) => r.sourced_id);
}

/** Every active sourcedId of an entity in a district (what a bulk file must account for). */
export async function activeIdsOfDistrict(db: Db, dialect: StoreDialect, entity: AnyEntityDecl, districtId: string): Promise<string[]> {
  const table = tableOf(entity);
  const text = `select sourced_id from ${table.name} where district_id = ${dialect.placeholder(0)} and status = 'active'`;
  const result = await db.executeQuery<{ sourced_id: string }>(CompiledQuery.raw(text, [districtId]));
  return result.rows.map((r) => r.sourced_id);
}

/** Records by id (tombstones included), as a map. */
export async function readRecords<E extends keyof RecordTypes>(db: Db, dialect: StoreDialect, entity: EntityDecl & { name: E }, ids: Iterable<string>): Promise<Map<string, RecordTypes[E]>> {
  const table = tableOf(entity);
  const out = new Map<string, RecordTypes[E]>();
  for (const part of chunk([...new Set(ids)], dialect.maxParameters)) {
    const text = `select * from ${table.name} where sourced_id in (${placeholders(dialect, part.length)})`;
    const result = await db.executeQuery<Record<string, unknown>>(CompiledQuery.raw(text, part));
    for (const row of result.rows) out.set(String(row.sourced_id), rowToRecord<RecordTypes[E]>(table, row));
  }
  return out;
}

export interface StreamOptions {
  districtId?: string;
  /** Only records changed after this instant (ISO), tombstones included. */
  changedSince?: string;
  /** Include `tobedeleted` records (always true with changedSince). */
  includeTombstones?: boolean;
  batchSize?: number;
}

/** Districts present in the store: the distinct district_id of the orgs table. */
export async function districtIds(db: Db): Promise<string[]> {
  const result = await db.executeQuery<{ district_id: string }>(CompiledQuery.raw('select distinct district_id from or_orgs order by district_id', []));
  return result.rows.map((r) => r.district_id);
}

/**
 * Records in sourcedId order, a batch at a time (keyset paging), so memory does not grow with the
 * district. The district's bookkeeping columns stay inside the store.
 */
export async function* streamRecords<R extends BaseRecord = AnyRecord>(db: Db, dialect: StoreDialect, entity: AnyEntityDecl, options: StreamOptions = {}): AsyncGenerator<R> {
  const table = tableOf(entity);
  const batchSize = options.batchSize ?? 2000;
  let after: string | undefined;
  for (;;) {
    const where: string[] = [];
    const params: unknown[] = [];
    const param = (v: unknown): string => {
      params.push(v);
      return dialect.placeholder(params.length - 1);
    };
    if (options.districtId !== undefined) where.push(`district_id = ${param(options.districtId)}`);
    if (options.changedSince !== undefined) where.push(`date_last_modified > ${param(options.changedSince)}`);
    else if (options.includeTombstones !== true) where.push(`status = 'active'`);
    if (after !== undefined) where.push(`sourced_id > ${param(after)}`);
    const text = `select * from ${table.name}${where.length > 0 ? ` where ${where.join(' and ')}` : ''} order by sourced_id limit ${batchSize}`;
    const result = await db.executeQuery<Record<string, unknown>>(CompiledQuery.raw(text, params));
    for (const row of result.rows) yield rowToRecord<R>(table, row);
    if (result.rows.length < batchSize) return;
    after = String(result.rows[result.rows.length - 1]?.sourced_id);
  }
}

/** The free `metadata` keys records of an entity carry (they become `metadata.<key>` CSV columns). */
export async function metadataKeys(db: Db, dialect: StoreDialect, entity: EntityDecl, options: StreamOptions = {}): Promise<string[]> {
  const table = tableOf(entity);
  const where = ['metadata is not null'];
  const params: unknown[] = [];
  if (options.districtId !== undefined) {
    params.push(options.districtId);
    where.push(`district_id = ${dialect.placeholder(params.length - 1)}`);
  }
  if (options.changedSince !== undefined) {
    params.push(options.changedSince);
    where.push(`date_last_modified > ${dialect.placeholder(params.length - 1)}`);
  } else if (options.includeTombstones !== true) where.push(`status = 'active'`);
  const result = await db.executeQuery<{ metadata: string }>(CompiledQuery.raw(`select distinct metadata from ${table.name} where ${where.join(' and ')}`, params));
  const keys = new Set<string>();
  for (const row of result.rows) for (const key of Object.keys(JSON.parse(row.metadata) as object)) keys.add(key);
  return [...keys].sort();
}
