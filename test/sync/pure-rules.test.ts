import { describe, expect, it } from 'vitest';
import { envelopeList, nextOffset, totalCount } from '../../src/sync/client/paging.ts';
import { modifiedAt } from '../../src/sync/run/tolerate-json.ts';
import { codeMinorOf, oauthErrorOf } from '../../src/sync/client/remote-failure.ts';
import { DEFAULT_RETRY_POLICY, parseRetryAfter, retryDelay } from '../../src/sync/client/retry-policy.ts';
import { encodeQuery } from '../../src/sync/client/oneroster-paths.ts';
import { createSemaphore } from '../../src/sync/client/semaphore.ts';

describe('Retry-After', () => {
  const now = Date.parse('2026-03-10T15:00:00.000Z');
  it.each([
    ['120', 120_000],
    [' 0 ', 0],
    ['Tue, 10 Mar 2026 15:00:30 GMT', 30_000],
    ['Tue, 10 Mar 2026 14:00:00 GMT', 0],
    ['soon', undefined],
    ['-5', undefined],
    ['1.5', undefined],
    [null, undefined],
  ])('reads %j as %j ms', (value, expected) => {
    expect(parseRetryAfter(value, now)).toBe(expected);
  });
});

describe('retryDelay', () => {
  const policy = { ...DEFAULT_RETRY_POLICY, maxAttempts: 6, baseDelayMs: 100, maxDelayMs: 1000, maxRetryAfterMs: 5000 };
  it('draws from 0 up to a ceiling that doubles per attempt and is capped', () => {
    expect([1, 2, 3, 4, 5].map((a) => retryDelay(policy, a, () => 0.999, undefined))).toEqual([99, 199, 399, 799, 999]);
    expect(retryDelay(policy, 3, () => 0, undefined)).toBe(0);
  });
  it('takes the server\'s Retry-After over the computed wait, and gives up on one longer than allowed', () => {
    expect(retryDelay(policy, 1, () => 0.5, 4000)).toBe(4000);
    expect(retryDelay(policy, 1, () => 0.5, 6000)).toBeUndefined();
  });
  it('has no wait after the last attempt', () => {
    expect(retryDelay(policy, 6, () => 0.5, undefined)).toBeUndefined();
  });
});

describe('paging rules', () => {
  it('stops on a short page without a count, goes on with a full one', () => {
    expect(nextOffset(0, 100, 100, undefined)).toBe(100);
    expect(nextOffset(100, 99, 100, undefined)).toBeUndefined();
  });
  it('follows X-Total-Count when present, even past a short page', () => {
    expect(nextOffset(0, 100, 100, 100)).toBeUndefined();
    expect(nextOffset(0, 50, 100, 120)).toBe(50);
  });
  it('always stops on an empty page', () => {
    expect(nextOffset(10, 0, 100, 500)).toBeUndefined();
  });
  it('reads X-Total-Count only when it is a count', () => {
    expect([totalCount('42'), totalCount(null), totalCount('4x'), totalCount('-1')]).toEqual([42, undefined, undefined, undefined]);
  });
  it('accepts only the wrapper key holding a list of objects', () => {
    expect(envelopeList({ users: [{ sourcedId: 'a' }] }, 'users')).toEqual([{ sourcedId: 'a' }]);
    expect(envelopeList({ users: [] }, 'users')).toEqual([]);
    expect(envelopeList({ user: { sourcedId: 'a' } }, 'users')).toBeUndefined();
    expect(envelopeList({ users: 'none' }, 'users')).toBeUndefined();
    expect(envelopeList({ users: [1] }, 'users')).toBeUndefined();
    expect(envelopeList([{ sourcedId: 'a' }], 'users')).toBeUndefined();
    expect(envelopeList(undefined, 'users')).toBeUndefined();
    // Only the body's own key: an inherited name is no envelope.
    expect(envelopeList(Object.create({ users: [] }) as object, 'users')).toBeUndefined();
    expect(envelopeList({ users: [{}] }, 'constructor')).toBeUndefined();
  });
  it('reads a provider’s dateLastModified in the canonical form, parsing only what is not already in it', () => {
    expect(modifiedAt({ dateLastModified: '2026-03-01T10:00:00.000Z' })).toBe('2026-03-01T10:00:00.000Z');
    expect(modifiedAt({ dateLastModified: '2026-03-01T10:00:00Z' })).toBe('2026-03-01T10:00:00.000Z');
    expect(modifiedAt({ dateLastModified: '2026-03-01T12:00:00.5+02:00' })).toBe('2026-03-01T10:00:00.500Z');
    expect(modifiedAt({ dateLastModified: '2026-13-01T10:00:00.000Z' })).toBeUndefined();
    expect(modifiedAt({ dateLastModified: 'yesterday' })).toBeUndefined();
    expect(modifiedAt({ dateLastModified: 20260301 })).toBeUndefined();
  });
});

describe('error payloads', () => {
  const field = { imsx_CodeMinor: { imsx_codeMinorField: [{ imsx_codeMinorFieldName: 'TargetEndSystem', imsx_codeMinorFieldValue: 'forbidden' }] } };
  it('finds the codeMinor in 1.1 and 1.2 envelopes, and only a code-shaped one', () => {
    expect(codeMinorOf({ statusInfoSet: [field] })).toBe('forbidden');
    expect(codeMinorOf(field)).toBe('forbidden');
    expect(codeMinorOf({ imsx_CodeMinor: { imsx_codeMinorField: [{ imsx_codeMinorFieldValue: 'Ann Lee is not allowed' }] } })).toBeUndefined();
    expect(codeMinorOf('<html>')).toBeUndefined();
  });
  it('finds the OAuth error code', () => {
    expect(oauthErrorOf({ error: 'invalid_client', error_description: 'x' })).toBe('invalid_client');
    expect(oauthErrorOf({})).toBeUndefined();
  });
});

describe('query encoding', () => {
  it('percent-encodes as RFC 3986 (space as %20, quotes encoded), the same characters OAuth 1.0a signs', () => {
    expect(encodeQuery({ limit: '1', filter: "familyName='O''Neil (Jr)' AND x~'*'" })).toBe('?limit=1&filter=familyName%3D%27O%27%27Neil%20%28Jr%29%27%20AND%20x~%27%2A%27');
    expect(encodeQuery({})).toBe('');
  });
});

describe('semaphore', () => {
  it('lets waiters in, in order, as slots free up', async () => {
    const gate = createSemaphore(1);
    const order: string[] = [];
    let release: () => void = () => undefined;
    const first = gate.run(() => new Promise<void>((resolve) => { order.push('a'); release = resolve; }));
    const second = gate.run(async () => { order.push('b'); });
    const third = gate.run(async () => { order.push('c'); });
    await Promise.resolve();
    expect(order).toEqual(['a']);
    release();
    await Promise.all([first, second, third]);
    expect(order).toEqual(['a', 'b', 'c']);
  });
  it('frees the slot when a task fails', async () => {
    const gate = createSemaphore(1);
    await expect(gate.run(async () => { throw new Error('x'); })).rejects.toThrow('x');
    expect(await gate.run(async () => 'ok')).toBe('ok');
  });
});
