import type { Kysely } from 'kysely';
import type { ColumnStorage } from '../model/index.ts';

/** Tables are derived from the model at run time, so the query builder sees them loosely typed. */
export type Database = Record<string, Record<string, unknown>>;
export type Db = Kysely<Database>;

/**
 * Everything that differs between SQLite and PostgreSQL, as capabilities. Callers never ask
 * which engine they are on; they ask the dialect.
 */
export interface StoreDialect {
  readonly engine: 'sqlite' | 'postgres';
  /** Human-readable location for messages (never includes a password). */
  readonly displayName: string;
  createKysely(): Db;
  /** SQL type for a column kind. Text compares byte-wise on both engines so ordering is identical. */
  columnType(storage: ColumnStorage, primaryKey: boolean): string;
  /** Placeholder for the i-th (0-based) parameter of a raw statement. */
  placeholder(index: number): string;
  /** Most bind parameters one statement may carry. */
  readonly maxParameters: number;
  /** SQL that is true when a JSON array column contains a text value (parameter at `param`). */
  jsonArrayContains(column: string, param: string): string;
  /**
   * SQL that is true when a JSON array of objects (e.g. users.roles) has one element whose text
   * properties equal all the given values (`[key, param]` pairs). Keys are plain identifiers
   * chosen by the caller, never request input.
   */
  jsonArrayHasMember(column: string, match: ReadonlyArray<readonly [key: string, param: string]>): string;
  /**
   * SQL that is true when some element of a JSON array of objects satisfies `predicate`, which is
   * given a function returning the SQL text of an element's property (a plain identifier chosen by
   * the caller, never request input).
   */
  jsonArraySome(column: string, predicate: (property: (key: string) => string) => string): string;
  /**
   * Inserts rows, or updates the existing row with the same key when `changedWhen` holds; returns
   * the `returning` columns of the rows inserted or updated. Each engine batches its own fastest way.
   */
  upsertMany(db: Db, spec: UpsertSpec, rows: ReadonlyArray<readonly unknown[]>): Promise<Array<Record<string, unknown>>>;
  /**
   * Refreshes the planner's statistics of these tables. Neither engine keeps them current by itself
   * here (SQLite never does; PostgreSQL only through autovacuum), and without them both sort a whole
   * district for every page instead of walking an index. Outside any transaction (PostgreSQL
   * vacuums too, which a transaction cannot).
   */
  analyze(db: Db, tables: readonly string[]): Promise<void>;
}

export interface UpsertSpec {
  readonly table: string;
  readonly columns: ReadonlyArray<{ name: string; storage: ColumnStorage }>;
  readonly key: string;
  /** Columns an update leaves as they were (e.g. the creation time). */
  readonly keepOnUpdate: readonly string[];
  /** SQL condition over the existing row (named by the table) and `excluded`. */
  readonly changedWhen: string;
  readonly returning: readonly string[];
}

/** The `on conflict … do update … where … returning …` tail both engines share. */
export function upsertTail(spec: UpsertSpec): string {
  const updates = spec.columns
    .filter((c) => c.name !== spec.key && !spec.keepOnUpdate.includes(c.name))
    .map((c) => `${q(c.name)} = excluded.${q(c.name)}`);
  return `on conflict (${q(spec.key)}) do update set ${updates.join(', ')} where ${spec.changedWhen} returning ${spec.returning.map(q).join(', ')}`;
}

/** Which engine a database URL names. */
export type StoreLocation = { engine: 'sqlite'; file: string } | { engine: 'postgres'; url: string };

export function parseDatabaseUrl(url: string): StoreLocation {
  if (/^postgres(ql)?:\/\//i.test(url)) return { engine: 'postgres', url };
  if (url.startsWith('sqlite:')) return { engine: 'sqlite', file: url.slice('sqlite:'.length).replace(/^\/\/(?=\/)/, '') || ':memory:' };
  if (url.includes('://')) throw new Error(`unsupported database URL scheme in '${redactUrl(url)}' (use postgres://… or sqlite:<path>)`);
  return { engine: 'sqlite', file: url };
}

/** A URL safe to print: the password is replaced. */
export function redactUrl(url: string): string {
  return url.replace(/(\/\/[^:/@]+:)[^@]*@/, '$1***@');
}

/** A quoted SQL identifier (column names such as `primary` are reserved words). */
export function q(identifier: string): string {
  return `"${identifier.replace(/"/g, '""')}"`;
}
