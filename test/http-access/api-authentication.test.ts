import { createHmac } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import OAuth from 'oauth-1.0a';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { generateAccessSecret, queryAudit, revokeAccessSecret, updateAccess, type IntegrationAccess } from '../../src/access/index.ts';
import { engines } from '../support/engines.ts';
import { dumpAccessTables, openAccessFixture, seedAccess, type AccessFixture } from '../access/access-fixture.ts';
import { hubApp, providerApp, PUBLIC_URL } from './http-fixture.ts';

const USERS = '/ims/oneroster/v1p1/users';

describe.each(engines())('API authentication on %s', (engine) => {
  let f: AccessFixture;
  let provider: FastifyInstance;
  let hub: FastifyInstance;
  let access: IntegrationAccess;
  let secret: string;

  beforeEach(async () => {
    f = await openAccessFixture(engine);
    access = (await seedAccess(f, { key: 'edlio-d1', effectiveDate: '2026-03-01', expirationDate: '2026-03-31' })).access;
    secret = (await generateAccessSecret(f.store.db, f.ctx, f.box, access.id)).secret;
    provider = await providerApp(f);
    hub = await hubApp(f);
  });
  afterEach(async () => {
    await provider.close();
    await hub.close();
    await f.close();
  });

  function signer(key = 'edlio-d1', secretText = secret, method: 'HMAC-SHA256' | 'HMAC-SHA1' = 'HMAC-SHA256', timestamp?: number): OAuth {
    const algorithm = method === 'HMAC-SHA1' ? 'sha1' : 'sha256';
    const oauth = new OAuth({ consumer: { key, secret: secretText }, signature_method: method, hash_function: (base, k) => createHmac(algorithm, k).update(base).digest('base64') });
    oauth.getTimeStamp = () => timestamp ?? Math.floor(f.clock.now().getTime() / 1000);
    return oauth;
  }

  /** An OAuth 1.0a GET of `pathAndQuery`, signed over the public URL the vendor uses. */
  function signedGet(pathAndQuery: string, oauth = signer()) {
    const authorization = oauth.toHeader(oauth.authorize({ url: `${PUBLIC_URL}${pathAndQuery}`, method: 'GET' })).Authorization;
    return { send: () => provider.inject({ method: 'GET', url: pathAndQuery, headers: { authorization } }), authorization };
  }

  async function bearer(): Promise<string> {
    const response = await hub.inject({ method: 'POST', url: '/oauth/token', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: `grant_type=client_credentials&client_id=edlio-d1&client_secret=${secret}` });
    return response.json<{ access_token: string }>().access_token;
  }
  const withBearer = (token: string) => provider.inject({ method: 'GET', url: USERS, headers: { authorization: `Bearer ${token}` } });

  it('applies the in-force rule at each boundary, in the hub time zone, on every request', async () => {
    const token = await bearer();
    f.clock.set('2026-03-01T05:59:59.999Z'); // 23:59:59.999 on 28 February in Chicago (CST)
    expect((await withBearer(token)).statusCode).toBe(403);
    expect((await signedGet(USERS).send()).statusCode).toBe(403);
    f.clock.set('2026-03-01T06:00:00.000Z'); // midnight, 1 March: the effective date itself is in force
    expect((await withBearer(token)).statusCode).toBe(200);
    expect((await signedGet(USERS).send()).statusCode).toBe(200);

    f.clock.set('2026-04-01T04:59:59.999Z'); // 23:59:59.999 on 31 March in Chicago (CDT): still in force
    expect((await signedGet(USERS).send()).statusCode).toBe(200);
    f.clock.set('2026-04-01T05:00:00.000Z'); // midnight, 1 April: expired
    const refused = await signedGet(USERS).send();
    expect(refused.statusCode).toBe(403);
    // A 1.1 path: the 1.1 envelope.
    expect(refused.json()).toMatchObject({ statusInfoSet: [{ imsx_codeMajor: 'failure', imsx_description: expect.stringContaining('expired') }] });
  });

  it('refuses a deactivated access on its very next request, and lets it back in when reactivated', async () => {
    const token = await bearer();
    expect((await withBearer(token)).statusCode).toBe(200);
    await updateAccess(f.store.db, f.ctx, access.id, { isActive: false });
    expect((await withBearer(token)).statusCode).toBe(403);
    expect((await signedGet(USERS).send()).statusCode).toBe(403);
    await updateAccess(f.store.db, f.ctx, access.id, { isActive: true });
    expect((await withBearer(token)).statusCode).toBe(200);
  });

  it('rotates without downtime: two secrets both work, revoking one leaves the other, and its tokens die with it', async () => {
    const oldToken = await bearer();
    const next = await generateAccessSecret(f.store.db, f.ctx, f.box, access.id);
    expect((await signedGet(USERS, signer('edlio-d1', secret)).send()).statusCode).toBe(200);
    expect((await signedGet(USERS, signer('edlio-d1', next.secret)).send()).statusCode).toBe(200);
    const firstId = (await queryAudit(f.store.db, { accessId: access.id, kind: 'change' })).find((e) => e.kind === 'change' && e.action === 'secret.generate' && e.targetId !== next.info.id);
    await revokeAccessSecret(f.store.db, f.ctx, access.id, firstId?.kind === 'change' ? firstId.targetId : '');
    expect((await signedGet(USERS, signer('edlio-d1', secret)).send()).statusCode).toBe(401);
    expect((await withBearer(oldToken)).statusCode).toBe(401);
    expect((await signedGet(USERS, signer('edlio-d1', next.secret)).send()).statusCode).toBe(200);
  });

  it('verifies OAuth 1.0a signatures from an independent client: encoded filters, spaces, repeated parameters, SHA-1', async () => {
    const filter = encodeURIComponent("familyName='O''Brien + Sons' AND email~'@example.org'");
    expect((await signedGet(`${USERS}?filter=${filter}&limit=5&offset=0`).send()).statusCode).toBe(200);
    expect((await signedGet(`${USERS}?fields=givenName&fields=familyName&fields=sourcedId`).send()).statusCode).toBe(200);
    expect((await signedGet(`${USERS}?sort=familyName&orderBy=asc&filter=givenName%3D%27Mary%20Ann%27`).send()).statusCode).toBe(200);
    expect((await signedGet(`${USERS}?limit=2`, signer('edlio-d1', secret, 'HMAC-SHA1')).send()).statusCode).toBe(200);
  });

  it('verifies a signed form body', async () => {
    const oauth = signer();
    const data = { note: 'a b+c', tag: 'x&y' };
    const authorization = oauth.toHeader(oauth.authorize({ url: `${PUBLIC_URL}/ims/oneroster/v1p1/echo`, method: 'POST', data })).Authorization;
    const payload = 'note=a%20b%2Bc&tag=x%26y';
    const ok = await provider.inject({ method: 'POST', url: '/ims/oneroster/v1p1/echo', headers: { authorization, 'content-type': 'application/x-www-form-urlencoded' }, payload });
    expect(ok.statusCode).toBe(200);
    const changed = await provider.inject({ method: 'POST', url: '/ims/oneroster/v1p1/echo', headers: { authorization, 'content-type': 'application/x-www-form-urlencoded' }, payload: 'note=a%20b%2Bc&tag=x%26z' });
    expect(changed.statusCode).toBe(401);
  });

  it('refuses tampered signatures, stale timestamps and replayed nonces', async () => {
    const { authorization } = signedGet(`${USERS}?limit=5`);
    const tampered = authorization.replace(/oauth_signature="([^"]+)"/, (_m, sig: string) => `oauth_signature="${sig.startsWith('A') ? 'B' : 'A'}${sig.slice(1)}"`);
    expect((await provider.inject({ method: 'GET', url: `${USERS}?limit=5`, headers: { authorization: tampered } })).statusCode).toBe(401);
    expect((await provider.inject({ method: 'GET', url: `${USERS}?limit=6`, headers: { authorization } })).statusCode).toBe(401);

    const now = Math.floor(f.clock.now().getTime() / 1000);
    const stale = await signedGet(USERS, signer('edlio-d1', secret, 'HMAC-SHA256', now - 11 * 60)).send();
    expect(stale.statusCode).toBe(401);
    expect(stale.json()).toMatchObject({ statusInfoSet: [{ imsx_description: expect.stringContaining('timestamp') }] });
    expect((await signedGet(USERS, signer('edlio-d1', secret, 'HMAC-SHA256', now + 6 * 60)).send()).statusCode).toBe(401);

    const once = signedGet(USERS);
    expect((await once.send()).statusCode).toBe(200);
    const replay = await once.send();
    expect(replay.statusCode).toBe(401);
    expect(replay.json()).toMatchObject({ statusInfoSet: [{ imsx_description: expect.stringContaining('nonce') }] });
    expect(replay.headers['www-authenticate']).toMatch(/^OAuth /);
  });

  it('honours the authentication type: OAuth 2.0 only, OAuth 1.0a only, and Any', async () => {
    const oauth2Only = (await seedAccess(f, { key: 'oauth2-key', authType: 'oauth2' })).access;
    const o2 = await generateAccessSecret(f.store.db, f.ctx, f.box, oauth2Only.id);
    expect((await signedGet(USERS, signer('oauth2-key', o2.secret)).send()).statusCode).toBe(401);

    const oauth1Only = (await seedAccess(f, { key: 'oauth1-key', authType: 'oauth1' })).access;
    const o1 = await generateAccessSecret(f.store.db, f.ctx, f.box, oauth1Only.id);
    expect((await signedGet(USERS, signer('oauth1-key', o1.secret)).send()).statusCode).toBe(200);
    const token = await bearer();
    await updateAccess(f.store.db, f.ctx, access.id, { authType: 'oauth1' });
    expect((await withBearer(token)).statusCode).toBe(401);
    expect((await provider.inject({ method: 'GET', url: USERS })).statusCode).toBe(401);
  });

  it('hands the handler the scope and the granted scopes, and audits each call without query strings or secrets', async () => {
    const token = await bearer();
    const response = await withBearer(token);
    expect(response.json()).toMatchObject({ scope: { accessId: access.id, districtId: 'd1', schoolIds: 'all' } });
    expect(response.json<{ grantedScopes: string[] }>().grantedScopes).toContain('https://purl.imsglobal.org/spec/or/v1p1/scope/roster.readonly');
    await signedGet(`${USERS}?filter=${encodeURIComponent("familyName='Smith'")}`).send();
    await provider.inject({ method: 'GET', url: USERS, headers: { authorization: 'Bearer nope' } });
    const calls = await queryAudit(f.store.db, { accessId: access.id, kind: 'api' });
    expect(calls).toHaveLength(2);
    expect(calls[0]).toMatchObject({ kind: 'api', method: 'GET', endpoint: USERS, status: 200, records: 3, integrationId: access.integrationId });
    const dump = await dumpAccessTables(f.store);
    expect(dump).not.toContain(secret);
    expect(dump).not.toContain(token);
    expect(dump).not.toContain('Smith');
  });
});
