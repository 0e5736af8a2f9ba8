import { ensureSchema, type Store } from '../../src/store/index.ts';
import { syncTableSpecs } from '../../src/sync/index.ts';
import { dumpAccessTables, openAccessFixture, type AccessFixture } from '../access/access-fixture.ts';
import type { Engine } from '../support/engines.ts';

/** The access fixture (district d1, a secret box, a movable clock) with the sync tables added. */
export async function openSyncFixture(engine: Engine): Promise<AccessFixture> {
  const f = await openAccessFixture(engine);
  await ensureSchema(f.store.db, f.store.dialect, syncTableSpecs());
  return f;
}

/** Every row of the sync and access tables as text: what a database dump would show. */
export async function dumpHubTables(store: Store): Promise<string> {
  const parts = [await dumpAccessTables(store)];
  for (const spec of syncTableSpecs()) parts.push(`${spec.name}: ${JSON.stringify(await store.db.selectFrom(spec.name).selectAll().execute())}`);
  return parts.join('\n');
}
