/**
 * What bench:api and bench:sync both set up: the demo district as a OneRoster 1.2 CSV folder, a
 * fresh database per engine, and the real importer in its own process.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import pg from 'pg';
import { writeBundle } from '../src/csv/index.ts';
import { createDemoDistrict } from '../src/demo/index.ts';
import { HEAP_CEILING_FLAG } from '../src/hub/index.ts';
import type { BenchEngine } from './api-options.ts';

export const PG_ADMIN = process.env.ROSTERBRIDGE_TEST_PG ?? 'postgres://root@127.0.0.1:5432/test';
export const ENGINE_NAMES: Record<BenchEngine, string> = { sqlite: 'SQLite', postgres: 'PostgreSQL' };
const here = import.meta.dirname;

export async function pgAdmin(statement: string): Promise<void> {
  const admin = new pg.Client({ connectionString: PG_ADMIN });
  await admin.connect();
  try {
    await admin.query(statement);
  } finally {
    await admin.end();
  }
}

/** A fresh, empty database: a SQLite file in `work`, or PostgreSQL database `name` (dropped first). */
export async function freshDatabase(engine: BenchEngine, work: string, name: string): Promise<string> {
  if (engine === 'sqlite') return `sqlite:${join(work, `${name}.db`)}`;
  await dropDatabase(name);
  await pgAdmin(`create database ${name}`);
  const url = new URL(PG_ADMIN);
  url.pathname = `/${name}`;
  return url.toString();
}

export async function dropDatabase(name: string): Promise<void> {
  await pgAdmin(`drop database if exists ${name} with (force)`);
}

/** The generated district written as a OneRoster 1.2 bulk CSV folder; its district id and the time it took. */
export async function writeDemoBundle(students: number, folder: string): Promise<{ districtId: string; ms: number }> {
  const district = createDemoDistrict({ students, seed: 'bench', schoolYear: 2027 });
  const started = performance.now();
  await writeBundle(folder, { records: (e) => district.records(e.name), metadataKeys: async () => [] }, { version: '1.2', mode: 'bulk' });
  return { districtId: district.districtId, ms: performance.now() - started };
}

/** The real importer, in its own process (bench/import-worker.ts), as bench:import runs it. */
export function importInto(url: string, bundle: string): { ms: number; rows: number } {
  const output = execFileSync(process.execPath, ['--import', 'tsx', HEAP_CEILING_FLAG, join(here, 'import-worker.ts'), url, bundle], { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
  return JSON.parse(output) as { ms: number; rows: number };
}
