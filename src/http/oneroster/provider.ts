import type { FastifyInstance } from 'fastify';
import { VERSIONS } from '../../model/index.ts';
import type { AccessHttpDeps } from '../access/access-deps.ts';
import { apiAuthentication } from '../access/api-auth.ts';
import { endpointsFor } from './endpoints.ts';
import { answerThrownErrors } from './provider-error-handler.ts';
import { serveEndpoint } from './serve-endpoint.ts';
import { answerUnknownRoutes, collectRoutes } from './unknown-routes.ts';

/** Largest page served; a larger `limit` is capped, not refused (clients ask for 10 000). */
export const MAX_PAGE_SIZE = 10_000;

/**
 * The OneRoster 1.1 and 1.2 read API: one route per endpoint of the model-derived table, all served
 * by `serveEndpoint`, behind the access authentication and audit plugin; unknown paths, wrong
 * methods and thrown errors answer in the version's envelope.
 */
export function oneRosterProvider(deps: AccessHttpDeps) {
  const providerDeps = { store: deps.store, publicUrl: deps.config.publicUrl, maxLimit: MAX_PAGE_SIZE };
  return apiAuthentication(deps, async (api: FastifyInstance) => {
    answerThrownErrors(api);
    const known = collectRoutes(api);
    for (const version of VERSIONS) {
      for (const endpoint of endpointsFor(version)) {
        api.get<{ Params: { id?: string } }>(endpoint.path, (request, reply) => serveEndpoint(providerDeps, endpoint, request, reply));
      }
    }
    answerUnknownRoutes(api, known);
  });
}
