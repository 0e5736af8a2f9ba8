import { describe, expect, it } from 'vitest';
import { defaultExpirationDate, isAccessInForce, todayIn } from '../../src/access/in-force.ts';

// America/Chicago is UTC-5 in summer (CDT) and UTC-6 in winter (CST). The dates below straddle both
// DST changes of 2025 (9 March and 2 November), so a UTC or fixed-offset implementation fails.
const CHICAGO = 'America/Chicago';
const access = { isActive: true, effectiveDate: '2025-03-10', expirationDate: '2025-11-02' };

describe('isAccessInForce', () => {
  it('refuses the instant before local midnight of the effective date and allows midnight itself', () => {
    // 2025-03-10 00:00 CDT = 05:00Z; in UTC the date is already the 10th at 04:59Z.
    expect(isAccessInForce(access, new Date('2025-03-10T04:59:59.999Z'), CHICAGO)).toEqual({
      inForce: false,
      reason: 'not_yet_effective',
    });
    expect(isAccessInForce(access, new Date('2025-03-10T05:00:00.000Z'), CHICAGO)).toEqual({ inForce: true });
  });

  it('allows the last millisecond of the expiration date and refuses the next day', () => {
    // 2025-11-02 23:59:59.999 CST = 2025-11-03T05:59:59.999Z; in UTC that is already the 3rd.
    expect(isAccessInForce(access, new Date('2025-11-03T05:59:59.999Z'), CHICAGO)).toEqual({ inForce: true });
    expect(isAccessInForce(access, new Date('2025-11-03T06:00:00.000Z'), CHICAGO)).toEqual({
      inForce: false,
      reason: 'expired',
    });
  });

  it('follows the hub time zone east of UTC too', () => {
    const auckland = 'Pacific/Auckland'; // UTC+13 in January
    const january = { isActive: true, effectiveDate: '2025-01-15', expirationDate: '2025-01-20' };
    expect(isAccessInForce(january, new Date('2025-01-14T10:59:59.999Z'), auckland).reason).toBe('not_yet_effective');
    expect(isAccessInForce(january, new Date('2025-01-14T11:00:00.000Z'), auckland).inForce).toBe(true);
    expect(isAccessInForce(january, new Date('2025-01-20T10:59:59.999Z'), auckland).inForce).toBe(true);
    expect(isAccessInForce(january, new Date('2025-01-20T11:00:00.000Z'), auckland).reason).toBe('expired');
  });

  it('refuses an inactive access even inside its dates', () => {
    expect(isAccessInForce({ ...access, isActive: false }, new Date('2025-06-01T12:00:00Z'), CHICAGO)).toEqual({
      inForce: false,
      reason: 'inactive',
    });
  });

  it('never expires without an expiration date', () => {
    const farFuture = new Date('2125-01-01T00:00:00Z');
    expect(isAccessInForce({ ...access, expirationDate: null }, farFuture, CHICAGO)).toEqual({ inForce: true });
    expect(isAccessInForce({ isActive: true, effectiveDate: '2025-03-10' }, farFuture, CHICAGO)).toEqual({ inForce: true });
    expect(isAccessInForce({ isActive: true, effectiveDate: '2025-03-10' }, new Date('2025-03-01T00:00:00Z'), CHICAGO)).toEqual({
      inForce: false,
      reason: 'not_yet_effective',
    });
  });

  it('works for a one-day access (effective date = expiration date)', () => {
    const oneDay = { isActive: true, effectiveDate: '2025-07-04', expirationDate: '2025-07-04' };
    expect(isAccessInForce(oneDay, new Date('2025-07-04T04:59:59.999Z'), CHICAGO).reason).toBe('not_yet_effective');
    expect(isAccessInForce(oneDay, new Date('2025-07-04T05:00:00.000Z'), CHICAGO).inForce).toBe(true);
    expect(isAccessInForce(oneDay, new Date('2025-07-05T04:59:59.999Z'), CHICAGO).inForce).toBe(true);
    expect(isAccessInForce(oneDay, new Date('2025-07-05T05:00:00.000Z'), CHICAGO).reason).toBe('expired');
  });

  it('throws on dates that are not real YYYY-MM-DD dates instead of letting them through', () => {
    const now = new Date('2025-06-01T12:00:00Z');
    expect(() => isAccessInForce({ ...access, effectiveDate: '2025-6-1' }, now, CHICAGO)).toThrow(/effectiveDate/);
    expect(() => isAccessInForce({ ...access, expirationDate: '2025-02-30' }, now, CHICAGO)).toThrow(/expirationDate/);
    expect(() => isAccessInForce({ ...access, expirationDate: '' }, now, CHICAGO)).toThrow(/expirationDate/);
  });

  it('throws on an unknown time zone', () => {
    expect(() => isAccessInForce(access, new Date('2025-06-01T12:00:00Z'), 'America/Springfield')).toThrow(/time zone/);
  });
});

describe('todayIn', () => {
  it('is the calendar date in the given zone', () => {
    const instant = new Date('2025-01-01T03:00:00Z');
    expect(todayIn(CHICAGO, instant)).toBe('2024-12-31');
    expect(todayIn('UTC', instant)).toBe('2025-01-01');
    expect(todayIn('Asia/Tokyo', new Date('2025-01-01T14:59:59.999Z'))).toBe('2025-01-01');
    expect(todayIn('Asia/Tokyo', new Date('2025-01-01T15:00:00.000Z'))).toBe('2025-01-02');
  });
});

describe('defaultExpirationDate', () => {
  it('is the same month and day one year after the local creation date', () => {
    expect(defaultExpirationDate(new Date('2025-08-15T15:00:00Z'), CHICAGO)).toBe('2026-08-15');
    // 2025-01-01T03:00Z is still New Year's Eve in Chicago.
    expect(defaultExpirationDate(new Date('2025-01-01T03:00:00Z'), CHICAGO)).toBe('2025-12-31');
  });

  it('turns 29 February into 28 February', () => {
    expect(defaultExpirationDate(new Date('2024-02-29T18:00:00Z'), CHICAGO)).toBe('2025-02-28');
    // 1 March 2024 03:00Z is 29 February evening in Chicago.
    expect(defaultExpirationDate(new Date('2024-03-01T03:00:00Z'), CHICAGO)).toBe('2025-02-28');
    expect(defaultExpirationDate(new Date('2024-02-28T18:00:00Z'), CHICAGO)).toBe('2025-02-28');
  });

  it('gives an access that is in force through its default expiration date', () => {
    const created = new Date('2025-08-15T15:00:00Z');
    const fresh = {
      isActive: true,
      effectiveDate: todayIn(CHICAGO, created),
      expirationDate: defaultExpirationDate(created, CHICAGO),
    };
    expect(isAccessInForce(fresh, new Date('2026-08-16T04:59:59.999Z'), CHICAGO).inForce).toBe(true);
    expect(isAccessInForce(fresh, new Date('2026-08-16T05:00:00.000Z'), CHICAGO).reason).toBe('expired');
  });
});
