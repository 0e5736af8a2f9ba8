import { describe, expect, it } from 'vitest';
import { HubError } from '../../src/kernel/index.ts';
import { entityDecl, type EntityName } from '../../src/model/index.ts';
import type { OneRosterClient, PathLayout, RemoteObject } from '../../src/sync/index.ts';
import { restSource } from '../../src/sync/run/rest-source.ts';
import type { SourceItem } from '../../src/sync/run/index.ts';

/** A client whose pages are given per collection; a thrown error stands for what the real client raises. */
function fakeClient(version: '1.1' | '1.2', pages: Partial<Record<EntityName, RemoteObject[] | HubError>>, seen: Array<{ collection: string; filter?: string }> = [], paths: PathLayout = 'standard'): OneRosterClient {
  return {
    settings: { version, baseUrl: 'https://sis.example.org', tokenUrl: null, clientId: 'k', auth: 'oauth1', scope: null, pageSize: 100, concurrency: 1, timeoutMs: 1000, paths },
    authenticate: async () => undefined,
    fetch: async () => {
      throw new Error('not used');
    },
    get: async () => {
      throw new Error('not used');
    },
    write: async () => {
      throw new Error('not used');
    },
    async *pages(collection, options = {}) {
      seen.push({ collection, ...(options.filter === undefined ? {} : { filter: options.filter }) });
      const page = pages[collection];
      if (page instanceof HubError) throw page;
      yield* page ?? [];
    },
  };
}

async function itemsOf(client: OneRosterClient, entity: EntityName, since?: string): Promise<SourceItem[]> {
  const source = restSource(client, since === undefined ? {} : { since });
  const read = await source.read(entityDecl(entity));
  const out: SourceItem[] = [];
  for await (const item of read?.items ?? []) out.push(item);
  return out;
}

const user11 = (extra: Record<string, unknown>): RemoteObject => ({
  sourcedId: 'u1',
  status: 'active',
  dateLastModified: '2026-03-01T10:00:00Z',
  enabledUser: 'true',
  username: 'alee',
  givenName: 'Ana',
  familyName: 'Lee',
  role: 'student',
  orgs: [{ sourcedId: 's1', type: 'org', href: 'x' }],
  ...extra,
});

describe('the OneRoster REST source', () => {
  it('tolerates 1.1 habits: boolean strings, nulls and empty optional values, a status in capitals', async () => {
    const items = await itemsOf(fakeClient('1.1', { users: [user11({ enabledUser: 'TRUE', middleName: null, grades: '', status: 'Active' })] }), 'users');
    expect(items).toEqual([
      {
        kind: 'record',
        origin: '/ims/oneroster/v1p1/users',
        sourceId: 'u1',
        modifiedAt: '2026-03-01T10:00:00.000Z',
        record: { sourcedId: 'u1', status: 'active', enabledUser: true, username: 'alee', givenName: 'Ana', familyName: 'Lee', roles: [{ roleType: 'primary', role: 'student', org: 's1' }] },
      },
    ]);
  });

  it('lists a record the model refuses as a problem naming the endpoint and sourcedId, and reads on', async () => {
    const items = await itemsOf(fakeClient('1.1', { users: [user11({ sourcedId: 'bad', role: 'wizard' }), user11({})] }), 'users');
    expect(items.map((i) => i.kind)).toEqual(['problem', 'record']);
    expect(items[0]).toMatchObject({ kind: 'problem', origin: '/ims/oneroster/v1p1/users', sourceId: 'bad' });
    expect(items[0]?.kind === 'problem' && items[0].message).toMatch(/^user bad cannot be read: user\.role: /);
  });

  it('asks a delta for what changed after the watermark, and turns tobedeleted records into deletes', async () => {
    const seen: Array<{ collection: string; filter?: string }> = [];
    const items = await itemsOf(fakeClient('1.2', { users: [{ sourcedId: 'u9', status: 'tobedeleted', dateLastModified: '2026-03-02T00:00:00.000Z' }] }, seen), 'users', '2026-03-01T00:00:00.000Z');
    expect(seen).toEqual([{ collection: 'users', filter: "dateLastModified>'2026-03-01T00:00:00.000Z'" }]);
    expect(items).toEqual([{ kind: 'deleted', origin: '/ims/oneroster/rostering/v1p2/users', sourceId: 'u9', modifiedAt: '2026-03-02T00:00:00.000Z' }]);
  });

  it("names each item's origin by the connection's path layout", async () => {
    const flat = restSource(fakeClient('1.2', { users: [{ sourcedId: 'u9', status: 'tobedeleted' }] }, [], 'flat'), {});
    const read = await flat.read(entityDecl('users'));
    expect(read?.origin).toBe('/ims/oneroster/v1p2/users');
    const items: SourceItem[] = [];
    for await (const item of read?.items ?? []) items.push(item);
    expect(items).toEqual([{ kind: 'deleted', origin: '/ims/oneroster/v1p2/users', sourceId: 'u9' }]);
    expect(await itemsOf(fakeClient('1.2', { users: [{ sourcedId: 'u8', status: 'tobedeleted' }] }, [], { rostering: '/ims/oneroster/v1p1' }), 'users')).toEqual([{ kind: 'deleted', origin: '/ims/oneroster/v1p1/users', sourceId: 'u8' }]);
  });

  it('turns a 200 page without its envelope into an anomaly (the run is held), and a 403 on demographics into a problem', async () => {
    const broken = new HubError('remote_malformed', "/ims/oneroster/v1p1/users: the provider answered 200 without a 'users' list", { details: { endpoint: '/ims/oneroster/v1p1/users', status: 200, attempts: 1, reason: 'missing_envelope' } });
    expect(await itemsOf(fakeClient('1.1', { users: broken }), 'users')).toEqual([{ kind: 'anomaly', origin: '/ims/oneroster/v1p1/users', message: broken.message }]);
    const forbidden = new HubError('remote_rejected', 'demographics: 403', { details: { endpoint: '/ims/oneroster/v1p1/demographics', status: 403, attempts: 1 } });
    expect(await itemsOf(fakeClient('1.1', { demographics: forbidden }), 'demographics')).toEqual([
      { kind: 'problem', origin: '/ims/oneroster/v1p1/demographics', message: 'demographics not read: the provider answered 403 (the access does not share them)' },
    ]);
  });
});
