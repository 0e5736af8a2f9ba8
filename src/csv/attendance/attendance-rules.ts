import type { AttendanceCodeRecord, AttendanceEntityName, BaseRecord, DailyAttendanceRecord, PeriodAttendanceRecord } from '../../model/index.ts';
import type { CellProblem } from '../../model/index.ts';
import type { CodeBook } from './code-book.ts';

/**
 * Rules across the cells of one attendance row, beyond what the model's field types check. Pure:
 * the code book says which codes exist at which school.
 */

/** What makes two rows the same fact, within one file (besides a repeated sourcedId). */
export function naturalKey(entity: AttendanceEntityName, record: BaseRecord): { key: string; columns: string } {
  switch (entity) {
    case 'attendanceCodes': {
      const r = record as AttendanceCodeRecord;
      return { key: [r.school, r.kind, r.code].join('\u0000'), columns: 'schoolSourcedId, kind, code' };
    }
    case 'dailyAttendance': {
      const r = record as DailyAttendanceRecord;
      return { key: [r.student, r.school, r.date].join('\u0000'), columns: 'studentSourcedId, schoolSourcedId, date' };
    }
    case 'periodAttendance': {
      const r = record as PeriodAttendanceRecord;
      return { key: [r.student, r.class, r.date, r.period].join('\u0000'), columns: 'studentSourcedId, classSourcedId, date, period' };
    }
  }
}

function codeRules(r: AttendanceCodeRecord): CellProblem[] {
  if (r.kind === 'type' && r.category === undefined) return [{ column: 'category', rule: 'required', message: 'category is required for a code of kind type' }];
  if (r.kind !== 'type' && r.category !== undefined) return [{ column: 'category', rule: 'category', message: `only codes of kind type have a category (this one is ${r.kind})` }];
  return [];
}

function needCode(codes: CodeBook, school: string, kind: 'type' | 'reason', column: string, code: string | undefined): CellProblem[] {
  if (code === undefined || codes.has(school, kind, code)) return [];
  return [{ column, rule: 'reference', message: `${column} '${code}' is not a ${kind} code of school '${school}' (attendanceCodes.csv or the store)` }];
}

/** Problems of one row that depend on other cells or on the codes in force. */
export function rowRules(entity: AttendanceEntityName, record: BaseRecord, codes: CodeBook): CellProblem[] {
  switch (entity) {
    case 'attendanceCodes':
      return codeRules(record as AttendanceCodeRecord);
    case 'dailyAttendance': {
      const r = record as DailyAttendanceRecord;
      return needCode(codes, r.school, 'type', 'code', r.code);
    }
    case 'periodAttendance': {
      const r = record as PeriodAttendanceRecord;
      return [...needCode(codes, r.school, 'type', 'code', r.code), ...needCode(codes, r.school, 'reason', 'reason', r.reason)];
    }
  }
}
