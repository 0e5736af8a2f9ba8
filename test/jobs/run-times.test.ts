import { describe, expect, it } from 'vitest';
import { checkScheduleRule, dueSlot, nextRunTimes, type ScheduleRule, type ScheduleRuleInput } from '../../src/jobs/index.ts';

function rule(input: ScheduleRuleInput): ScheduleRule {
  const checked = checkScheduleRule(input);
  if (!checked.ok) throw new Error(checked.problems.join('; '));
  return checked.value;
}

const iso = (dates: Date[]): string[] => dates.map((d) => d.toISOString());

describe('next run times', () => {
  it('weekdays at 02:00 in Chicago skip the weekend', () => {
    const r = rule({ at: '02:00', days: 'weekdays', timeZone: 'America/Chicago' });
    // Friday 2026-01-09 10:00 UTC (04:00 in Chicago): next are Monday to Friday at 08:00 UTC (CST).
    expect(iso(nextRunTimes(r, new Date('2026-01-09T10:00:00Z'), 5))).toEqual([
      '2026-01-12T08:00:00.000Z',
      '2026-01-13T08:00:00.000Z',
      '2026-01-14T08:00:00.000Z',
      '2026-01-15T08:00:00.000Z',
      '2026-01-16T08:00:00.000Z',
    ]);
  });

  it('weekends only fire on Saturday and Sunday', () => {
    const r = rule({ at: '23:15', days: 'weekends', timeZone: 'Europe/Berlin' });
    expect(iso(nextRunTimes(r, new Date('2026-01-07T00:00:00Z'), 3))).toEqual(['2026-01-10T22:15:00.000Z', '2026-01-11T22:15:00.000Z', '2026-01-17T22:15:00.000Z']);
  });

  it('keeps the local hour across the spring-forward change (UTC moves an hour)', () => {
    const r = rule({ at: '02:00', days: 'every day', timeZone: 'America/New_York' });
    // DST starts 2026-03-08 at 02:00 local: that night 02:00 does not exist and runs at 03:00 EDT.
    expect(iso(nextRunTimes(r, new Date('2026-03-06T12:00:00Z'), 4))).toEqual([
      '2026-03-07T07:00:00.000Z',
      '2026-03-08T07:00:00.000Z',
      '2026-03-09T06:00:00.000Z',
      '2026-03-10T06:00:00.000Z',
    ]);
  });

  it('runs once on the fall-back night, when 01:30 happens twice', () => {
    const r = rule({ at: '01:30', timeZone: 'America/Chicago' });
    expect(iso(nextRunTimes(r, new Date('2026-10-31T12:00:00Z'), 3))).toEqual(['2026-11-01T06:30:00.000Z', '2026-11-02T07:30:00.000Z', '2026-11-03T07:30:00.000Z']);
  });

  it('reads a cron expression in its time zone (UTC by default)', () => {
    expect(iso(nextRunTimes(rule({ cron: '0 2 * * 1-5', timeZone: 'America/Chicago' }), new Date('2026-01-09T10:00:00Z'), 1))).toEqual(['2026-01-12T08:00:00.000Z']);
    expect(iso(nextRunTimes(rule({ cron: '*/30 * * * *' }), new Date('2026-01-09T10:10:00Z'), 2))).toEqual(['2026-01-09T10:30:00.000Z', '2026-01-09T11:00:00.000Z']);
  });
});

describe('the due slot', () => {
  const r = rule({ at: '02:00', days: 'weekdays', timeZone: 'America/Chicago' });
  const monday = new Date('2026-01-12T08:00:00Z');

  it('is due exactly at its time, and not a millisecond before', () => {
    expect(dueSlot(r, new Date('2026-01-11T00:00:00Z'), monday)?.toISOString()).toBe(monday.toISOString());
    expect(dueSlot(r, new Date('2026-01-11T00:00:00Z'), new Date(monday.getTime() - 1))).toBeUndefined();
  });

  it('is not due again once fired, nor for a slot before the schedule was set', () => {
    expect(dueSlot(r, monday, new Date('2026-01-12T20:00:00Z'))).toBeUndefined();
    expect(dueSlot(r, new Date('2026-01-12T09:00:00Z'), new Date('2026-01-12T20:00:00Z'))).toBeUndefined();
  });

  it('catches up with one run, the latest, after a process was down over several slots', () => {
    expect(dueSlot(r, new Date('2026-01-05T00:00:00Z'), new Date('2026-01-14T12:00:00Z'))?.toISOString()).toBe('2026-01-14T08:00:00.000Z');
  });

  it('never fires on a weekend', () => {
    expect(dueSlot(r, new Date('2026-01-09T09:00:00Z'), new Date('2026-01-11T23:00:00Z'))).toBeUndefined();
  });
});

describe('checking a schedule', () => {
  it('lists every problem at once', () => {
    const checked = checkScheduleRule({ at: '25:00', days: 'fortnightly', timeZone: 'Mars/Base' });
    expect(checked.ok).toBe(false);
    expect(checked.ok ? [] : checked.problems).toEqual([
      "time zone 'Mars/Base' is not an IANA time zone (e.g. America/Chicago)",
      "--at '25:00' is not a time of day HH:MM (00:00 to 23:59)",
      "--days 'fortnightly' must be weekdays, weekends or 'every day'",
    ]);
  });

  it('refuses a cron with seconds, one that never fires, and both ways at once', () => {
    const problems = (input: ScheduleRuleInput): string[] => {
      const c = checkScheduleRule(input);
      return c.ok ? [] : c.problems;
    };
    expect(problems({ cron: '0 0 2 * * *' })).toEqual(["cron expression '0 0 2 * * *' must have five fields (minute hour day-of-month month day-of-week)"]);
    expect(problems({ cron: '0 0 31 2 *' })).toEqual(["cron expression '0 0 31 2 *' never fires"]);
    expect(problems({ cron: '0 99 * * *' })[0]).toMatch(/^cron expression '0 99 \* \* \*' is not valid/);
    expect(problems({ cron: '0 2 * * *', at: '02:00' })).toEqual(['give either --cron or --at (with --days), not both']);
    expect(problems({})).toEqual(['give a time (--at HH:MM) or a cron expression (--cron)']);
  });

  it('defaults to every day in UTC and accepts the usual spellings of the day sets', () => {
    expect(checkScheduleRule({ at: '6:05' })).toEqual({ ok: true, value: { kind: 'daily', hour: 6, minute: 5, days: 'every day', timeZone: 'UTC' } });
    expect(checkScheduleRule({ at: '06:05', days: 'every-day' })).toMatchObject({ ok: true, value: { days: 'every day' } });
    expect(checkScheduleRule({ at: '06:05', days: 'Weekdays' })).toMatchObject({ ok: true, value: { days: 'weekdays' } });
  });
});
