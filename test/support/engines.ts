import pg from 'pg';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export type Engine = 'sqlite' | 'postgres';

/** Where test databases are created; override with ROSTERBRIDGE_TEST_PG. */
export const PG_ADMIN_URL = process.env.ROSTERBRIDGE_TEST_PG ?? 'postgres://root@127.0.0.1:5432/test';

async function probePostgres(): Promise<string | undefined> {
  const client = new pg.Client({ connectionString: PG_ADMIN_URL, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('select 1');
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  } finally {
    await client.end().catch(() => undefined);
  }
}

const pgProblem = await probePostgres();

/**
 * The engines a store suite runs on. PostgreSQL is required in CI (the suite fails rather than
 * skips); on a developer machine without it, it is left out with the reason printed.
 */
export function engines(): Engine[] {
  if (pgProblem === undefined) return ['sqlite', 'postgres'];
  if (process.env.CI !== undefined && process.env.CI !== '' && process.env.CI !== 'false') {
    throw new Error(`PostgreSQL is required in CI but ${PG_ADMIN_URL} is unreachable: ${pgProblem}`);
  }
  console.warn(`PostgreSQL suite left out: ${PG_ADMIN_URL} unreachable (${pgProblem}); set CI=true to make this an error`);
  return ['sqlite'];
}

export interface TestDatabase {
  readonly url: string;
  drop(): Promise<void>;
}

/** A new, empty database of its own for one test or suite. */
export async function createTestDatabase(engine: Engine): Promise<TestDatabase> {
  if (engine === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'rb-store-'));
    return { url: `sqlite:${join(dir, 'test.db')}`, drop: async () => rmSync(dir, { recursive: true, force: true }) };
  }
  const name = `rb_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(PG_ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const client = new pg.Client({ connectionString: PG_ADMIN_URL });
      await client.connect();
      await client.query(`drop database if exists ${name} with (force)`);
      await client.end();
    },
  };
}
