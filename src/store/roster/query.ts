import { CompiledQuery } from 'kysely';
import { rowToRecord, tableOf, type AnyEntityDecl, type BaseRecord, type Version } from '../../model/index.ts';
import type { FilterExpression, SortSpec } from '../../model/query/index.ts';
import { q, type Db, type StoreDialect } from '../dialect.ts';
import { col, compileConditions, Params, type CompileContext, type Condition } from './conditions.ts';
import type { CountCache } from './count-cache.ts';
import { compileFilter } from './filter-sql.ts';
import { queryPaths } from './query-paths.ts';
import { visibleConditions, type Visibility } from './visibility.ts';

/** One read of roster records, as the provider asks for it. */
export interface RecordQuery {
  readonly entity: AnyEntityDecl;
  /** Decides which JSON names the filter and sort paths use. */
  readonly version: Version;
  readonly visibility: Visibility;
  /** Typed collection and nested-route conditions. */
  readonly conditions: readonly Condition[];
  readonly filter?: FilterExpression | undefined;
  readonly sort?: SortSpec | undefined;
}

export interface RecordPage {
  /** Matching records in all pages. */
  readonly total: number;
  readonly records: BaseRecord[];
}

const ALIAS = 'r';

/**
 * Records of both statuses are returned (`tobedeleted` tombstones included) so a delta read by
 * `dateLastModified` sees deletions; clients that want live records filter `status='active'`.
 */
function whereClause(query: RecordQuery, params: Params, dialect: StoreDialect): string {
  const ctx: CompileContext = { dialect, params, alias: ALIAS, depth: 0 };
  const parts = compileConditions([...visibleConditions(query.entity.name, query.visibility), ...query.conditions], ctx);
  if (query.filter !== undefined) parts.push(compileFilter(query.filter, queryPaths(query.entity, query.version), ctx));
  return parts.length === 0 ? '' : ` where ${parts.join(' and ')}`;
}

/**
 * Without a sort: when the record was first written, then sourcedId. An update keeps a record's
 * creation time and a deletion keeps it as a tombstone, and a record added later sorts after every
 * record already there, so offset paging neither repeats nor skips a record while a sync writes.
 * With a sort: the field (absent values last on both engines), then always sourcedId, so pages
 * never overlap.
 */
function orderClause(query: RecordQuery): string {
  const tail = `${col(ALIAS, 'sourced_id')} asc`;
  const sort = query.sort;
  if (sort === undefined) return ` order by ${col(ALIAS, 'date_created')} asc, ${tail}`;
  const path = queryPaths(query.entity, query.version).get(sort.path);
  if (path === undefined || path.column === 'sourced_id') {
    return ` order by ${col(ALIAS, 'sourced_id')} ${sort.direction}`;
  }
  const column = col(ALIAS, path.column);
  return ` order by case when ${column} is null then 1 else 0 end, ${column} ${sort.direction}, ${tail}`;
}

function selectList(entity: AnyEntityDecl): string {
  return tableOf(entity)
    .columns.filter((c) => c.name !== 'content_hash' && c.name !== 'date_created')
    .map((c) => col(ALIAS, c.name))
    .join(', ');
}

export interface PageOptions {
  readonly limit: number;
  readonly offset: number;
  /** Reuse totals while the table is unchanged (see count-cache.ts). */
  readonly counts?: CountCache | undefined;
  /** For the count cache's time bound; defaults to the system clock. */
  readonly nowMs?: number;
}

/**
 * Rows counted at the latest dateLastModified, at most: after a bulk write every row carries the
 * same instant, and counting them all would cost what the cache saves. A later write moves the
 * instant itself, so a small bound only matters for writes within the very same millisecond.
 */
const STAMP_ROWS = 101;

/**
 * What changes whenever a table's records do: the latest dateLastModified (one index seek) and how
 * many rows carry it (a short index range), so two writes within one millisecond — or under a
 * fixed clock — still change it. Purges, which remove old tombstones only, do not: the count
 * cache's time bound covers those.
 */
async function tableStamp(db: Db, tableName: string): Promise<string> {
  const table = q(tableName);
  const latest = `(select max(date_last_modified) from ${table})`;
  const text = `select ${latest} as stamp, (select count(*) from (select 1 from ${table} where date_last_modified = ${latest} limit ${STAMP_ROWS}) at_latest) as n`;
  const row = (await db.executeQuery<{ stamp: string | null; n: number | string }>(CompiledQuery.raw(text, []))).rows[0];
  return row?.stamp === null || row === undefined ? '' : `${row.stamp}|${String(row.n)}`;
}

async function countMatches(db: Db, dialect: StoreDialect, query: RecordQuery, from: string, page: PageOptions): Promise<number> {
  const params = new Params(dialect);
  const text = `select count(*) as n${from}${whereClause(query, params, dialect)}`;
  const counts = page.counts;
  if (counts === undefined) return Number((await db.executeQuery<{ n: number | string }>(CompiledQuery.raw(text, params.values))).rows[0]?.n ?? 0);
  const stamp = await tableStamp(db, tableOf(query.entity).name);
  const key = `${text}\u0000${JSON.stringify(params.values)}`;
  const now = page.nowMs ?? Date.now();
  const cached = counts.get(key, stamp, now);
  if (cached !== undefined) return cached;
  const total = Number((await db.executeQuery<{ n: number | string }>(CompiledQuery.raw(text, params.values))).rows[0]?.n ?? 0);
  counts.set(key, stamp, now, total);
  return total;
}

/**
 * A page of records and the total count of matches. The page's sourcedIds are chosen first, from
 * the indexes alone where the engine can, and only those rows are read: a deep `offset` then
 * skips index entries instead of whole rows.
 */
export async function queryRecords(db: Db, dialect: StoreDialect, query: RecordQuery, page: PageOptions): Promise<RecordPage> {
  const table = tableOf(query.entity);
  const from = ` from ${q(table.name)} ${q(ALIAS)}`;
  const total = await countMatches(db, dialect, query, from, page);
  if (total === 0 || page.offset >= total) return { total, records: [] };
  const params = new Params(dialect);
  const where = whereClause(query, params, dialect);
  const order = orderClause(query);
  const ids = `select ${col(ALIAS, 'sourced_id')}${from}${where}${order} limit ${Math.floor(page.limit)} offset ${Math.floor(page.offset)}`;
  const text = `select ${selectList(query.entity)}${from} where ${col(ALIAS, 'sourced_id')} in (${ids})${order}`;
  const result = await db.executeQuery<Record<string, unknown>>(CompiledQuery.raw(text, params.values));
  return { total, records: result.rows.map((row) => rowToRecord(table, row)) };
}

/** One record by sourcedId if the query's conditions let the caller see it. */
export async function findRecord(db: Db, dialect: StoreDialect, query: RecordQuery, sourcedId: string): Promise<BaseRecord | undefined> {
  const table = tableOf(query.entity);
  const params = new Params(dialect);
  const scoped: RecordQuery = { ...query, conditions: [...query.conditions, { kind: 'equals', column: 'sourced_id', value: sourcedId }] };
  const text = `select ${selectList(query.entity)} from ${q(table.name)} ${q(ALIAS)}${whereClause(scoped, params, dialect)} limit 1`;
  const result = await db.executeQuery<Record<string, unknown>>(CompiledQuery.raw(text, params.values));
  const row = result.rows[0];
  return row === undefined ? undefined : rowToRecord<BaseRecord>(table, row);
}
