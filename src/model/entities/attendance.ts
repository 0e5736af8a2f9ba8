import type { AttendanceEntityName } from '../attendance-records.ts';
import { entity } from '../entity.ts';
import { field, t } from '../fields.ts';
import { attendanceCategoryVocab, attendanceCodeKindVocab, dailyAttendanceStatusVocab } from '../vocabularies.ts';

/**
 * The attendance entities, declared with the OneRoster machinery so that tables, CSV, JSON and
 * query catalogs are derived the same way. Both version keys carry the same binding: the API
 * serves the 1.2 flavour (booleans as "true"/"false", 1.2 error envelope) and CSV has one header.
 */

export const attendanceCodes = entity<AttendanceEntityName>({
  name: 'attendanceCodes',
  singular: 'attendanceCode',
  refType: { '1.1': 'attendanceCode', '1.2': 'attendanceCode' },
  service: 'attendance',
  fields: [
    field('school', t.ref('orgs'), { required: true, indexed: true }),
    field('code', t.string, { required: true, indexed: true }),
    field('description', t.string, { required: true }),
    field('kind', t.enum(attendanceCodeKindVocab), { required: true }),
    field('category', t.enum(attendanceCategoryVocab)),
    field('dayFraction', t.numberIn(0, 1)),
    field('countsAgainstAttendance', t.boolean, { required: true }),
  ],
});

export const dailyAttendance = entity<AttendanceEntityName>({
  name: 'dailyAttendance',
  singular: 'dailyAttendance',
  refType: { '1.1': 'dailyAttendance', '1.2': 'dailyAttendance' },
  service: 'attendance',
  fields: [
    field('student', t.ref('users'), { required: true, indexed: true }),
    field('school', t.ref('orgs'), { required: true, indexed: true }),
    field('date', t.date, { required: true, indexed: true }),
    // `status` is every record's active/tobedeleted, so the day's status has a name of its own.
    field('attendanceStatus', t.enum(dailyAttendanceStatusVocab), { required: true, indexed: true }),
    field('code', t.string),
    field('minutesAbsent', t.numberIn(0)),
    field('minutesPresent', t.numberIn(0)),
    field('dayFractionAbsent', t.numberIn(0, 1)),
    field('comment', t.string, { filterable: false }),
  ],
});

export const periodAttendance = entity<AttendanceEntityName>({
  name: 'periodAttendance',
  singular: 'periodAttendance',
  refType: { '1.1': 'periodAttendance', '1.2': 'periodAttendance' },
  service: 'attendance',
  fields: [
    field('student', t.ref('users'), { required: true, indexed: true }),
    field('class', t.ref('classes'), { required: true, indexed: true }),
    field('school', t.ref('orgs'), { required: true, indexed: true }),
    field('date', t.date, { required: true, indexed: true }),
    field('period', t.string, { required: true }),
    field('code', t.string, { required: true }),
    field('reason', t.string),
    field('comment', t.string, { filterable: false }),
  ],
});
