import type { FastifyInstance } from 'fastify';
import { adminForToken, issueAdminToken, verifyAdminPassword } from '../../access/index.ts';
import type { AccessHttpDeps } from './access-deps.ts';
import { answerHubErrors, type AdminChangeContext, type AdminRoutes } from '../admin/index.ts';
import { adminAccessRoutes } from './admin-access-routes.ts';
import { adminConfigurationRoutes } from './admin-configuration-routes.ts';
import { adminIntegrationRoutes } from './admin-integration-routes.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** The admin an `Authorization: Bearer` admin token belongs to. */
    adminUser: string | null;
  }
}

/**
 * The JSON admin API under /admin/api. Every route but the login needs an admin token in
 * `Authorization: Bearer …`. A browser never attaches that header on its own (unlike a cookie), so a
 * cross-site page cannot make an authenticated request: the API is not exposed to CSRF. If the
 * console later uses cookie sessions, those routes must also require a CSRF token. `more` are the
 * other folders' admin routes (sync's), registered behind the same token check.
 */
export function adminApi(deps: AccessHttpDeps, more: readonly AdminRoutes[]) {
  return async function register(app: FastifyInstance): Promise<void> {
    const changeContext: AdminChangeContext = (username) => ({ clock: deps.store.clock, timeZone: deps.config.timeZone, actor: `admin:${username}` });
    // Every admin route, sync's included, throws its failures; this scope's handler translates them.
    answerHubErrors(app);

    app.post('/admin/api/tokens', async (request, reply) => {
      const body = isRecord(request.body) ? request.body : {};
      const username = typeof body['username'] === 'string' ? body['username'] : '';
      const password = typeof body['password'] === 'string' ? body['password'] : '';
      if (!(await verifyAdminPassword(deps.store.db, username, password))) {
        return reply.code(401).send({ error: 'invalid_credentials', message: 'wrong username or password' });
      }
      const token = await issueAdminToken(deps.store.db, changeContext(username), username);
      return reply.code(201).header('cache-control', 'no-store').send({ token, tokenType: 'Bearer' });
    });

    await app.register(async (secured) => {
      secured.decorateRequest('adminUser', null);
      secured.addHook('onRequest', async (request, reply) => {
        const header = request.headers.authorization ?? '';
        const token = /^Bearer\s+(\S+)\s*$/i.exec(header)?.[1];
        const username = token === undefined ? undefined : await adminForToken(deps.store.db, token);
        if (username === undefined) {
          return reply.code(401).header('www-authenticate', 'Bearer realm="rosterbridge-admin"').send({ error: 'unauthorized', message: 'an admin token is required (rosterbridge admin token)' });
        }
        request.adminUser = username;
      });
      await secured.register(adminIntegrationRoutes(deps, changeContext));
      await secured.register(adminAccessRoutes(deps, changeContext));
      await secured.register(adminConfigurationRoutes(deps, changeContext));
      for (const routes of more) await secured.register(routes(deps, changeContext));
    });
  };
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
