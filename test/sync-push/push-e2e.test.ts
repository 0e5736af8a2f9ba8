import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { listOutbox, markOutbox } from '../../src/gradebook/index.ts';
import { entityDecl, isEntityName, type Version } from '../../src/model/index.ts';
import { connectionOutbox, pushConnection, retryFailedPushes, type ClientDeps, type PushReport } from '../../src/sync/index.ts';
import { engines } from '../support/engines.ts';
import { gradebookBase, openLocalHub, openRemoteHub, ref, type LocalHub, type RemoteHub } from './two-hubs.ts';

const singularOf = (collection: string): string => (isEntityName(collection) ? entityDecl(collection).singular : collection);

interface Sent {
  readonly method: string;
  readonly path: string;
  readonly body: unknown;
}

/**
 * 2-way sync hub → hub over real HTTP: a vendor writes grades into the LOCAL hub through its API;
 * `pushConnection` sends them to the REMOTE hub (our own provider on 127.0.0.1) through its
 * gradebook API; what arrived is read back through the remote's API.
 */
describe.each(engines())('2-way push hub → hub on %s', (engine) => {
  let remote: RemoteHub;
  let local: LocalHub | undefined;
  const sent: Sent[] = [];
  const sleeps: number[] = [];
  /** Paths the fake network answers 503 for (after the real remote saw nothing), with how many times left. */
  const unavailable = new Map<string, number>();
  /** The fake network stands for a SIS serving 1.2 flat (Qmlativ): flat paths reach the remote's standard ones, standard paths 404. */
  let servedFlat = false;

  beforeAll(async () => {
    remote = await openRemoteHub(engine);
  });
  afterEach(async () => {
    await local?.close();
    local = undefined;
    sent.length = 0;
    sleeps.length = 0;
    unavailable.clear();
    servedFlat = false;
  });
  afterAll(async () => {
    await remote.close();
  });

  const clientDeps = (): ClientDeps => ({
    fetch: async (input, init) => {
      const url = new URL(String(input));
      const method = init?.method ?? 'GET';
      if (method !== 'POST') sent.push({ method, path: url.pathname, body: typeof init?.body === 'string' ? JSON.parse(init.body) : undefined });
      const left = unavailable.get(url.pathname);
      if (left !== undefined && left > 0) {
        unavailable.set(url.pathname, left - 1);
        return new Response('{}', { status: 503, headers: { 'retry-after': '2', 'content-type': 'application/json' } });
      }
      if (servedFlat && url.pathname.startsWith('/ims/oneroster/')) {
        const flat = /^\/ims\/oneroster\/v1p2\/([A-Za-z]+)(\/.*)?$/.exec(url.pathname);
        const collection = flat?.[1];
        if (collection === undefined || !isEntityName(collection)) return new Response('{}', { status: 404, headers: { 'content-type': 'application/json' } });
        url.pathname = `/ims/oneroster/${entityDecl(collection).service}/v1p2/${collection}${flat?.[2] ?? ''}`;
        return globalThis.fetch(url, init);
      }
      return globalThis.fetch(input, init);
    },
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    random: () => 0.5,
    now: () => remote.p.f.clock.now().getTime(),
  });

  const push = (hub: LocalHub): Promise<PushReport> =>
    pushConnection({ db: hub.f.store.db, dialect: hub.f.store.dialect, clock: hub.f.clock, box: hub.f.box, client: clientDeps(), retry: { maxAttempts: 2, baseDelayMs: 10, maxDelayMs: 10, maxRetryAfterMs: 60_000 } }, hub.connection);

  async function remoteRecord(version: Version, collection: string, id: string): Promise<{ status: number; body: Record<string, unknown> | undefined }> {
    const response = await remote.p.get(`${gradebookBase(version)}/${collection}/${id}`, remote.readToken);
    const singular = singularOf(collection);
    return { status: response.statusCode, body: response.statusCode === 200 ? response.json<Record<string, Record<string, unknown>>>()[singular] : undefined };
  }

  /** A vendor's grades in the local hub: a new category, two line items, four results (one the SIS will refuse). */
  async function vendorWrites(hub: LocalHub, version: Version, tag: string): Promise<void> {
    const base = gradebookBase(version);
    const put = async (collection: string, id: string, body: Record<string, unknown>): Promise<void> => {
      const singular = singularOf(collection);
      const response = await hub.send('PUT', `${base}/${collection}/${id}`, { [singular]: { sourcedId: id, status: 'active', ...body } });
      expect(response.statusCode, response.body).toBeLessThan(300);
    };
    const lineItem = (title: string, category: string): Record<string, unknown> => ({
      title,
      assignDate: '2026-03-02T00:00:00.000Z',
      dueDate: '2026-03-09T00:00:00.000Z',
      class: ref(version, 'classes', hub.id('c1')),
      category: ref(version, 'categories', category),
      gradingPeriod: ref(version, 'academicSessions', hub.id('gp1')),
      resultValueMin: 0,
      resultValueMax: 10,
    });
    const result = (lineItemId: string, student: string, fields: Record<string, unknown>): Record<string, unknown> => ({
      lineItem: ref(version, 'lineItems', lineItemId),
      student: ref(version, 'users', hub.id(student)),
      scoreDate: '2026-03-10',
      ...fields,
    });
    await put('categories', `cat-${tag}`, { title: `Projects ${tag}` });
    await put('lineItems', `li-${tag}`, lineItem('Project 1', `cat-${tag}`));
    await put('lineItems', `li-${tag}-bonus`, lineItem('Bonus', hub.id('cat1')));
    await put('results', `r-${tag}-scored`, result(`li-${tag}`, 'st-1', { scoreStatus: 'fully graded', score: 9 }));
    // 1.1 requires a score even when exempt; 1.2 does not.
    await put('results', `r-${tag}-exempt`, result(`li-${tag}`, 'st-2', { scoreStatus: 'exempt', ...(version === '1.1' ? { score: 0 } : {}) }));
    await put('results', `r-${tag}-extra`, result(`li-${tag}-bonus`, 'st-2', { scoreStatus: 'fully graded', score: 12, comment: 'extra credit' }));
    // st-3 is enrolled in c1 only in the local hub: the SIS answers 422.
    await put('results', `r-${tag}-refused`, result(`li-${tag}`, 'st-3', { scoreStatus: 'fully graded', score: 5 }));
  }

  const scenarios = [
    { name: 'OAuth 2.0, OneRoster 1.2, no ID prefix', auth: 'oauth2', version: '1.2', prefix: undefined, tag: 'a' },
    { name: 'OAuth 2.0, OneRoster 1.2, ID prefix sis-', auth: 'oauth2', version: '1.2', prefix: 'sis-', tag: 'b' },
    { name: 'OAuth 1.0a, OneRoster 1.1, ID prefix sis-', auth: 'oauth1', version: '1.1', prefix: 'sis-', tag: 'c' },
  ] as const;

  it.each(scenarios)('pushes lineItems and results, fails only the refused one, then pushes a DELETE ($name)', async ({ auth, version, prefix, tag }) => {
    const hub = await openLocalHub(engine, remote, { auth, version, ...(prefix === undefined ? {} : { prefix }) });
    local = hub;
    await vendorWrites(hub, version, tag);
    expect((await listOutbox(hub.f.store.db, 'd1', { status: 'pending' })).length).toBe(7);

    const report = await push(hub);
    expect(report).toMatchObject({ rows: 7, pushed: 6, failed: 1, retryLater: 0, stopped: null });

    // Parents before children; every id as the SIS knows it, every href under the SIS's base URL.
    const puts = sent.filter((s) => s.method === 'PUT').map((s) => s.path.split('/').slice(-2).join('/'));
    expect(puts.slice(0, 1)).toEqual([`categories/cat-${tag}`]);
    expect(puts.slice(1, 3).sort()).toEqual([`lineItems/li-${tag}`, `lineItems/li-${tag}-bonus`]);
    expect(puts).toHaveLength(7);
    const body = JSON.stringify(sent.map((s) => s.body));
    expect(body).not.toContain('sis-');
    expect(body).toContain(`"href":"${remote.baseUrl}${version === '1.1' ? '/ims/oneroster/v1p1/classes/c1' : '/ims/oneroster/rostering/v1p2/classes/c1'}"`);

    const scored = await remoteRecord(version, 'results', `r-${tag}-scored`);
    expect(scored.body).toMatchObject({ score: 9, scoreStatus: 'fully graded', student: { sourcedId: 'st-1' }, lineItem: { sourcedId: `li-${tag}` } });
    expect((await remoteRecord(version, 'results', `r-${tag}-exempt`)).body).toMatchObject({ scoreStatus: 'exempt', student: { sourcedId: 'st-2' } });
    expect((await remoteRecord(version, 'results', `r-${tag}-extra`)).body).toMatchObject({ score: 12, comment: 'extra credit' });
    expect((await remoteRecord(version, 'lineItems', `li-${tag}`)).body).toMatchObject({ title: 'Project 1', class: { sourcedId: 'c1' }, category: { sourcedId: `cat-${tag}` } });
    expect((await remoteRecord(version, 'categories', `cat-${tag}`)).body).toMatchObject({ title: `Projects ${tag}` });
    expect((await remoteRecord(version, 'results', `r-${tag}-refused`)).status).toBe(404);

    const failed = await connectionOutbox(hub.f.store.db, hub.connection, { status: 'failed' });
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatchObject({ entity: 'results', sourcedId: `r-${tag}-refused`, attempts: 1, lastStatus: 422, pushedAt: null });
    expect(failed[0]?.lastError).toMatch(/^422 \(invaliddata\): the SIS found the record invalid/);
    const pushed = await connectionOutbox(hub.f.store.db, hub.connection, { status: 'pushed' });
    expect(pushed.every((r) => r.lastStatus !== null && r.lastStatus < 300 && r.pushedAt !== null && r.lastError === null)).toBe(true);

    // Nothing left: a second push sends nothing.
    sent.length = 0;
    expect(await push(hub)).toMatchObject({ rows: 0, pushed: 0 });
    expect(sent).toEqual([]);

    // The vendor deletes the line item in the hub: its results go with it, here and on the SIS.
    expect((await hub.send('DELETE', `${gradebookBase(version)}/lineItems/li-${tag}`)).statusCode).toBeLessThan(300);
    const deletion = await push(hub);
    // Three results (the refused one never reached the SIS: its 404 counts as done) and the line item.
    expect(deletion).toMatchObject({ rows: 4, pushed: 4, failed: 0 });
    expect(sent.filter((s) => s.method === 'DELETE').map((s) => s.path.split('/').slice(-2)[0])).toEqual(['results', 'results', 'results', 'lineItems']);
    expect((await remoteRecord(version, 'lineItems', `li-${tag}`)).status).toBe(404);
    expect((await remoteRecord(version, 'results', `r-${tag}-scored`)).status).toBe(404);
    expect((await remoteRecord(version, 'results', `r-${tag}-extra`)).status).toBe(200);
  });

  it("pushes under the connection's path layout: a flat 1.2 SIS gets every PUT and DELETE, and every href, without the service segment", async () => {
    const hub = await openLocalHub(engine, remote, { auth: 'oauth2', version: '1.2', paths: 'flat' });
    local = hub;
    await vendorWrites(hub, '1.2', 'g');
    servedFlat = true;
    expect(await push(hub)).toMatchObject({ rows: 7, pushed: 6, failed: 1, stopped: null });
    const puts = sent.filter((s) => s.method === 'PUT');
    expect(puts).toHaveLength(7);
    expect(puts.every((s) => s.path.startsWith('/ims/oneroster/v1p2/'))).toBe(true);
    const body = JSON.stringify(puts.map((s) => s.body));
    expect(body).toContain(`"href":"${remote.baseUrl}/ims/oneroster/v1p2/classes/c1"`);
    expect(body).not.toContain('/rostering/v1p2/');
    expect((await remoteRecord('1.2', 'results', 'r-g-scored')).body).toMatchObject({ score: 9 });
    sent.length = 0;
    expect((await hub.send('DELETE', '/ims/oneroster/gradebook/v1p2/lineItems/li-g-bonus')).statusCode).toBeLessThan(300);
    expect(await push(hub)).toMatchObject({ pushed: 2, failed: 0 });
    expect(sent.filter((s) => s.method === 'DELETE').map((s) => s.path)).toEqual(['/ims/oneroster/v1p2/results/r-g-extra', '/ims/oneroster/v1p2/lineItems/li-g-bonus']);
  });

  it('pushing the same row twice is harmless: PUT again, DELETE answered 404', async () => {
    const hub = await openLocalHub(engine, remote, { auth: 'oauth2', version: '1.2' });
    local = hub;
    await vendorWrites(hub, '1.2', 'd');
    await push(hub);
    const before = await remoteRecord('1.2', 'results', 'r-d-scored');
    const rows = await listOutbox(hub.f.store.db, 'd1', { status: 'pushed' });
    await markOutbox(hub.f.store.db, rows.map((r) => r.id), { status: 'pending', lastStatus: null, lastError: null }, hub.f.clock.now().toISOString());
    expect(await push(hub)).toMatchObject({ pushed: 6, failed: 0 });
    expect((await remoteRecord('1.2', 'results', 'r-d-scored')).body).toEqual(before.body);

    expect((await hub.send('DELETE', '/ims/oneroster/gradebook/v1p2/results/r-d-extra')).statusCode).toBe(204);
    await push(hub);
    const deleted = (await listOutbox(hub.f.store.db, 'd1', { status: 'pushed' })).filter((r) => r.operation === 'delete');
    await markOutbox(hub.f.store.db, deleted.map((r) => r.id), { status: 'pending', lastStatus: null, lastError: null }, hub.f.clock.now().toISOString());
    expect(await push(hub)).toMatchObject({ pushed: 1, failed: 0 });
    expect((await listOutbox(hub.f.store.db, 'd1')).find((r) => r.id === deleted[0]?.id)).toMatchObject({ status: 'pushed', lastStatus: 404 });
  });

  it('a SIS answering 503 then 200 gets the record after the client waits out Retry-After', async () => {
    const hub = await openLocalHub(engine, remote, { auth: 'oauth2', version: '1.2' });
    local = hub;
    await vendorWrites(hub, '1.2', 'e');
    unavailable.set('/ims/oneroster/gradebook/v1p2/lineItems/li-e', 1);
    expect(await push(hub)).toMatchObject({ pushed: 6, failed: 1, retryLater: 0, stopped: null });
    expect(sleeps).toEqual([2000]);
    expect(sent.filter((s) => s.path.endsWith('/lineItems/li-e'))).toHaveLength(2);
    expect((await remoteRecord('1.2', 'lineItems', 'li-e')).body).toMatchObject({ title: 'Project 1' });
  });

  it('a SIS that stays unavailable: the rest waits, attempts are bounded, retry-push starts over', async () => {
    const hub = await openLocalHub(engine, remote, { auth: 'oauth2', version: '1.2' });
    local = hub;
    await vendorWrites(hub, '1.2', 'f');
    unavailable.set('/ims/oneroster/gradebook/v1p2/categories/cat-f', 1000);

    const first = await push(hub);
    expect(first).toMatchObject({ pushed: 0, failed: 0, retryLater: 1 });
    expect(first.stopped).toBe('the SIS was busy or unavailable (503); will try again');
    // The category came first and stopped the run: nothing that may depend on it was sent.
    expect(new Set(sent.map((s) => s.path))).toEqual(new Set(['/ims/oneroster/gradebook/v1p2/categories/cat-f']));
    const waiting = (await listOutbox(hub.f.store.db, 'd1')).find((r) => r.sourcedId === 'cat-f');
    expect(waiting).toMatchObject({ status: 'pending', attempts: 1, lastStatus: 503 });

    for (let run = 2; run <= 5; run += 1) await push(hub);
    const given = (await listOutbox(hub.f.store.db, 'd1')).find((r) => r.sourcedId === 'cat-f');
    expect(given).toMatchObject({ status: 'failed', attempts: 5, lastStatus: 503, lastError: 'the SIS was busy or unavailable (503); gave up after 5 attempts' });

    // With the category failed the others go on; the line item using it is refused by the SIS.
    const next = await push(hub);
    expect(next.failed).toBeGreaterThan(0);

    unavailable.clear();
    expect(await retryFailedPushes(hub.f.store.db, hub.f.clock, hub.connection)).toBeGreaterThanOrEqual(2);
    const after = await push(hub);
    expect(after.failed).toBe(1);
    expect((await connectionOutbox(hub.f.store.db, hub.connection, { status: 'failed' })).map((r) => r.sourcedId)).toEqual(['r-f-refused']);
    expect((await remoteRecord('1.2', 'lineItems', 'li-f')).status).toBe(200);
  });
});
