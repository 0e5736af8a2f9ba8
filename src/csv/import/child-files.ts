import { readRoleRow, readUserProfileRow, type ChildRow, type UserProfile, type UserRole } from '../../model/index.ts';
import type { ImportRun } from './entity-file.ts';
import { cellReader, FileReadError, openCsv } from '../rows.ts';

/** A 1.2 child file (roles.csv, userProfiles.csv) grouped by the user it belongs to. */
export interface ChildItems<T> {
  /** The active items for a user listed in users.csv; they leave the pending set. */
  take(parentId: string): T[];
  /** Rows for users that users.csv did not list (a delta of roles only). */
  remaining(): Map<string, Array<ChildRow<T>>>;
}

type RowReader<T> = (cells: (column: string) => string) => { row?: ChildRow<T>; problems: Array<{ column: string; rule: string; message: string }> };

async function readChildFile<T>(run: ImportRun, file: string, read: RowReader<T>, orgOf: (item: T) => string | undefined): Promise<ChildItems<T>> {
  const byParent = new Map<string, Array<ChildRow<T>>>();
  try {
    const csv = await openCsv(run.bundle, file);
    const cellsOf = cellReader(csv.header);
    for (const column of ['sourcedId', 'userSourcedId']) {
      if (!csv.header.includes(column)) run.problems.add({ file, line: 1, column, rule: 'header', message: `required column '${column}' is missing from the header` });
    }
    const seen = new Set<string>();
    for await (const r of csv.rows) {
      const { row, problems } = read(cellsOf(r));
      for (const p of problems) run.problems.add({ file, line: r.line, ...p });
      if (row === undefined) continue;
      if (seen.has(row.sourcedId)) run.problems.add({ file, line: r.line, column: 'sourcedId', rule: 'duplicate', message: `sourcedId '${row.sourcedId}' appears more than once in ${file}` });
      seen.add(row.sourcedId);
      run.references.require('users', row.parentId, { file, line: r.line, column: 'userSourcedId' });
      const org = orgOf(row.item);
      if (org !== undefined && row.status === 'active') run.references.require('orgs', org, { file, line: r.line, column: 'orgSourcedId' });
      let rows = byParent.get(row.parentId);
      if (rows === undefined) byParent.set(row.parentId, (rows = []));
      rows.push(row);
    }
  } catch (error) {
    if (!(error instanceof FileReadError)) throw error;
    run.problems.add(error.problem);
  }
  return {
    take(parentId) {
      const rows = byParent.get(parentId) ?? [];
      byParent.delete(parentId);
      return rows.filter((r) => r.status === 'active').map((r) => r.item);
    },
    remaining: () => byParent,
  };
}

export function readRoles(run: ImportRun): Promise<ChildItems<UserRole>> {
  return readChildFile(run, 'roles.csv', readRoleRow, (role) => role.org);
}

export function readUserProfiles(run: ImportRun): Promise<ChildItems<UserProfile>> {
  return readChildFile(run, 'userProfiles.csv', readUserProfileRow, () => undefined);
}

/** Applies child rows (upsert by the child's sourcedId, `tobedeleted` removes) to an existing list. */
export function mergeChildren<T extends { sourcedId?: string }>(existing: readonly T[], rows: ReadonlyArray<ChildRow<T>>): T[] {
  const merged = new Map<string, T>(existing.map((item, i) => [item.sourcedId ?? `#${i}`, item]));
  for (const row of rows) {
    if (row.status === 'tobedeleted') merged.delete(row.sourcedId);
    else merged.set(row.sourcedId, row.item);
  }
  return [...merged.values()];
}
