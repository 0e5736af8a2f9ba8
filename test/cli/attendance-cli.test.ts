import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { validFiles, writeBundleFolder } from '../support/bundles.ts';

const run = promisify(execFile);
const CLI = ['--import', 'tsx', join(import.meta.dirname, '../../src/cli/main.ts')];

async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [...CLI, ...args], { maxBuffer: 16 * 1024 * 1024 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

const CODES = ['sourcedId,status,dateLastModified,schoolSourcedId,code,description,kind,category,dayFraction,countsAgainstAttendance', 'ac-a,,,s1,A,Absent,type,absent,1,true'].join('\n');
const DAILY = (student: string): string =>
  ['sourcedId,status,dateLastModified,studentSourcedId,schoolSourcedId,date,attendanceStatus,code,minutesAbsent,minutesPresent,dayFractionAbsent,comment', `da-1,,,${student},s1,2026-09-14,absent,A,,,1,`].join('\n');

describe('rosterbridge attendance import', () => {
  const dir = mkdtempSync(join(tmpdir(), 'rb-cli-att-'));
  const db = `sqlite:${join(dir, 'hub.db')}`;

  it('imports attendance files found beside a OneRoster bundle, and rejects a bad row with its location and exit code 3', async () => {
    const bundle = writeBundleFolder({ ...validFiles(), 'attendanceCodes.csv': CODES, 'dailyAttendance.csv': DAILY('u-s1') });
    expect((await cli(['--db', db, 'import', bundle])).code).toBe(0);
    const good = await cli(['--db', db, '--json', 'attendance', 'import', bundle, '--mode', 'bulk']);
    expect(good.code).toBe(0);
    expect(JSON.parse(good.stdout)).toMatchObject({ ok: true, mode: 'bulk', counts: { attendanceCodes: { created: 1 }, dailyAttendance: { created: 1 } } });

    const bad = await cli(['--db', db, 'attendance', 'import', writeBundleFolder({ 'dailyAttendance.csv': DAILY('u-nobody') })]);
    expect(bad.code).toBe(3);
    expect(bad.stdout).toContain("dailyAttendance.csv, line 2, column studentSourcedId: studentSourcedId 'u-nobody' does not match");
    expect(bad.stderr.trim()).toBe('rosterbridge: attendance import rejected (1 problem(s)); the store is unchanged');

    const mode = await cli(['--db', db, 'attendance', 'import', bundle, '--mode', 'sideways']);
    expect(mode.code).not.toBe(0);
    expect(mode.stderr).toContain('--mode must be bulk or delta');
  });
});
