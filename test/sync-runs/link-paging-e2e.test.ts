import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { entityDecl, type UserRecord } from '../../src/model/index.ts';
import { readRecords, streamRecords, upsertRecords } from '../../src/store/index.ts';
import { runSync, saveSyncSettings, type ClientDeps, type Connection, type SyncDeps } from '../../src/sync/index.ts';
import { parseLinkHeader, nextLinkTarget } from '../../src/sync/client/link-header.ts';
import { engines } from '../support/engines.ts';
import { openRunFixture, type RunFixture } from './run-fixture.ts';

const users = entityDecl('users');
const USERS = '/ims/oneroster/rostering/v1p2/users';

/** One page request of the run, with the next link its answer carried. */
interface Exchange {
  readonly url: URL;
  readonly next: string | undefined;
}

/**
 * Our own provider sends `Link` first/prev/next/last, keeping the client's other parameters
 * before limit and offset. A delta's filter makes those URLs differ from the ones offset paging
 * would build (`?limit=…&offset=…&filter=…`), so the requests show which one the client followed.
 */
describe.each(engines())('a sync from our own provider reads through its Link headers on %s', (engine) => {
  let f: RunFixture;
  let connection: Connection;
  const exchanges: Exchange[] = [];
  const recording = (deps: SyncDeps): SyncDeps => {
    const fetch: ClientDeps['fetch'] = async (input, init) => {
      const response = await deps.clientDeps.fetch(input, init);
      const url = new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url);
      exchanges.push({ url, next: nextLinkTarget(parseLinkHeader(response.headers.get('link'))) });
      return response;
    };
    return { ...deps, clientDeps: { ...deps.clientDeps, fetch } };
  };
  beforeAll(async () => {
    f = await openRunFixture(engine);
    connection = await f.connect({ version: '1.2' });
    await saveSyncSettings(f.target.db, f.ctx, connection, { readMode: 'delta', fullSyncEveryDays: 7, guard: { users: { updatePercent: 100 } } });
    const first = await runSync(f.deps(), connection.id, { trigger: 'manual' });
    expect(first.status).toBe('succeeded');
  });
  afterAll(async () => {
    await f.close();
  });

  it('follows every next link of a delta read over several pages, and takes in every change', async () => {
    const all: UserRecord[] = [];
    for await (const u of streamRecords<UserRecord>(f.source.db, f.source.dialect, users)) all.push(u);
    // More than two pages of 25 changed users (every user renamed: the update threshold is raised for it).
    expect(all.length).toBeGreaterThan(50);
    f.clock.advance(3_600_000);
    await upsertRecords(f.source.db, f.source.dialect, users, all.map((u) => ({ ...u, givenName: `${u.givenName}-linked` })), { districtId: f.districtId, now: f.clock.now().toISOString() });
    f.clock.advance(60_000);

    exchanges.length = 0;
    const run = await runSync(recording(f.deps()), connection.id, { trigger: 'manual' });
    expect(run.errors).toEqual([]);
    expect(run.status).toBe('succeeded');
    expect(run.counts.users).toMatchObject({ full: false, incoming: all.length, updated: all.length });

    const pages = exchanges.filter((e) => e.url.pathname === USERS);
    expect(pages.length).toBe(Math.ceil(all.length / 25));
    expect(pages[0]?.url.search).toMatch(/^\?limit=25&offset=0&filter=/);
    // Each page after the first is exactly the previous answer's next link; the last answer has none.
    for (let i = 1; i < pages.length; i += 1) expect(pages[i]?.url.href).toBe(pages[i - 1]?.next);
    expect(pages.slice(1).every((p) => p.url.search.startsWith('?filter='))).toBe(true);
    expect(pages.at(-1)?.next).toBeUndefined();

    const stored = await readRecords(f.target.db, f.target.dialect, users, all.map((u) => u.sourcedId));
    expect([...stored.values()].every((u) => u.givenName.endsWith('-linked'))).toBe(true);
  });
});
