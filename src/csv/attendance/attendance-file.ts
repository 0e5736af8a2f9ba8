import type { AttendanceCodeRecord, AttendanceEntityName, BaseRecord, EntityDecl } from '../../model/index.ts';
import { importBatchedFile, type EntityCounts, type FileRun } from '../import/batched-file.ts';
import type { AttendanceReferences } from './attendance-references.ts';
import { naturalKey, rowRules } from './attendance-rules.ts';
import type { CodeBook } from './code-book.ts';

export type AttendanceMode = 'bulk' | 'delta';

/** What one attendance import shares across its files. */
export interface AttendanceRun extends FileRun {
  readonly mode: AttendanceMode;
  readonly references: AttendanceReferences;
  readonly codes: CodeBook;
}

/** Attendance files have one binding; the model keeps it under both version keys. */
const VERSION = '1.2';

/**
 * Validates and writes one attendance file, the way the OneRoster importer does: field types from
 * the model, cross-field rules, codes against the code book, references noted for the end. Rows
 * with status `tobedeleted` are deletions; in bulk mode, active records of the district that the
 * file does not list become tombstones too.
 */
export function importAttendanceFile(run: AttendanceRun, entity: EntityDecl<AttendanceEntityName>): Promise<EntityCounts> {
  const file = `${entity.name}.csv`;
  const facts = new Map<string, number>();
  return importBatchedFile<BaseRecord>(run, entity, {
    version: VERSION,
    mode: run.mode,
    deleting: (sourcedId) => {
      if (entity.name === 'attendanceCodes') run.codes.remove(sourcedId);
    },
    accept: (record, line, fieldProblems) => {
      if (fieldProblems > 0) return false;
      const fact = naturalKey(entity.name, record);
      const first = facts.get(fact.key);
      if (first !== undefined) run.problems.add({ file, line, rule: 'duplicate', message: `the same ${fact.columns} as line ${first}` });
      else facts.set(fact.key, line);
      for (const p of rowRules(entity.name, record, run.codes)) run.problems.add({ file, line, ...p });
      if (entity.name === 'attendanceCodes') run.codes.put(record as AttendanceCodeRecord);
      run.references.require(entity.name, record, file, line);
      return true;
    },
  });
}
