import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openAccessFixture, type AccessFixture } from '../access/access-fixture.ts';
import { adminAuth, hubApp } from '../http-access/http-fixture.ts';
import { engines } from '../support/engines.ts';

const REST = {
  name: 'Skyward nightly',
  districtId: 'd1',
  kind: 'oneroster-rest',
  clientSecret: 'a-very-secret-value-123',
  rest: { version: '1.2', baseUrl: 'https://sis.example.org/API', tokenUrl: 'https://sis.example.org/API/oauth/token', clientId: 'rosterbridge', pageSize: 5000 },
};

describe.each(engines())('sync connections in the admin API on %s', (engine) => {
  let f: AccessFixture;
  let app: FastifyInstance;
  let auth: { authorization: string };

  beforeEach(async () => {
    f = await openAccessFixture(engine);
    app = await hubApp(f);
    auth = await adminAuth(f, app);
  });
  afterEach(async () => {
    await app.close();
    await f.close();
  });

  it('adds a REST connection, seals its secret, and never gives the secret back', async () => {
    const created = await app.inject({ method: 'POST', url: '/admin/api/connections', headers: auth, payload: REST });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.body).not.toContain(REST.clientSecret);
    const { connection } = created.json<{ connection: { id: string; name: string; rest: { pageSize: number; concurrency: number } } }>();
    expect(connection).toMatchObject({ name: 'Skyward nightly', rest: { pageSize: 5000, concurrency: 2 } });
    const listed = await app.inject({ method: 'GET', url: '/admin/api/connections', headers: auth });
    expect(listed.json<{ connections: Array<{ id: string }> }>().connections.map((c) => c.id)).toEqual([connection.id]);
    const byName = await app.inject({ method: 'GET', url: `/admin/api/connections/${encodeURIComponent('Skyward nightly')}`, headers: auth });
    expect(byName.json<{ connection: { id: string } }>().connection.id).toBe(connection.id);
    for (const response of [listed, byName]) expect(response.body).not.toContain(REST.clientSecret);
    const rows = JSON.stringify(await f.store.db.selectFrom('sync_connections').selectAll().execute());
    expect(rows).not.toContain(REST.clientSecret);
  });

  it('refuses a bad connection with every problem listed and writes nothing', async () => {
    const bad = { ...REST, name: '', rest: { ...REST.rest, version: '2.0', tokenUrl: '' } };
    const refused = await app.inject({ method: 'POST', url: '/admin/api/connections', headers: auth, payload: bad });
    expect(refused.statusCode).toBe(400);
    const { message } = refused.json<{ message: string }>();
    expect(message).toContain('name must be');
    expect(message).toContain("OneRoster version must be 1.1 or 1.2, not '2.0'");
    expect(message).toContain('a token URL is required');
    expect((await app.inject({ method: 'POST', url: '/admin/api/connections', headers: auth, payload: { ...REST, rest: { ...REST.rest, pageSize: 'big' } } })).statusCode).toBe(400);
    expect((await app.inject({ method: 'GET', url: '/admin/api/connections', headers: auth })).json<{ connections: unknown[] }>().connections).toEqual([]);
  });

  it('adds an SFTP connection with its pinned host key, seals its password, and refuses one without a credential or pin', async () => {
    const password = 'sftp-pass-Ohd3aiQu';
    const hostKey = `SHA256:${'A'.repeat(43)}`;
    const sftp = { name: 'SFTP nightly', districtId: 'd1', kind: 'oneroster-csv', csv: { location: 'sftp://rostering@sis.example.org:2222/exports/district.zip', sftp: { auth: 'password', hostKey } } };
    const created = await app.inject({ method: 'POST', url: '/admin/api/connections', headers: auth, payload: { ...sftp, sftpSecret: password } });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.body).not.toContain(password);
    expect(created.json<{ connection: unknown }>().connection).toMatchObject({ kind: 'oneroster-csv', csv: { sftp: { auth: 'password', hostKey } }, credentialFingerprint: expect.stringMatching(/^[A-Za-z0-9+/_-]{8}$/) });
    expect(JSON.stringify(await f.store.db.selectFrom('sync_connections').selectAll().execute())).not.toContain(password);

    const noSecret = await app.inject({ method: 'POST', url: '/admin/api/connections', headers: auth, payload: { ...sftp, name: 'no secret' } });
    expect(noSecret.statusCode).toBe(400);
    expect(noSecret.json<{ message: string }>().message).toContain('an SFTP password is required');
    const noPin = await app.inject({ method: 'POST', url: '/admin/api/connections', headers: auth, payload: { ...sftp, name: 'no pin', csv: { location: sftp.csv.location }, sftpSecret: password } });
    expect(noPin.statusCode).toBe(400);
    expect(noPin.json<{ message: string }>().message).toContain("the SFTP server's host key must be pinned");
    expect(noPin.body).not.toContain(password);
  });

  it('tests a CSV connection and reports in words, and needs an admin token for all of it', async () => {
    const created = await app.inject({ method: 'POST', url: '/admin/api/connections', headers: auth, payload: { name: 'Nightly CSV', districtId: 'd1', kind: 'oneroster-csv', csv: { location: '/nonexistent/district.zip' } } });
    const { id } = created.json<{ connection: { id: string } }>().connection;
    const tested = await app.inject({ method: 'POST', url: `/admin/api/connections/${id}/test`, headers: auth });
    expect(tested.statusCode).toBe(200);
    expect(JSON.stringify(tested.json())).toContain('/nonexistent/district.zip');
    expect((await app.inject({ method: 'POST', url: `/admin/api/connections/nope/test`, headers: auth })).statusCode).toBe(404);
    expect((await app.inject({ method: 'GET', url: '/admin/api/connections' })).statusCode).toBe(401);
  });
});
