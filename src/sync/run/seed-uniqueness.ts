import { entityDecl, type UserRecord } from '../../model/index.ts';
import { streamRecords, type Store } from '../../store/index.ts';
import { domainValues, UniquenessIndex, type SyncRules, type UniquenessDomain } from '../pipeline/index.ts';

/**
 * The uniqueness index of a run, seeded with the values the hub's other users hold (any district:
 * the domains are hub-wide). This connection's own users are left out: their new versions claim
 * their values afresh. Holds values and ids only, never whole records.
 */
export async function seedUniqueness(store: Store, rules: SyncRules, owned: ReadonlyMap<string, string>): Promise<UniquenessIndex | undefined> {
  const domains = rules.uniqueness ?? [];
  if (domains.length === 0) return undefined;
  const existing: Array<readonly [UniquenessDomain, string, string]> = [];
  for await (const user of streamRecords<UserRecord>(store.db, store.dialect, entityDecl('users'))) {
    if (owned.has(user.sourcedId)) continue;
    for (const domain of domains) for (const value of domainValues(user, domain)) existing.push([domain, value, user.sourcedId]);
  }
  return new UniquenessIndex(domains, existing);
}
