import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WRITEBACK_PRODUCT } from '../../src/access/index.ts';
import { engines } from '../support/engines.ts';
import { dumpAccessTables, openAccessFixture, type AccessFixture } from '../access/access-fixture.ts';
import { adminAuth, hubApp } from './http-fixture.ts';

describe.each(engines())('admin API on %s', (engine) => {
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

  it('requires an admin token, and a right password to get one', async () => {
    expect((await app.inject({ method: 'GET', url: '/admin/api/integrations' })).statusCode).toBe(401);
    expect((await app.inject({ method: 'GET', url: '/admin/api/integrations', headers: { authorization: 'Bearer rba_forged' } })).statusCode).toBe(401);
    expect((await app.inject({ method: 'POST', url: '/admin/api/tokens', payload: { username: 'alice', password: 'wrong password!' } })).statusCode).toBe(401);
    expect((await app.inject({ method: 'GET', url: '/admin/api/integrations', headers: auth })).statusCode).toBe(200);
  });

  it('walks the Edlio guide: integration → access → configurations → secret shown once → audit', async () => {
    const integration = (await app.inject({ method: 'POST', url: '/admin/api/integrations', headers: auth, payload: { vendor: 'Edlio', product: 'Edlio', apis: ['OneRoster', 'Attendance'] } })).json<{ integration: { id: string } }>().integration;
    const refused = await app.inject({ method: 'POST', url: '/admin/api/configurations/oneroster', headers: auth, payload: { vendor: 'Edlio', code: 'edlio', districtId: 'd1', allowGradePassBack: true } });
    expect(refused.statusCode).toBe(409);
    expect(refused.json<{ message: string }>().message).toContain(WRITEBACK_PRODUCT);
    const oneRoster = (await app.inject({ method: 'POST', url: '/admin/api/configurations/oneroster', headers: auth, payload: { vendor: 'Edlio', code: 'edlio', districtId: 'd1' } })).json<{ configuration: { id: string } }>().configuration;
    const attendance = (await app.inject({ method: 'POST', url: '/admin/api/configurations/attendance', headers: auth, payload: { description: 'Edlio Attendance Access', schoolIds: ['s1', 's2'] } })).json<{ configuration: { id: string } }>().configuration;
    const created = await app.inject({
      method: 'POST',
      url: '/admin/api/accesses',
      headers: auth,
      payload: { integrationId: integration.id, name: 'Edlio 2025-26', key: 'edlio-d1', authType: 'any', effectiveDate: '2026-03-10', oneRosterConfigurationId: oneRoster.id, attendanceConfigurationId: attendance.id },
    });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ access: { key: 'edlio-d1', expirationDate: '2027-03-10', isActive: true } });
    const bad = await app.inject({ method: 'POST', url: '/admin/api/accesses', headers: auth, payload: { integrationId: integration.id, name: 'x', authType: 'basic' } });
    expect(bad.statusCode).toBe(400);

    const generated = await app.inject({ method: 'POST', url: '/admin/api/accesses/edlio-d1/secrets', headers: auth });
    expect(generated.statusCode).toBe(201);
    const { secret, secretInfo } = generated.json<{ secret: string; secretInfo: { fingerprint: string } }>();
    expect(secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const shown = await app.inject({ method: 'GET', url: '/admin/api/accesses/edlio-d1', headers: auth });
    expect(shown.body).not.toContain(secret);
    expect(shown.json()).toMatchObject({ secrets: [{ fingerprint: secretInfo.fingerprint, revokedAt: null }] });

    const revoked = await app.inject({ method: 'DELETE', url: `/admin/api/accesses/edlio-d1/secrets/${secretInfo.fingerprint}`, headers: auth });
    expect(revoked.json<{ secretInfo: { revokedAt: string | null } }>().secretInfo.revokedAt).not.toBeNull();
    const deactivated = await app.inject({ method: 'PATCH', url: '/admin/api/accesses/edlio-d1', headers: auth, payload: { isActive: false, expirationDate: null } });
    expect(deactivated.json()).toMatchObject({ access: { isActive: false, expirationDate: null } });

    const audit = await app.inject({ method: 'GET', url: `/admin/api/audit?integrationId=${integration.id}&kind=change`, headers: auth });
    const actions = audit.json<{ entries: Array<{ action: string; actor: string }> }>().entries.map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['integration.add', 'access.create', 'secret.generate', 'secret.revoke', 'access.update']));
    expect(audit.json<{ entries: Array<{ actor: string }> }>().entries.every((e) => e.actor === 'admin:alice')).toBe(true);
    expect(audit.body).not.toContain(secret);
    expect(await dumpAccessTables(f.store)).not.toContain(secret);
    expect(await dumpAccessTables(f.store)).not.toContain('correct horse battery');
  });
});
