import pg from 'pg';
import { Kysely, PostgresDialect } from 'kysely';
import type { ColumnStorage } from '../../model/index.ts';
import { CompiledQuery } from 'kysely';
import { q, redactUrl, upsertTail, type Db, type StoreDialect, type UpsertSpec } from '../dialect.ts';

export function postgresDialect(url: string): StoreDialect {
  return {
    engine: 'postgres',
    displayName: `PostgreSQL ${redactUrl(url)}`,
    createKysely(): Db {
      const pool = new pg.Pool({ connectionString: url, max: 10 });
      // An idle connection that dies (server restart, a dropped database) is replaced by the pool on
      // the next query; without a listener the 'error' event would crash the process.
      pool.on('error', () => undefined);
      return new Kysely({ dialect: new PostgresDialect({ pool }) });
    },
    columnType(storage: ColumnStorage, primaryKey: boolean): string {
      // "C" collation: byte order, the same order SQLite gives, so paging is identical on both engines.
      const base = storage === 'real' ? 'double precision' : storage === 'bool' ? 'smallint' : 'text collate "C"';
      return primaryKey ? `${base} not null primary key` : base;
    },
    placeholder: (index) => `$${index + 1}`,
    maxParameters: 60_000,
    jsonArrayContains: (column, param) => `(${column})::jsonb ? ${param}`,
    jsonArrayHasMember: (column, match) =>
      `(${column})::jsonb @> jsonb_build_array(jsonb_build_object(${match.map(([key, param]) => `'${key}', (${param})::text`).join(', ')}))`,
    jsonArraySome: (column, predicate) => `exists (select 1 from jsonb_array_elements((${column})::jsonb) as je(v) where ${predicate((key) => `(je.v ->> '${key}')`)})`,
    async analyze(db: Db, tables: readonly string[]) {
      // VACUUM also sets the visibility map, without which a page's ids cannot come from the index
      // alone (an index-only scan); autovacuum would do both eventually, if it is on.
      for (const table of tables) await db.executeQuery(CompiledQuery.raw(`vacuum (analyze) ${q(table)}`, []));
    },
    async upsertMany(db: Db, spec: UpsertSpec, rows: ReadonlyArray<readonly unknown[]>) {
      // One parameter per column (an array of that column's values) instead of one per cell: the
      // statement text stays small and fixed however many rows a batch carries.
      const arrayType = (storage: string): string => (storage === 'real' ? 'float8[]' : storage === 'bool' ? 'int2[]' : 'text[]');
      const names = spec.columns.map((c) => q(c.name)).join(', ');
      const text =
        `insert into ${q(spec.table)} (${names}) select * from unnest(${spec.columns.map((c, i) => `$${i + 1}::${arrayType(c.storage)}`).join(', ')}) ` +
        `${upsertTail(spec)}`;
      const out: Array<Record<string, unknown>> = [];
      for (let start = 0; start < rows.length; start += 5000) {
        const part = rows.slice(start, start + 5000);
        const columns = spec.columns.map((_, i) => part.map((row) => row[i] ?? null));
        const result = await db.executeQuery<Record<string, unknown>>(CompiledQuery.raw(text, columns));
        out.push(...result.rows);
      }
      return out;
    },
  };
}
