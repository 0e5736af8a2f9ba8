import { HubError } from '../kernel/index.ts';
import type { AttendanceEntityName, AttendanceRecordTypes } from '../model/attendance-records.ts';
import type { EntityName, RecordTypes } from '../model/records.ts';
import { attendanceCodes, attendanceDates, dailyAttendance, MAX_ATTENDANCE_DAYS, periodAttendance } from './attendance.ts';
import { enrollments } from './enrollments.ts';
import { gradebookResults } from './gradebook.ts';
import { buildPlan, type DemoPlan } from './plan.ts';
import { demographicsRecord, guardianCount, guardianRecords, studentRecord } from './students.ts';

/**
 * A deterministic, realistic demo district: the same options always give the same records, in the
 * same order. A small plan (schools, calendar, courses, classes, staff, grade book line items) is built
 * up front; students, guardians, demographics, enrollments and results are recomputed per student
 * while iterating, so memory stays flat however many students there are.
 */

export interface DemoOptions {
  /** 1 .. 200000. */
  students: number;
  /** Default 'rosterbridge'. */
  seed?: string | number;
  /** The year the school year ends (OneRoster schoolYear); default derived from `now`. */
  schoolYear?: number;
  /** Only used to derive the default schoolYear: August or later means the next calendar year. */
  now?: Date;
  /** School days of daily attendance, 0 .. 20 (default 5); period attendance covers the last one. */
  attendanceDays?: number;
}

export interface DemoDistrict {
  /** sourcedId of the district org. */
  readonly districtId: string;
  readonly schoolYear: number;
  /** Exactly the number of records `records(e)` yields. */
  readonly counts: Partial<Record<EntityName, number>>;
  /** A fresh iteration on every call (and on every `for … of` over the result). */
  records<E extends EntityName>(entity: E): Iterable<RecordTypes[E]>;
  /** The district's attendance (codes, daily, period), fresh on every call like `records`. */
  attendance<E extends AttendanceEntityName>(entity: E): Iterable<AttendanceRecordTypes[E]>;
}

export const MAX_DEMO_STUDENTS = 200_000;
const AUGUST = 7;

type Producers = { readonly [E in EntityName]: () => Iterable<RecordTypes[E]> };
type AttendanceProducers = { readonly [E in AttendanceEntityName]: () => Iterable<AttendanceRecordTypes[E]> };

export function createDemoDistrict(options: DemoOptions): DemoDistrict {
  const { students } = options;
  const seed = options.seed ?? 'rosterbridge';
  const schoolYear = options.schoolYear ?? defaultSchoolYear(options.now ?? new Date());
  const days = options.attendanceDays ?? 5;
  checkOptions(students, schoolYear, days);

  const plan = buildPlan(seed, students, schoolYear);
  const producers = streams(plan);
  const dates = attendanceDates(plan, days);
  const attendance: AttendanceProducers = {
    attendanceCodes: () => attendanceCodes(plan),
    dailyAttendance: () => dailyAttendance(plan, dates),
    periodAttendance: () => periodAttendance(plan, dates),
  };
  return {
    districtId: plan.layout.district.sourcedId,
    schoolYear,
    counts: countRecords(plan),
    records<E extends EntityName>(entity: E): Iterable<RecordTypes[E]> {
      const produce: () => Iterable<RecordTypes[E]> = producers[entity];
      return { [Symbol.iterator]: () => produce()[Symbol.iterator]() };
    },
    attendance<E extends AttendanceEntityName>(entity: E): Iterable<AttendanceRecordTypes[E]> {
      const produce: () => Iterable<AttendanceRecordTypes[E]> = attendance[entity];
      return { [Symbol.iterator]: () => produce()[Symbol.iterator]() };
    },
  };
}

function defaultSchoolYear(now: Date): number {
  if (Number.isNaN(now.getTime())) throw new HubError('invalid_argument', 'demo: `now` is not a valid date');
  return now.getUTCMonth() >= AUGUST ? now.getUTCFullYear() + 1 : now.getUTCFullYear();
}

function checkOptions(students: number, schoolYear: number, attendanceDays: number): void {
  if (!Number.isInteger(attendanceDays) || attendanceDays < 0 || attendanceDays > MAX_ATTENDANCE_DAYS) {
    throw new HubError('invalid_argument', `demo: attendanceDays must be a whole number from 0 to ${MAX_ATTENDANCE_DAYS}`);
  }
  if (!Number.isInteger(students) || students < 1 || students > MAX_DEMO_STUDENTS) {
    throw new HubError('invalid_argument', `demo: students must be a whole number from 1 to ${MAX_DEMO_STUDENTS}`);
  }
  if (!Number.isInteger(schoolYear) || schoolYear < 1971 || schoolYear > 9999) {
    throw new HubError('invalid_argument', 'demo: schoolYear must be a four-digit year');
  }
}

/** Copies of planned records, so a caller that mutates what it gets cannot change the next iteration. */
function* copies<T>(records: readonly T[]): Generator<T> {
  for (const record of records) yield structuredClone(record);
}

function* nothing(): Generator<never> {}

function streams(plan: DemoPlan): Producers {
  const n = plan.layout.studentCount;
  return {
    orgs: () => copies(plan.orgs),
    academicSessions: () => copies(plan.calendar.records),
    courses: () => copies(plan.schedule.courses),
    classes: () => copies(plan.classes),
    users: function* () {
      yield* copies(plan.staffing.staff);
      for (let i = 0; i < n; i++) yield studentRecord(plan.students, i);
      for (let i = 0; i < n; i++) yield* guardianRecords(plan.students, i);
    },
    enrollments: () => enrollments(plan),
    demographics: function* () {
      for (let i = 0; i < n; i++) yield demographicsRecord(plan.students, i);
    },
    categories: () => copies(plan.gradebook.categories),
    lineItems: () => copies(plan.gradebook.lineItems.map((item) => item.record)),
    results: () => gradebookResults(plan.seed, plan.layout, plan.schedule, plan.gradebook),
    scoreScales: nothing,
    assessmentLineItems: nothing,
    assessmentResults: nothing,
    resources: nothing,
    classResources: nothing,
    courseResources: nothing,
    userResources: nothing,
  };
}

function countRecords(plan: DemoPlan): Record<EntityName, number> {
  const n = plan.layout.studentCount;
  let guardians = 0;
  for (let i = 0; i < n; i++) guardians += guardianCount(plan.seed, i);
  const sizes = plan.schedule.classSizes;
  const sizeOf = (classIndex: number): number => sizes[classIndex] ?? 0;
  return {
    orgs: plan.orgs.length,
    academicSessions: plan.calendar.records.length,
    courses: plan.schedule.courses.length,
    classes: plan.classes.length,
    users: plan.staffing.staff.length + n + guardians,
    enrollments: plan.classes.length + sizes.reduce((a, b) => a + b, 0),
    demographics: n,
    categories: plan.gradebook.categories.length,
    lineItems: plan.gradebook.lineItems.length,
    results: plan.gradebook.lineItems.reduce((sum, item) => sum + sizeOf(item.classIndex), 0),
    scoreScales: 0,
    assessmentLineItems: 0,
    assessmentResults: 0,
    resources: 0,
    classResources: 0,
    courseResources: 0,
    userResources: 0,
  };
}
