import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateMasterKey } from '../../src/access/index.ts';
import { putRecord } from '../../src/gradebook/index.ts';
import { hubTableSpecs } from '../../src/hub/index.ts';
import { fixedClock } from '../../src/kernel/index.ts';
import { entityDecl, type AnyRecord, type EntityName } from '../../src/model/index.ts';
import { openStore, streamRecords, upsertRecords } from '../../src/store/index.ts';
import { openRemoteHub, type RemoteHub } from './two-hubs.ts';

const CLI = ['--import', 'tsx', join(import.meta.dirname, '../../src/cli/main.ts')];

function cli(args: string[], env: Record<string, string>, stdin = ''): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...CLI, ...args], { env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
    child.stdin.end(stdin);
  });
}

/** `connection push|outbox|retry-push` from the CLI, against our own provider as the SIS. */
describe('rosterbridge connection push (CLI)', () => {
  let remote: RemoteHub;
  const dir = mkdtempSync(join(tmpdir(), 'rb-push-cli-'));
  const url = `sqlite:${join(dir, 'hub.db')}`;
  const db = ['--db', url];
  const env = { ROSTERBRIDGE_MASTER_KEY: generateMasterKey() };

  beforeAll(async () => {
    remote = await openRemoteHub('sqlite');
    // The local hub holds the remote's roster and two grades written through the gradebook path.
    const clock = fixedClock('2026-03-10T15:00:00.000Z');
    const store = await openStore({ url, clock, extraTables: hubTableSpecs() });
    for (const name of ['orgs', 'academicSessions', 'courses', 'classes', 'users', 'enrollments', 'categories'] satisfies EntityName[]) {
      const records: AnyRecord[] = [];
      for await (const r of streamRecords(remote.p.f.store.db, remote.p.f.store.dialect, entityDecl(name), { districtId: 'd1' })) if (r.status === 'active') records.push(r);
      await upsertRecords(store.db, store.dialect, entityDecl(name), records, { districtId: 'd1', now: clock.now().toISOString() });
    }
    const writer = { db: store.db, dialect: store.dialect, clock, version: '1.2' as const, districtId: 'd1', schoolIds: 'all' as const };
    const base = { status: 'active' as const, assignDate: '2026-03-02T00:00:00.000Z', dueDate: '2026-03-09T00:00:00.000Z', class: 'c1', category: 'cat1' };
    await putRecord(writer, entityDecl('lineItems'), { sourcedId: 'cli-li', title: 'CLI quiz', ...base }, 'lineItem');
    await putRecord(writer, entityDecl('results'), { sourcedId: 'cli-r1', status: 'active', lineItem: 'cli-li', student: 'st-1', scoreStatus: 'fully graded', score: 7, scoreDate: '2026-03-10' }, 'result');
    // A line item in a class only the local hub has: the SIS refuses it (422).
    await upsertRecords(store.db, store.dialect, entityDecl('classes'), [{ sourcedId: 'c-local', status: 'active', title: 'Local only', course: 'co1', classType: 'scheduled', school: 's1', terms: ['t1'] }], { districtId: 'd1', now: clock.now().toISOString() });
    await putRecord(writer, entityDecl('lineItems'), { sourcedId: 'cli-li-local', title: 'Local', ...base, class: 'c-local' }, 'lineItem');
    await store.close();
  });
  afterAll(async () => {
    await remote.close();
  });

  it('pushes, lists the outbox, and puts failed rows back to pending', async () => {
    const writer = await remote.writerAccess('oauth2');
    const add = await cli([...db, 'connection', 'add', 'SIS', '--kind', 'rest', '--mode', 'two-way', '--district', 'd1', '--oneroster', '1.2', '--base-url', remote.baseUrl, '--token-url', `${remote.baseUrl}/oauth/token`, '--client-id', writer.key, '--client-secret-stdin'], env, `${writer.secret}\n`);
    expect(add.code, add.stderr).toBe(0);

    const pushed = await cli([...db, '--json', 'connection', 'push', 'SIS'], env);
    expect(pushed.code).toBe(2);
    expect(JSON.parse(pushed.stdout)).toEqual({ push: { connection: 'SIS', rows: 3, pushed: 2, failed: 1, retryLater: 0, stopped: null } });
    expect((await remote.p.get('/ims/oneroster/gradebook/v1p2/results/cli-r1', remote.readToken)).json()).toMatchObject({ result: { score: 7 } });

    const failed = await cli([...db, '--json', 'connection', 'outbox', 'SIS', '--status', 'failed'], env);
    const rows = (JSON.parse(failed.stdout) as { outbox: Array<{ sourcedId: string; lastStatus: number; lastError: string }> }).outbox;
    expect(rows.map((r) => [r.sourcedId, r.lastStatus])).toEqual([['cli-li-local', 422]]);
    const human = await cli([...db, 'connection', 'outbox', 'SIS'], env);
    expect(human.stdout).toMatch(/^WRITTEN +ENTITY +SOURCEDID/);
    expect(human.stdout).toContain('422 (invaliddata): the SIS found the record invalid');

    const retried = await cli([...db, '--json', 'connection', 'retry-push', 'SIS'], env);
    expect(JSON.parse(retried.stdout)).toEqual({ requeued: 1 });
    const again = await cli([...db, 'connection', 'push', 'SIS'], env);
    expect(again.stdout).toContain('Pushed to the SIS of SIS: 0 pushed, 1 failed, 0 to retry (1 outbox rows taken).');
  });

  it('refuses to push an import connection, in one line', async () => {
    const add = await cli([...db, 'connection', 'add', 'Import only', '--kind', 'csv', '--district', 'd9', '--location', dir], env);
    expect(add.code, add.stderr).toBe(0);
    const out = await cli([...db, 'connection', 'push', 'Import only'], env);
    expect(out.code).toBe(1);
    expect(out.stderr.trim()).toBe('rosterbridge: connection Import only does not push grades: only a two-way OneRoster REST connection does (its mode is import, kind oneroster-csv)');
  });
});
