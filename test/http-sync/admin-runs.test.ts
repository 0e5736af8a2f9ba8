import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { entityDecl, type UserRecord } from '../../src/model/index.ts';
import { readRecords, upsertRecords } from '../../src/store/index.ts';
import type { SyncRun } from '../../src/sync/index.ts';
import { engines } from '../support/engines.ts';
import { addCsvConnection, openSyncAdminFixture, type SyncAdminFixture } from './sync-admin-fixture.ts';

interface Change {
  entity: string;
  sourcedId: string;
  action: string;
  before: UserRecord | null;
  after: UserRecord | null;
  origin: string;
}
interface ChangesPage {
  runId: string;
  status: string;
  total: number;
  limit: number;
  offset: number;
  changes: Change[];
}

describe.each(engines())('sync runs in the admin API on %s', (engine) => {
  let f: SyncAdminFixture;
  let id: string;
  let students: UserRecord[];
  const logged: string[] = [];
  const run = (body: string): SyncRun => (JSON.parse(body) as { run: SyncRun }).run;

  beforeAll(async () => {
    f = await openSyncAdminFixture(engine, { logStream: new Writable({ write: (chunk: Buffer, _e, done) => void (logged.push(chunk.toString()), done()) }) });
    id = await addCsvConnection(f);
    students = [...f.district.records('users')].filter((u) => u.roles.some((r) => r.role === 'student')).slice(0, 3);
  });
  afterAll(async () => {
    await f.close();
  });

  it('runs a sync now and shows it in the history, newest first', async () => {
    const synced = await f.call('POST', `/admin/api/connections/${id}/sync`);
    expect(synced.statusCode, synced.body).toBe(200);
    const first = run(synced.body);
    expect(first).toMatchObject({ connectionId: id, status: 'succeeded', trigger: 'manual', errors: [], heldChangeset: null });
    expect(first.counts.users?.created).toBe(f.district.counts.users);
    const byName = await f.call('POST', `/admin/api/connections/${encodeURIComponent('Nightly CSV')}/sync`);
    expect(run(byName.body).status).toBe('succeeded');
    const history = await f.call('GET', `/admin/api/connections/${id}/runs`);
    expect(history.json<{ runs: SyncRun[] }>().runs.map((r) => r.id)).toEqual([run(byName.body).id, first.id]);
    const one = await f.call('GET', `/admin/api/connections/${id}/runs?limit=1`);
    expect(one.json<{ runs: SyncRun[] }>().runs.map((r) => r.id)).toEqual([run(byName.body).id]);
    const shown = await f.call('GET', `/admin/api/runs/${first.id}`);
    expect(run(shown.body)).toEqual(first);
    for (const bad of ['limit=0', 'limit=many', 'limit=501']) expect((await f.call('GET', `/admin/api/connections/${id}/runs?${bad}`)).statusCode, bad).toBe(400);
    expect((await f.call('GET', '/admin/api/runs/no-such-run')).statusCode).toBe(404);
    expect((await f.call('POST', '/admin/api/connections/no-such-connection/sync')).statusCode).toBe(404);
  });

  it('holds a run when preview is required, pages its changes before and after, refuses another run, and approves it as the admin', async () => {
    expect((await f.call('PUT', `/admin/api/connections/${id}/settings`, { previewRequired: true })).statusCode).toBe(200);
    await f.writeSource(Object.fromEntries(students.map((s, i) => [s.sourcedId, `Renamed${i}`])));
    const held = run((await f.call('POST', `/admin/api/connections/${id}/sync`)).body);
    expect(held.status).toBe('held');
    expect(held.reasons).toContain('this connection requires every run to be previewed and approved');
    expect(held.heldChangeset).toEqual({ runId: held.id, changes: 3 });

    const refused = await f.call('POST', `/admin/api/connections/${id}/sync`);
    expect(refused.statusCode).toBe(409);
    expect(refused.json<{ message: string }>().message).toContain('held for approval');

    const all = (await f.call('GET', `/admin/api/runs/${held.id}/changes`)).json<ChangesPage>();
    expect(all).toMatchObject({ runId: held.id, status: 'held', total: 3, limit: 200, offset: 0 });
    expect(all.changes.map((c) => [c.action, c.sourcedId]).sort()).toEqual(students.map((s) => ['update', s.sourcedId]).sort());
    const renamed = all.changes.find((c) => c.sourcedId === students[0]?.sourcedId);
    expect(renamed?.before).toMatchObject({ familyName: students[0]?.familyName });
    expect(renamed?.after).toMatchObject({ familyName: 'Renamed0' });
    expect(renamed?.origin).toMatch(/^users\.csv:\d+$/);
    expect(Object.keys(renamed ?? {}).sort()).toEqual(['action', 'after', 'before', 'entity', 'origin', 'rules', 'sourceId', 'sourcedId']);

    const pages = [];
    for (const offset of [0, 2]) pages.push(...(await f.call('GET', `/admin/api/runs/${held.id}/changes?limit=2&offset=${offset}`)).json<ChangesPage>().changes);
    expect(pages.map((c) => c.sourcedId)).toEqual(all.changes.map((c) => c.sourcedId));
    expect((await f.call('GET', `/admin/api/runs/${held.id}/changes?offset=3`)).json<ChangesPage>().changes).toEqual([]);
    for (const bad of ['limit=0', 'limit=1001', 'offset=-1', 'offset=x']) expect((await f.call('GET', `/admin/api/runs/${held.id}/changes?${bad}`)).statusCode, bad).toBe(400);

    const approved = await f.call('POST', `/admin/api/runs/${held.id}/approve`);
    expect(approved.statusCode, approved.body).toBe(200);
    expect(run(approved.body)).toMatchObject({ status: 'succeeded', decidedBy: 'admin:alice', heldChangeset: null });
    const again = await f.call('POST', `/admin/api/runs/${held.id}/approve`);
    expect(again.statusCode).toBe(409);
    expect((await f.call('POST', `/admin/api/runs/${held.id}/reject`)).statusCode).toBe(409);
    // A decided run keeps no changeset to page.
    expect((await f.call('GET', `/admin/api/runs/${held.id}/changes`)).json<ChangesPage>()).toMatchObject({ status: 'succeeded', total: 0, changes: [] });
    // The records a held run carried are for the admin's eyes: never in the log.
    expect(logged.length).toBeGreaterThan(0);
    expect(logged.join('')).not.toContain('Renamed0');
    expect(logged.join('')).not.toContain(students[0]?.familyName ?? '?');
  });

  it('rejects a held run as the admin, and the store keeps what it had', async () => {
    await f.writeSource({ [students[0]?.sourcedId ?? '']: 'Rejected' });
    const held = run((await f.call('POST', `/admin/api/connections/${id}/sync`)).body);
    expect(held.status).toBe('held');
    const rejected = await f.call('POST', `/admin/api/runs/${held.id}/reject`);
    expect(run(rejected.body)).toMatchObject({ status: 'rejected', decidedBy: 'admin:alice' });
    expect((await f.call('POST', `/admin/api/runs/${held.id}/reject`)).statusCode).toBe(409);
    expect((await f.call('POST', `/admin/api/runs/${held.id}/approve`)).statusCode).toBe(409);
    const stored = await readRecords(f.store.db, f.store.dialect, entityDecl('users'), [students[0]?.sourcedId ?? '']);
    expect([...stored.values()].map((u) => (u as UserRecord).familyName)).toEqual(['Renamed0']);
  });

  it('refuses to approve a held run whose records changed in the store since it was held', async () => {
    await f.writeSource({ [students[1]?.sourcedId ?? '']: 'Held' });
    const held = run((await f.call('POST', `/admin/api/connections/${id}/sync`)).body);
    expect(held.status).toBe('held');
    const stored = [...f.district.records('users')].find((u) => u.sourcedId === students[1]?.sourcedId);
    if (stored === undefined) throw new Error('a student');
    await upsertRecords(f.store.db, f.store.dialect, entityDecl('users'), [{ ...stored, familyName: 'Moved under it' }], { districtId: f.district.districtId, now: f.clock.now().toISOString() });
    const stale = await f.call('POST', `/admin/api/runs/${held.id}/approve`);
    expect(stale.statusCode).toBe(409);
    expect(stale.json<{ message: string }>().message).toContain('stale');
    expect(run((await f.call('GET', `/admin/api/runs/${held.id}`)).body).status).toBe('held');
  });

  it('refuses every run route without an admin token', async () => {
    const [runs] = (await f.call('GET', `/admin/api/connections/${id}/runs?limit=1`)).json<{ runs: SyncRun[] }>().runs;
    if (runs === undefined) throw new Error('a run');
    const routes: Array<['GET' | 'POST', string]> = [
      ['POST', `/admin/api/connections/${id}/sync`],
      ['GET', `/admin/api/connections/${id}/runs`],
      ['GET', `/admin/api/runs/${runs.id}`],
      ['GET', `/admin/api/runs/${runs.id}/changes`],
      ['POST', `/admin/api/runs/${runs.id}/approve`],
      ['POST', `/admin/api/runs/${runs.id}/reject`],
    ];
    for (const [method, url] of routes) {
      expect((await f.app.inject({ method, url })).statusCode, `${method} ${url}`).toBe(401);
      expect((await f.app.inject({ method, url, headers: { authorization: 'Bearer not-a-token' } })).statusCode, `${method} ${url}`).toBe(401);
    }
    expect(run((await f.call('GET', `/admin/api/runs/${runs.id}`)).body).status).toBe('held');
  });
});
