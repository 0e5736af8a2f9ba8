/**
 * npm run bench:api — pages through /users and /enrollments of the OneRoster 1.2 rostering API on
 * SQLite and PostgreSQL, over real OAuth 2.0 bearer tokens, beside a bare node:http server that
 * serves the same pages from memory (the ceiling), measured in the same run. See docs/benchmarks.md.
 *
 *   npm run bench:api -- [--students 50000] [--engines sqlite,postgres] [--requests 1000] [--seconds 15] [--cpu-prof] [--no-docs]
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Agent } from 'node:http';
import { parseApiBenchOptions, type ApiBenchOptions, type BenchEngine } from './api-options.ts';
import { resultTable, type Measured } from './api-report.ts';
import type { ApiServerReady } from './api-server.ts';
import { dropDatabase, ENGINE_NAMES, freshDatabase, importInto, writeDemoBundle } from './bench-setup.ts';
import type { CeilingPlan, CeilingReady } from './ceiling-server.ts';
import { startChild, type ChildServer } from './child-server.ts';
import { bearerToken, get, pageCount, runScenario, type Bounds, type Scenario, type Target } from './http-load.ts';
import { updateBenchmarkSection } from './report.ts';

const PG_DATABASE = 'rb_bench_api';
const BASE = '/ims/oneroster/rostering/v1p2';
const ENDPOINTS = ['users', 'enrollments'] as const;
const LIMITS = [100, 10_000] as const;
const CONCURRENCY = [1, 8] as const;
const here = import.meta.dirname;

async function collectionTotal(target: Target, endpoint: string): Promise<number> {
  const agent = new Agent({ keepAlive: false });
  const response = await get(agent, target, `${BASE}/${endpoint}?limit=1`);
  agent.destroy();
  const total = Number(response.headers['x-total-count']);
  if (response.status !== 200 || !Number.isInteger(total)) throw new Error(`${endpoint}: status ${response.status}, no X-Total-Count`);
  return total;
}

function scenarios(totals: ReadonlyMap<string, number>): Array<Scenario & { endpoint: string }> {
  return ENDPOINTS.flatMap((endpoint) =>
    LIMITS.flatMap((limit) => CONCURRENCY.map((concurrency) => ({ endpoint, path: `${BASE}/${endpoint}`, limit, concurrency, total: totals.get(endpoint) ?? 0 }))),
  );
}

function boundsFor(options: ApiBenchOptions, scenario: Scenario): Bounds {
  const largest = scenario.limit === Math.max(...LIMITS);
  return { maxRequests: options.requests, maxSeconds: options.seconds, minRequests: largest ? pageCount(scenario.total, scenario.limit) : 0 };
}

/** A few unmeasured requests first, so neither server is measured while its code is still cold. */
async function warmUp(target: Target, totals: ReadonlyMap<string, number>): Promise<void> {
  for (const endpoint of ENDPOINTS) {
    const path = `${BASE}/${endpoint}`;
    const total = totals.get(endpoint) ?? 0;
    await runScenario(target, { path, limit: 100, concurrency: 2, total }, { maxRequests: 40, maxSeconds: 10, minRequests: 0 });
    await runScenario(target, { path, limit: 10_000, concurrency: 1, total }, { maxRequests: 1, maxSeconds: 10, minRequests: 0 });
  }
}

function ceilingPlan(options: ApiBenchOptions, sourcePort: number, authorization: string, totals: ReadonlyMap<string, number>): CeilingPlan {
  // Exactly the pages the scenarios can ask for: offsets wrap after the last page.
  const collections = scenarios(totals)
    .filter((s) => s.concurrency === CONCURRENCY[0])
    .map((s) => {
      const bounds = boundsFor(options, s);
      return { path: s.path, limit: s.limit, pages: Math.min(pageCount(s.total, s.limit), Math.max(bounds.maxRequests, bounds.minRequests, 40)) };
    });
  return { type: 'plan', sourcePort, authorization, collections };
}

async function main(): Promise<void> {
  const options = parseApiBenchOptions(process.argv.slice(2));
  const loadBefore = loadavg()[0] ?? 0;
  const work = mkdtempSync(join(tmpdir(), 'rb-bench-api-'));
  const profiles = join(here, 'out', 'profiles');
  const execArgv = options.cpuProf ? ['--cpu-prof', `--cpu-prof-dir=${profiles}`] : [];
  if (options.cpuProf) mkdirSync(profiles, { recursive: true });
  const results: Measured[] = [];
  const imports: string[] = [];
  let ceiling: ChildServer<CeilingReady> | undefined;
  try {
    const bundle = join(work, 'district');
    const district = await writeDemoBundle(options.students, bundle);
    console.log(`generated ${options.students} students as OneRoster 1.2 CSV in ${(district.ms / 1000).toFixed(1)} s`);

    for (const engine of options.engines) {
      const url = await freshDatabase(engine, work, PG_DATABASE);
      try {
        const imported = importInto(url, bundle);
        imports.push(`${ENGINE_NAMES[engine]}: ${imported.rows.toLocaleString('en-US')} rows imported in ${(imported.ms / 1000).toFixed(1)} s`);
        // The importer refreshes the planners' statistics itself (ANALYZE; VACUUM ANALYZE on PostgreSQL).
        console.log(imports.slice(-1).join('\n'));
        const server = await startChild<ApiServerReady>(join(here, 'api-server.ts'), [url, district.districtId], { execArgv });
        try {
          const target: Target = { port: server.ready.port, authorization: await bearerToken(server.ready.port, server.ready.key, server.ready.secret) };
          const totals = new Map<string, number>();
          for (const endpoint of ENDPOINTS) totals.set(endpoint, await collectionTotal(target, endpoint));
          // The ceiling's pages come from the first engine's server; every engine serves the same bytes.
          ceiling ??= await startChild<CeilingReady>(join(here, 'ceiling-server.ts'), [], { init: ceilingPlan(options, target.port, target.authorization ?? '', totals) });
          const bare: Target = { port: ceiling.ready.port };
          await warmUp(target, totals);
          await warmUp(bare, totals);
          for (const s of scenarios(totals)) {
            const bounds = boundsFor(options, s);
            const ours = await runScenario(target, s, bounds);
            const ceil = await runScenario(bare, s, bounds);
            const m: Measured = { engine: ENGINE_NAMES[engine], endpoint: s.endpoint, limit: s.limit, concurrency: s.concurrency, ours, ceiling: ceil };
            results.push(m);
            console.log(resultTable([m]).split('\n').slice(-1)[0]);
          }
        } finally {
          await server.stop();
        }
      } finally {
        if (engine === 'postgres') await dropDatabase(PG_DATABASE);
      }
    }
  } finally {
    await ceiling?.stop();
    rmSync(work, { recursive: true, force: true });
  }

  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  const text = [
    `Paging through the OneRoster 1.2 rostering API of the generated ${options.students.toLocaleString('en-US')}-student district, measured`,
    `${new Date().toISOString().slice(0, 10)} on this machine (${availableParallelism()} cores, ${cpu}), shared with other work while it ran:`,
    `load average ${loadBefore.toFixed(1)} at the start, ${(loadavg()[0] ?? 0).toFixed(1)} at the end (1-minute; 2.0 would mean both cores busy).`,
    `Each server runs in a child process (the client in the parent process does not share its event loop or its core);`,
    `a scenario stops after ${options.requests} requests or ${options.seconds} s, and limit=10000 always covers every page.`,
    '',
    resultTable(results),
    '',
    ...imports.map((line) => `- ${line}`),
  ].join('\n');
  console.log(`\n${text}`);
  if (options.docs) {
    updateBenchmarkSection('api', text);
    console.log('\nwritten into docs/benchmarks.md');
  } else console.log('\n(not written into docs/benchmarks.md: not the full run; pass --docs to write it anyway)');
  if (options.cpuProf) console.log(`CPU profiles of the server processes: ${profiles}`);
}

await main();
