import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { authenticateApiRequest, recordApiCall, type AccessScope, type IntegrationAccess } from '../../access/index.ts';
import type { AccessHttpDeps } from './access-deps.ts';
import { keepRawFormBodies } from './form-body.ts';

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
  }
}

/**
 * Authenticates every route registered inside `routes` (the OneRoster and attendance APIs) and
 * audits each authenticated call. Authentication runs in preHandler, after the body is read, so
 * OAuth 1.0a can verify signatures over form bodies. Nothing is cached between requests.
 */
export function apiAuthentication(deps: AccessHttpDeps, routes: (app: FastifyInstance) => Promise<void>) {
  return async function register(app: FastifyInstance): Promise<void> {
    keepRawFormBodies(app);
    app.decorateRequest('apiCaller', null);
    app.decorateRequest('apiRecordCount', 0);
    app.addHook('preHandler', async (request: FastifyRequest, reply: FastifyReply) => {
      const url = new URL(request.url, `${deps.config.publicUrl}/`);
      const isForm = /^application\/x-www-form-urlencoded\b/i.test(request.headers['content-type'] ?? '');
      const outcome = await authenticateApiRequest(
        { method: request.method, url, headers: request.headers, ...(isForm && typeof request.body === 'string' ? { formBody: request.body } : {}) },
        { db: deps.store.db, clock: deps.store.clock, timeZone: deps.config.timeZone, environment: deps.config.environment, box: deps.secretBox },
      );
      if (!outcome.ok) {
        const challenge = outcome.scheme === 'Bearer' ? `Bearer realm="rosterbridge", error="${outcome.status === 401 ? 'invalid_token' : 'insufficient_scope'}"` : 'OAuth realm="rosterbridge"';
        // The OneRoster error envelope (imsx_StatusInfo), as the provider answers every failure.
        return reply
          .code(outcome.status)
          .header('www-authenticate', challenge)
          .send({ imsx_codeMajor: 'failure', imsx_severity: 'error', imsx_description: outcome.message, imsx_CodeMinor: { imsx_codeMinorField: [{ imsx_codeMinorFieldName: 'TargetEndSystem', imsx_codeMinorFieldValue: outcome.status === 401 ? 'unauthorisedrequest' : 'forbidden' }] } });
      }
      request.apiCaller = { access: outcome.access, scope: outcome.scope, grantedScopes: outcome.grantedScopes };
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
