import { readCsvRow, type AnyEntityDecl, type BaseRecord, type Version } from '../../model/index.ts';
import { activeIdsOfDistrict, tombstoneRecords, upsertRecords, type Db, type StoreDialect, type WriteContext } from '../../store/index.ts';
import type { BundleReader } from '../bundle/index.ts';
import type { ProblemLog } from '../problems.ts';
import { cellReader, FileReadError, openCsv } from '../rows.ts';
import { checkHeader } from './check-header.ts';

export interface EntityCounts {
  rows: number;
  created: number;
  updated: number;
  unchanged: number;
  deleted: number;
}

/** What every CSV import run shares across its files: the transaction, the bundle, the problems. */
export interface FileRun {
  readonly db: Db;
  readonly dialect: StoreDialect;
  readonly bundle: BundleReader;
  readonly write: WriteContext;
  readonly problems: ProblemLog;
  onRows?(file: string, rows: number): void;
}

export type RowBatch<R> = Array<{ record: R; line: number }>;

/**
 * What one kind of file adds to the shared loop (read, validate, batch, write, delete): its CSV
 * binding and mode, and its rules beyond the model's field rules. Hooks run in row order, so
 * problems are reported in the order the file shows them.
 */
export interface FileRules<R extends BaseRecord> {
  readonly version: Version;
  /** `bulk`: the file is the whole truth for the district; `delta`: rows are upserts or deletions. */
  readonly mode: 'bulk' | 'delta';
  /** Added to a district conflict's message: what the person can do about it. */
  readonly conflictAdvice?: string;
  /** Rules on a row's raw cells, checked right after the field rules (before duplicates). */
  checkCells?(cells: (column: string) => string, line: number): void;
  /** A `tobedeleted` row, once it is listed for deletion. */
  deleting?(sourcedId: string): void;
  /** A row to write, with how many field problems it had: its own checks; false keeps it out of the batch. */
  accept(record: R, line: number, fieldProblems: number): boolean;
  /** A batch about to be written; a problem it adds stops the write (validation goes on). */
  beforeWrite?(batch: RowBatch<R>): Promise<void>;
  /** The records of a batch that the write created or changed. */
  afterWrite?(changed: R[]): Promise<void>;
  /** Tombstones these ids and returns those it deleted (default: the store's tombstoneRecords). */
  tombstone?(ids: string[]): Promise<string[]>;
}

/** Rows per write; each batch is written in sourcedId order so B-tree inserts stay close together. */
const BATCH = 5000;

async function flush<R extends BaseRecord>(run: FileRun, entity: AnyEntityDecl, file: string, rules: FileRules<R>, batch: RowBatch<R>, counts: EntityCounts): Promise<void> {
  if (batch.length === 0) return;
  await rules.beforeWrite?.(batch);
  if (run.problems.any) return; // the run will roll back; keep validating, stop writing
  const records = batch.map((b) => b.record).sort((a, b) => (a.sourcedId < b.sourcedId ? -1 : a.sourcedId > b.sourcedId ? 1 : 0));
  const outcome = await upsertRecords(run.db, run.dialect, entity, records, run.write);
  counts.created += outcome.created.length;
  counts.updated += outcome.updated.length;
  const advice = rules.conflictAdvice === undefined ? '' : `; ${rules.conflictAdvice}`;
  for (const conflict of outcome.conflicts) {
    const line = batch.find((b) => b.record.sourcedId === conflict.sourcedId)?.line;
    run.problems.add({ file, ...(line !== undefined ? { line } : {}), column: 'sourcedId', rule: 'district', message: `'${conflict.sourcedId}' already belongs to district '${conflict.districtId}'${advice}` });
  }
  const changed = new Set([...outcome.created, ...outcome.updated]);
  await rules.afterWrite?.(batch.filter((b) => changed.has(b.record.sourcedId)).map((b) => b.record));
}

/**
 * Validates and writes one `<entity>.csv` of a bundle, the step every CSV import shares: the header
 * checked, each row read by the model's field rules and then the file's own, duplicates reported,
 * rows written in batches while no problem is found, `tobedeleted` rows (and in bulk mode the
 * district's active records the file does not list) tombstoned. Every problem names the file, the
 * line, the column and the rule; the caller's transaction makes it all or nothing.
 */
export async function importBatchedFile<R extends BaseRecord>(run: FileRun, entity: AnyEntityDecl, rules: FileRules<R>): Promise<EntityCounts> {
  const file = `${entity.name}.csv`;
  const counts: EntityCounts = { rows: 0, created: 0, updated: 0, unchanged: 0, deleted: 0 };
  try {
    const csv = await openCsv(run.bundle, file);
    const header = checkHeader(run.problems, entity, rules.version, file, csv.header);
    if (!header.ok) {
      await csv.rows.return(undefined);
      return counts;
    }
    const cellsOf = cellReader(csv.header);
    const seen = new Set<string>();
    const deletions: string[] = [];
    let batch: RowBatch<R> = [];
    for await (const row of csv.rows) {
      if (run.problems.full) break;
      counts.rows++;
      const cells = cellsOf(row);
      const { record, problems } = readCsvRow<R>(entity, rules.version, cells, header.metadataColumns);
      const deleting = record.status === 'tobedeleted';
      // A deletion needs only its sourcedId: the other required fields may be empty.
      for (const p of problems) if (!(deleting && p.rule === 'required')) run.problems.add({ file, line: row.line, ...p });
      rules.checkCells?.(cells, row.line);
      if (record.sourcedId !== '') {
        if (seen.has(record.sourcedId)) run.problems.add({ file, line: row.line, column: 'sourcedId', rule: 'duplicate', message: `sourcedId '${record.sourcedId}' appears more than once in ${file}` });
        seen.add(record.sourcedId);
      }
      if (deleting) {
        deletions.push(record.sourcedId);
        rules.deleting?.(record.sourcedId);
        continue;
      }
      if (!rules.accept(record, row.line, problems.length)) continue;
      batch.push({ record, line: row.line });
      if (batch.length >= BATCH) {
        await flush(run, entity, file, rules, batch, counts);
        batch = [];
        run.onRows?.(file, counts.rows);
      }
    }
    await flush(run, entity, file, rules, batch, counts);
    run.onRows?.(file, counts.rows);
    if (rules.mode === 'bulk' && !run.problems.any) {
      for (const id of await activeIdsOfDistrict(run.db, run.dialect, entity, run.write.districtId)) if (!seen.has(id)) deletions.push(id);
    }
    if (deletions.length > 0 && !run.problems.any) {
      const gone = rules.tombstone !== undefined ? await rules.tombstone(deletions) : await tombstoneRecords(run.db, run.dialect, entity, deletions, run.write);
      counts.deleted += gone.length;
    }
    counts.unchanged = counts.rows - deletions.filter((id) => seen.has(id)).length - counts.created - counts.updated;
  } catch (error) {
    if (!(error instanceof FileReadError)) throw error;
    run.problems.add(error.problem);
  }
  return counts;
}
