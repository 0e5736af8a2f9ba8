import { basename } from 'node:path';
import { ATTENDANCE_ENTITIES, attendanceEntityDecl, type AttendanceCodeRecord } from '../../model/index.ts';
import { isoTimestamp } from '../../kernel/index.ts';
import { districtIds, streamRecords, type Db, type StoreDialect, type Store } from '../../store/index.ts';
import type { BundleReader } from '../bundle/index.ts';
import type { ImportReport } from '../import/import-bundle.ts';
import { importFromBundle, type ImportOutcome } from '../import/import-from-bundle.ts';
import type { ProblemLog } from '../problems.ts';
import { importAttendanceFile, type AttendanceMode, type AttendanceRun } from './attendance-file.ts';
import { AttendanceReferences } from './attendance-references.ts';
import { CodeBook } from './code-book.ts';

export interface AttendanceImportOptions {
  /** bulk: each file present replaces that entity for the district; delta (default): rows are upserts. */
  mode?: AttendanceMode;
  /** The district the files belong to; otherwise the store's one district. */
  districtId?: string;
  /** Stop collecting details after this many problems (default 100). */
  maxProblems?: number;
  onProgress?(file: string, rows: number): void;
}

export type AttendanceImportReport = Omit<ImportReport, 'version'> & { mode: AttendanceMode };

/** The attendance files a bundle holds, by their exact names at its root. */
export function attendanceFilesIn(bundle: BundleReader): string[] {
  return ATTENDANCE_ENTITIES.map((e) => `${e.name}.csv`).filter((name) => bundle.has(name));
}

async function storedCodes(db: Db, dialect: StoreDialect, districtId: string): Promise<CodeBook> {
  const book = new CodeBook();
  for await (const code of streamRecords<AttendanceCodeRecord>(db, dialect, attendanceEntityDecl('attendanceCodes'), { districtId })) book.put(code);
  return book;
}

/**
 * Imports attendanceCodes.csv, dailyAttendance.csv and periodAttendance.csv from a zip or folder
 * (beside a OneRoster bundle's files or on their own) in one transaction: every row validated,
 * every problem reported with file, line, column and rule, references checked against the roster,
 * and with any problem nothing is written (docs/attendance.md).
 */
export function importAttendance(store: Store, location: string, options: AttendanceImportOptions = {}): Promise<AttendanceImportReport> {
  const mode = options.mode ?? 'delta';
  // The attendance report names its mode right after the location.
  const report = ({ ok, location: at, ...rest }: ImportOutcome, districtId?: string): AttendanceImportReport => ({ ok, location: at, mode, ...(districtId !== undefined ? { districtId } : {}), ...rest });
  return importFromBundle<AttendanceImportReport>(location, options.maxProblems, {
    unopened: (outcome) => report(outcome),
    run: async ({ bundle, problems, counts, outcome, allOrNothing }) => {
      if (attendanceFilesIn(bundle).length === 0) {
        problems.add({ file: basename(location), rule: 'bundle', message: `no attendance file (${ATTENDANCE_ENTITIES.map((e) => `${e.name}.csv`).join(', ')}) at the root of ${location}` });
        return report(outcome());
      }
      const districtId = options.districtId ?? (await onlyDistrict(store, problems));
      if (districtId === undefined) return report(outcome());
      const write = { districtId, now: isoTimestamp(store.clock.now()) };
      await allOrNothing(store.db, async (trx) => {
        const codesReplaced = mode === 'bulk' && bundle.has('attendanceCodes.csv');
        const run: AttendanceRun = {
          db: trx,
          dialect: store.dialect,
          bundle,
          mode,
          write,
          problems,
          references: new AttendanceReferences(),
          codes: codesReplaced ? new CodeBook() : await storedCodes(trx, store.dialect, districtId),
          ...(options.onProgress ? { onRows: options.onProgress } : {}),
        };
        for (const entity of ATTENDANCE_ENTITIES) {
          if (!bundle.has(`${entity.name}.csv`)) continue;
          counts[entity.name] = await importAttendanceFile(run, entity);
          if (problems.full) break;
        }
        if (!problems.full) await run.references.resolve(trx, store.dialect, districtId, problems);
      });
      return report(outcome(), districtId);
    },
  });
}

async function onlyDistrict(store: Store, problems: ProblemLog): Promise<string | undefined> {
  const known = await districtIds(store.db);
  if (known.length === 1) return known[0];
  problems.add({
    file: 'attendance',
    rule: 'district',
    message: known.length === 0 ? 'the store holds no district: import the roster first' : `the store holds ${known.length} districts; name the one these files belong to with --district`,
  });
  return undefined;
}
