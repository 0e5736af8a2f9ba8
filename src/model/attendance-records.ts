import type { BaseRecord } from './records.ts';

/**
 * The hub's attendance records (not part of OneRoster), after Qmlativ's model
 * (docs/attendance.md): code tables per school, a daily record per student, school and date, and
 * period records per student, class, date and period. References hold sourcedIds; codes are the
 * school's code text (`A`, `T`), as SIS exports carry them.
 */

export type AttendanceCodeRecord = BaseRecord & {
  school: string;
  code: string;
  description: string;
  /** `type` (what happened), `reason` (why), `period` (a period of the day). */
  kind: string;
  /** For types: present, absent, tardy, excused or other. */
  category?: string;
  /** The fraction of a day counted absent (0..1). */
  dayFraction?: number;
  countsAgainstAttendance: boolean;
};

export type DailyAttendanceRecord = BaseRecord & {
  student: string;
  school: string;
  date: string;
  /** present, absent, tardy, excused or partial (`status` is the record's active/tobedeleted). */
  attendanceStatus: string;
  /** A `type` code of the school. */
  code?: string;
  minutesAbsent?: number;
  minutesPresent?: number;
  dayFractionAbsent?: number;
  comment?: string;
};

export type PeriodAttendanceRecord = BaseRecord & {
  student: string;
  class: string;
  school: string;
  date: string;
  /** A period code of the school or a period number, as the SIS names it. */
  period: string;
  /** A `type` code of the school. */
  code: string;
  /** A `reason` code of the school. */
  reason?: string;
  comment?: string;
};

export interface AttendanceRecordTypes {
  attendanceCodes: AttendanceCodeRecord;
  dailyAttendance: DailyAttendanceRecord;
  periodAttendance: PeriodAttendanceRecord;
}

export type AttendanceEntityName = keyof AttendanceRecordTypes;
export type AnyAttendanceRecord = AttendanceRecordTypes[AttendanceEntityName];
