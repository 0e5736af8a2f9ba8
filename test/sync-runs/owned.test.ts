import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/kernel/index.ts';
import type { Store } from '../../src/store/index.ts';
import { countOwned, ownedDigestsOf, ownedIds } from '../../src/sync/run/owned.ts';
import { RunContext } from '../../src/sync/run/pipeline-context.ts';
import { engines } from '../support/engines.ts';
import { openHubStore, START } from './run-fixture.ts';

const ids = Array.from({ length: 2600 }, (_, i) => `u-${String(i).padStart(5, '0')}`);

async function own(store: Store, connectionId: string, entity: string, sourcedIds: readonly string[]): Promise<void> {
  for (let i = 0; i < sourcedIds.length; i += 400) {
    const rows = sourcedIds.slice(i, i + 400).map((id) => ({ id: `${connectionId}/${entity}/${id}`, connection_id: connectionId, entity, sourced_id: id, digest: `d:${id}`, run_id: 'r1' }));
    await store.db.insertInto('sync_owned').values(rows).execute();
  }
}

describe.each(engines())('what a connection owns, read a piece at a time, on %s', (engine) => {
  let store: Store;
  let close: () => Promise<void>;
  beforeAll(async () => {
    const hub = await openHubStore(engine, fixedClock(START));
    store = hub.store;
    close = hub.close;
    await own(store, 'c1', 'users', ids);
    await own(store, 'c1', 'orgs', ['o1', 'o2']);
    await own(store, 'c2', 'users', ['u-00001', 'other']);
  });
  afterAll(async () => {
    await close();
  });

  it('counts one connection’s records of one entity', async () => {
    expect(await countOwned(store.db, 'c1', 'users')).toBe(2600);
    expect(await countOwned(store.db, 'c2', 'users')).toBe(2);
    expect(await countOwned(store.db, 'c1', 'enrollments')).toBe(0);
  });

  it('gives the digests of the owned ones among a batch larger than one statement', async () => {
    const asked = [...ids.filter((_, i) => i % 2 === 0), 'other', 'nobody'];
    const digests = await ownedDigestsOf(store.db, 'c1', 'users', asked);
    expect(digests.size).toBe(1300);
    expect(digests.get('u-02598')).toBe('d:u-02598');
    expect(digests.has('other')).toBe(false);
    expect(digests.has('u-00001')).toBe(false);
  });

  it('walks every owned id once, page by page in sourcedId order, and no other connection’s', async () => {
    const pages: string[][] = [];
    for await (const page of ownedIds(store.db, 'c1', 'users', 100)) pages.push(page);
    expect(pages).toHaveLength(26);
    expect(pages.every((p) => p.length <= 100)).toBe(true);
    expect(pages.flat()).toEqual(ids);
    const other: string[] = [];
    for await (const page of ownedIds(store.db, 'c2', 'users', 1)) other.push(...page);
    expect(other).toEqual(['other', 'u-00001']);
  });
});

describe('a run’s kept ids', () => {
  it('are held only for entities another entity refers to', () => {
    const context = new RunContext({});
    expect(context.keptOf('classes')).toBeInstanceOf(Set);
    expect(context.keptOf('users')).toBeInstanceOf(Set);
    expect(context.keptOf('orgs')).toBeInstanceOf(Set);
    expect(context.keptOf('enrollments')).toBeUndefined();
    expect(context.keptOf('demographics')).toBeUndefined();
  });
});
