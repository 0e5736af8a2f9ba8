import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { replyWithHubError } from '../../src/http/access/hub-error-reply.ts';
import { HubError, type HubErrorCode } from '../../src/kernel/index.ts';

/** A one-route app whose route fails with the given error, translated at the admin API's one edge. */
async function answerTo(error: unknown) {
  const app = Fastify();
  app.get('/fail', async (_request, reply) => replyWithHubError(reply, error));
  const response = await app.inject({ method: 'GET', url: '/fail' });
  await app.close();
  return response;
}

describe('the admin API translation of a HubError', () => {
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

  it('lists the problems of a document checked in full, and never an object of details', async () => {
    expect((await answerTo(new HubError('invalid_argument', 'two problems', { details: ['a', 'b'] }))).json()).toEqual({ error: 'invalid_argument', message: 'two problems', problems: ['a', 'b'] });
    expect((await answerTo(new HubError('remote_rejected', 'users: 401', { details: { endpoint: 'users', status: 401 } }))).json()).toEqual({ error: 'remote_rejected', message: 'users: 401' });
  });

  it('rethrows an unexpected error for fastify to answer 500 and log with its cause', async () => {
    const response = await answerTo(new TypeError('a bug'));
    expect(response.statusCode).toBe(500);
    expect(response.json()).not.toHaveProperty('problems');
  });
});
