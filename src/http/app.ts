import Fastify, { type FastifyInstance } from 'fastify';
import type { SecretBox } from '../access/index.ts';
import type { HubConfig } from '../config/index.ts';
import type { Store } from '../store/index.ts';
import { adminApi } from './access/admin-api.ts';
import { tokenRoute } from './access/token-route.ts';
import { attendanceApi } from './attendance/attendance-api.ts';
import { oneRosterProvider } from './oneroster/provider.ts';

/** What the HTTP app needs; each part of the API declares only what it uses. */
export interface AppDeps {
  readonly store: Store;
  readonly config: HubConfig;
  /** Opens sealed secrets (OAuth 1.0a) and seals new ones; undefined when no master key is configured. */
  readonly secretBox?: SecretBox | undefined;
}

/** The HTTP application, not yet listening (tests call `inject`). Logging never includes bodies. */
export async function buildApp(deps: AppDeps, options: { logger?: boolean } = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: options.logger === true ? { level: 'info', redact: ['req.headers.authorization', 'req.headers.cookie'] } : false,
    // Real OneRoster clients send filters unencoded; keep the raw query for the OneRoster parser.
    routerOptions: { ignoreTrailingSlash: true },
  });
  app.get('/health', async () => {
    await deps.store.db.selectNoFrom((eb) => eb.lit(1).as('ok')).execute();
    return { status: 'ok', engine: deps.store.dialect.engine, environment: deps.config.environment };
  });
  const accessDeps = { store: deps.store, config: deps.config, secretBox: deps.secretBox };
  await app.register(tokenRoute(accessDeps));
  await app.register(adminApi(accessDeps));
  await app.register(oneRosterProvider(accessDeps));
  await app.register(attendanceApi(accessDeps));
  return app;
}
