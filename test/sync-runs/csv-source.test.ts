import { writeFileSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeBundle } from '../../src/csv/index.ts';
import { createDemoDistrict } from '../../src/demo/index.ts';
import { fixedClock } from '../../src/kernel/index.ts';
import type { AnyRecord, EntityName } from '../../src/model/index.ts';
import { addConnection, recordLineage, runSync, saveSyncSettings, systemClientDeps, type SyncDeps } from '../../src/sync/index.ts';
import { ALL_CORE, MANIFEST_11, validFiles, writeBundleFolder } from '../support/bundles.ts';
import { engines } from '../support/engines.ts';
import { contents, openHubStore, START } from './run-fixture.ts';

const ctxFor = (clock: ReturnType<typeof fixedClock>) => ({ clock, timeZone: 'UTC', actor: 'test:admin' });

describe.each(engines())('a OneRoster CSV source on %s', (engine) => {
  const clock = fixedClock(START);
  let hub: Awaited<ReturnType<typeof openHubStore>>;
  let deps: SyncDeps;
  beforeAll(async () => {
    hub = await openHubStore(engine, clock);
    deps = { store: hub.store, box: undefined, clientDeps: systemClientDeps(), clock };
  });
  afterAll(async () => {
    await hub.close();
  });

  it('syncs a 1.1 folder, lists an unreadable row with its file and line without crashing, and deletes what a bulk file no longer lists', async () => {
    const files = validFiles();
    const broken = { ...files, 'users.csv': `${files['users.csv']}\nu-bad,,,true,s1,wizard,bad,,Bad,Row,,,,,,,,` };
    const folder = writeBundleFolder(broken, MANIFEST_11(ALL_CORE));
    const connection = await addConnection(hub.store.db, ctxFor(clock), undefined, { name: 'Nightly CSV', districtId: 'd1', kind: 'oneroster-csv', csv: { location: folder } });
    const run = await runSync(deps, connection.id, { trigger: 'manual' });
    expect(run.errors).toEqual([]);
    expect(run.status).toBe('succeeded');
    expect(run.counts.users).toMatchObject({ created: 4, rejected: 1 });
    expect(run.problems).toEqual([expect.stringMatching(/^users\.csv:6: user u-bad cannot be read: role: /)]);
    expect([...(await contents(hub.store, 'users')).keys()].sort()).toEqual(['u-p', 'u-s1', 'u-s2', 'u-t']);
    expect((await recordLineage(hub.store.db, 'users', 'u-s1'))[0]).toMatchObject({ action: 'create', origin: 'users.csv:3', sourceId: 'u-s1' });

    // The next night's file drops a student and their enrollment (a quarter of the users: allowed by this connection's guard).
    await saveSyncSettings(hub.store.db, ctxFor(clock), connection, { guard: { users: { deletePercent: 30 }, enrollments: { deletePercent: 40 } } });
    writeFileSync(join(folder, 'users.csv'), files['users.csv']?.split('\n').filter((l) => !l.startsWith('u-s2,')).join('\n') ?? '');
    writeFileSync(join(folder, 'enrollments.csv'), files['enrollments.csv']?.split('\n').filter((l) => !l.startsWith('e-s2,')).join('\n') ?? '');
    clock.advance(60_000);
    const next = await runSync(deps, connection.id, { trigger: 'schedule' });
    expect(next.status).toBe('succeeded');
    expect(next.counts.users).toMatchObject({ deleted: 1, created: 0, unchanged: 3 });
    expect(next.counts.enrollments).toMatchObject({ deleted: 1 });
    expect([...(await contents(hub.store, 'users')).keys()].sort()).toEqual(['u-p', 'u-s1', 'u-t']);
  });

  it('syncs a 1.2 zip (roles from roles.csv) of the demo district record for record', async () => {
    const district = createDemoDistrict({ students: 20, seed: 'csv-source', schoolYear: 2026 });
    const zip = join(mkdtempSync(join(tmpdir(), 'rb-sync-csv-')), 'district.zip');
    await writeBundle(zip, { records: (e) => district.records(e.name), metadataKeys: async () => [] }, { version: '1.2', mode: 'bulk' });
    const connection = await addConnection(hub.store.db, ctxFor(clock), undefined, { name: 'Demo zip', districtId: district.districtId, kind: 'oneroster-csv', csv: { location: zip } });
    const run = await runSync(deps, connection.id, { trigger: 'manual' });
    expect(run.errors).toEqual([]);
    expect(run.problems).toEqual([]);
    expect(run.status).toBe('succeeded');
    for (const entity of ['orgs', 'academicSessions', 'courses', 'classes', 'users', 'enrollments', 'demographics'] as const satisfies readonly EntityName[]) {
      const expected = new Map<string, AnyRecord>();
      for (const r of district.records(entity)) expected.set(r.sourcedId, r);
      const stored = await contents(hub.store, entity);
      const ours = new Map([...stored].filter(([id]) => expected.has(id)));
      expect(ours.size, entity).toBe(expected.size);
      expect(run.counts[entity]?.created, entity).toBe(expected.size);
    }
    const user = [...district.records('users')][5];
    expect((await contents(hub.store, 'users')).get(user?.sourcedId ?? '')).toMatchObject({ roles: user?.roles });
  });

  it('holds a run whose file cannot be trusted (a broken header) and deletes nothing of it', async () => {
    const files = validFiles();
    const folder = writeBundleFolder(files, MANIFEST_11(ALL_CORE));
    const connection = await addConnection(hub.store.db, ctxFor(clock), undefined, { name: 'Header CSV', districtId: 'd2', kind: 'oneroster-csv', csv: { location: folder } });
    await saveSyncSettings(hub.store.db, ctxFor(clock), connection, { rules: { idPrefix: 'h:' } });
    expect((await runSync(deps, connection.id, { trigger: 'manual' })).status).toBe('succeeded');
    writeFileSync(join(folder, 'users.csv'), (files['users.csv'] ?? '').replace('givenName', 'firstName'));
    clock.advance(60_000);
    const run = await runSync(deps, connection.id, { trigger: 'schedule' });
    expect(run.status).toBe('held');
    expect(run.reasons).toEqual([expect.stringMatching(/^users: the read was not trusted \(users\.csv.*firstName.*\); nothing of it is deleted$/)]);
    expect(run.counts.users).toMatchObject({ full: false, deleted: 0 });
    // Enrollments of users the broken file could not show are not dropped (nor deleted) with them.
    expect(run.counts.enrollments).toMatchObject({ full: true, deleted: 0, dropped: 0, unchanged: 3 });
  });
});
