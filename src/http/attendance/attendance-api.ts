import type { FastifyInstance } from 'fastify';
import type { AccessHttpDeps } from '../access/access-deps.ts';
import { apiAuthentication } from '../access/api-auth.ts';
import { MAX_PAGE_SIZE } from '../oneroster/provider.ts';
import { serveEndpoint } from '../oneroster/serve-endpoint.ts';
import { attendanceEndpoints } from './attendance-endpoints.ts';
import { createCountCache } from '../../store/index.ts';

/**
 * The attendance read API under /attendance/v1: model-derived routes served by the OneRoster
 * provider's handler (paging, filter, sort, fields, headers, envelopes), behind the same
 * authentication and audit plugin, scoped to the access' attendance configuration.
 */
export function attendanceApi(deps: AccessHttpDeps) {
  const providerDeps = { store: deps.store, publicUrl: deps.config.publicUrl, maxLimit: MAX_PAGE_SIZE, counts: createCountCache() };
  return apiAuthentication(deps, async (api: FastifyInstance) => {
    for (const endpoint of attendanceEndpoints()) {
      api.get<{ Params: { id?: string } }>(endpoint.path, (request, reply) => serveEndpoint(providerDeps, endpoint, request, reply));
    }
  });
}
