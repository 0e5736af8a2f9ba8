import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { addProduct, generateAccessSecret, hasProduct, WRITEBACK_PRODUCT, type AuthType } from '../../src/access/index.ts';
import { loadConfig } from '../../src/config/index.ts';
import { buildApp } from '../../src/http/index.ts';
import { entityDecl, mapReferences, type AnyRecord, type EntityName, type Version } from '../../src/model/index.ts';
import { streamRecords, upsertRecords } from '../../src/store/index.ts';
import { addConnection, type Connection, type PathLayout } from '../../src/sync/index.ts';
import { openAccessFixture, seedAccess, TIME_ZONE, type AccessFixture } from '../access/access-fixture.ts';
import { hubApp } from '../http-access/http-fixture.ts';
import { openProviderFixture, type ProviderFixture } from '../http-oneroster/provider-fixture.ts';
import type { Engine } from '../support/engines.ts';

/** The remote SIS: our own provider (district d1 of the provider fixture) listening on 127.0.0.1. */
export interface RemoteHub {
  readonly p: ProviderFixture;
  readonly baseUrl: string;
  /** A reader's bearer token for checking what arrived. */
  readonly readToken: string;
  /** A new access with grade pass back, for a connection to write with. */
  writerAccess(auth: AuthType): Promise<{ key: string; secret: string }>;
  close(): Promise<void>;
}

export async function openRemoteHub(engine: Engine): Promise<RemoteHub> {
  const p = await openProviderFixture(engine);
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  // OAuth 1.0a signatures cover the URL: the app's public URL is the address it listens on.
  const config = loadConfig({ ROSTERBRIDGE_TIME_ZONE: TIME_ZONE, ROSTERBRIDGE_PUBLIC_URL: baseUrl }, { dataDir: mkdtempSync(join(tmpdir(), 'rb-push-remote-')), db: 'sqlite::memory:' });
  const app = await buildApp({ store: p.f.store, config, secretBox: p.f.box });
  await app.ready();
  server.on('request', (request, response) => app.routing(request, response));
  const readToken = await p.token();
  let counter = 0;
  return {
    p,
    baseUrl,
    readToken,
    async writerAccess(auth) {
      counter += 1;
      if (!(await hasProduct(p.f.store.db, WRITEBACK_PRODUCT))) await addProduct(p.f.store.db, p.f.ctx, WRITEBACK_PRODUCT);
      const key = `hub-push-${counter}`;
      const { access } = await seedAccess(p.f, { key, authType: auth }, {}, { allowGradePassBack: true });
      const { secret } = await generateAccessSecret(p.f.store.db, p.f.ctx, p.f.box, access.id);
      return { key, secret };
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await app.close();
      await p.close();
    },
  };
}

/** The hub's own store (district d1), holding the remote's roster as a sync would have written it. */
export interface LocalHub {
  readonly f: AccessFixture;
  readonly app: FastifyInstance;
  /** A vendor's token with grade pass back on the local hub. */
  readonly vendorToken: string;
  readonly connection: Connection;
  /** The local id of a remote id (the prefix added, as the sync adds it). */
  id(remote: string): string;
  send(method: 'PUT' | 'DELETE', url: string, body?: unknown): Promise<LightMyRequestResponse>;
  close(): Promise<void>;
}

const ROSTER: readonly EntityName[] = ['orgs', 'academicSessions', 'courses', 'classes', 'users', 'enrollments', 'categories'];

export async function openLocalHub(engine: Engine, remote: RemoteHub, options: { auth: AuthType; version: Version; prefix?: string; paths?: PathLayout }): Promise<LocalHub> {
  const f = await openAccessFixture(engine);
  const prefix = options.prefix ?? '';
  const id = (remoteId: string): string => `${prefix}${remoteId}`;
  // Seeded from the same records: the remote district's active roster, ids prefixed as a sync would.
  for (const name of ROSTER) {
    const entity = entityDecl(name);
    const records: AnyRecord[] = [];
    for await (const record of streamRecords(remote.p.f.store.db, remote.p.f.store.dialect, entity, { districtId: 'd1' })) {
      if (record.status === 'active') records.push(mapReferences(entity, record, (_t, value) => id(value)));
    }
    await upsertRecords(f.store.db, f.store.dialect, entity, records, { districtId: 'd1', now: f.clock.now().toISOString() });
  }
  // A local enrollment the SIS does not have: st-3 in c1 (remotely st-3 is in c2 only).
  await upsertRecords(f.store.db, f.store.dialect, entityDecl('enrollments'), [{ sourcedId: id('e-local'), status: 'active', class: id('c1'), school: id('s1'), user: id('st-3'), role: 'student' }], { districtId: 'd1', now: f.clock.now().toISOString() });

  const app = await hubApp(f);
  if (!(await hasProduct(f.store.db, WRITEBACK_PRODUCT))) await addProduct(f.store.db, f.ctx, WRITEBACK_PRODUCT);
  const { access } = await seedAccess(f, { key: 'vendor' }, {}, { allowGradePassBack: true });
  const { secret } = await generateAccessSecret(f.store.db, f.ctx, f.box, access.id);
  const tokenAnswer = await app.inject({ method: 'POST', url: '/oauth/token', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: `grant_type=client_credentials&client_id=vendor&client_secret=${secret}` });
  const vendorToken = tokenAnswer.json<{ access_token: string }>().access_token;

  const writer = await remote.writerAccess(options.auth);
  const added = await addConnection(f.store.db, f.ctx, f.box, {
    name: 'SIS',
    districtId: 'd1',
    mode: 'two-way',
    kind: 'oneroster-rest',
    clientSecret: writer.secret,
    rest: { version: options.version, baseUrl: remote.baseUrl, ...(options.auth === 'oauth2' ? { tokenUrl: `${remote.baseUrl}/oauth/token` } : {}), clientId: writer.key, auth: options.auth, ...(options.paths === undefined ? {} : { paths: options.paths }) },
  });
  // Rules storage comes with the sync runs; the pusher reads `rules.idPrefix` from the connection when it is there.
  const connection: Connection = prefix === '' ? added : Object.assign({}, added, { rules: { idPrefix: prefix } });
  return {
    f,
    app,
    vendorToken,
    connection,
    id,
    send: (method, url, body) =>
      app.inject({ method, url, headers: { authorization: `Bearer ${vendorToken}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) }, ...(body === undefined ? {} : { payload: JSON.stringify(body) }) }),
    async close() {
      await app.close();
      await f.close();
    },
  };
}

/** A GUIDRef as a vendor writes it, in the version's type names. */
export function ref(version: Version, target: EntityName, sourcedId: string): { sourcedId: string; type: string } {
  return { sourcedId, type: entityDecl(target).refType[version] ?? target };
}

export function gradebookBase(version: Version): string {
  return version === '1.1' ? '/ims/oneroster/v1p1' : '/ims/oneroster/gradebook/v1p2';
}
