import {
  entityDecl,
  type AnyRecord,
  type EntityDecl,
  type UserProfile,
  type UserRecord,
  type UserRole,
  type Version,
} from '../../model/index.ts';
import { readRecords, tombstoneRecords, touchRecords } from '../../store/index.ts';
import { importBatchedFile, type EntityCounts, type FileRun, type RowBatch } from './batched-file.ts';
import type { ChildItems } from './child-files.ts';
import type { ReferenceChecker } from './references.ts';

/** Everything one OneRoster import run shares across its files. */
export interface ImportRun extends FileRun {
  readonly version: Version;
  readonly references: ReferenceChecker;
  /** 1.2 roles.csv / userProfiles.csv rows by user, when those files are in the bundle. */
  readonly roles?: ChildItems<UserRole>;
  readonly userProfiles?: ChildItems<UserProfile>;
}

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
async function attachChildren(run: ImportRun, batch: RowBatch<AnyRecord>, file: string): Promise<void> {
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

/** Tombstones ids and touches the records their relationships reached (an enrollment's class and user). */
async function tombstoneTouching(run: ImportRun, entity: EntityDecl, ids: string[]): Promise<string[]> {
  const hasTouches = entity.fields.some((f) => f.touches);
  const before = hasTouches ? await readRecords(run.db, run.dialect, entity, ids) : undefined;
  const gone = await tombstoneRecords(run.db, run.dialect, entity, ids, run.write);
  if (before !== undefined) await touchRelated(run, entity, gone.flatMap((id) => before.get(id) ?? []));
  return gone;
}

/**
 * Validates and writes one `<entity>.csv`. `bulk`: the file is the whole truth for the district, so
 * active records it no longer lists become tombstones. `delta`: rows are upserts, and rows with
 * status `tobedeleted` are deletions.
 */
export function importEntityFile(run: ImportRun, entity: EntityDecl, mode: 'bulk' | 'delta'): Promise<EntityCounts> {
  const file = `${entity.name}.csv`;
  return importBatchedFile<AnyRecord>(run, entity, {
    version: run.version,
    mode,
    conflictAdvice: 'give this source a SIS ID prefix',
    checkCells: (cells, line) => {
      if (mode !== 'delta') return;
      for (const column of ['status', 'dateLastModified']) {
        if (cells(column) === '') run.problems.add({ file, line, column, rule: 'required', message: `${column} is required in a delta file` });
      }
    },
    accept: (record, line) => {
      run.references.define(entity.name, record.sourcedId);
      requireReferences(run, entity, record, file, line);
      return true;
    },
    // 1.2 users take their roles and profiles from the child files before they are written.
    beforeWrite: async (batch) => {
      if (entity.name === 'users') await attachChildren(run, batch, file);
    },
    afterWrite: (changed) => touchRelated(run, entity, changed),
    tombstone: (ids) => tombstoneTouching(run, entity, ids),
  });
}
