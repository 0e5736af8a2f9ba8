import { readCsvRow, type AttendanceCodeRecord, type AttendanceEntityName, type BaseRecord, type EntityDecl } from '../../model/index.ts';
import { activeIdsOfDistrict, tombstoneRecords, upsertRecords, type Db, type StoreDialect, type WriteContext } from '../../store/index.ts';
import type { BundleReader } from '../bundle/index.ts';
import { checkHeader } from '../import/check-header.ts';
import type { EntityCounts } from '../import/entity-file.ts';
import type { ProblemLog } from '../problems.ts';
import { cellReader, FileReadError, openCsv } from '../rows.ts';
import type { AttendanceReferences } from './attendance-references.ts';
import { naturalKey, rowRules } from './attendance-rules.ts';
import type { CodeBook } from './code-book.ts';

export type AttendanceMode = 'bulk' | 'delta';

/** What one attendance import shares across its files. */
export interface AttendanceRun {
  readonly db: Db;
  readonly dialect: StoreDialect;
  readonly bundle: BundleReader;
  readonly mode: AttendanceMode;
  readonly write: WriteContext;
  readonly problems: ProblemLog;
  readonly references: AttendanceReferences;
  readonly codes: CodeBook;
  onRows?(file: string, rows: number): void;
}

/** Attendance files have one binding; the model keeps it under both version keys. */
const VERSION = '1.2';
const BATCH = 5000;

type Batch = Array<{ record: BaseRecord; line: number }>;

async function flush(run: AttendanceRun, entity: EntityDecl<AttendanceEntityName>, file: string, batch: Batch, counts: EntityCounts): Promise<void> {
  if (batch.length === 0 || run.problems.any) return; // the run will roll back; keep validating, stop writing
  const records = batch.map((b) => b.record).sort((a, b) => (a.sourcedId < b.sourcedId ? -1 : a.sourcedId > b.sourcedId ? 1 : 0));
  const outcome = await upsertRecords(run.db, run.dialect, entity, records, run.write);
  counts.created += outcome.created.length;
  counts.updated += outcome.updated.length;
  for (const conflict of outcome.conflicts) {
    const line = batch.find((b) => b.record.sourcedId === conflict.sourcedId)?.line;
    run.problems.add({ file, ...(line !== undefined ? { line } : {}), column: 'sourcedId', rule: 'district', message: `'${conflict.sourcedId}' already belongs to district '${conflict.districtId}'` });
  }
}

/**
 * Validates and writes one attendance file, the way the OneRoster importer does: field types from
 * the model, cross-field rules, codes against the code book, references noted for the end. Rows
 * with status `tobedeleted` are deletions; in bulk mode, active records of the district that the
 * file does not list become tombstones too.
 */
export async function importAttendanceFile(run: AttendanceRun, entity: EntityDecl<AttendanceEntityName>): Promise<EntityCounts> {
  const file = `${entity.name}.csv`;
  const counts: EntityCounts = { rows: 0, created: 0, updated: 0, unchanged: 0, deleted: 0 };
  try {
    const csv = await openCsv(run.bundle, file);
    const header = checkHeader(run.problems, entity, VERSION, file, csv.header);
    if (!header.ok) {
      await csv.rows.return(undefined);
      return counts;
    }
    const cellsOf = cellReader(csv.header);
    const seen = new Set<string>();
    const facts = new Map<string, number>();
    const deletions: string[] = [];
    let batch: Batch = [];
    for await (const row of csv.rows) {
      if (run.problems.full) break;
      counts.rows++;
      const { record, problems } = readCsvRow<BaseRecord>(entity, VERSION, cellsOf(row), header.metadataColumns);
      const deleting = record.status === 'tobedeleted';
      for (const p of problems) if (!(deleting && p.rule === 'required')) run.problems.add({ file, line: row.line, ...p });
      if (record.sourcedId !== '') {
        if (seen.has(record.sourcedId)) run.problems.add({ file, line: row.line, column: 'sourcedId', rule: 'duplicate', message: `sourcedId '${record.sourcedId}' appears more than once in ${file}` });
        seen.add(record.sourcedId);
      }
      if (deleting) {
        deletions.push(record.sourcedId);
        if (entity.name === 'attendanceCodes') run.codes.remove(record.sourcedId);
        continue;
      }
      if (problems.length > 0) continue;
      const fact = naturalKey(entity.name, record);
      const first = facts.get(fact.key);
      if (first !== undefined) run.problems.add({ file, line: row.line, rule: 'duplicate', message: `the same ${fact.columns} as line ${first}` });
      else facts.set(fact.key, row.line);
      for (const p of rowRules(entity.name, record, run.codes)) run.problems.add({ file, line: row.line, ...p });
      if (entity.name === 'attendanceCodes') run.codes.put(record as AttendanceCodeRecord);
      run.references.require(entity.name, record, file, row.line);
      batch.push({ record, line: row.line });
      if (batch.length >= BATCH) {
        await flush(run, entity, file, batch, counts);
        batch = [];
        run.onRows?.(file, counts.rows);
      }
    }
    await flush(run, entity, file, batch, counts);
    run.onRows?.(file, counts.rows);
    if (run.mode === 'bulk' && !run.problems.any) {
      for (const id of await activeIdsOfDistrict(run.db, run.dialect, entity, run.write.districtId)) if (!seen.has(id)) deletions.push(id);
    }
    if (deletions.length > 0 && !run.problems.any) counts.deleted += (await tombstoneRecords(run.db, run.dialect, entity, deletions, run.write)).length;
    counts.unchanged = counts.rows - deletions.filter((id) => seen.has(id)).length - counts.created - counts.updated;
  } catch (error) {
    if (!(error instanceof FileReadError)) throw error;
    run.problems.add(error.problem);
  }
  return counts;
}
