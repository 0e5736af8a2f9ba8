import pg from 'pg';
import { Kysely, PostgresDialect } from 'kysely';
import type { ColumnStorage } from '../../model/index.ts';
import { redactUrl, type Db, type StoreDialect } from '../dialect.ts';

export function postgresDialect(url: string): StoreDialect {
  return {
    engine: 'postgres',
    displayName: `PostgreSQL ${redactUrl(url)}`,
    createKysely(): Db {
      const pool = new pg.Pool({ connectionString: url, max: 10 });
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
  };
}
