import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { createAdmin } from '../../src/access/index.ts';
import { loadConfig, type HubConfig } from '../../src/config/index.ts';
import { buildApp } from '../../src/http/index.ts';
import { apiAuthentication } from '../../src/http/access/api-auth.ts';
import { TIME_ZONE, type AccessFixture } from '../access/access-fixture.ts';

export const PUBLIC_URL = 'https://sis.example.org';

export function testConfig(environment: 'training' | 'live' = 'live'): HubConfig {
  return loadConfig(
    { ROSTERBRIDGE_TIME_ZONE: TIME_ZONE, ROSTERBRIDGE_PUBLIC_URL: PUBLIC_URL, ROSTERBRIDGE_ENVIRONMENT: environment },
    { dataDir: mkdtempSync(join(tmpdir(), 'rb-http-access-')), db: 'sqlite::memory:' },
  );
}

/** The real app (token endpoint, admin API) for this fixture's store. */
export function hubApp(f: AccessFixture, config = testConfig()): Promise<FastifyInstance> {
  return buildApp({ store: f.store, config, secretBox: f.box });
}

/**
 * A stand-in for the OneRoster provider: two routes behind the real authentication plugin. The
 * users route reports 3 records to the audit; the echo route returns the caller's scope.
 */
export async function providerApp(f: AccessFixture, config = testConfig()): Promise<FastifyInstance> {
  const app = Fastify();
  await app.register(
    apiAuthentication({ store: f.store, config, secretBox: f.box }, async (api) => {
      api.get('/ims/oneroster/v1p1/users', async (request) => {
        request.apiRecordCount = 3;
        return { users: [], scope: request.apiCaller?.scope, grantedScopes: request.apiCaller?.grantedScopes };
      });
      api.post('/ims/oneroster/v1p1/echo', async (request) => ({ body: request.body }));
    }),
  );
  return app;
}

/** An admin account and a Bearer admin token for it, as `rosterbridge admin create` + login give. */
export async function adminAuth(f: AccessFixture, app: FastifyInstance): Promise<{ authorization: string }> {
  await createAdmin(f.store.db, f.ctx, 'alice', 'correct horse battery');
  const login = await app.inject({ method: 'POST', url: '/admin/api/tokens', payload: { username: 'alice', password: 'correct horse battery' } });
  return { authorization: `Bearer ${login.json<{ token: string }>().token}` };
}
