import { entityDecl, type UserRecord } from '../../model/index.ts';
import { streamRecords, type Store } from '../../store/index.ts';
import { domainValues, UniquenessIndex, type SyncRules, type UniquenessDomain } from '../pipeline/index.ts';
import { ownedDigestsOf } from './owned.ts';

const CHUNK = 1000;

/**
 * The uniqueness index of a run, seeded with the values the hub's other users hold (any district:
 * the domains are hub-wide). This connection's own users are left out: their new versions claim
 * their values afresh. Holds values and ids only, never whole records; ownership is asked a chunk
 * of users at a time.
 */
export async function seedUniqueness(store: Store, connectionId: string, rules: SyncRules): Promise<UniquenessIndex | undefined> {
  const domains = rules.uniqueness ?? [];
  if (domains.length === 0) return undefined;
  const existing: Array<readonly [UniquenessDomain, string, string]> = [];
  let chunk: UserRecord[] = [];
  const take = async (): Promise<void> => {
    const owned = await ownedDigestsOf(store.db, connectionId, 'users', chunk.map((u) => u.sourcedId));
    for (const user of chunk) {
      if (owned.has(user.sourcedId)) continue;
      for (const domain of domains) for (const value of domainValues(user, domain)) existing.push([domain, value, user.sourcedId]);
    }
    chunk = [];
  };
  for await (const user of streamRecords<UserRecord>(store.db, store.dialect, entityDecl('users'))) {
    chunk.push(user);
    if (chunk.length >= CHUNK) await take();
  }
  await take();
  return new UniquenessIndex(domains, existing);
}
