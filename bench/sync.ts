/**
 * npm run bench:sync — a full sync of the generated demo district, served by our own provider over
 * HTTP with OAuth 2.0, into a second store (SQLite and/or PostgreSQL), then a no-change sync and a
 * sync after 1 % of the users changed; each run in its own child process (its wall time and peak
 * memory are its own), beside a bare loop that pages through the same endpoints in the same round.
 * See docs/benchmarks.md.
 *
 *   npm run bench:sync -- [--students 50000] [--engines sqlite,postgres] [--cpu-prof] [--docs | --no-docs]
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSecretBox, generateMasterKey, parseMasterKey, type ChangeContext } from '../src/access/index.ts';
import { hubTableSpecs } from '../src/hub/index.ts';
import { systemClock } from '../src/kernel/index.ts';
import { entityDecl } from '../src/model/index.ts';
import { openStore } from '../src/store/index.ts';
import { addConnection, endpointsToCheck, requireConnection, saveSyncSettings } from '../src/sync/index.ts';
import type { BenchEngine } from './api-options.ts';
import type { ApiServerReady } from './api-server.ts';
import { dropDatabase, ENGINE_NAMES, freshDatabase, importInto, writeDemoBundle } from './bench-setup.ts';
import { runChild, startChild } from './child-server.ts';
import { updateBenchmarkSection } from './report.ts';
import type { BareLoopPlan, BareLoopResult } from './sync-bare.ts';
import { changeUsers } from './sync-change.ts';
import { parseSyncBenchOptions } from './sync-options.ts';
import { resultTable, RUN_KINDS, verdict, type SyncRound, type SyncRunKind } from './sync-report.ts';
import type { SyncRunPlan, SyncRunResult } from './sync-worker.ts';

/** What the issue asks for: 10 000-record pages, two requests in flight at most. */
const PAGE_SIZE = 10_000;
const CONCURRENCY = 2;
const CHANGED_PERCENT = 1;
const PG_DATABASE = 'rb_bench_sync';
const here = import.meta.dirname;
const BENCH_CTX: ChangeContext = { clock: systemClock, timeZone: 'UTC', actor: 'bench:sync' };

interface Source {
  readonly url: string;
  readonly districtId: string;
  readonly server: ApiServerReady;
}

/** The bench connection in the target store, through the real connection code (its secret sealed under `masterKey`). */
async function createConnection(url: string, masterKey: string, source: Source): Promise<string> {
  const store = await openStore({ url, extraTables: hubTableSpecs() });
  try {
    const baseUrl = `http://127.0.0.1:${source.server.port}`;
    const connection = await addConnection(store.db, BENCH_CTX, createSecretBox(parseMasterKey(masterKey)), {
      name: 'bench provider',
      districtId: source.districtId,
      kind: 'oneroster-rest',
      clientSecret: source.server.secret,
      rest: { version: '1.2', baseUrl, tokenUrl: `${baseUrl}/oauth/token`, clientId: source.server.key, auth: 'oauth2', pageSize: PAGE_SIZE, concurrency: CONCURRENCY },
    });
    return connection.id;
  } finally {
    await store.close();
  }
}

/** Switches the connection to delta reads (no periodic reconciliation), as an admin would with `connection rules set`. */
async function readDeltas(url: string, connectionId: string): Promise<void> {
  const store = await openStore({ url, extraTables: hubTableSpecs() });
  try {
    await saveSyncSettings(store.db, BENCH_CTX, await requireConnection(store.db, connectionId), { readMode: 'delta', fullSyncEveryDays: null });
  } finally {
    await store.close();
  }
}

/** The collections the sync reads (OneRoster 1.2: one base per service), with the sync's page size. */
function barePlan(source: Source): BareLoopPlan {
  const paths = endpointsToCheck('import').map((name) => `/ims/oneroster/${entityDecl(name).service}/v1p2/${name}`);
  return { type: 'bare', port: source.server.port, key: source.server.key, secret: source.server.secret, paths, pageSize: PAGE_SIZE };
}

/** One engine's round: the bare loop, then the three sync runs, each in its own child. */
async function round(engine: BenchEngine, source: Source, work: string, profileArgs: (name: string) => string[]): Promise<SyncRound> {
  const url = await freshDatabase(engine, work, PG_DATABASE);
  try {
    const masterKey = generateMasterKey();
    const connectionId = await createConnection(url, masterKey, source);
    const bare = await runChild<BareLoopResult>(join(here, 'sync-bare.ts'), barePlan(source));
    console.log(`${ENGINE_NAMES[engine]}: bare loop ${(bare.ms / 1000).toFixed(1)} s, ${bare.records.toLocaleString('en-US')} records, ${Math.round(bare.maxRssMb)} MB`);
    const plan: SyncRunPlan = { type: 'run', url, connectionId, masterKey };
    const runs: Array<{ kind: SyncRunKind; result: SyncRunResult }> = [];
    for (const kind of RUN_KINDS) {
      if (kind === 'delta, no change') await readDeltas(url, connectionId);
      if (kind.endsWith('1 % changed')) {
        const changed = await changeUsers(source.url, source.districtId, CHANGED_PERCENT);
        console.log(`${ENGINE_NAMES[engine]}: changed ${changed.toLocaleString('en-US')} users in the source`);
      }
      const result = await runChild<SyncRunResult>(join(here, 'sync-worker.ts'), plan, { execArgv: profileArgs(`sync-${engine}-${kind.replace(/\W+/g, '-')}`) });
      runs.push({ kind, result });
      const problems = [...result.errors, ...result.reasons, ...(result.problemCount > 0 ? [`${result.problemCount} problems`] : [])];
      console.log(`${ENGINE_NAMES[engine]}: ${kind} sync ${result.status} in ${(result.ms / 1000).toFixed(1)} s, ${Math.round(result.maxRssMb)} MB — ${verdict(kind, result)}${problems.length > 0 ? ` (${problems.join('; ')})` : ''}`);
    }
    return { engine: ENGINE_NAMES[engine], bare, runs };
  } finally {
    if (engine === 'postgres') await dropDatabase(PG_DATABASE);
  }
}

async function main(): Promise<void> {
  const options = parseSyncBenchOptions(process.argv.slice(2));
  const loadBefore = loadavg()[0] ?? 0;
  const work = mkdtempSync(join(tmpdir(), 'rb-bench-sync-'));
  const profiles = join(here, 'out', 'profiles');
  if (options.cpuProf) mkdirSync(profiles, { recursive: true });
  const profileArgs = (name: string): string[] => (options.cpuProf ? ['--cpu-prof', `--cpu-prof-dir=${profiles}`, `--cpu-prof-name=${name}.cpuprofile`] : []);
  const rounds: SyncRound[] = [];
  const notes: string[] = [];
  try {
    const bundle = join(work, 'district');
    const generated = await writeDemoBundle(options.students, bundle);
    console.log(`generated ${options.students} students as OneRoster 1.2 CSV in ${(generated.ms / 1000).toFixed(1)} s`);
    const sourceUrl = `sqlite:${join(work, 'source.db')}`;
    const imported = importInto(sourceUrl, bundle);
    notes.push(`source: ${imported.rows.toLocaleString('en-US')} rows imported into SQLite in ${(imported.ms / 1000).toFixed(1)} s, served by our server in a child process`);
    console.log(notes.at(-1));
    const server = await startChild<ApiServerReady>(join(here, 'api-server.ts'), [sourceUrl, generated.districtId]);
    try {
      const source: Source = { url: sourceUrl, districtId: generated.districtId, server: server.ready };
      // One unmeasured pass first, so no round's bare loop meets a cold server (JIT, page cache).
      await runChild<BareLoopResult>(join(here, 'sync-bare.ts'), barePlan(source));
      for (const engine of options.engines) rounds.push(await round(engine, source, work, profileArgs));
    } finally {
      await server.stop();
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }

  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  const text = [
    `Syncing the generated ${options.students.toLocaleString('en-US')}-student district from our own provider (OneRoster 1.2 over HTTP on`,
    `127.0.0.1, OAuth 2.0, page size ${PAGE_SIZE.toLocaleString('en-US')}, concurrency ${CONCURRENCY}) into a fresh store, measured ${new Date().toISOString().slice(0, 10)} on this`,
    `machine (${availableParallelism()} cores, ${cpu}), shared with other work while it ran: load average ${loadBefore.toFixed(1)} at the start,`,
    `${(loadavg()[0] ?? 0).toFixed(1)} at the end (1-minute; 2.0 would mean both cores busy). Every run and the bare loop run in their own`,
    `child process (wall time of runSync, peak RSS of that process); the server runs in another.`,
    '',
    resultTable(rounds),
    '',
    ...notes.map((line) => `- ${line}`),
    '- full-read runs (the default `readMode: full`) read the whole source every time; the delta runs (`readMode: delta`, set after them) ask for `dateLastModified>` the watermark',
    `- the ${CHANGED_PERCENT} % change: every ${Math.round(100 / CHANGED_PERCENT)}th user of the source upserted with a new given name through the store writer, before the run`,
  ].join('\n');
  console.log(`\n${text}`);
  if (options.docs) {
    updateBenchmarkSection('sync', text);
    console.log('\nwritten into docs/benchmarks.md');
  } else console.log('\n(not written into docs/benchmarks.md: not the full run; pass --docs to write it anyway)');
  if (options.cpuProf) console.log(`CPU profiles of the sync runs: ${profiles}`);
}

await main();
