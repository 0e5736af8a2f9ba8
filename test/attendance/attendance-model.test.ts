import { describe, expect, it } from 'vitest';
import { ATTENDANCE_ENTITIES, attendanceEntityDecl, csvHeader, ENTITIES, readCsvRow, recordToJson, tableOf, writeCsvRow, type DailyAttendanceRecord } from '../../src/model/index.ts';
import { attendanceTableSpecs, queryCatalog, rosterTableSpecs } from '../../src/store/index.ts';
import { manifestFiles } from '../../src/csv/manifest.ts';
import { CODES_HEADER, DAILY_HEADER, PERIOD_HEADER } from './attendance-files.ts';

describe('attendance model derivations', () => {
  it('derives att_ tables beside, not inside, the OneRoster registry', () => {
    expect(ATTENDANCE_ENTITIES.map((e) => tableOf(e).name)).toEqual(['att_attendance_codes', 'att_daily_attendance', 'att_period_attendance']);
    expect(attendanceTableSpecs().map((t) => t.name)).toEqual(['att_attendance_codes', 'att_daily_attendance', 'att_period_attendance']);
    const names = new Set<string>(ENTITIES.map((e) => e.name));
    for (const e of ATTENDANCE_ENTITIES) expect(names.has(e.name)).toBe(false);
    expect(rosterTableSpecs().some((t) => t.name.startsWith('att_'))).toBe(false);
    expect(manifestFiles('1.2').some((f) => f.toLowerCase().includes('attendance'))).toBe(false);
    const daily = attendanceTableSpecs().find((t) => t.name === 'att_daily_attendance');
    expect(daily?.columns.map((c) => c.name)).toEqual(expect.arrayContaining(['student_id', 'school_id', 'date', 'attendance_status', 'minutes_absent', 'day_fraction_absent']));
    expect(daily?.indexes).toEqual(expect.arrayContaining([{ columns: ['student_id', 'sourced_id'] }, { columns: ['school_id', 'sourced_id'] }]));
  });

  it('derives the CSV headers the docs give', () => {
    expect(csvHeader(attendanceEntityDecl('attendanceCodes'), '1.2').join(',')).toBe(CODES_HEADER);
    expect(csvHeader(attendanceEntityDecl('dailyAttendance'), '1.2').join(',')).toBe(DAILY_HEADER);
    expect(csvHeader(attendanceEntityDecl('periodAttendance'), '1.2').join(',')).toBe(PERIOD_HEADER);
  });

  it('reads, range-checks and writes rows, and derives JSON and the query catalog', () => {
    const entity = attendanceEntityDecl('dailyAttendance');
    const header = csvHeader(entity, '1.2');
    const row = (cells: string[]) => (column: string) => cells[header.indexOf(column)] ?? '';
    const good = readCsvRow<DailyAttendanceRecord>(entity, '1.2', row(['d1', '', '', 'u1', 's1', '2026-03-02', 'partial', 'H', '195', '195', '0.5', '']), []);
    expect(good.problems).toEqual([]);
    expect(good.record).toEqual({ sourcedId: 'd1', status: 'active', student: 'u1', school: 's1', date: '2026-03-02', attendanceStatus: 'partial', code: 'H', minutesAbsent: 195, minutesPresent: 195, dayFractionAbsent: 0.5 });
    expect(writeCsvRow(entity, '1.2', good.record, { mode: 'bulk', metadataColumns: [] })).toEqual(['d1', '', '', 'u1', 's1', '2026-03-02', 'partial', 'H', '195', '195', '0.5', '']);
    const bad = readCsvRow(entity, '1.2', row(['d1', '', '', 'u1', 's1', '2026-03-02', 'present', '', '-5', '', '2', '']), []);
    expect(bad.problems.map((p) => `${p.column}:${p.rule}`)).toEqual(['minutesAbsent:range', 'dayFractionAbsent:range']);
    const json = recordToJson(entity, good.record, { version: '1.2', href: (t, id) => `/x/${t}/${id}` });
    expect(json).toMatchObject({ student: { href: '/x/users/u1', sourcedId: 'u1', type: 'user' }, attendanceStatus: 'partial', dayFractionAbsent: 0.5 });
    const catalog = queryCatalog(entity, '1.2');
    expect(catalog.filterable('student.sourcedId')).toBe('ref');
    expect(catalog.filterable('date')).toBe('date');
    expect(catalog.filterable('comment')).toBeUndefined();
    expect(catalog.sortable('minutesAbsent')).toBe('number');
  });
});
