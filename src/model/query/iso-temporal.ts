/**
 * Reads the date and date-time values clients put in filters and normalises them so the store can
 * compare them chronologically.
 *
 * Accepted (lenient where real clients differ, strict about calendar validity):
 * - `YYYY-MM-DD` → kept as is, `dateOnly: true`.
 * - `YYYY-MM-DDTHH:mm[:ss[.fraction]][zone]`, `T`/`Z` in either case, fraction with `.` or `,`.
 *   zone: `Z`, `±HH:mm`, `±HHmm`, `±HH`; a space where the `+` should be is read as `+`, because a
 *   form-encoding client's `+02:00` arrives as ` 02:00`. No zone at all is read as UTC (our own
 *   timestamps are UTC, and clients echo them back as cursors).
 * - Output: `YYYY-MM-DDTHH:mm:ss.sssZ`; fractions beyond milliseconds are truncated, not rounded,
 *   so a cursor never moves past the instant the client meant.
 */

export type IsoTemporal = { value: string; dateOnly: boolean };

const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?(?:([Zz])|([+\- ])(\d{2})(?::?(\d{2}))?)?$/;

export function parseIsoTemporal(text: string): IsoTemporal | undefined {
  const date = DATE_ONLY.exec(text);
  if (date !== null) {
    return isCalendarDate(num(date[1]), num(date[2]), num(date[3])) ? { value: text, dateOnly: true } : undefined;
  }
  const m = DATE_TIME.exec(text);
  if (m === null) return undefined;
  const [year, month, day, hour, minute] = [num(m[1]), num(m[2]), num(m[3]), num(m[4]), num(m[5])];
  const second = m[6] === undefined ? 0 : num(m[6]);
  const millis = m[7] === undefined ? 0 : num(m[7].slice(0, 3).padEnd(3, '0'));
  if (!isCalendarDate(year, month, day) || hour > 23 || minute > 59 || second > 59) return undefined;
  const offsetHours = m[10] === undefined ? 0 : num(m[10]);
  const offsetMinutes = m[11] === undefined ? 0 : num(m[11]);
  if (offsetHours > 23 || offsetMinutes > 59) return undefined;
  const sign = m[9] === '-' ? -1 : 1;

  // setUTCFullYear, unlike Date.UTC, does not map years 0–99 to 1900–1999.
  const instant = new Date(0);
  instant.setUTCFullYear(year, month - 1, day);
  instant.setUTCHours(hour, minute, second, millis);
  const utc = new Date(instant.getTime() - sign * (offsetHours * 60 + offsetMinutes) * 60_000);
  const value = utc.toISOString();
  // An offset can push year 0000 or 9999 out of the four-digit range toISOString keeps.
  return /^\d{4}-/.test(value) ? { value, dateOnly: false } : undefined;
}

function isCalendarDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1] ?? 0;
  return day <= days;
}

function num(digits: string | undefined): number {
  return digits === undefined ? 0 : Number.parseInt(digits, 10);
}
