import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { authenticateApiRequest, recordApiCall, type AccessScope, type IntegrationAccess } from '../../access/index.ts';
import { statusEnvelope, versionOfPath } from '../wire/index.ts';
import type { AccessHttpDeps } from './access-deps.ts';
import { keepRawFormBodies } from './form-body.ts';
import { createInFlightLimit } from './in-flight-limit.ts';

/** What an authenticated API request carries for its handler. */
export interface ApiCaller {
  readonly access: IntegrationAccess;
  readonly scope: AccessScope;
  readonly grantedScopes: readonly string[];
}

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by apiAuthentication for every request that passed it. */
    apiCaller: ApiCaller | null;
    /** Handlers set how many records they returned, for the audit log. */
    apiRecordCount: number;
    /** Ends this request's claim on its access' in-flight limit (idempotent; a no-op if it had none). */
    releaseInFlight: () => void;
  }
}

/**
 * Authenticates every route registered inside `routes` (the OneRoster and attendance APIs), limits
 * each access' requests in flight and audits each authenticated call. Authentication runs in
 * preHandler, after the body is read, so OAuth 1.0a can verify signatures over form bodies.
 * Failures use the OneRoster envelope of the path's version (1.2's single imsx_StatusInfo outside
 * the OneRoster bases). Nothing is cached between requests.
 */
const noRelease = (): void => undefined;

export function apiAuthentication(deps: AccessHttpDeps, routes: (app: FastifyInstance) => Promise<void>) {
  return async function register(app: FastifyInstance): Promise<void> {
    keepRawFormBodies(app);
    app.decorateRequest('apiCaller', null);
    app.decorateRequest('apiRecordCount', 0);
    app.decorateRequest('releaseInFlight', noRelease);
    const limit = createInFlightLimit(deps.config.apiConcurrencyPerAccess);
    app.addHook('preHandler', async (request: FastifyRequest, reply: FastifyReply) => {
      const version = versionOfPath(request.url) ?? '1.2';
      const url = new URL(request.url, `${deps.config.publicUrl}/`);
      const isForm = /^application\/x-www-form-urlencoded\b/i.test(request.headers['content-type'] ?? '');
      const outcome = await authenticateApiRequest(
        { method: request.method, url, headers: request.headers, ...(isForm && typeof request.body === 'string' ? { formBody: request.body } : {}) },
        { db: deps.store.db, clock: deps.store.clock, timeZone: deps.config.timeZone, environment: deps.config.environment, box: deps.secretBox },
      );
      if (!outcome.ok) {
        const challenge = outcome.scheme === 'Bearer' ? `Bearer realm="rosterbridge", error="${outcome.status === 401 ? 'invalid_token' : 'insufficient_scope'}"` : 'OAuth realm="rosterbridge"';
        const code = outcome.status === 401 ? 'unauthorisedrequest' : 'forbidden';
        return reply.code(outcome.status).header('www-authenticate', challenge).send(statusEnvelope(version, code, outcome.message, request.id));
      }
      request.apiCaller = { access: outcome.access, scope: outcome.scope, grantedScopes: outcome.grantedScopes };
      const release = limit.acquire(outcome.access.id);
      if (release === undefined) {
        // Audited like any other answer (the caller is known); the client may retry shortly.
        const busy = `more than ${deps.config.apiConcurrencyPerAccess} requests of this access are in flight; retry later`;
        return reply.code(429).header('retry-after', '1').send(statusEnvelope(version, 'server_busy', busy, request.id));
      }
      // Released when the response is done or the connection closes first, whichever comes first.
      reply.raw.once('close', release);
      request.releaseInFlight = release;
    });
    app.addHook('onResponse', async (request) => {
      request.releaseInFlight();
    });
    // Recorded before the payload leaves (onSend, not onResponse): what a vendor read is in the audit
    // log by the time it has the data, and a failed audit write fails the call rather than going unseen.
    app.addHook('onSend', async (request, reply, payload) => {
      const caller = request.apiCaller;
      if (caller === null) return payload;
      await recordApiCall(deps.store.db, {
        accessId: caller.access.id,
        integrationId: caller.access.integrationId,
        method: request.method,
        endpoint: request.url,
        status: reply.statusCode,
        records: request.apiRecordCount,
        durationMs: reply.elapsedTime,
        at: deps.store.clock.now(),
      });
      return payload;
    });
    await routes(app);
  };
}
