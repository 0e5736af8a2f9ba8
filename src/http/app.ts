import Fastify, { type FastifyInstance } from 'fastify';
import type { HubConfig } from '../config/index.ts';
import type { Store } from '../store/index.ts';

/** What the HTTP app needs; each part of the API declares only what it uses. */
export interface AppDeps {
  readonly store: Store;
  readonly config: HubConfig;
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
  return app;
}
