/**
 * When an integration access is in force.
 *
 * Rule: effective and expiration dates are calendar dates in the hub's time zone (not UTC). An
 * access is in force when Is Active is set, from 00:00 of the effective date (inclusive) through
 * 23:59:59.999 of the expiration date — the expiration date itself still works, and access stops
 * at 00:00 of the day after ("the integration will stop working after that date"). No expiration
 * date means it never expires. Qmlativ does not state whether the ends are inclusive; this is our
 * documented choice.
 *
 * "Today" is computed in the hub's time zone with Intl.DateTimeFormat and compared as YYYY-MM-DD
 * text, which orders the same way as the dates.
 */

export interface AccessValidity {
  isActive: boolean;
  /** YYYY-MM-DD in the hub's time zone. */
  effectiveDate: string;
  /** YYYY-MM-DD in the hub's time zone; null or absent = never expires. */
  expirationDate?: string | null;
}

export type NotInForceReason = 'inactive' | 'not_yet_effective' | 'expired';

export interface InForce {
  inForce: boolean;
  reason?: NotInForceReason;
}

const CALENDAR_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * Whether the access is in force at `now` in `timeZone` (IANA name). Throws on a date that is not
 * a real YYYY-MM-DD calendar date: stored dates are validated on write, so that is corruption, and
 * an unreadable date must not let an access through.
 */
export function isAccessInForce(access: AccessValidity, now: Date, timeZone: string): InForce {
  requireCalendarDate(access.effectiveDate, 'effectiveDate');
  const expiration = access.expirationDate ?? undefined;
  if (expiration !== undefined) requireCalendarDate(expiration, 'expirationDate');

  if (!access.isActive) return { inForce: false, reason: 'inactive' };
  const today = todayIn(timeZone, now);
  if (today < access.effectiveDate) return { inForce: false, reason: 'not_yet_effective' };
  if (expiration !== undefined && today > expiration) return { inForce: false, reason: 'expired' };
  return { inForce: true };
}

/** The calendar date (YYYY-MM-DD) that `now` falls on in `timeZone`. */
export function todayIn(timeZone: string, now: Date): string {
  if (Number.isNaN(now.getTime())) throw new Error('todayIn: now is an invalid Date');
  let format: Intl.DateTimeFormat;
  try {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      calendar: 'gregory',
      numberingSystem: 'latn',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    });
  } catch (cause) {
    throw new Error(`unknown time zone "${timeZone}" (expected an IANA name such as America/Chicago)`, { cause });
  }
  const parts = format.formatToParts(now);
  const part = (type: Intl.DateTimeFormatPartTypes): string => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('year').padStart(4, '0')}-${part('month')}-${part('day')}`;
}

/**
 * Default expiration of a new access: one year after its creation date in the hub's time zone
 * (same month and day next year; 29 February becomes 28 February).
 */
export function defaultExpirationDate(created: Date, timeZone: string): string {
  const [year, month, day] = todayIn(timeZone, created).split('-');
  const nextYear = String(Number(year) + 1).padStart(4, '0');
  const nextDay = month === '02' && day === '29' ? '28' : day;
  return `${nextYear}-${month}-${nextDay}`;
}

function requireCalendarDate(value: string, field: string): void {
  const match = CALENDAR_DATE.exec(value);
  const [year, month, day] = match ? [Number(match[1]), Number(match[2]), Number(match[3])] : [0, 0, 0];
  const probe = new Date(0);
  probe.setUTCFullYear(year, month - 1, day);
  const real =
    match !== null &&
    probe.getUTCFullYear() === year &&
    probe.getUTCMonth() === month - 1 &&
    probe.getUTCDate() === day;
  if (!real) throw new Error(`${field} must be a calendar date YYYY-MM-DD, got "${value}"`);
}
