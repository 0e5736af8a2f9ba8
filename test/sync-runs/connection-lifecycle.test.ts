import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryAudit, secretFingerprint } from '../../src/access/index.ts';
import { recordOutbox } from '../../src/gradebook/outbox.ts';
import { getSchedule, setSchedule, tickSchedules, removeSchedule, type JobQueue, type RunRequest } from '../../src/jobs/index.ts';
import { HubError, fixedClock } from '../../src/kernel/index.ts';
import { ENTITIES } from '../../src/model/index.ts';
import { streamRecords } from '../../src/store/index.ts';
import {
  addConnection,
  claimRun,
  getRun,
  listRuns,
  STALE_AFTER_MS,
  ownedCounts,
  recordLineage,
  removeConnection,
  resolveConnection,
  rotateConnectionSecret,
  runSync,
  saveSyncSettings,
  systemClientDeps,
  updateConnection,
  type Connection,
  type ConnectionInput,
  type SyncDeps,
} from '../../src/sync/index.ts';
import { openConnectionSecret } from '../../src/sync/connections.ts';
import { createSecretBox, generateMasterKey, parseMasterKey } from '../../src/access/index.ts';
import { ALL_CORE, MANIFEST_11, validFiles, writeBundleFolder } from '../support/bundles.ts';
import { engines } from '../support/engines.ts';
import { openHubStore, START } from './run-fixture.ts';

const OLD = 'old-sis-secret-1a2b3c';
const NEW = 'new-sis-secret-4d5e6f';

async function refusal(promise: Promise<unknown>): Promise<HubError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof HubError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

/** A queue that only records what the scheduler would enqueue. */
function recordingQueue(): JobQueue & { sent: RunRequest[] } {
  const sent: RunRequest[] = [];
  return {
    sent,
    name: 'recording',
    sharedByProcesses: false,
    start: async () => undefined,
    stop: async () => undefined,
    enqueue: async (_db, request) => {
      sent.push(request);
      return { queued: true, jobId: `job-${sent.length}` };
    },
    claim: async () => [],
    complete: async () => undefined,
    fail: async () => undefined,
    forget: async () => undefined,
  };
}

describe.each(engines())('connection update, secret rotation and removal on %s', (engine) => {
  const clock = fixedClock(START);
  const ctx = { clock, timeZone: 'UTC', actor: 'test:admin' };
  const box = createSecretBox(parseMasterKey(generateMasterKey()));
  let hub: Awaited<ReturnType<typeof openHubStore>>;
  let deps: SyncDeps;
  let counter = 0;
  beforeAll(async () => {
    hub = await openHubStore(engine, clock);
    deps = { store: hub.store, box, clientDeps: systemClientDeps(), clock };
  });
  afterAll(async () => {
    await hub.close();
  });

  const rest = (mode: 'import' | 'two-way' = 'import'): Promise<Connection> => {
    counter += 1;
    const input: ConnectionInput = {
      name: `Skyward ${counter}`,
      districtId: 'd1',
      mode,
      kind: 'oneroster-rest',
      clientSecret: OLD,
      rest: { version: '1.2', baseUrl: 'https://sis.example.org/API', tokenUrl: 'https://sis.example.org/API/oauth/token', clientId: 'sp-key', scope: 'roster-core.readonly' },
    };
    return addConnection(hub.store.db, ctx, box, input);
  };
  const csv = (location = writeBundleFolder(validFiles(), MANIFEST_11(ALL_CORE))): Promise<Connection> => {
    counter += 1;
    return addConnection(hub.store.db, ctx, undefined, { name: `CSV ${counter}`, districtId: 'd1', kind: 'oneroster-csv', csv: { location } });
  };
  const audit = async (id: string, action: string) => (await queryAudit(hub.store.db, { kind: 'change' })).filter((e) => e.kind === 'change' && e.targetId === id && e.action === action);
  const dump = async (): Promise<string> => JSON.stringify([await hub.store.db.selectFrom('sync_connections').selectAll().execute(), await hub.store.db.selectFrom('access_audit').selectAll().execute()]);

  it('renames a connection and changes its base URL and client id without a new secret; audited before/after', async () => {
    const added = await rest();
    const { connection, changed } = await updateConnection(hub.store.db, ctx, box, added, { name: 'Skyward renamed', rest: { baseUrl: 'https://sis2.example.org/API/', clientId: 'sp-key-2', concurrency: 4, timeoutMs: 60_000 } });
    expect(changed).toEqual(['name', 'rest.baseUrl', 'rest.clientId', 'rest.concurrency', 'rest.timeoutMs']);
    expect(connection).toMatchObject({ id: added.id, name: 'Skyward renamed', credentialFingerprint: secretFingerprint(OLD), rest: { baseUrl: 'https://sis2.example.org/API', clientId: 'sp-key-2', concurrency: 4, timeoutMs: 60_000, pageSize: 1000, version: '1.2' } });
    expect(await resolveConnection(hub.store.db, 'Skyward renamed')).toEqual(connection);
    expect(await openConnectionSecret(hub.store.db, box, connection)).toBe(OLD);
    const [entry] = await audit(added.id, 'connection.update');
    expect(entry).toMatchObject({ actor: 'test:admin', before: { name: added.name, rest: { clientId: 'sp-key' } }, after: { name: 'Skyward renamed', rest: { clientId: 'sp-key-2' } } });
    expect(JSON.stringify(entry)).not.toContain(OLD);
  });

  it('lists every problem of the merged result, refuses a change of kind or district, and changes nothing', async () => {
    const added = await rest();
    const error = await refusal(updateConnection(hub.store.db, ctx, box, added, { kind: 'oneroster-csv', districtId: 'd2', rest: { version: '3', baseUrl: 'nope', concurrency: 9 } }));
    expect(error.code).toBe('invalid_argument');
    expect(error.details).toEqual([
      'the kind of a connection cannot be changed (oneroster-rest): add a new connection of kind oneroster-csv and remove this one',
      'the district of a connection cannot be changed (its records belong to district d1): add a new connection for district d2',
      "OneRoster version must be 1.1 or 1.2, not '3'",
      'service base URL is not a URL',
      'concurrency must be a whole number from 1 to 5',
    ]);
    expect((await refusal(updateConnection(hub.store.db, ctx, box, added, {}))).message).toContain('nothing to change');
    expect(await resolveConnection(hub.store.db, added.id)).toEqual(added);
  });

  it('keeps names unique, and moving to OAuth 1.0a drops the token URL and scope', async () => {
    const first = await rest();
    const second = await rest();
    expect((await refusal(updateConnection(hub.store.db, ctx, box, second, { name: first.name }))).code).toBe('conflict');
    const { connection } = await updateConnection(hub.store.db, ctx, box, second, { rest: { auth: 'oauth1' } });
    expect(connection).toMatchObject({ kind: 'oneroster-rest', rest: { auth: 'oauth1', tokenUrl: null, scope: null } });
  });

  it('moves a CSV connection onto SFTP only with its credential, and off SFTP drops the credential', async () => {
    const local = await csv('/srv/sis/roster.zip');
    const sftp = { location: 'sftp://rb@sftp.example.org/exports/district.zip', sftp: { hostKey: `SHA256:${'A'.repeat(43)}` } };
    const missing = await refusal(updateConnection(hub.store.db, ctx, box, local, { csv: sftp }));
    expect(missing.details).toEqual(["an SFTP location with password login needs its credential with the update (--sftp-password-stdin or --sftp-key-file; the API's secret)"]);
    const moved = await updateConnection(hub.store.db, ctx, box, local, { csv: sftp }, { secret: 'sftp-password-9z' });
    expect(moved.connection).toMatchObject({ csv: { location: sftp.location, sftp: { auth: 'password', hostKey: sftp.sftp.hostKey } }, credentialFingerprint: secretFingerprint('sftp-password-9z') });
    expect(moved.changed).toEqual(['credentialFingerprint', 'csv.location', 'csv.sftp.auth', 'csv.sftp.hostKey', 'csv.sftp.timeoutMs']);
    const back = await updateConnection(hub.store.db, ctx, box, moved.connection, { csv: { location: '/srv/sis/other.zip' } });
    expect(back.connection).not.toHaveProperty('credentialFingerprint');
    expect((await refusal(openConnectionSecret(hub.store.db, box, back.connection))).code).toBe('not_found');
  });

  it('refuses an update while a run of the connection is running, and allows it while one is held', async () => {
    const running = await csv();
    await claimRun(hub.store.db, clock, running.id, { trigger: 'manual', full: true });
    const refused = await refusal(updateConnection(hub.store.db, ctx, box, running, { name: 'While running' }));
    expect(refused.code).toBe('conflict');
    expect(refused.message).toMatch(/is running \(run .*\): update the connection once it has finished/);

    const held = await csv();
    await saveSyncSettings(hub.store.db, ctx, held, { previewRequired: true });
    expect((await runSync(deps, held.id, { trigger: 'manual' })).status).toBe('held');
    expect((await updateConnection(hub.store.db, ctx, box, held, { name: 'Renamed while held' })).connection.name).toBe('Renamed while held');
  });

  it('rotates a secret: sealed and bound to the id, a new fingerprint, audited by fingerprints only', async () => {
    const added = await rest();
    const rotated = await rotateConnectionSecret(hub.store.db, ctx, box, added, NEW);
    expect(rotated.credentialFingerprint).toBe(secretFingerprint(NEW));
    expect(await openConnectionSecret(hub.store.db, box, rotated)).toBe(NEW);
    const [entry] = await audit(added.id, 'connection.rotate-secret');
    expect(entry).toMatchObject({ before: { credentialFingerprint: secretFingerprint(OLD) }, after: { credentialFingerprint: secretFingerprint(NEW) } });
    const everything = await dump();
    expect(everything).not.toContain(NEW);
    expect(everything).not.toContain(OLD);
    expect((await refusal(rotateConnectionSecret(hub.store.db, ctx, box, rotated, 'two\nlines'))).details).toEqual(['the client secret must be one line']);
    expect((await refusal(rotateConnectionSecret(hub.store.db, ctx, undefined, rotated, NEW))).code).toBe('config_invalid');
    const local = await csv('/srv/sis/roster.zip');
    expect((await refusal(rotateConnectionSecret(hub.store.db, ctx, box, local, NEW))).message).toContain('has no credential to rotate');
  });

  it('removes a connection: its records stay, unowned; history and lineage stay; schedule and settings go; audited', async () => {
    const connection = await csv();
    expect((await runSync(deps, connection.id, { trigger: 'manual' })).status).toBe('succeeded');
    await setSchedule(hub.store.db, connection.id, { kind: 'cron', cron: '0 * * * *', timeZone: 'UTC' }, clock.now());
    // The schedule would fire an hour on: the removal is what stops it.
    const before = recordingQueue();
    await tickSchedules({ db: hub.store.db, queue: before }, new Date(clock.now().getTime() + 3_600_000));
    expect(before.sent.map((r) => r.connectionId)).toContain(connection.id);
    await setSchedule(hub.store.db, connection.id, { kind: 'cron', cron: '0 * * * *', timeZone: 'UTC' }, clock.now());
    const active = await activeIds();

    const removal = await removeConnection(hub.store, ctx, connection, { tombstoneRecords: false, alongside: removeSchedule });
    expect(removal).toMatchObject({ records: 'kept', released: { orgs: 2, academicSessions: 2, courses: 1, classes: 1, users: 4, enrollments: 3 }, tombstoned: {}, outboxDiscarded: 0 });
    expect(await activeIds()).toEqual(active);
    expect(await ownedCounts(hub.store.db, connection.id)).toEqual({});
    expect((await refusal(resolveConnection(hub.store.db, connection.id))).code).toBe('not_found');
    expect(await hub.store.db.selectFrom('sync_connections').select('id').where('id', '=', connection.id).execute()).toEqual([]);
    expect(await getSchedule(hub.store.db, connection.id)).toBeUndefined();
    const after = recordingQueue();
    await tickSchedules({ db: hub.store.db, queue: after }, new Date(clock.now().getTime() + 3_600_000));
    expect(after.sent.map((r) => r.connectionId)).not.toContain(connection.id);
    expect((await listRuns(hub.store.db, connection.id)).map((r) => r.status)).toEqual(['succeeded']);
    expect((await recordLineage(hub.store.db, 'users', 'u-s1')).some((l) => l.connectionId === connection.id)).toBe(true);
    const [entry] = await audit(connection.id, 'connection.remove');
    expect(entry).toMatchObject({ before: { name: connection.name }, after: { removed: true, records: 'kept' } });
  });

  it('tombstones what it alone owns in the same transaction, leaves what another connection owns, and bumps what they touch', async () => {
    // Two connections over the same bundle own the same records.
    const a = await csv();
    const b = await csv();
    for (const c of [a, b]) expect((await runSync(deps, c.id, { trigger: 'manual' })).status).toBe('succeeded');
    clock.advance(60_000);
    const shared = await removeConnection(hub.store, ctx, b, { tombstoneRecords: true });
    expect(shared).toMatchObject({ records: 'tombstoned', shared: 13, tombstoned: { users: 0, enrollments: 0 } });
    expect((await activeIds()).length).toBeGreaterThanOrEqual(13);

    clock.advance(60_000);
    const now = clock.now().toISOString();
    const removal = await removeConnection(hub.store, ctx, a, { tombstoneRecords: true });
    expect(removal).toMatchObject({ shared: 0, tombstoned: { orgs: 2, academicSessions: 2, courses: 1, classes: 1, users: 4, enrollments: 3 } });
    const users = ENTITIES.find((e) => e.name === 'users');
    if (users === undefined) throw new Error('users');
    const seen: string[] = [];
    for await (const r of streamRecords(hub.store.db, hub.store.dialect, users, { includeTombstones: true })) seen.push(`${r.sourcedId}/${r.status}/${r.dateLastModified === now ? 'now' : 'before'}`);
    expect(seen.sort()).toEqual(['u-p/tobedeleted/now', 'u-s1/tobedeleted/now', 'u-s2/tobedeleted/now', 'u-t/tobedeleted/now']);
    expect((await audit(a.id, 'connection.remove'))[0]).toMatchObject({ after: { records: 'tombstoned', tombstoned: { users: 4 } } });
  });

  it('refuses a removal while a run is running or held, and says to reject the held run first', async () => {
    const running = await csv();
    await claimRun(hub.store.db, clock, running.id, { trigger: 'manual', full: true });
    expect((await refusal(removeConnection(hub.store, ctx, running, { tombstoneRecords: false }))).message).toMatch(/is running .*remove the connection once it has finished/);
    const held = await csv();
    await saveSyncSettings(hub.store.db, ctx, held, { previewRequired: true });
    const run = await runSync(deps, held.id, { trigger: 'manual' });
    const refused = await refusal(removeConnection(hub.store, ctx, held, { tombstoneRecords: true }));
    expect(refused.code).toBe('conflict');
    expect(refused.message).toBe(`run ${run.id} of ${held.name} is held for approval: reject it first (rosterbridge connection reject ${run.id}), then remove the connection`);
    expect(await resolveConnection(hub.store.db, held.id)).toMatchObject({ id: held.id });
  });

  it('releases a run whose heartbeat is older than the stale limit, as a new run would, and removes the connection', async () => {
    const stuck = await csv();
    const runId = await claimRun(hub.store.db, clock, stuck.id, { trigger: 'schedule', full: true });
    clock.advance(STALE_AFTER_MS + 1);
    expect((await removeConnection(hub.store, ctx, stuck, { tombstoneRecords: false })).connection.id).toBe(stuck.id);
    expect(await getRun(hub.store.db, runId)).toMatchObject({ status: 'failed', errors: [expect.stringContaining('Released by the remove of the connection')] });
  });

  it('drops the district\'s pending outbox with its only two-way connection, and keeps what was delivered', async () => {
    const twoWay = await rest('two-way');
    const stamp = clock.now().toISOString();
    await recordOutbox(hub.store.db, 'd1', stamp, [{ entity: 'lineItems', sourcedId: 'li-1', operation: 'put' }, { entity: 'results', sourcedId: 'r-1', operation: 'put' }]);
    await hub.store.db.updateTable('gradebook_outbox').set({ status: 'pushed' }).where('sourced_id', '=', 'li-1').execute();
    const importOnly = await rest();
    expect((await removeConnection(hub.store, ctx, importOnly, { tombstoneRecords: false })).outboxDiscarded).toBe(0);
    expect((await removeConnection(hub.store, ctx, twoWay, { tombstoneRecords: false })).outboxDiscarded).toBe(1);
    const left = await hub.store.db.selectFrom('gradebook_outbox').select(['sourced_id', 'status']).execute();
    expect(left.map((r) => `${String(r.sourced_id)}/${String(r.status)}`)).toEqual(['li-1/pushed']);
  });

  async function activeIds(): Promise<string[]> {
    const out: string[] = [];
    for (const entity of ENTITIES) for await (const r of streamRecords(hub.store.db, hub.store.dialect, entity)) out.push(`${entity.name}/${r.sourcedId}`);
    return out.sort();
  }
});
