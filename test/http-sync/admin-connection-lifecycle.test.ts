import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { secretFingerprint } from '../../src/access/index.ts';
import { entityDecl } from '../../src/model/index.ts';
import { streamRecords } from '../../src/store/index.ts';
import { engines } from '../support/engines.ts';
import { addCsvConnection, openSyncAdminFixture, type SyncAdminFixture } from './sync-admin-fixture.ts';

const OLD = 'admin-old-secret-77aa';
const NEW = 'admin-new-secret-88bb';

interface Shown {
  id: string;
  name: string;
  credentialFingerprint?: string;
  rest?: { baseUrl: string; clientId: string; concurrency: number };
}

describe.each(engines())('connection update, secret and removal in the admin API on %s', (engine) => {
  let f: SyncAdminFixture;
  let sis: Server;
  let sisUrl: string;
  beforeAll(async () => {
    f = await openSyncAdminFixture(engine);
    // A SIS that refuses every client at once: what Test connection reports after a rotation to a wrong secret.
    sis = createServer((_request, response) => response.writeHead(401, { 'content-type': 'application/json' }).end(JSON.stringify({ error: 'invalid_client' })));
    await new Promise<void>((resolve) => sis.listen(0, '127.0.0.1', resolve));
    sisUrl = `http://127.0.0.1:${(sis.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    sis.closeAllConnections();
    await new Promise<void>((resolve) => sis.close(() => resolve()));
    await f.close();
  });

  const addRest = async (name: string): Promise<Shown> => {
    const created = await f.call('POST', '/admin/api/connections', {
      name, districtId: f.district.districtId, kind: 'oneroster-rest', clientSecret: OLD,
      rest: { version: '1.2', baseUrl: sisUrl, tokenUrl: `${sisUrl}/oauth/token`, clientId: 'rb' },
    });
    expect(created.statusCode, created.body).toBe(201);
    return created.json<{ connection: Shown }>().connection;
  };

  it('PATCH renames and changes settings, keeps the secret, and lists every problem of a bad change', async () => {
    const added = await addRest('Skyward');
    const patched = await f.call('PATCH', `/admin/api/connections/${added.id}`, { name: 'Skyward 2026', rest: { clientId: 'rb-2', concurrency: 3 } });
    expect(patched.statusCode, patched.body).toBe(200);
    expect(patched.json()).toMatchObject({ connection: { id: added.id, name: 'Skyward 2026', credentialFingerprint: secretFingerprint(OLD), rest: { clientId: 'rb-2', concurrency: 3 } }, changed: ['name', 'rest.clientId', 'rest.concurrency'] });
    expect(patched.body).not.toContain(OLD);

    const bad = await f.call('PATCH', `/admin/api/connections/${added.id}`, { kind: 'oneroster-csv', rest: { concurrency: 6, baseUrl: 'ftp://x' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json<{ problems: string[] }>().problems).toEqual([
      'the kind of a connection cannot be changed (oneroster-rest): add a new connection of kind oneroster-csv and remove this one',
      'service base URL must be http:// or https://',
      'concurrency must be a whole number from 1 to 5',
    ]);
    const typo = await f.call('PATCH', `/admin/api/connections/${added.id}`, { rest: { baseURL: sisUrl }, colour: 'red' });
    expect(typo.statusCode).toBe(400);
    expect(typo.json<{ message: string }>().message).toBe('not a connection field: colour, rest.baseURL');
    await addRest('Taken');
    expect((await f.call('PATCH', `/admin/api/connections/${added.id}`, { name: 'Taken' })).statusCode).toBe(409);
    expect((await f.call('PATCH', '/admin/api/connections/no-such', { name: 'x' })).statusCode).toBe(404);
    expect((await f.app.inject({ method: 'PATCH', url: `/admin/api/connections/${added.id}`, payload: { name: 'x' } })).statusCode).toBe(401);
  });

  it('takes rest.paths on add and PATCH (a layout name or per-service bases), shows it, and lists its problems', async () => {
    const created = await f.call('POST', '/admin/api/connections', {
      name: 'Qmlativ', districtId: f.district.districtId, kind: 'oneroster-rest', clientSecret: OLD,
      rest: { version: '1.2', baseUrl: sisUrl, tokenUrl: `${sisUrl}/oauth/token`, clientId: 'rb', paths: 'flat' },
    });
    expect(created.statusCode, created.body).toBe(201);
    const { id } = created.json<{ connection: Shown }>().connection;
    expect((await f.call('GET', `/admin/api/connections/${id}`)).json()).toMatchObject({ connection: { rest: { paths: 'flat' } } });
    const bases = await f.call('PATCH', `/admin/api/connections/${id}`, { rest: { paths: { rostering: '/ims/oneroster/v1p1/', gradebook: '/ims/oneroster/v1p1' } } });
    expect(bases.statusCode, bases.body).toBe(200);
    expect(bases.json()).toMatchObject({ connection: { rest: { paths: { rostering: '/ims/oneroster/v1p1', gradebook: '/ims/oneroster/v1p1' } } }, changed: ['rest.paths', 'rest.paths.gradebook', 'rest.paths.rostering'] });
    // Stored and read back: the bases survive the row's round trip.
    expect((await f.call('GET', `/admin/api/connections/${id}`)).json()).toMatchObject({ connection: { rest: { paths: { rostering: '/ims/oneroster/v1p1', gradebook: '/ims/oneroster/v1p1' } } } });
    const bad = await f.call('PATCH', `/admin/api/connections/${id}`, { rest: { paths: { grades: '/x', rostering: 'v1p1' } } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json<{ problems: string[] }>().problems).toEqual([
      "paths: 'grades' is not a OneRoster service (rostering, gradebook, resources)",
      "paths: the rostering base must be a path under the base URL, like /ims/oneroster/v1p1 (a leading slash, no query, no '..'), not 'v1p1'",
    ]);
    const wrongType = await f.call('PATCH', `/admin/api/connections/${id}`, { rest: { paths: ['flat'] } });
    expect(wrongType.statusCode).toBe(400);
    expect(wrongType.json<{ message: string }>().message).toBe('field "paths" must be a string or an object of strings');
    const back = await f.call('PATCH', `/admin/api/connections/${id}`, { rest: { paths: 'standard' } });
    expect(back.json()).toMatchObject({ connection: { rest: { paths: 'standard' } } });
  });

  it('POST …/secret rotates the secret, never returns it, and tests it on request', async () => {
    const added = await addRest('Rotating');
    const rotated = await f.call('POST', `/admin/api/connections/${added.id}/secret`, { secret: NEW, test: true });
    expect(rotated.statusCode, rotated.body).toBe(200);
    const body = rotated.json<{ connection: Shown; report: { ok: boolean; summary: string[] } }>();
    expect(body.connection.credentialFingerprint).toBe(secretFingerprint(NEW));
    expect(body.report.ok).toBe(false);
    expect(body.report.summary).toContain('token: 401 — the client id or secret is wrong');
    expect(rotated.body).not.toContain(NEW);
    expect((await f.call('POST', `/admin/api/connections/${added.id}/secret`, {})).statusCode).toBe(400);
    const csv = await addCsvConnection(f, 'Local CSV');
    const refused = await f.call('POST', `/admin/api/connections/${csv}/secret`, { secret: NEW });
    expect(refused.statusCode).toBe(400);
    expect(refused.body).not.toContain(NEW);
    const rows = JSON.stringify(await f.store.db.selectFrom('sync_connections').selectAll().execute()) + JSON.stringify(await f.store.db.selectFrom('access_audit').selectAll().execute());
    expect(rows).not.toContain(NEW);
  });

  it('DELETE keeps the records by default, drops the schedule and the waiting run, and refuses while a run is held', async () => {
    const id = await addCsvConnection(f, 'To remove');
    expect((await f.call('POST', `/admin/api/connections/${id}/sync`)).json<{ run: { status: string } }>().run.status).toBe('succeeded');
    expect((await f.call('PUT', `/admin/api/connections/${id}/schedule`, { at: '02:00' })).statusCode).toBe(200);
    expect((await f.call('POST', `/admin/api/connections/${id}/run-now`)).statusCode).toBe(202);
    expect(await waitingRuns(id)).toBe(1);
    expect((await f.call('DELETE', `/admin/api/connections/${id}?tombstoneRecords=maybe`)).statusCode).toBe(400);

    const removed = await f.call('DELETE', `/admin/api/connections/${id}`);
    expect(removed.statusCode, removed.body).toBe(200);
    expect(removed.json()).toMatchObject({ removal: { connection: { id, name: 'To remove' }, records: 'kept', released: { users: f.district.counts.users } } });
    expect((await f.call('GET', `/admin/api/connections/${id}`)).statusCode).toBe(404);
    expect(await f.store.db.selectFrom('sync_schedules').select('connection_id').where('connection_id', '=', id).execute()).toEqual([]);
    expect(await waitingRuns(id)).toBe(0);
    expect((await f.call('GET', `/admin/api/runs/${(await lastRun(id))}`)).statusCode).toBe(200);
    let active = 0;
    for await (const _user of streamRecords(f.store.db, f.store.dialect, entityDecl('users'))) active += 1;
    expect(active).toBe(f.district.counts.users);

    const held = await addCsvConnection(f, 'Held one');
    expect((await f.call('PUT', `/admin/api/connections/${held}/settings`, { previewRequired: true })).statusCode).toBe(200);
    const run = (await f.call('POST', `/admin/api/connections/${held}/sync`)).json<{ run: { id: string; status: string } }>().run;
    expect(run.status).toBe('held');
    const refused = await f.call('DELETE', `/admin/api/connections/${held}?tombstoneRecords=true`);
    expect(refused.statusCode).toBe(409);
    expect(refused.json<{ message: string }>().message).toContain(`reject it first (rosterbridge connection reject ${run.id})`);
    expect((await f.call('POST', `/admin/api/runs/${run.id}/reject`)).statusCode).toBe(200);
    const tombstoned = await f.call('DELETE', `/admin/api/connections/${held}?tombstoneRecords=true`);
    expect(tombstoned.json()).toMatchObject({ removal: { records: 'tombstoned', tombstoned: {} } });
  });

  /** Runs waiting in the store's queue for a connection: the in-process table, or pg-boss's queue. */
  async function waitingRuns(connectionId: string): Promise<number> {
    if (f.store.dialect.engine === 'sqlite') {
      return (await f.store.db.selectFrom('sync_jobs').select('id').where('connection_id', '=', connectionId).where('state', '=', 'created').execute()).length;
    }
    const rows = await f.store.db.selectFrom('pgboss.job').select('id').where('name', '=', `sync-run.${connectionId}`).where('state', '=', 'created').execute();
    return rows.length;
  }

  async function lastRun(connectionId: string): Promise<string> {
    const row = await f.store.db.selectFrom('sync_runs').select('id').where('connection_id', '=', connectionId).executeTakeFirst();
    return String(row?.id);
  }
});
