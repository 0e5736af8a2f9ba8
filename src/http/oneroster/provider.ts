import type { FastifyError, FastifyInstance } from 'fastify';
import { VERSIONS, type Version } from '../../model/index.ts';
import type { AccessHttpDeps } from '../access/access-deps.ts';
import { apiAuthentication } from '../access/api-auth.ts';
import { endpointsFor } from './endpoints.ts';
import { serveEndpoint } from './serve-endpoint.ts';
import { serveWrite } from './serve-write.ts';
import { statusEnvelope } from './status-envelope.ts';
import { writeEndpointsFor } from './write-endpoints.ts';

/** Largest page served; a larger `limit` is capped, not refused (clients ask for 10 000). */
export const MAX_PAGE_SIZE = 10_000;

/** Bulk creates carry many records; a class' results for one line item fit well within this. */
const WRITE_BODY_LIMIT = 8 * 1024 * 1024;

const versionOf = (url: string): Version => (url.startsWith('/ims/oneroster/v1p1') ? '1.1' : '1.2');

/**
 * The OneRoster 1.1 and 1.2 API: one route per endpoint of the model-derived tables, reads served by
 * `serveEndpoint` and gradebook writes by `serveWrite`, behind the access authentication and audit plugin.
 */
export function oneRosterProvider(deps: AccessHttpDeps) {
  const providerDeps = { store: deps.store, publicUrl: deps.config.publicUrl, maxLimit: MAX_PAGE_SIZE };
  return apiAuthentication(deps, async (api: FastifyInstance) => {
    // JSON bodies reach the write handler as text: malformed JSON is then a 400 in the OneRoster
    // envelope, answered after authentication, instead of fastify's own error before it.
    api.removeContentTypeParser('application/json');
    api.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => done(null, body));
    // Whatever fastify itself refuses (unsupported media type, body too large) is answered in the envelope too.
    api.setErrorHandler((error: FastifyError, request, reply) => {
      const status = error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500;
      if (status === 500) request.log.error({ err: error }, 'OneRoster request failed');
      const description = status === 500 ? 'Internal server error' : error.message;
      return reply.code(status).send(statusEnvelope(versionOf(request.url), status === 500 ? 'internal_server_error' : 'invaliddata', description));
    });
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
  });
}
