import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openAccessFixture, type AccessFixture } from '../access/access-fixture.ts';
import { engines } from '../support/engines.ts';
import { adminAuth, hubApp } from './http-fixture.ts';

describe.each(engines())('an unexpected failure outside the OneRoster API, on %s', (engine) => {
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

  it('is a 500 whose body names no cause (the database error stays out of the answer)', async () => {
    await sql`drop table access_integrations`.execute(f.store.db);
    // A list route, a route that also throws HubErrors (translated at the admin edge), and a write.
    for (const [method, url] of [['GET', '/admin/api/integrations'], ['GET', '/admin/api/integrations/nope'], ['PATCH', '/admin/api/integrations/nope']] as const) {
      const response = await app.inject({ method, url, headers: auth, ...(method === 'PATCH' ? { payload: {} } : {}) });
      expect(response.statusCode, url).toBe(500);
      expect(response.json()).toEqual({ error: 'internal', message: 'the server could not answer this request; try again later' });
      expect(response.body).not.toMatch(/access_integrations|relation|no such table/i);
    }
  });

  it('keeps a client error fastify raises itself as its 4xx', async () => {
    const response = await app.inject({ method: 'POST', url: '/admin/api/tokens', headers: { 'content-type': 'application/json' }, payload: '{' });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ message: 'the request could not be read' });
    const behindToken = await app.inject({ method: 'POST', url: '/admin/api/integrations', headers: { ...auth, 'content-type': 'application/json' }, payload: '{' });
    expect(behindToken.statusCode).toBe(400);
    expect(behindToken.json()).toEqual({ error: 'FST_ERR_CTP_INVALID_JSON_BODY', message: 'the request could not be read' });
  });
});
