import type { FastifyInstance } from 'fastify';
import { VERSIONS } from '../../model/index.ts';
import type { AccessHttpDeps } from '../access/access-deps.ts';
import { apiAuthentication } from '../access/api-auth.ts';
import { endpointsFor } from './endpoints.ts';
import { answerThrownErrors } from './provider-error-handler.ts';
import { serveEndpoint } from './serve-endpoint.ts';
import { serveWrite } from './serve-write.ts';
import { answerUnknownRoutes, collectRoutes } from './unknown-routes.ts';
import { writeEndpointsFor } from './write-endpoints.ts';
import { createCountCache } from '../../store/index.ts';

/** Largest page served; a larger `limit` is capped, not refused (clients ask for 10 000). */
export const MAX_PAGE_SIZE = 10_000;

/** Bulk creates carry many records; a class' results for one line item fit well within this. */
const WRITE_BODY_LIMIT = 8 * 1024 * 1024;

/**
 * The OneRoster 1.1 and 1.2 API: one route per endpoint of the model-derived tables, reads served by
 * `serveEndpoint` and gradebook writes by `serveWrite`, behind the access authentication and audit
 * plugin; unknown paths, wrong methods and thrown errors answer in the version's envelope.
 */
export function oneRosterProvider(deps: AccessHttpDeps) {
  const providerDeps = { store: deps.store, publicUrl: deps.config.publicUrl, maxLimit: MAX_PAGE_SIZE, counts: createCountCache() };
  return apiAuthentication(deps, async (api: FastifyInstance) => {
    // JSON bodies reach the write handler as text: malformed JSON is then a 400 in the OneRoster
    // envelope, answered after authentication, instead of fastify's own error before it.
    api.removeContentTypeParser('application/json');
    api.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => done(null, body));
    answerThrownErrors(api);
    const known = collectRoutes(api);
    for (const version of VERSIONS) {
      for (const endpoint of endpointsFor(version)) {
        api.get<{ Params: Record<string, string | undefined> }>(endpoint.path, (request, reply) => serveEndpoint(providerDeps, endpoint, request, reply));
      }
      for (const endpoint of writeEndpointsFor(version)) {
        api.route<{ Params: Record<string, string | undefined>; Body: unknown }>({
          method: endpoint.method,
          url: endpoint.path,
          bodyLimit: WRITE_BODY_LIMIT,
          handler: (request, reply) => serveWrite(providerDeps, endpoint, request, reply),
        });
      }
    }
    answerUnknownRoutes(api, known);
  });
}
