import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importAttendance, type AttendanceImportReport } from '../../src/csv/index.ts';
import { ATTENDANCE_ENTITIES, attendanceEntityDecl, type DailyAttendanceRecord } from '../../src/model/index.ts';
import { streamRecords, type Store } from '../../src/store/index.ts';
import { writeBundleFolder } from '../support/bundles.ts';
import { engines } from '../support/engines.ts';
import { openProviderFixture, type ProviderFixture } from '../http-oneroster/provider-fixture.ts';
import { attendanceFiles, CODES_HEADER, DAILY_HEADER, edit, PERIOD_HEADER } from './attendance-files.ts';

function problemsOf(report: AttendanceImportReport): string[] {
  return report.problems.map((p) => `${p.file}:${p.line ?? '-'}:${p.column ?? '-'}:${p.rule}`);
}

async function dump(store: Store): Promise<string> {
  const parts: string[] = [];
  for (const entity of ATTENDANCE_ENTITIES) {
    for await (const r of streamRecords(store.db, store.dialect, entity, { includeTombstones: true })) parts.push(`${entity.name}:${JSON.stringify(r)}`);
  }
  return parts.join('\n');
}

describe.each(engines())('attendance CSV import on %s', (engine) => {
  let p: ProviderFixture;
  let store: Store;
  const load = (files: Record<string, string>, options: Parameters<typeof importAttendance>[2] = {}) =>
    importAttendance(store, writeBundleFolder(files), { districtId: 'd1', ...options });

  beforeAll(async () => {
    p = await openProviderFixture(engine);
    store = p.f.store;
  });
  afterAll(async () => p.close());

  it('imports good files, changes nothing on re-import, deletes in delta and replaces in bulk', async () => {
    const first = await load(attendanceFiles());
    expect(problemsOf(first)).toEqual([]);
    expect(first.counts).toMatchObject({ attendanceCodes: { created: 7 }, dailyAttendance: { created: 4 }, periodAttendance: { created: 3 } });
    const daily = attendanceEntityDecl('dailyAttendance');
    const stored: DailyAttendanceRecord[] = [];
    for await (const r of streamRecords<DailyAttendanceRecord>(store.db, store.dialect, daily, { districtId: 'd1' })) stored.push(r);
    expect(stored.find((r) => r.sourcedId === 'da-2')).toMatchObject({ student: 'st-2', school: 's1', attendanceStatus: 'absent', code: 'A', minutesAbsent: 390, dayFractionAbsent: 1, comment: 'Sick, called in' });

    const again = await load(attendanceFiles());
    expect(again.counts.dailyAttendance).toMatchObject({ created: 0, updated: 0, unchanged: 4 });

    // Delta: a tobedeleted row is a deletion; codes already in the store satisfy new rows.
    const delta = await load({
      'dailyAttendance.csv': [DAILY_HEADER, 'da-4,tobedeleted,,,,,,,,,,', 'da-5,,,st-3,s2,2026-03-04,absent,A,,,,'].join('\n'),
    });
    expect(problemsOf(delta)).toEqual([]);
    expect(delta.counts.dailyAttendance).toMatchObject({ created: 1, deleted: 1 });

    // Bulk: a file is the whole truth for its entity; a bulk codes file leaves out codes still used → rejected.
    const bulkCodes = await load({ 'attendanceCodes.csv': [CODES_HEADER, 'ac-p1,,,s1,P,Present,type,present,0,false'].join('\n'), 'periodAttendance.csv': [PERIOD_HEADER, 'pa-1,,,st-1,c1,s1,2026-03-02,1,A,,'].join('\n') }, { mode: 'bulk' });
    expect(problemsOf(bulkCodes)).toEqual(['periodAttendance.csv:2:code:reference']);
    const bulk = await load({ 'periodAttendance.csv': [PERIOD_HEADER, 'pa-1,,,st-1,c1,s1,2026-03-02,1,P,,'].join('\n') }, { mode: 'bulk' });
    expect(problemsOf(bulk)).toEqual([]);
    expect(bulk.counts.periodAttendance).toMatchObject({ rows: 1, deleted: 2, unchanged: 1 });
  });
  it('rejects each kind of bad row with file, line, column and rule, and writes nothing', async () => {
    const before = await dump(store);
    expect(before).toContain('da-2');
    const cases: Array<[Record<string, string>, string]> = [
      [edit(attendanceFiles(), 'attendanceCodes.csv', 'schoolSourcedId,code', 'schoolSourcedId,kode'), 'attendanceCodes.csv:1:kode:header'],
      [edit(attendanceFiles(), 'dailyAttendance.csv', '2026-03-02,absent', '2026-03-02,sleeping'), 'dailyAttendance.csv:3:attendanceStatus:vocabulary'],
      [edit(attendanceFiles(), 'dailyAttendance.csv', '390,0,1,', '390,0,1.5,'), 'dailyAttendance.csv:3:dayFractionAbsent:range'],
      [edit(attendanceFiles(), 'dailyAttendance.csv', 'da-4,,,st-3,s2,2026-03-02', 'da-4,,,st-3,s2,2026-02-30'), 'dailyAttendance.csv:5:date:date'],
      [edit(attendanceFiles(), 'attendanceCodes.csv', 'ac-t1,,,s1,T,Tardy,type,tardy', 'ac-t1,,,s1,T,Tardy,type,'), 'attendanceCodes.csv:4:category:required'],
      [edit(attendanceFiles(), 'attendanceCodes.csv', 'ac-ill1,,,s1,ILL,Illness,reason,', 'ac-ill1,,,s1,ILL,Illness,reason,absent'), 'attendanceCodes.csv:5:category:category'],
      [edit(attendanceFiles(), 'dailyAttendance.csv', 'da-4,,,st-3,s2,2026-03-02,present,P', 'da-4,,,st-3,s2,2026-03-02,tardy,T'), 'dailyAttendance.csv:5:code:reference'],
      [edit(attendanceFiles(), 'periodAttendance.csv', '1,A,ILL', '1,A,FLU'), 'periodAttendance.csv:3:reason:reference'],
      [edit(attendanceFiles(), 'dailyAttendance.csv', 'da-1,,,st-1', 'da-1,,,nobody'), 'dailyAttendance.csv:2:studentSourcedId:reference'],
      [edit(attendanceFiles(), 'dailyAttendance.csv', 'da-1,,,st-1', 'da-1,,,x-1'), 'dailyAttendance.csv:2:studentSourcedId:reference'],
      [edit(attendanceFiles(), 'dailyAttendance.csv', 'da-1,,,st-1,s1', 'da-1,,,st-1,d1'), 'dailyAttendance.csv:2:schoolSourcedId:reference'],
      [edit(attendanceFiles(), 'periodAttendance.csv', 'pa-3,,,st-3,c2,s2', 'pa-3,,,st-3,c2,s1'), 'periodAttendance.csv:4:classSourcedId:reference'],
      [edit(attendanceFiles(), 'periodAttendance.csv', 'pa-3,,,st-3,c2', 'pa-3,,,st-3,c9'), 'periodAttendance.csv:4:classSourcedId:reference'],
      [edit(attendanceFiles(), 'dailyAttendance.csv', 'da-3,,,st-1,s1,2026-03-03', 'da-3,,,st-1,s1,2026-03-02'), 'dailyAttendance.csv:4:-:duplicate'],
      [edit(attendanceFiles(), 'dailyAttendance.csv', 'da-3,', 'da-1,'), 'dailyAttendance.csv:4:sourcedId:duplicate'],
      [edit(attendanceFiles(), 'attendanceCodes.csv', 'false\nac-a1', 'maybe\nac-a1'), 'attendanceCodes.csv:2:countsAgainstAttendance:boolean'],
    ];
    for (const [files, expected] of cases) {
      const report = await load(files);
      expect(report.ok, expected).toBe(false);
      expect(problemsOf(report), expected).toContain(expected);
      expect(await dump(store), expected).toBe(before);
    }
  });

  it('refuses a folder without attendance files and a store with several districts unless one is named', async () => {
    const empty = await importAttendance(store, writeBundleFolder({ 'orgs.csv': 'sourcedId\n' }), { districtId: 'd1' });
    expect(empty.problems.map((x) => x.rule)).toEqual(['bundle']);
    const unnamed = await importAttendance(store, writeBundleFolder(attendanceFiles()));
    expect(unnamed.problems.map((x) => x.rule)).toEqual(['district']);
  });

});
