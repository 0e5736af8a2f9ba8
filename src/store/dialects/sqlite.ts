import Database from 'better-sqlite3';
import { CompiledQuery, Kysely, SqliteDialect } from 'kysely';
import type { ColumnStorage } from '../../model/index.ts';
import { q, upsertTail, type Db, type StoreDialect, type UpsertSpec } from '../dialect.ts';

export function sqliteDialect(file: string): StoreDialect {
  // Bulk writes use the connection directly with statements prepared once: kysely's driver prepares
  // every statement anew, which dominates an import. Same connection, so same transaction.
  let connection: Database.Database | undefined;
  const prepared = new Map<string, Database.Statement>();
  return {
    engine: 'sqlite',
    displayName: `SQLite ${file}`,
    createKysely(): Db {
      const database = new Database(file);
      connection = database;
      // WAL lets readers (the API) go on while an import or sync writes.
      database.pragma('journal_mode = WAL');
      database.pragma('synchronous = NORMAL');
      database.pragma('foreign_keys = ON');
      database.pragma('busy_timeout = 5000');
      // 16 MiB of page cache per connection: a long-running server or sync holds it for good. 64 MiB
      // made a 50 000-student import 7 % faster but a sync's peak memory 60 MB higher (docs/benchmarks.md).
      database.pragma('cache_size = -16384');
      return new Kysely({ dialect: new SqliteDialect({ database }) });
    },
    columnType(storage: ColumnStorage, primaryKey: boolean): string {
      const base = storage === 'real' ? 'real' : storage === 'bool' ? 'integer' : 'text';
      return primaryKey ? `${base} not null primary key` : base;
    },
    placeholder: () => '?',
    maxParameters: 32_000,
    jsonArrayContains: (column, param) => `exists (select 1 from json_each(${column}) where json_each.value = ${param})`,
    jsonArrayHasMember: (column, match) =>
      `exists (select 1 from json_each(${column}) where ${match.map(([key, param]) => `json_extract(json_each.value, '$.${key}') = ${param}`).join(' and ')})`,
    jsonArraySome: (column, predicate) =>
      `exists (select 1 from json_each(${column}) as je where ${predicate((key) => `json_extract(je.value, '$.${key}')`)})`,
    async analyze(db: Db, tables: readonly string[]) {
      for (const table of tables) await db.executeQuery(CompiledQuery.raw(`analyze ${q(table)}`, []));
    },
    async upsertMany(_db: Db, spec: UpsertSpec, rows: ReadonlyArray<readonly unknown[]>) {
      if (connection === undefined) throw new Error('the SQLite store is not open');
      const database = connection;
      const perStatement = Math.max(1, Math.min(500, Math.floor(32_000 / spec.columns.length)));
      const statementFor = (count: number): Database.Statement => {
        const key = `${spec.table}:${spec.returning.join(',')}:${count}`;
        let statement = prepared.get(key);
        if (statement === undefined) {
          const tuple = `(${spec.columns.map(() => '?').join(', ')})`;
          const text = `insert into ${q(spec.table)} (${spec.columns.map((c) => q(c.name)).join(', ')}) values ${Array.from({ length: count }, () => tuple).join(', ')} ${upsertTail(spec)}`;
          statement = database.prepare(text);
          prepared.set(key, statement);
        }
        return statement;
      };
      const out: Array<Record<string, unknown>> = [];
      for (let start = 0; start < rows.length; start += perStatement) {
        const part = rows.slice(start, start + perStatement);
        const params: unknown[] = [];
        for (const row of part) for (const value of row) params.push(value);
        out.push(...(statementFor(part.length).all(...params) as Array<Record<string, unknown>>));
      }
      return out;
    },
  };
}
