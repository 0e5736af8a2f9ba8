import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generateMasterKey } from '../../src/access/index.ts';
import { createTestDatabase, engines, type TestDatabase } from '../support/engines.ts';

const CLI = ['--import', 'tsx', join(import.meta.dirname, '../../src/cli/main.ts')];
const env = { ROSTERBRIDGE_MASTER_KEY: generateMasterKey() };

function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...CLI, ...args], { env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
    child.stdin.end();
  });
}

/** Starts `serve`, resolves once its output shows `needle`, then stops it and waits for it to exit. */
function serveUntil(args: string[], needle: string): Promise<{ stdout: string; code: number | null }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...CLI, ...args, 'serve', '--port', '0'], { env: { ...process.env, ...env } });
    let stdout = '';
    child.stdout.on('data', (c: Buffer) => {
      stdout += c.toString();
      if (stdout.includes(needle)) child.kill('SIGTERM');
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ stdout, code }));
  });
}

const chicago = (iso: string): string =>
  new Intl.DateTimeFormat('en-US', { timeZone: 'America/Chicago', weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(iso));

describe('rosterbridge connection schedule | run-now, worker, serve', () => {
  const dir = mkdtempSync(join(tmpdir(), 'rb-schedule-cli-'));
  const db = ['--db', `sqlite:${join(dir, 'hub.db')}`];

  it('sets a Claris-style schedule and shows its next five runs', async () => {
    const added = await cli([...db, 'connection', 'add', 'Skyward CSV', '--kind', 'csv', '--district', 'd1', '--location', join(dir, 'district.zip')]);
    expect(added.code, added.stderr).toBe(0);
    const set = await cli([...db, '--json', 'connection', 'schedule', 'Skyward CSV', '--at', '02:00', '--time-zone', 'America/Chicago', '--days', 'weekdays']);
    expect(set.code, set.stderr).toBe(0);
    const out = JSON.parse(set.stdout) as { schedule: { enabled: boolean; rule: unknown }; nextRuns: string[] };
    expect(out.schedule).toMatchObject({ enabled: true, rule: { kind: 'daily', hour: 2, minute: 0, days: 'weekdays', timeZone: 'America/Chicago' } });
    expect(out.nextRuns).toHaveLength(5);
    for (const run of out.nextRuns) expect(chicago(run)).toMatch(/^(Mon|Tue|Wed|Thu|Fri) 02:00$/);
    expect([...out.nextRuns].sort()).toEqual(out.nextRuns);

    const shown = await cli([...db, 'connection', 'schedule', 'Skyward CSV', '--show']);
    expect(shown.stdout).toContain('02:00 America/Chicago, weekdays');
    expect(shown.stdout.split('\n').filter((line) => / 02:00 America\/Chicago \(\d\d:00 UTC\)$/.test(line))).toHaveLength(5);
  });

  it('takes a cron expression, refuses a bad schedule with one clear line, and turns off', async () => {
    const cron = await cli([...db, '--json', 'connection', 'schedule', 'Skyward CSV', '--cron', '30 5 * * 6', '--time-zone', 'Europe/Berlin']);
    expect(JSON.parse(cron.stdout)).toMatchObject({ schedule: { rule: { kind: 'cron', cron: '30 5 * * 6', timeZone: 'Europe/Berlin' } } });
    const bad = await cli([...db, 'connection', 'schedule', 'Skyward CSV', '--at', '25:00', '--time-zone', 'Nowhere/City']);
    expect(bad.code).toBe(1);
    expect(bad.stderr.trim().split('\n')).toEqual([
      "rosterbridge: schedule is invalid: time zone 'Nowhere/City' is not an IANA time zone (e.g. America/Chicago); --at '25:00' is not a time of day HH:MM (00:00 to 23:59)",
    ]);
    const off = await cli([...db, '--json', 'connection', 'schedule', 'Skyward CSV', '--off']);
    expect(JSON.parse(off.stdout)).toMatchObject({ schedule: { enabled: false, rule: { kind: 'cron' } }, nextRuns: [] });
    const unknown = await cli([...db, 'connection', 'schedule', 'No such', '--show']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain("no connection 'No such'");
  });

  it('run-now queues once; serve runs the queued job at start and stops on SIGTERM', async () => {
    const first = await cli([...db, '--json', 'connection', 'run-now', 'Skyward CSV']);
    expect(first.code, first.stderr).toBe(0);
    expect(JSON.parse(first.stdout)).toMatchObject({ connection: { name: 'Skyward CSV' }, queue: 'in-process', queued: true });
    const again = await cli([...db, 'connection', 'run-now', 'Skyward CSV']);
    expect(again.stdout).toContain('already waiting to start; nothing was added');
    // The connection's CSV source: a small demo district. serve's worker runs the real sync.
    expect((await cli(['generate', '--students', '20', '--out', join(dir, 'district.zip')])).code).toBe(0);
    const served = await serveUntil(db, '"msg":"sync run succeeded"');
    expect(served.stdout).toContain('"trigger":"manual"');
    expect(served.code).toBe(0);
    const history = await cli([...db, '--json', 'connection', 'history', 'Skyward CSV']);
    expect(history.code, history.stderr).toBe(0);
    const runs = (JSON.parse(history.stdout) as { runs: Array<{ status: string; trigger: string; reasons: string[]; error?: string | null }> }).runs;
    expect(runs.map((r) => [r.status, r.trigger]), JSON.stringify(runs)).toEqual([['succeeded', 'manual']]);
  });

  it('worker refuses SQLite, which has its one worker inside serve', async () => {
    const out = await cli([...db, 'worker']);
    expect(out.code).toBe(1);
    expect(out.stderr).toContain('extra worker processes need PostgreSQL');
  });
});

describe.each(engines().filter((e) => e === 'postgres'))('rosterbridge connection run-now on %s', (engine) => {
  let database: TestDatabase | undefined;
  afterAll(async () => database?.drop());

  it('queues through pg-boss', async () => {
    database = await createTestDatabase(engine);
    const db = ['--db', database.url];
    expect((await cli([...db, 'connection', 'add', 'CSV', '--kind', 'csv', '--district', 'd1', '--location', '/tmp/none.zip'])).code).toBe(0);
    const first = await cli([...db, '--json', 'connection', 'run-now', 'CSV']);
    expect(JSON.parse(first.stdout)).toMatchObject({ queue: 'pg-boss', queued: true });
    expect(JSON.parse((await cli([...db, '--json', 'connection', 'run-now', 'CSV'])).stdout)).toMatchObject({ queue: 'pg-boss', queued: false, reason: 'already-queued' });
  });
});
