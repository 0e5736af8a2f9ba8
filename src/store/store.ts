import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { sql } from 'kysely';
import { HubError, systemClock, type Clock } from '../kernel/index.ts';
import { parseDatabaseUrl, type Db, type StoreDialect } from './dialect.ts';
import { sqliteDialect } from './dialects/sqlite.ts';
import { postgresDialect } from './dialects/postgres.ts';
import { attendanceTableSpecs, ensureSchema, rosterTableSpecs, type TableSpec } from './schema.ts';

/** An open store: the query layer, what the engine can do, and the hub's clock. */
export interface Store {
  readonly db: Db;
  readonly dialect: StoreDialect;
  readonly clock: Clock;
  close(): Promise<void>;
}

export interface OpenStoreOptions {
  /** `postgres://…`, `sqlite:<path>` or a file path. */
  url: string;
  clock?: Clock;
  /** Tables beyond the roster (access, sync …) to create or extend. */
  extraTables?: readonly TableSpec[];
}

export function dialectFor(url: string): StoreDialect {
  const location = parseDatabaseUrl(url);
  if (location.engine === 'postgres') return postgresDialect(location.url);
  if (location.file !== ':memory:') mkdirSync(dirname(location.file), { recursive: true });
  return sqliteDialect(location.file);
}

/** Opens (and if needed creates) the store and brings its schema up to the model. */
export async function openStore(options: OpenStoreOptions): Promise<Store> {
  let dialect: StoreDialect;
  try {
    dialect = dialectFor(options.url);
  } catch (cause) {
    throw new HubError('config_invalid', cause instanceof Error ? cause.message : String(cause), { cause });
  }
  const db = dialect.createKysely();
  try {
    await sql`select 1`.execute(db);
  } catch (cause) {
    await db.destroy().catch(() => undefined);
    const reason = cause instanceof Error ? cause.message : String(cause);
    throw new HubError('database_unreachable', `cannot open ${dialect.displayName}: ${reason}`, { cause });
  }
  await ensureSchema(db, dialect, [...rosterTableSpecs(), ...attendanceTableSpecs(), ...(options.extraTables ?? [])]);
  return {
    db,
    dialect,
    clock: options.clock ?? systemClock,
    close: () => db.destroy(),
  };
}
