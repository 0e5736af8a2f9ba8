import type { FastifyInstance } from 'fastify';
import { handleTokenRequest } from '../../access/index.ts';
import type { AccessHttpDeps } from './access-deps.ts';
import { decodeForm, keepRawFormBodies } from './form-body.ts';

/**
 * The OAuth 2.0 token endpoint at `POST /oauth/token` (the path Qmlativ uses, `{base}/oauth/token`).
 * One path only: clients are configured with a token URL, so an alias would only be a second thing
 * to secure and document.
 */
export function tokenRoute(deps: AccessHttpDeps) {
  return async function register(app: FastifyInstance): Promise<void> {
    keepRawFormBodies(app);
    app.post('/oauth/token', async (request, reply) => {
      const response = await handleTokenRequest(
        { authorization: request.headers.authorization, contentType: request.headers['content-type'], form: decodeForm(request.body) },
        { db: deps.store.db, clock: deps.store.clock, timeZone: deps.config.timeZone, environment: deps.config.environment, box: deps.secretBox },
      );
      return reply.code(response.status).headers(response.headers).send(response.body);
    });
  };
}
