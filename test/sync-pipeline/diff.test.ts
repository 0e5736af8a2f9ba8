import { describe, expect, it } from 'vitest';
import { diffEntity, recordDigest } from '../../src/sync/pipeline/index.ts';
import { person, users } from './pipeline-fixture.ts';

describe('the diff of a batch against what a connection committed', () => {
  const same = person('u1', [['student', 's1']]);
  const before = person('u2', [['student', 's1']]);
  const after = { ...before, givenName: 'Grace' };
  const fresh = person('u3', [['teacher', 's1']]);
  const committed = new Map([
    [same.sourcedId, recordDigest(users, same)],
    [before.sourcedId, recordDigest(users, before)],
  ]);

  it('says what is new, what changed and how many are unchanged, counting a record given twice once', () => {
    const diff = diffEntity(users, committed, [same, after, fresh, fresh]);
    expect(diff.creates.map((r) => r.sourcedId)).toEqual(['u3']);
    expect(diff.updates).toEqual([after]);
    expect(diff.unchanged).toBe(1);
  });

  it('takes a digest as the store keeps it: the status alone does not change it', () => {
    expect(recordDigest(users, { ...same, status: 'tobedeleted' })).toBe(recordDigest(users, same));
    expect(recordDigest(users, after)).not.toBe(recordDigest(users, before));
  });
});
