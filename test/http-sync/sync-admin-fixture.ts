import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { createAdmin, createSecretBox, generateMasterKey, parseMasterKey, type SecretBox } from '../../src/access/index.ts';
import { writeBundle } from '../../src/csv/index.ts';
import { createDemoDistrict, type DemoDistrict } from '../../src/demo/index.ts';
import { buildApp } from '../../src/http/index.ts';
import { hubTableSpecs } from '../../src/hub/index.ts';
import { fixedClock } from '../../src/kernel/index.ts';
import type { AnyRecord } from '../../src/model/index.ts';
import { openStore, type Store } from '../../src/store/index.ts';
import { testConfig } from '../http-access/http-fixture.ts';
import { createTestDatabase, type Engine } from '../support/engines.ts';

export const START = '2026-03-10T15:00:00.000Z';

/**
 * A hub store with every table, the real app with an admin token, and a CSV connection over a
 * small generated demo district (a zip the test rewrites to change the source): no network.
 */
export interface SyncAdminFixture {
  readonly store: Store;
  readonly clock: ReturnType<typeof fixedClock>;
  readonly box: SecretBox;
  readonly app: FastifyInstance;
  readonly auth: { authorization: string };
  readonly district: DemoDistrict;
  readonly zip: string;
  /** Rewrites the zip: the demo district with these users' family names changed (sourcedId → name). */
  writeSource(renamed?: Readonly<Record<string, string>>): Promise<void>;
  /** An admin API call with the token; the clock moves a minute first, so runs order by time. */
  call(method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, payload?: unknown): Promise<LightMyRequestResponse>;
  close(): Promise<void>;
}

export async function openSyncAdminFixture(engine: Engine, options: { logStream?: NodeJS.WritableStream } = {}): Promise<SyncAdminFixture> {
  const database = await createTestDatabase(engine);
  const clock = fixedClock(START);
  const store = await openStore({ url: database.url, clock, extraTables: hubTableSpecs() });
  const box = createSecretBox(parseMasterKey(generateMasterKey()));
  await createAdmin(store.db, { clock, timeZone: 'UTC', actor: 'test:setup' }, 'alice', 'correct horse battery');
  const app = await buildApp({ store, config: testConfig(), secretBox: box }, options.logStream === undefined ? {} : { logger: true, logStream: options.logStream });
  const login = await app.inject({ method: 'POST', url: '/admin/api/tokens', payload: { username: 'alice', password: 'correct horse battery' } });
  const auth = { authorization: `Bearer ${login.json<{ token: string }>().token}` };
  const district = createDemoDistrict({ students: 12, seed: 'admin-sync', schoolYear: 2026 });
  const zip = join(mkdtempSync(join(tmpdir(), 'rb-admin-sync-')), 'district.zip');
  const writeSource = async (renamed: Readonly<Record<string, string>> = {}): Promise<void> => {
    const rename = (r: AnyRecord): AnyRecord => (renamed[r.sourcedId] === undefined ? r : { ...r, familyName: renamed[r.sourcedId] });
    await writeBundle(zip, { records: (e) => (e.name === 'users' ? [...district.records('users')].map(rename) : district.records(e.name)), metadataKeys: async () => [] }, { version: '1.2', mode: 'bulk' });
  };
  await writeSource();
  return {
    store,
    clock,
    box,
    app,
    auth,
    district,
    zip,
    writeSource,
    call: (method, url, payload) => {
      clock.advance(60_000);
      return app.inject({ method, url, headers: auth, ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }) });
    },
    close: async () => {
      await app.close();
      await store.close();
      await database.drop();
    },
  };
}

/** Adds the CSV connection over the fixture's zip through the admin API; its id. */
export async function addCsvConnection(f: SyncAdminFixture, name = 'Nightly CSV'): Promise<string> {
  const created = await f.call('POST', '/admin/api/connections', { name, districtId: f.district.districtId, kind: 'oneroster-csv', csv: { location: f.zip } });
  if (created.statusCode !== 201) throw new Error(`connection not added: ${created.body}`);
  return created.json<{ connection: { id: string } }>().connection.id;
}
