import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/kernel/index.ts';
import { addConnection, claimRun, getRun, listRuns, runSync, STALE_AFTER_MS, systemClientDeps, type SyncDeps } from '../../src/sync/index.ts';
import { ALL_CORE, MANIFEST_11, validFiles, writeBundleFolder } from '../support/bundles.ts';
import { engines } from '../support/engines.ts';
import { throttledHeartbeat } from '../../src/sync/run/run-lock.ts';
import { openHubStore, START } from './run-fixture.ts';

describe.each(engines())('two runs of one connection never overlap on %s', (engine) => {
  const clock = fixedClock(START);
  let hub: Awaited<ReturnType<typeof openHubStore>>;
  let deps: SyncDeps;
  const ctx = { clock, timeZone: 'UTC', actor: 'test:admin' };
  beforeAll(async () => {
    hub = await openHubStore(engine, clock);
    deps = { store: hub.store, box: undefined, clientDeps: systemClientDeps(), clock };
  });
  afterAll(async () => {
    await hub.close();
  });

  it('refuses a run while another is running, and lets the next one start once it is done', async () => {
    const connection = await addConnection(hub.store.db, ctx, undefined, { name: 'CSV a', districtId: 'd1', kind: 'oneroster-csv', csv: { location: writeBundleFolder(validFiles(), MANIFEST_11(ALL_CORE)) } });
    let release: () => void = () => undefined;
    let entered: () => void = () => undefined;
    const inCommit = new Promise<void>((resolve) => (entered = resolve));
    const first = runSync(deps, connection.id, {
      trigger: 'schedule',
      // Paused with its lock held but no transaction open (SQLite's one connection stays free).
      hooks: {
        beforeCommit: async () => {
          entered();
          await new Promise<void>((resolve) => (release = resolve));
        },
      },
    });
    await inCommit;
    await expect(runSync(deps, connection.id, { trigger: 'manual' })).rejects.toThrow(/is still running .*never overlap/);
    release();
    expect((await first).status).toBe('succeeded');
    const next = await runSync(deps, connection.id, { trigger: 'manual' });
    expect(next.status).toBe('succeeded');
    expect((await listRuns(hub.store.db, connection.id)).map((r) => r.status)).toEqual(['succeeded', 'succeeded']);
  });

  it('lets exactly one of many simultaneous claims win', async () => {
    const connection = await addConnection(hub.store.db, ctx, undefined, { name: 'CSV b', districtId: 'd1', kind: 'oneroster-csv', csv: { location: '/nowhere' } });
    const claims = await Promise.allSettled(Array.from({ length: 5 }, () => claimRun(hub.store.db, clock, connection.id, { trigger: 'schedule', full: true })));
    expect(claims.filter((c) => c.status === 'fulfilled')).toHaveLength(1);
    for (const c of claims) if (c.status === 'rejected') expect(String(c.reason)).toMatch(/never overlap/);
  });

  it('takes a running run whose heartbeat is older than the stale limit for dead, marks it failed and starts', async () => {
    const connection = await addConnection(hub.store.db, ctx, undefined, { name: 'CSV c', districtId: 'd1', kind: 'oneroster-csv', csv: { location: '/nowhere' } });
    // A run claimed by this (live) process: only its age can make it stale.
    const stuck = await claimRun(hub.store.db, clock, connection.id, { trigger: 'schedule', full: true });
    await expect(claimRun(hub.store.db, clock, connection.id, { trigger: 'schedule', full: true })).rejects.toThrow(/still running/);
    clock.advance(STALE_AFTER_MS + 1);
    const fresh = await claimRun(hub.store.db, clock, connection.id, { trigger: 'manual', full: true });
    expect(fresh).not.toBe(stuck);
    expect((await getRun(hub.store.db, stuck)).status).toBe('failed');
  });

  it('records a failed run in plain words when the source cannot be read, and releases the lock', async () => {
    const connection = await addConnection(hub.store.db, ctx, undefined, { name: 'CSV d', districtId: 'd1', kind: 'oneroster-csv', csv: { location: '/nowhere/at/all.zip' } });
    const run = await runSync(deps, connection.id, { trigger: 'schedule' });
    expect(run.status).toBe('failed');
    expect(run.errors[0]).toMatch(/all\.zip/);
    expect((await runSync(deps, connection.id, { trigger: 'schedule' })).status).toBe('failed');
  });

  it('beats at most once every few seconds on the clock, however often a run calls it', async () => {
    const connection = await addConnection(hub.store.db, ctx, undefined, { name: 'CSV heartbeat', districtId: 'd1', kind: 'oneroster-csv', csv: { location: '/nowhere' } });
    const runId = await claimRun(hub.store.db, clock, connection.id, { trigger: 'manual', full: true });
    const beatAt = async (): Promise<string> => String((await hub.store.db.selectFrom('sync_runs').select('heartbeat_at').where('id', '=', runId).executeTakeFirstOrThrow()).heartbeat_at);
    const beat = throttledHeartbeat(hub.store.db, clock, runId, 5000);
    clock.advance(1000);
    await beat();
    const first = await beatAt();
    expect(first).toBe(clock.now().toISOString());
    clock.advance(4000);
    await beat();
    expect(await beatAt()).toBe(first);
    clock.advance(1000);
    await beat();
    expect(await beatAt()).toBe(clock.now().toISOString());
  });
});
