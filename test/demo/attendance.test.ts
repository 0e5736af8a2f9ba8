import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importAttendance, importBundle, writeAttendance, writeBundle } from '../../src/csv/index.ts';
import { createDemoDistrict, type DemoDistrict } from '../../src/demo/index.ts';
import { fixedClock } from '../../src/kernel/index.ts';
import type { AttendanceEntityName } from '../../src/model/index.ts';
import { openStore, type Store } from '../../src/store/index.ts';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDatabase, engines, type TestDatabase } from '../support/engines.ts';

const NAMES: readonly AttendanceEntityName[] = ['attendanceCodes', 'dailyAttendance', 'periodAttendance'];

function digest(district: DemoDistrict, entity: AttendanceEntityName): string {
  const hash = createHash('sha256');
  for (const record of district.attendance(entity)) hash.update(`${JSON.stringify(record)}\n`);
  return hash.digest('hex');
}

describe('demo attendance', () => {
  it('is byte-identical for the same options and differs for another seed', () => {
    const a = createDemoDistrict({ students: 600, seed: 'alpha', schoolYear: 2026 });
    const b = createDemoDistrict({ students: 600, seed: 'alpha', schoolYear: 2026 });
    const c = createDemoDistrict({ students: 600, seed: 'beta', schoolYear: 2026 });
    for (const name of NAMES) {
      expect(digest(b, name), name).toBe(digest(a, name));
      expect(digest(a, name), name).toBe(digest(a, name));
    }
    expect(digest(c, 'dailyAttendance')).not.toBe(digest(a, 'dailyAttendance'));
  });

  it('has a record per student per school day, mostly present, with every status, on weekdays only', () => {
    const district = createDemoDistrict({ students: 600, seed: 'alpha', schoolYear: 2026, attendanceDays: 4 });
    const daily = [...district.attendance('dailyAttendance')];
    expect(daily).toHaveLength(600 * 4);
    const byStatus = new Map<string, number>();
    for (const d of daily) byStatus.set(d.attendanceStatus, (byStatus.get(d.attendanceStatus) ?? 0) + 1);
    expect([...byStatus.keys()].sort()).toEqual(['absent', 'excused', 'partial', 'present', 'tardy']);
    expect(byStatus.get('present') ?? 0).toBeGreaterThan(daily.length * 0.8);
    const dates = new Set(daily.map((d) => d.date));
    expect(dates.size).toBe(4);
    for (const date of dates) expect([0, 6]).not.toContain(new Date(`${date}T00:00:00Z`).getUTCDay());
    const period = [...district.attendance('periodAttendance')];
    expect(period.length).toBeGreaterThan(0);
    expect(new Set(period.map((r) => r.date))).toEqual(new Set([[...dates].sort().at(-1)]));
    expect(createDemoDistrict({ students: 10, seed: 'alpha', attendanceDays: 0, schoolYear: 2026 }).attendance('periodAttendance')[Symbol.iterator]().next().done).toBe(true);
    expect(() => createDemoDistrict({ students: 10, attendanceDays: 21 })).toThrow(/attendanceDays/);
  });
});

describe.each(engines())('demo attendance through the importer on %s', (engine) => {
  let database: TestDatabase;
  let store: Store;
  beforeEach(async () => {
    database = await createTestDatabase(engine);
    store = await openStore({ url: database.url, clock: fixedClock('2026-03-01T00:00:00.000Z') });
  });
  afterEach(async () => {
    await store.close();
    await database.drop();
  });

  it('passes every check of the attendance importer', async () => {
    const district = createDemoDistrict({ students: 300, seed: 'gamma', schoolYear: 2026, attendanceDays: 3 });
    const dir = mkdtempSync(join(tmpdir(), 'rb-demo-att-'));
    await writeBundle(join(dir, 'roster.zip'), { records: (e) => district.records(e.name), metadataKeys: async () => [] }, { version: '1.2', mode: 'bulk' });
    expect((await importBundle(store, join(dir, 'roster.zip'))).ok).toBe(true);
    await writeAttendance(join(dir, 'attendance.zip'), { records: (name) => district.attendance(name) }, 'bulk');
    const report = await importAttendance(store, join(dir, 'attendance.zip'), { mode: 'bulk' });
    expect(report.problems).toEqual([]);
    expect(report.counts.dailyAttendance?.created).toBe(900);
    expect(report.counts.periodAttendance?.created).toBe([...district.attendance('periodAttendance')].length);
  });
});
