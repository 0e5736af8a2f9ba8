import type { AttendanceCodeRecord, DailyAttendanceRecord, PeriodAttendanceRecord } from '../model/index.ts';
import { addDays } from './dates.ts';
import type { DemoPlan } from './plan.ts';
import { itemAt, randomFor, uuidFor } from './random.ts';
import { classesAt } from './schedule.ts';
import { studentId } from './students.ts';

/**
 * Demo attendance, a pure function of the seed like the rest of the district: code tables per
 * school, a daily record per student for the last `days` school days before the first quarter
 * ends, and period records for the last of those days in every secondary class of the first term.
 * Each student's day is recomputed from (seed, student, day), so memory stays flat.
 */

export const MAX_ATTENDANCE_DAYS = 20;
const SCHOOL_DAY_MINUTES = 390;

type DayStatus = 'present' | 'absent' | 'tardy' | 'excused' | 'partial';

const TYPES: ReadonlyArray<{ code: string; description: string; category: string; dayFraction: number; counts: boolean }> = [
  { code: 'P', description: 'Present', category: 'present', dayFraction: 0, counts: false },
  { code: 'A', description: 'Absent, unexcused', category: 'absent', dayFraction: 1, counts: true },
  { code: 'T', description: 'Tardy', category: 'tardy', dayFraction: 0, counts: false },
  { code: 'E', description: 'Absent, excused', category: 'excused', dayFraction: 1, counts: false },
  { code: 'H', description: 'Half day absent', category: 'absent', dayFraction: 0.5, counts: true },
];
const REASONS: ReadonlyArray<{ code: string; description: string }> = [
  { code: 'ILL', description: 'Illness' },
  { code: 'MED', description: 'Medical appointment' },
  { code: 'FAM', description: 'Family emergency' },
];
const PERIODS = 7;
const CODE_OF: Readonly<Record<DayStatus, string>> = { present: 'P', absent: 'A', tardy: 'T', excused: 'E', partial: 'H' };
const STATUS_WEIGHTS: ReadonlyArray<readonly [DayStatus, number]> = [
  ['present', 90],
  ['absent', 3],
  ['tardy', 4],
  ['excused', 2],
  ['partial', 1],
];

/** The `days` weekdays before the first quarter ends (a date fixed by the school year, never by the clock). */
export function attendanceDates(plan: DemoPlan, days: number): string[] {
  const end = itemAt(itemAt(plan.calendar.terms, 0).gradingPeriods, 0).endDate;
  const dates: string[] = [];
  for (let date = addDays(end, -1); dates.length < days; date = addDays(date, -1)) {
    const weekday = new Date(`${date}T00:00:00.000Z`).getUTCDay();
    if (weekday !== 0 && weekday !== 6) dates.unshift(date);
  }
  return dates;
}

export function* attendanceCodes(plan: DemoPlan): Generator<AttendanceCodeRecord> {
  for (const school of plan.layout.schools) {
    let n = 0;
    const base = { status: 'active' as const, school: school.sourcedId };
    for (const t of TYPES) {
      yield { ...base, sourcedId: uuidFor(plan.seed, 'attendance-code', school.index, n++), code: t.code, description: t.description, kind: 'type', category: t.category, dayFraction: t.dayFraction, countsAgainstAttendance: t.counts };
    }
    for (const r of REASONS) {
      yield { ...base, sourcedId: uuidFor(plan.seed, 'attendance-code', school.index, n++), code: r.code, description: r.description, kind: 'reason', countsAgainstAttendance: false };
    }
    if (school.level === 'elementary') continue;
    for (let p = 1; p <= PERIODS; p++) {
      yield { ...base, sourcedId: uuidFor(plan.seed, 'attendance-code', school.index, n++), code: String(p), description: `Period ${p}`, kind: 'period', countsAgainstAttendance: false };
    }
  }
}

function dayStatus(plan: DemoPlan, student: number, day: number): DayStatus {
  return randomFor(plan.seed, 'daily-attendance', student, day).weighted(STATUS_WEIGHTS);
}

function dailyRecord(plan: DemoPlan, student: number, school: string, date: string, day: number): DailyAttendanceRecord {
  const status = dayStatus(plan, student, day);
  const record: DailyAttendanceRecord = {
    sourcedId: uuidFor(plan.seed, 'daily-attendance', student, day),
    status: 'active',
    student: studentId(plan.seed, student),
    school,
    date,
    attendanceStatus: status,
    code: CODE_OF[status],
  };
  if (status === 'absent' || status === 'excused') return { ...record, dayFractionAbsent: 1, minutesAbsent: SCHOOL_DAY_MINUTES, minutesPresent: 0 };
  if (status === 'partial') return { ...record, dayFractionAbsent: 0.5, minutesAbsent: SCHOOL_DAY_MINUTES / 2, minutesPresent: SCHOOL_DAY_MINUTES / 2, comment: 'Left at noon' };
  if (status === 'tardy') {
    const late = randomFor(plan.seed, 'tardy-minutes', student, day).between(5, 30);
    return { ...record, minutesAbsent: late, minutesPresent: SCHOOL_DAY_MINUTES - late };
  }
  return record;
}

export function* dailyAttendance(plan: DemoPlan, dates: readonly string[]): Generator<DailyAttendanceRecord> {
  for (const cohort of plan.layout.cohorts) {
    const school = itemAt(plan.layout.schools, cohort.school).sourcedId;
    for (let position = 0; position < cohort.size; position++) {
      const student = cohort.start + position;
      for (let day = 0; day < dates.length; day++) yield dailyRecord(plan, student, school, itemAt(dates, day), day);
    }
  }
}

/** A period's type and reason, consistent with the student's day. */
function periodCodes(status: DayStatus, period: number): { code: string; reason?: string } {
  switch (status) {
    case 'absent':
      return { code: 'A' };
    case 'excused':
      return { code: 'E', reason: 'ILL' };
    case 'partial':
      return period > 4 ? { code: 'A', reason: 'MED' } : { code: 'P' };
    case 'tardy':
      return period === 1 ? { code: 'T' } : { code: 'P' };
    case 'present':
      return { code: 'P' };
  }
}

/** Period attendance on the last demo day, for first-term secondary classes. */
export function* periodAttendance(plan: DemoPlan, dates: readonly string[]): Generator<PeriodAttendanceRecord> {
  if (dates.length === 0) return;
  const day = dates.length - 1;
  const date = itemAt(dates, day);
  for (const cohort of plan.layout.cohorts) {
    for (let position = 0; position < cohort.size; position++) {
      const student = cohort.start + position;
      const status = dayStatus(plan, student, day);
      for (const c of classesAt(plan.schedule.cohorts, cohort.index, position)) {
        const draft = itemAt(plan.schedule.classes, c);
        if (draft.period === undefined || !draft.terms.includes(0)) continue;
        yield {
          sourcedId: uuidFor(plan.seed, 'period-attendance', student, c),
          status: 'active',
          student: studentId(plan.seed, student),
          class: draft.sourcedId,
          school: itemAt(plan.layout.schools, draft.school).sourcedId,
          date,
          period: String(draft.period),
          ...periodCodes(status, draft.period),
        };
      }
    }
  }
}
