import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findAccessByKey, revokeAccessSecret, secretFingerprint } from '../../src/access/index.ts';
import { ensureDemoAccess } from '../../src/cli/demo-access.ts';
import { rotateConnectionSecret, runSync, testConnection, type Connection } from '../../src/sync/index.ts';
import { engines } from '../support/engines.ts';
import { openRunFixture, type RunFixture } from './run-fixture.ts';

/** The provider is OUR hub over HTTP: its vendor rotates the access secret, and the connection must follow. */
describe.each(engines())('a rotated connection secret against our own provider on %s', (engine) => {
  let f: RunFixture;
  beforeAll(async () => {
    f = await openRunFixture(engine, 10);
  });
  afterAll(async () => {
    await f.close();
  });

  const test = (connection: Connection) => testConnection(f.target.db, f.box, connection, f.deps().clientDeps);

  it('the next client uses the rotated secret, and the old one no longer works (OAuth 2.0 and OAuth 1.0a)', async () => {
    const connections = [await f.connect({ auth: 'oauth2' }), await f.connect({ auth: 'oauth1', version: '1.1' })];
    for (const c of connections) expect((await test(c)).ok).toBe(true);
    // The district issues a new secret and revokes the one the connections hold.
    const access = await findAccessByKey(f.source.db, f.key);
    if (access === undefined) throw new Error('the demo access');
    const { secret } = await ensureDemoAccess(f.source.db, f.ctx, f.box, f.districtId);
    await revokeAccessSecret(f.source.db, f.ctx, access.id, secretFingerprint(f.secret));

    for (const c of connections) {
      const stale = await test(c);
      expect(stale.ok).toBe(false);
      expect(stale.summary.join('\n')).toMatch(/: 401 — /);
    }
    for (const c of connections) {
      const rotated = await rotateConnectionSecret(f.target.db, f.ctx, f.box, c, secret);
      const fresh = await test(rotated);
      expect(fresh.ok, fresh.summary.join('\n')).toBe(true);
      const run = await runSync(f.deps(), c.id, { trigger: 'manual' });
      expect(run.errors).toEqual([]);
      expect(run.status).toBe('succeeded');
    }
  });
});
