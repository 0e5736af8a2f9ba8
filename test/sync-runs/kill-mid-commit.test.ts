import { fork } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeBundle } from '../../src/csv/index.ts';
import { createDemoDistrict } from '../../src/demo/index.ts';
import { systemClock } from '../../src/kernel/index.ts';
import { addConnection, getRun, listRuns, runSync, systemClientDeps } from '../../src/sync/index.ts';
import { snapshot } from '../support/bundles.ts';
import { engines } from '../support/engines.ts';
import { contents, openHubStore } from './run-fixture.ts';

const CHILD = fileURLToPath(new URL('./commit-child.ts', import.meta.url));

/** Runs the child until it reports being inside the commit transaction, then SIGKILLs it. */
function killMidCommit(url: string, connectionId: string): Promise<NodeJS.Signals | null> {
  const child = fork(CHILD, [url, connectionId], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  return new Promise((resolve, reject) => {
    child.on('message', (message: { inCommit?: boolean; finished?: boolean }) => {
      if (message.inCommit === true) child.kill('SIGKILL');
      if (message.finished === true) reject(new Error('the child finished its commit instead of waiting in it'));
    });
    child.once('error', reject);
    child.once('exit', (_code, signal) => resolve(signal));
  });
}

async function rowCount(db: Awaited<ReturnType<typeof openHubStore>>['store']['db'], table: string): Promise<number> {
  const row = await db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirst();
  return Number(row?.n ?? 0);
}

describe.each(engines())('a process killed mid-commit on %s', (engine) => {
  let hub: Awaited<ReturnType<typeof openHubStore>>;
  beforeAll(async () => {
    hub = await openHubStore(engine, systemClock);
  });
  afterAll(async () => {
    await hub.close();
  });

  it('leaves the store exactly as before, and a retry releases the dead run\'s lock and completes', async () => {
    const district = createDemoDistrict({ students: 300, seed: 'kill', schoolYear: 2026 });
    const zip = join(mkdtempSync(join(tmpdir(), 'rb-kill-')), 'district.zip');
    await writeBundle(zip, { records: (e) => district.records(e.name), metadataKeys: async () => [] }, { version: '1.2', mode: 'bulk' });
    const connection = await addConnection(hub.store.db, { clock: systemClock, timeZone: 'UTC', actor: 'test:admin' }, undefined, { name: 'Big CSV', districtId: district.districtId, kind: 'oneroster-csv', csv: { location: zip } });
    const before = await snapshot(hub.store);

    expect(await killMidCommit(hub.url, connection.id)).toBe('SIGKILL');

    expect(await snapshot(hub.store)).toBe(before);
    expect(await rowCount(hub.store.db, 'sync_owned')).toBe(0);
    expect(await rowCount(hub.store.db, 'sync_lineage')).toBe(0);
    const [dead] = await listRuns(hub.store.db, connection.id);
    expect(dead?.status).toBe('running');
    expect(await rowCount(hub.store.db, 'sync_changes')).toBeGreaterThan(0);

    const retry = await runSync({ store: hub.store, box: undefined, clientDeps: systemClientDeps(), clock: systemClock }, connection.id, { trigger: 'manual' });
    expect(retry.errors).toEqual([]);
    expect(retry.status).toBe('succeeded');
    expect((await contents(hub.store, 'users')).size).toBe([...district.records('users')].length);
    const released = await getRun(hub.store.db, dead?.id ?? '');
    expect(released.status).toBe('failed');
    expect(released.errors[0]).toMatch(/stopped without finishing \(crashed or killed\)/);
    // Neither the dead run's staged changes nor the committed run's stay behind; the lineage does.
    expect(await rowCount(hub.store.db, 'sync_changes')).toBe(0);
    expect(await rowCount(hub.store.db, 'sync_lineage')).toBeGreaterThan(0);
  });
});
