import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../src/store/index.ts';
import { runSync } from '../../src/sync/index.ts';
import { engines, type Engine } from '../support/engines.ts';
import { openRunFixture, type RunFixture } from './run-fixture.ts';

/** Whether the engine holds planner statistics for a table (SQLite: sqlite_stat1; PostgreSQL: a manual ANALYZE). */
async function analyzed(engine: Engine, store: Store, table: string): Promise<boolean> {
  if (engine === 'sqlite') {
    const stats = await sql<{ tbl: string }>`select name as tbl from sqlite_master where name = 'sqlite_stat1'`.execute(store.db);
    if (stats.rows.length === 0) return false;
    return (await sql<{ tbl: string }>`select tbl from sqlite_stat1 where tbl = ${table}`.execute(store.db)).rows.length > 0;
  }
  const rows = await sql<{ at: unknown }>`select last_analyze as at from pg_stat_user_tables where relname = ${table}`.execute(store.db);
  return rows.rows[0]?.at !== null && rows.rows[0]?.at !== undefined;
}

describe.each(engines())('statistics after a large sync commit on %s', (engine) => {
  let f: RunFixture;
  beforeAll(async () => {
    // Enough students that the enrollments pass a thousand changes in one commit.
    f = await openRunFixture(engine, 250);
  });
  afterAll(async () => {
    await f.close();
  });

  it('refreshes the planner statistics of the tables it filled, and of what the connection owns', async () => {
    expect(await analyzed(engine, f.target, 'sync_owned')).toBe(false);
    const connection = await f.connect();
    const run = await runSync(f.deps(), connection.id, { trigger: 'manual' });
    expect(run.status, JSON.stringify(run.errors)).toBe('succeeded');
    expect(run.counts.enrollments?.created).toBeGreaterThanOrEqual(1000);
    expect(await analyzed(engine, f.target, 'sync_owned')).toBe(true);
    expect(await analyzed(engine, f.target, 'or_enrollments')).toBe(true);
  });
});
