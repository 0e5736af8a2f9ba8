import Database from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import type { ColumnStorage } from '../../model/index.ts';
import type { Db, StoreDialect } from '../dialect.ts';

export function sqliteDialect(file: string): StoreDialect {
  return {
    engine: 'sqlite',
    displayName: `SQLite ${file}`,
    createKysely(): Db {
      const database = new Database(file);
      // WAL lets readers (the API) go on while an import or sync writes.
      database.pragma('journal_mode = WAL');
      database.pragma('synchronous = NORMAL');
      database.pragma('foreign_keys = ON');
      database.pragma('busy_timeout = 5000');
      database.pragma('cache_size = -65536');
      return new Kysely({ dialect: new SqliteDialect({ database }) });
    },
    columnType(storage: ColumnStorage, primaryKey: boolean): string {
      const base = storage === 'real' ? 'real' : storage === 'bool' ? 'integer' : 'text';
      return primaryKey ? `${base} not null primary key` : base;
    },
    placeholder: () => '?',
    maxParameters: 32_000,
    jsonArrayContains: (column, param) => `exists (select 1 from json_each(${column}) where json_each.value = ${param})`,
  };
}
