import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSecretBox, generateMasterKey, parseMasterKey, queryAudit, secretFingerprint } from '../../src/access/index.ts';
import { HubError } from '../../src/kernel/index.ts';
import { addConnection, getConnection, listConnections, resolveConnection, type ConnectionInput } from '../../src/sync/index.ts';
import { openConnectionSecret } from '../../src/sync/connections.ts';
import { openAccessFixture, type AccessFixture } from '../access/access-fixture.ts';
import { engines } from '../support/engines.ts';
import { dumpHubTables } from './sync-fixture.ts';

const SECRET = 'remote-sis-secret-9f8e7d';

const rest = (name: string, overrides: Partial<Extract<ConnectionInput, { kind: 'oneroster-rest' }>['rest']> = {}): ConnectionInput => ({
  name,
  districtId: 'd1',
  kind: 'oneroster-rest',
  clientSecret: SECRET,
  rest: { version: '1.2', baseUrl: 'https://sis.example.org/API', tokenUrl: 'https://sis.example.org/API/oauth/token', clientId: 'sp-key', pageSize: 5000, ...overrides },
});

async function refusal(promise: Promise<unknown>): Promise<HubError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof HubError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe.each(engines())('sync connections on %s', (engine) => {
  let f: AccessFixture;
  beforeAll(async () => {
    f = await openAccessFixture(engine);
  });
  afterAll(async () => {
    await f.close();
  });

  it('adds, lists, shows and resolves connections by id or name', async () => {
    const added = await addConnection(f.store.db, f.ctx, f.box, rest('Skyward REST'));
    expect(added).toMatchObject({
      name: 'Skyward REST', districtId: 'd1', mode: 'import', kind: 'oneroster-rest', credentialFingerprint: secretFingerprint(SECRET),
      rest: { version: '1.2', baseUrl: 'https://sis.example.org/API', auth: 'oauth2', pageSize: 5000, concurrency: 2, timeoutMs: 30_000 },
      createdAt: '2026-03-10T15:00:00.000Z',
    });
    const csv = await addConnection(f.store.db, f.ctx, undefined, { name: 'Nightly CSV', districtId: 'd1', kind: 'oneroster-csv', mode: 'import', csv: { location: '/srv/sis/out/roster.zip' } });
    expect(csv).toMatchObject({ kind: 'oneroster-csv', csv: { location: '/srv/sis/out/roster.zip' } });
    expect((await listConnections(f.store.db)).map((c) => c.name)).toEqual(['Nightly CSV', 'Skyward REST']);
    expect((await listConnections(f.store.db, { districtId: 'd2' }))).toEqual([]);
    expect(await resolveConnection(f.store.db, 'Skyward REST')).toEqual(added);
    expect(await resolveConnection(f.store.db, added.id)).toEqual(added);
    expect((await refusal(resolveConnection(f.store.db, 'nope'))).code).toBe('not_found');
  });

  it('keeps the secret sealed at rest: not in any table, not in what is shown, not in the audit', async () => {
    const added = await addConnection(f.store.db, f.ctx, f.box, rest('Sealed one'));
    expect(JSON.stringify(added)).not.toContain(SECRET);
    expect(JSON.stringify(await getConnection(f.store.db, added.id))).not.toContain(SECRET);
    expect(await dumpHubTables(f.store)).not.toContain(SECRET);
    const audit = await queryAudit(f.store.db, { kind: 'change' });
    const entry = audit.find((e) => e.kind === 'change' && e.targetId === added.id);
    expect(entry).toMatchObject({ action: 'connection.add', targetType: 'connection', actor: 'test:admin' });
    expect(JSON.stringify(entry)).not.toContain(SECRET);
    if (added.kind !== 'oneroster-rest') throw new Error('expected a REST connection');
    expect(await openConnectionSecret(f.store.db, f.box, added)).toBe(SECRET);
    const otherKey = createSecretBox(parseMasterKey(generateMasterKey()));
    expect((await refusal(openConnectionSecret(f.store.db, otherKey, added))).code).toBe('config_invalid');
  });

  it('lists every problem of an invalid connection and writes nothing', async () => {
    const before = (await listConnections(f.store.db)).length;
    const error = await refusal(addConnection(f.store.db, f.ctx, f.box, rest('Bad one', { version: '3', tokenUrl: null, concurrency: 9 })));
    expect(error.code).toBe('invalid_argument');
    expect(error.details).toEqual([
      "OneRoster version must be 1.1 or 1.2, not '3'",
      'a token URL is required for OAuth 2.0 (often <base URL>/oauth/token)',
      'concurrency must be a whole number from 1 to 5',
    ]);
    expect(await listConnections(f.store.db)).toHaveLength(before);
  });

  it('refuses a second connection of the same name, and a REST secret without a master key', async () => {
    await addConnection(f.store.db, f.ctx, f.box, rest('Unique'));
    expect((await refusal(addConnection(f.store.db, f.ctx, f.box, rest('Unique')))).code).toBe('conflict');
    const noKey = await refusal(addConnection(f.store.db, f.ctx, undefined, rest('No key')));
    expect(noKey.code).toBe('config_invalid');
    expect((await listConnections(f.store.db)).some((c) => c.name === 'No key')).toBe(false);
  });
});
