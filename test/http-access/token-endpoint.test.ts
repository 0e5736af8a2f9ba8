import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { addProduct, generateAccessSecret, updateOneRosterConfiguration, WRITEBACK_PRODUCT, type IntegrationAccess } from '../../src/access/index.ts';
import { engines } from '../support/engines.ts';
import { openAccessFixture, seedAccess, type AccessFixture } from '../access/access-fixture.ts';
import { hubApp, providerApp } from './http-fixture.ts';

const V11 = 'https://purl.imsglobal.org/spec/or/v1p1/scope/';
const V12 = 'https://purl.imsglobal.org/spec/or/v1p2/scope/';
const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

describe.each(engines())('OAuth 2.0 token endpoint on %s', (engine) => {
  let f: AccessFixture;
  let app: FastifyInstance;
  let access: IntegrationAccess;
  let secret: string;

  beforeEach(async () => {
    f = await openAccessFixture(engine);
    access = (await seedAccess(f, { key: 'edlio-d1' })).access;
    secret = (await generateAccessSecret(f.store.db, f.ctx, f.box, access.id)).secret;
    app = await hubApp(f);
  });
  afterEach(async () => {
    await app.close();
    await f.close();
  });

  const basic = (id: string, pass: string): string => `Basic ${Buffer.from(`${id}:${pass}`).toString('base64')}`;
  const token = (payload: string, headers: Record<string, string> = {}) => app.inject({ method: 'POST', url: '/oauth/token', headers: { ...FORM, ...headers }, payload });

  it('issues a one-hour bearer token to HTTP Basic and to body credentials, not storing it in clear', async () => {
    const viaBasic = await token('grant_type=client_credentials', { authorization: basic('edlio-d1', secret) });
    expect(viaBasic.statusCode).toBe(200);
    expect(viaBasic.headers['cache-control']).toBe('no-store');
    const body = viaBasic.json<{ access_token: string; token_type: string; expires_in: number; scope: string }>();
    expect(body).toMatchObject({ token_type: 'Bearer', expires_in: 3600 });
    expect(body.access_token.length).toBeGreaterThanOrEqual(43);
    expect(body.scope.split(' ')).toContain(`${V11}roster.readonly`);

    const viaBody = await token(`grant_type=client_credentials&client_id=edlio-d1&client_secret=${encodeURIComponent(secret)}`);
    expect(viaBody.statusCode).toBe(200);
    const rows = await f.store.db.selectFrom('access_tokens').selectAll().execute();
    expect(JSON.stringify(rows)).not.toContain(body.access_token);
  });

  it('answers RFC 6749 errors', async () => {
    const wrong = await token('grant_type=client_credentials', { authorization: basic('edlio-d1', `${secret}x`) });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json()).toMatchObject({ error: 'invalid_client' });
    expect(wrong.headers['www-authenticate']).toMatch(/^Basic /);
    expect((await token('grant_type=client_credentials&client_id=nobody&client_secret=x')).json()).toMatchObject({ error: 'invalid_client' });
    expect((await token('grant_type=client_credentials')).statusCode).toBe(401);

    const grant = await token('grant_type=password&username=a&password=b', { authorization: basic('edlio-d1', secret) });
    expect(grant.statusCode).toBe(400);
    expect(grant.json()).toMatchObject({ error: 'unsupported_grant_type' });
    expect((await token('client_id=edlio-d1')).json()).toMatchObject({ error: 'invalid_request' });
    expect((await token('grant_type=client_credentials&grant_type=client_credentials', { authorization: basic('edlio-d1', secret) })).json()).toMatchObject({ error: 'invalid_request' });
    const both = await token(`grant_type=client_credentials&client_id=edlio-d1&client_secret=${secret}`, { authorization: basic('edlio-d1', secret) });
    expect(both.json()).toMatchObject({ error: 'invalid_request' });
    const json = await app.inject({ method: 'POST', url: '/oauth/token', headers: { 'content-type': 'application/json' }, payload: '{"grant_type":"client_credentials"}' });
    expect(json.statusCode).toBe(400);
    expect(json.json()).toMatchObject({ error: 'invalid_request' });
    const unknown = await token(`grant_type=client_credentials&scope=${encodeURIComponent('https://example.org/all')}`, { authorization: basic('edlio-d1', secret) });
    expect(unknown.json()).toMatchObject({ error: 'invalid_scope' });
  });

  it('narrows requested scopes to what the OneRoster configuration allows', async () => {
    const asked = [`${V11}roster.readonly`, `${V11}roster-demographics.readonly`, `${V11}gradebook.createput`, `${V12}roster-core.readonly`].join(' ');
    const narrowed = await token(`grant_type=client_credentials&scope=${encodeURIComponent(asked)}`, { authorization: basic('edlio-d1', secret) });
    expect(narrowed.json<{ scope: string }>().scope.split(' ')).toEqual([`${V11}roster.readonly`, `${V12}roster-core.readonly`]);
    const onlyWrite = await token(`grant_type=client_credentials&scope=${encodeURIComponent(`${V11}gradebook.createput`)}`, { authorization: basic('edlio-d1', secret) });
    expect(onlyWrite.json()).toMatchObject({ error: 'invalid_scope' });

    await addProduct(f.store.db, f.ctx, WRITEBACK_PRODUCT);
    await updateOneRosterConfiguration(f.store.db, f.ctx, access.oneRosterConfigurationId ?? '', { allowGradePassBack: true, allowDemographics: true });
    const widened = await token(`grant_type=client_credentials&scope=${encodeURIComponent(asked)}`, { authorization: basic('edlio-d1', secret) });
    expect(widened.json<{ scope: string }>().scope.split(' ')).toEqual(asked.split(' '));
  });

  it('keeps older tokens valid when a new one is issued, and refuses a token once it has expired', async () => {
    const provider = await providerApp(f);
    const get = (bearer: string) => provider.inject({ method: 'GET', url: '/ims/oneroster/v1p1/users', headers: { authorization: `Bearer ${bearer}` } });
    const first = (await token('grant_type=client_credentials', { authorization: basic('edlio-d1', secret) })).json<{ access_token: string }>().access_token;
    f.clock.advance(30 * 60 * 1000);
    const second = (await token('grant_type=client_credentials', { authorization: basic('edlio-d1', secret) })).json<{ access_token: string }>().access_token;
    expect((await get(first)).statusCode).toBe(200);
    expect((await get(second)).statusCode).toBe(200);
    f.clock.advance(30 * 60 * 1000 - 1);
    expect((await get(first)).statusCode).toBe(200);
    f.clock.advance(1);
    const expired = await get(first);
    expect(expired.statusCode).toBe(401);
    expect(expired.headers['www-authenticate']).toMatch(/^Bearer .*invalid_token/);
    expect((await get(second)).statusCode).toBe(200);
    await provider.close();
  });

  it('refuses OAuth 2.0 to an OAuth-1.0a-only access and to an access that is not in force', async () => {
    const oauth1 = (await seedAccess(f, { key: 'oauth1-only', authType: 'oauth1' })).access;
    const oauth1Secret = (await generateAccessSecret(f.store.db, f.ctx, f.box, oauth1.id)).secret;
    expect((await token('grant_type=client_credentials', { authorization: basic('oauth1-only', oauth1Secret) })).json()).toMatchObject({ error: 'unauthorized_client' });
    const later = (await seedAccess(f, { key: 'later', effectiveDate: '2026-04-01' })).access;
    const laterSecret = (await generateAccessSecret(f.store.db, f.ctx, f.box, later.id)).secret;
    expect((await token('grant_type=client_credentials', { authorization: basic('later', laterSecret) })).json()).toMatchObject({ error: 'unauthorized_client' });
  });

  it('authenticates an OAuth-2.0-only access against its hashed secret', async () => {
    const hashed = (await seedAccess(f, { key: 'samegoal', authType: 'oauth2' })).access;
    const hashedSecret = (await generateAccessSecret(f.store.db, f.ctx, undefined, hashed.id)).secret;
    expect((await token('grant_type=client_credentials', { authorization: basic('samegoal', hashedSecret) })).statusCode).toBe(200);
    expect((await token('grant_type=client_credentials', { authorization: basic('samegoal', secret) })).statusCode).toBe(401);
  });
});
