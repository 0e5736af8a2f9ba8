import Fastify, { type FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { answerHubErrors } from '../../src/http/admin/index.ts';
import { answerUnexpectedErrors } from '../../src/http/app-error-handler.ts';
import { HubError, type HubErrorCode } from '../../src/kernel/index.ts';

/**
 * The app's edge at the root and the admin edge on one child scope, as buildApp nests them: each
 * route throws what the test hands it.
 */
async function appThrowing(): Promise<{ app: FastifyInstance; fail: (error: unknown) => void }> {
  let next: unknown = new Error('no error set');
  const app = Fastify();
  answerUnexpectedErrors(app);
  app.get('/outside', async () => {
    throw next;
  });
  await app.register(async (admin) => {
    answerHubErrors(admin);
    admin.get('/admin/fail', async () => {
      throw next;
    });
    admin.post('/admin/echo', async (request) => ({ body: request.body }));
  });
  return { app, fail: (error) => (next = error) };
}

describe('the admin API edge for thrown errors', () => {
  let app: FastifyInstance;
  let fail: (error: unknown) => void;

  beforeEach(async () => {
    ({ app, fail } = await appThrowing());
  });
  afterEach(async () => {
    await app.close();
  });

  const answerTo = async (error: unknown, url = '/admin/fail') => {
    fail(error);
    return app.inject({ method: 'GET', url });
  };

  it.each([
    ['invalid_argument', 400],
    ['not_found', 404],
    ['conflict', 409],
    ['remote_unreachable', 502],
    ['remote_rejected', 502],
    ['remote_malformed', 502],
    ['bundle_unreadable', 502],
    ['config_invalid', 503],
  ] satisfies Array<[HubErrorCode, number]>)('answers %s with %i', async (code, status) => {
    const response = await answerTo(new HubError(code, 'words'));
    expect(response.statusCode).toBe(status);
    expect(response.json()).toEqual({ error: code, message: 'words' });
  });

  it('lists the problems of a document checked in full, and never an object of details or the cause', async () => {
    expect((await answerTo(new HubError('invalid_argument', 'two problems', { details: ['a', 'b'] }))).json()).toEqual({ error: 'invalid_argument', message: 'two problems', problems: ['a', 'b'] });
    const rejected = await answerTo(new HubError('remote_rejected', 'users: 401', { details: { endpoint: 'users', status: 401 }, cause: new Error('select * from sync_connections') }));
    expect(rejected.json()).toEqual({ error: 'remote_rejected', message: 'users: 401' });
  });

  it("hands an unexpected error to the app's edge: a 500 that names no cause", async () => {
    const response = await answerTo(new TypeError('select secret from access_secrets failed'));
    expect(response.statusCode).toBe(500);
    expect(response.json()).toEqual({ error: 'internal', message: 'the server could not answer this request; try again later' });
  });

  it("keeps a client error fastify raised itself as the app's edge answers it", async () => {
    const response = await app.inject({ method: 'POST', url: '/admin/echo', headers: { 'content-type': 'application/json' }, payload: '{' });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toEqual({ error: 'FST_ERR_CTP_INVALID_JSON_BODY', message: 'the request could not be read' });
  });

  it('leaves errors outside the admin scope to the app: a HubError there is a 500 that names no cause', async () => {
    const response = await answerTo(new HubError('not_found', 'no such thing'), '/outside');
    expect(response.statusCode).toBe(500);
    expect(response.json()).toEqual({ error: 'internal', message: 'the server could not answer this request; try again later' });
  });
});
