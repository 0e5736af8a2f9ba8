/** The 1 % change of bench:sync: a changed given name on every hundredth user of the source store, through the store writer. */
import { entityDecl, type UserRecord } from '../src/model/index.ts';
import { openStore, streamRecords, upsertRecords } from '../src/store/index.ts';

const BATCH = 1000;

/**
 * Upserts `percent` % of the source's users (evenly spread: every n-th by sourcedId) with a given
 * name that is new every time (a mark is appended), so each call is a real update. Returns how many.
 */
export async function changeUsers(url: string, districtId: string, percent: number): Promise<number> {
  const store = await openStore({ url });
  const users = entityDecl('users');
  const every = Math.round(100 / percent);
  const now = new Date().toISOString();
  let batch: UserRecord[] = [];
  let changed = 0;
  let seen = 0;
  try {
    for await (const user of streamRecords<UserRecord>(store.db, store.dialect, users, { districtId })) {
      if (seen++ % every !== 0) continue;
      batch.push({ ...user, givenName: `${user.givenName}*` });
      if (batch.length === BATCH) {
        changed += (await upsertRecords(store.db, store.dialect, users, batch, { districtId, now })).updated.length;
        batch = [];
      }
    }
    if (batch.length > 0) changed += (await upsertRecords(store.db, store.dialect, users, batch, { districtId, now })).updated.length;
  } finally {
    await store.close();
  }
  return changed;
}
