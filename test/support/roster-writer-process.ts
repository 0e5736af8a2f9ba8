/**
 * A second process that writes to a store while a test reads it through the API: started with
 * `fork(this file, [databaseUrl, districtId])`, it answers each `{ step }` message by making one
 * batch of changes (new users whose sourcedIds sort before everything, updates, a deletion) and
 * then replies `{ done: step }`.
 */
import { entityDecl, type UserRecord } from '../../src/model/index.ts';
import { openStore, tombstoneRecords, upsertRecords } from '../../src/store/index.ts';

const [url, districtId] = process.argv.slice(2);
if (url === undefined || districtId === undefined) throw new Error('usage: roster-writer-process <databaseUrl> <districtId>');
const store = await openStore({ url });
const users = entityDecl('users');

const student = (sourcedId: string, givenName: string): UserRecord => ({
  sourcedId,
  status: 'active',
  enabledUser: true,
  roles: [{ roleType: 'primary', role: 'student', org: 's1' }],
  givenName,
  familyName: 'Writer',
});

process.on('message', (message: { step: number; update: string[]; remove: string[] } | 'stop') => {
  if (message === 'stop') {
    void store.close().then(() => process.exit(0));
    return;
  }
  const { step } = message;
  const now = new Date(Date.UTC(2026, 4, 1, 0, step)).toISOString();
  const ctx = { districtId, now };
  void (async () => {
    await store.db.transaction().execute(async (trx) => {
      // 'a-…' sorts before every seeded 'u-…' id: under sourcedId order these would shift every page.
      const added = [0, 1, 2].map((i) => student(`a-${String(step).padStart(3, '0')}-${i}`, 'New'));
      const changed = message.update.map((id) => student(id, `Changed ${step}`));
      await upsertRecords(trx, store.dialect, users, [...added, ...changed], ctx);
      await tombstoneRecords(trx, store.dialect, users, message.remove, ctx);
    });
    process.send?.({ done: step });
  })();
});
process.send?.({ ready: true });
