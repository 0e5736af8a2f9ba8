import Fastify, { type FastifyInstance } from 'fastify';
import type { SecretBox } from '../access/index.ts';
import type { HubConfig } from '../config/index.ts';
import { HUB_VERSION } from '../kernel/index.ts';
import type { Store } from '../store/index.ts';
import { adminApi } from './access/admin-api.ts';
import { tokenRoute } from './access/token-route.ts';
import { attendanceApi } from './attendance/attendance-api.ts';
import { discoveryRoute } from './discovery-route.ts';
import { oneRosterProvider } from './oneroster/provider.ts';
import { openApiRoutes } from './openapi/openapi-routes.ts';
import { adminSyncRoutes } from './sync/index.ts';
import { writeOperations } from './openapi/write-operations.ts';
import { answerUnexpectedErrors } from './app-error-handler.ts';

/** What the HTTP app needs; each part of the API declares only what it uses. */
export interface AppDeps {
  readonly store: Store;
  readonly config: HubConfig;
  /** Opens sealed secrets (OAuth 1.0a) and seals new ones; undefined when no master key is configured. */
  readonly secretBox?: SecretBox | undefined;
}

export interface AppOptions {
  readonly logger?: boolean;
  /** Where log lines go when logging (default stdout); tests read them here. */
  readonly logStream?: NodeJS.WritableStream;
}

/** A request as the log shows it: method and path only, since the query can carry personal data (`filter=email='…'`). */
function requestForLog(request: { method: string; url: string; id: string }): { method: string; path: string; id: string } {
  return { method: request.method, path: request.url.split('?')[0] ?? '', id: request.id };
}

/** The HTTP application, not yet listening (tests call `inject`). Logging never includes bodies or query strings. */
export async function buildApp(deps: AppDeps, options: AppOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger:
      options.logger === true
        ? { level: 'info', serializers: { req: requestForLog }, ...(options.logStream === undefined ? {} : { stream: options.logStream }) }
        : false,
    // Real OneRoster clients send filters unencoded; keep the raw query for the OneRoster parser.
    routerOptions: { ignoreTrailingSlash: true },
  });
  answerUnexpectedErrors(app);
  app.get('/health', async () => {
    await deps.store.db.selectNoFrom((eb) => eb.lit(1).as('ok')).execute();
    return { status: 'ok', engine: deps.store.dialect.engine, environment: deps.config.environment };
  });
  const accessDeps = { store: deps.store, config: deps.config, secretBox: deps.secretBox };
  await app.register(tokenRoute(accessDeps));
  await app.register(adminApi(accessDeps, [adminSyncRoutes]));
  await app.register(oneRosterProvider(accessDeps));
  await app.register(attendanceApi(accessDeps));
  const described = { publicUrl: deps.config.publicUrl, hubVersion: HUB_VERSION };
  await app.register(openApiRoutes({ ...described, extraOperations: (version) => writeOperations(version) }));
  await app.register(discoveryRoute(described));
  return app;
}
