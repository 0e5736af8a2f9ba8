import type { UserRecord } from '../../model/index.ts';
import type { UniquenessDomain } from './rules.ts';

/** Two records claim one value of a domain; a person decides — never a silent merge. */
export interface UniquenessConflict {
  readonly domain: UniquenessDomain;
  readonly value: string;
  /** The record that was left out. */
  readonly sourcedId: string;
  /** The record that holds the value (in the hub, or earlier in this run). */
  readonly heldBy: string;
}

/** The user's values in a domain; emails and usernames compare without case. */
export function domainValues(user: UserRecord, domain: UniquenessDomain): string[] {
  if (domain === 'email') return user.email === undefined || user.email === '' ? [] : [user.email.trim().toLowerCase()];
  if (domain === 'username') return user.username === undefined || user.username === '' ? [] : [user.username.trim().toLowerCase()];
  const type = domain.slice('userIds:'.length);
  return (user.userIds ?? []).filter((u) => u.type === type && u.identifier !== '').map((u) => u.identifier.trim());
}

/**
 * The values a run has seen per domain, seeded with what the hub already holds. `claim` answers
 * the conflicts a user would cause; a user without conflicts takes its values, one with conflicts
 * takes none (it is left out and goes to the conflict list).
 */
export class UniquenessIndex {
  private readonly holders = new Map<string, string>();

  constructor(private readonly domains: readonly UniquenessDomain[], existing: Iterable<readonly [UniquenessDomain, string, string]> = []) {
    for (const [domain, value, sourcedId] of existing) this.holders.set(`${domain}\u0000${value}`, sourcedId);
  }

  claim(user: UserRecord): UniquenessConflict[] {
    const conflicts: UniquenessConflict[] = [];
    const claims: string[] = [];
    for (const domain of this.domains) {
      for (const value of domainValues(user, domain)) {
        const key = `${domain}\u0000${value}`;
        const holder = this.holders.get(key);
        if (holder !== undefined && holder !== user.sourcedId) conflicts.push({ domain, value, sourcedId: user.sourcedId, heldBy: holder });
        else claims.push(key);
      }
    }
    if (conflicts.length === 0) for (const key of claims) this.holders.set(key, user.sourcedId);
    return conflicts;
  }
}
