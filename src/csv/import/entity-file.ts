import {
  entityDecl,
  readCsvRow,
  type AnyRecord,
  type EntityDecl,
  type UserProfile,
  type UserRecord,
  type UserRole,
  type Version,
} from '../../model/index.ts';
import {
  activeIdsOfDistrict,
  readRecords,
  tombstoneRecords,
  touchRecords,
  upsertRecords,
  type Db,
  type StoreDialect,
  type WriteContext,
} from '../../store/index.ts';
import type { BundleReader } from '../bundle/index.ts';
import type { ProblemLog } from '../problems.ts';
import { cellReader, FileReadError, openCsv } from '../rows.ts';
import { checkHeader } from './check-header.ts';
import type { ChildItems } from './child-files.ts';
import type { ReferenceChecker } from './references.ts';

export interface EntityCounts {
  rows: number;
  created: number;
  updated: number;
  unchanged: number;
  deleted: number;
}

/** Everything one import run shares across its files. */
export interface ImportRun {
  readonly db: Db;
  readonly dialect: StoreDialect;
  readonly bundle: BundleReader;
  readonly version: Version;
  readonly write: WriteContext;
  readonly problems: ProblemLog;
  readonly references: ReferenceChecker;
  /** 1.2 roles.csv / userProfiles.csv rows by user, when those files are in the bundle. */
  readonly roles?: ChildItems<UserRole>;
  readonly userProfiles?: ChildItems<UserProfile>;
  onRows?(file: string, rows: number): void;
}

/** Rows per write; each batch is written in sourcedId order so B-tree inserts stay close together. */
const BATCH = 5000;

function requireReferences(run: ImportRun, entity: EntityDecl, record: AnyRecord, file: string, line: number): void {
  const source: Record<string, unknown> = record;
  for (const f of entity.fields) {
    const columns = f.csv[run.version];
    if (columns === undefined || columns.length === 0) continue;
    const value = source[f.name];
    if (value === undefined) continue;
    const column = columns[0] ?? f.name;
    if (f.type.kind === 'ref') run.references.require(f.type.target, String(value), { file, line, column });
    else if (f.type.kind === 'refList') for (const id of value as string[]) run.references.require(f.type.target, id, { file, line, column });
    else if (f.type.kind === 'roles') for (const r of value as UserRole[]) run.references.require('orgs', r.org, { file, line, column });
  }
  // A demographics record describes the user with the same sourcedId.
  if (entity.name === 'demographics') run.references.require('users', record.sourcedId, { file, line, column: 'sourcedId' });
}

/** Records whose relationships a change of `records` alters, per entity (enrollment → class, user). */
export function touchedBy(entity: EntityDecl, records: Iterable<AnyRecord>): Map<EntityDecl, Set<string>> {
  const out = new Map<EntityDecl, Set<string>>();
  const fields = entity.fields.filter((f) => f.touches);
  if (fields.length === 0) return out;
  for (const record of records) {
    const source: Record<string, unknown> = record;
    for (const f of fields) {
      if (f.type.kind !== 'ref' && f.type.kind !== 'refList') continue;
      const target = entityDecl(f.type.target);
      let ids = out.get(target);
      if (ids === undefined) out.set(target, (ids = new Set()));
      const value = source[f.name];
      if (typeof value === 'string') ids.add(value);
      else if (Array.isArray(value)) for (const id of value) ids.add(String(id));
    }
  }
  return out;
}

async function touchRelated(run: ImportRun, entity: EntityDecl, records: Iterable<AnyRecord>): Promise<void> {
  for (const [target, ids] of touchedBy(entity, records)) await touchRecords(run.db, run.dialect, target, ids, run.write);
}

/** 1.2 users take their roles and profiles from the child files, or keep the stored ones. */
async function attachChildren(run: ImportRun, batch: Array<{ record: AnyRecord; line: number }>, file: string): Promise<void> {
  if (run.version !== '1.2') return;
  const users = batch.map((b) => b.record as UserRecord);
  // Without a roles or profiles file in the bundle, users keep what the store holds.
  const fromStore = run.roles === undefined || run.userProfiles === undefined;
  const stored = fromStore ? await readRecords(run.db, run.dialect, entityDecl('users'), users.map((u) => u.sourcedId)) : new Map<string, UserRecord>();
  for (const { record, line } of batch) {
    const user = record as UserRecord;
    user.roles = run.roles !== undefined ? run.roles.take(user.sourcedId) : (stored.get(user.sourcedId)?.roles ?? []);
    const profiles = run.userProfiles !== undefined ? run.userProfiles.take(user.sourcedId) : stored.get(user.sourcedId)?.userProfiles;
    if (profiles !== undefined && profiles.length > 0) user.userProfiles = profiles;
    if (user.status === 'active' && user.roles.length === 0) {
      run.problems.add({ file, line, column: 'sourcedId', rule: 'required', message: `user '${user.sourcedId}' has no role: roles.csv must give every user at least one` });
    }
  }
}

async function flush(run: ImportRun, entity: EntityDecl, file: string, batch: Array<{ record: AnyRecord; line: number }>, counts: EntityCounts): Promise<void> {
  if (batch.length === 0) return;
  if (entity.name === 'users') await attachChildren(run, batch, file);
  if (run.problems.any) return; // the run will roll back; keep validating, stop writing
  const records = batch.map((b) => b.record).sort((a, b) => (a.sourcedId < b.sourcedId ? -1 : a.sourcedId > b.sourcedId ? 1 : 0));
  const outcome = await upsertRecords(run.db, run.dialect, entity, records, run.write);
  counts.created += outcome.created.length;
  counts.updated += outcome.updated.length;
  for (const conflict of outcome.conflicts) {
    const line = batch.find((b) => b.record.sourcedId === conflict.sourcedId)?.line;
    run.problems.add({ file, ...(line !== undefined ? { line } : {}), column: 'sourcedId', rule: 'district', message: `'${conflict.sourcedId}' already belongs to district '${conflict.districtId}'; give this source a SIS ID prefix` });
  }
  const changed = new Set([...outcome.created, ...outcome.updated]);
  await touchRelated(run, entity, batch.filter((b) => changed.has(b.record.sourcedId)).map((b) => b.record));
}

async function deleteRecords(run: ImportRun, entity: EntityDecl, ids: string[], counts: EntityCounts): Promise<void> {
  if (ids.length === 0 || run.problems.any) return;
  const hasTouches = entity.fields.some((f) => f.touches);
  const before = hasTouches ? await readRecords(run.db, run.dialect, entity, ids) : undefined;
  const gone = await tombstoneRecords(run.db, run.dialect, entity, ids, run.write);
  counts.deleted += gone.length;
  if (before !== undefined) await touchRelated(run, entity, gone.flatMap((id) => before.get(id) ?? []));
}

/**
 * Validates and writes one `<entity>.csv`. `bulk`: the file is the whole truth for the district, so
 * active records it no longer lists become tombstones. `delta`: rows are upserts, and rows with
 * status `tobedeleted` are deletions.
 */
export async function importEntityFile(run: ImportRun, entity: EntityDecl, mode: 'bulk' | 'delta'): Promise<EntityCounts> {
  const file = `${entity.name}.csv`;
  const counts: EntityCounts = { rows: 0, created: 0, updated: 0, unchanged: 0, deleted: 0 };
  try {
    const csv = await openCsv(run.bundle, file);
    const header = checkHeader(run.problems, entity, run.version, file, csv.header);
    if (!header.ok) {
      await csv.rows.return(undefined);
      return counts;
    }
    const cellsOf = cellReader(csv.header);
    const seen = new Set<string>();
    const deletions: string[] = [];
    let batch: Array<{ record: AnyRecord; line: number }> = [];
    for await (const row of csv.rows) {
      if (run.problems.full) break;
      counts.rows++;
      const cells = cellsOf(row);
      const { record, problems } = readCsvRow(entity, run.version, cells, header.metadataColumns);
      const deleting = record.status === 'tobedeleted';
      for (const p of problems) if (!(deleting && p.rule === 'required')) run.problems.add({ file, line: row.line, ...p });
      if (mode === 'delta') {
        for (const column of ['status', 'dateLastModified']) {
          if (cells(column) === '') run.problems.add({ file, line: row.line, column, rule: 'required', message: `${column} is required in a delta file` });
        }
      }
      if (record.sourcedId !== '') {
        if (seen.has(record.sourcedId)) run.problems.add({ file, line: row.line, column: 'sourcedId', rule: 'duplicate', message: `sourcedId '${record.sourcedId}' appears more than once in ${file}` });
        seen.add(record.sourcedId);
      }
      if (deleting) {
        deletions.push(record.sourcedId);
        continue;
      }
      run.references.define(entity.name, record.sourcedId);
      requireReferences(run, entity, record, file, row.line);
      batch.push({ record, line: row.line });
      if (batch.length >= BATCH) {
        await flush(run, entity, file, batch, counts);
        batch = [];
        run.onRows?.(file, counts.rows);
      }
    }
    await flush(run, entity, file, batch, counts);
    run.onRows?.(file, counts.rows);
    if (mode === 'bulk' && !run.problems.any) {
      const active = await activeIdsOfDistrict(run.db, run.dialect, entity, run.write.districtId);
      for (const id of active) if (!seen.has(id)) deletions.push(id);
    }
    await deleteRecords(run, entity, deletions, counts);
    counts.unchanged = counts.rows - deletions.filter((id) => seen.has(id)).length - counts.created - counts.updated;
  } catch (error) {
    if (!(error instanceof FileReadError)) throw error;
    run.problems.add(error.problem);
  }
  return counts;
}
