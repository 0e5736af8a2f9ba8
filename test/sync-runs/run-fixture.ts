import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { createSecretBox, generateMasterKey, parseMasterKey, type ChangeContext, type SecretBox } from '../../src/access/index.ts';
import { ensureDemoAccess } from '../../src/cli/demo-access.ts';
import { loadConfig } from '../../src/config/index.ts';
import { createDemoDistrict } from '../../src/demo/index.ts';
import { buildApp } from '../../src/http/index.ts';
import { hubTableSpecs } from '../../src/hub/index.ts';
import { fixedClock, type Clock } from '../../src/kernel/index.ts';
import { ENTITIES, type AnyRecord, type EntityName } from '../../src/model/index.ts';
import { openStore, streamRecords, upsertRecords, type Store } from '../../src/store/index.ts';
import { addConnection, type ClientDeps, type Connection, type SyncDeps } from '../../src/sync/index.ts';
import { createTestDatabase, type Engine, type TestDatabase } from '../support/engines.ts';

export const START = '2026-03-10T15:00:00.000Z';
/** What the sync imports from a OneRoster provider. */
export const ROSTER: readonly EntityName[] = ['orgs', 'academicSessions', 'courses', 'classes', 'users', 'enrollments', 'demographics'];

/** A hub store (every table) on a fresh database. */
export async function openHubStore(engine: Engine, clock: Clock): Promise<{ store: Store; url: string; close(): Promise<void> }> {
  const database: TestDatabase = await createTestDatabase(engine);
  const store = await openStore({ url: database.url, clock, extraTables: hubTableSpecs() });
  return {
    store,
    url: database.url,
    close: async () => {
      await store.close();
      await database.drop();
    },
  };
}

/**
 * The remote SIS is OUR provider: a hub store holding the demo generator's small district,
 * served over real HTTP on 127.0.0.1 (its public URL set to that address, which OAuth 1.0a
 * signs), with the demo vendor's credential. The target is a second, empty hub store.
 */
export interface RunFixture {
  readonly clock: ReturnType<typeof fixedClock>;
  readonly source: Store;
  readonly target: Store;
  readonly targetUrl: string;
  readonly box: SecretBox;
  readonly ctx: ChangeContext;
  readonly baseUrl: string;
  readonly districtId: string;
  readonly key: string;
  readonly secret: string;
  deps(): SyncDeps;
  connect(options?: { auth?: 'oauth2' | 'oauth1'; version?: '1.1' | '1.2'; name?: string }): Promise<Connection>;
  close(): Promise<void>;
}

export async function openRunFixture(engine: Engine, students = 30): Promise<RunFixture> {
  const clock = fixedClock(START);
  const source = await openHubStore(engine, clock);
  const target = await openHubStore(engine, clock);
  const box = createSecretBox(parseMasterKey(generateMasterKey()));
  const ctx: ChangeContext = { clock, timeZone: 'UTC', actor: 'test:admin' };
  const district = createDemoDistrict({ students, seed: 'sync-runs', schoolYear: 2026 });
  for (const entity of ENTITIES) {
    const records = [...district.records(entity.name)];
    if (records.length > 0) await upsertRecords(source.store.db, source.store.dialect, entity, records, { districtId: district.districtId, now: START });
  }
  const credential = await ensureDemoAccess(source.store.db, ctx, box, district.districtId);
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const config = loadConfig({ ROSTERBRIDGE_TIME_ZONE: 'UTC', ROSTERBRIDGE_PUBLIC_URL: baseUrl }, { dataDir: mkdtempSync(join(tmpdir(), 'rb-sync-runs-')), db: 'sqlite::memory:' });
  const app: FastifyInstance = await buildApp({ store: source.store, config, secretBox: box });
  await app.ready();
  server.on('request', (request, response) => app.routing(request, response));
  const clientDeps: ClientDeps = { fetch: (input, init) => globalThis.fetch(input, init), sleep: async () => undefined, random: () => 0.5, now: () => clock.now().getTime() };
  let counter = 0;
  return {
    clock,
    source: source.store,
    target: target.store,
    targetUrl: target.url,
    box,
    ctx,
    baseUrl,
    districtId: district.districtId,
    key: credential.key,
    secret: credential.secret,
    deps: () => ({ store: target.store, box, clientDeps, clock }),
    connect: async (options = {}) => {
      counter += 1;
      const auth = options.auth ?? 'oauth2';
      return addConnection(target.store.db, ctx, box, {
        name: options.name ?? `School Passport ${counter}`,
        districtId: district.districtId,
        kind: 'oneroster-rest',
        clientSecret: credential.secret,
        rest: { version: options.version ?? '1.2', baseUrl, ...(auth === 'oauth2' ? { tokenUrl: `${baseUrl}/oauth/token` } : {}), clientId: credential.key, auth, pageSize: 25 },
      });
    },
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await app.close();
      await source.close();
      await target.close();
    },
  };
}

/** An entity's active records without the store's timestamps, by sourcedId: what a sync must reproduce. */
export async function contents(store: Store, entity: EntityName): Promise<Map<string, AnyRecord>> {
  const out = new Map<string, AnyRecord>();
  for await (const r of streamRecords(store.db, store.dialect, ENTITIES.find((e) => e.name === entity) ?? ENTITIES[0]!)) {
    const { dateLastModified: _modified, ...rest } = r;
    out.set(r.sourcedId, rest as AnyRecord);
  }
  return out;
}

/** Every record's sourcedId and dateLastModified, tombstones included: equal stamps mean nothing moved. */
export async function stamps(store: Store): Promise<string[]> {
  const out: string[] = [];
  for (const entity of ENTITIES) {
    for await (const r of streamRecords(store.db, store.dialect, entity, { includeTombstones: true })) out.push(`${entity.name}/${r.sourcedId}/${r.status}/${r.dateLastModified ?? ''}`);
  }
  return out;
}
