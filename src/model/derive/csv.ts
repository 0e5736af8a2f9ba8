import type { AnyEntityDecl } from '../entity.ts';
import type { ChildFileDecl, FieldDecl, Version } from '../fields.ts';
import type { AnyRecord, BaseRecord, ScoreScaleValue, Status, UserIdentifier, UserProfile, UserRecord, UserRole } from '../records.ts';
import { isAcceptedValue, userRoleToV1p1, userRoleVocab } from '../vocabularies.ts';

/** One broken rule in one cell (the reader adds file and line). */
export interface CellProblem {
  readonly column: string;
  readonly rule: string;
  readonly message: string;
}

export const COMMON_CSV_COLUMNS = ['sourcedId', 'status', 'dateLastModified'] as const;

/** The standard header of `<entity>.csv` in a version, then the hub's extension columns. */
export function csvHeader(entity: AnyEntityDecl, version: Version): string[] {
  const standard: string[] = [...COMMON_CSV_COLUMNS];
  const extensions: string[] = [];
  for (const f of entity.fields) {
    const columns = f.csv[version] ?? [];
    (f.extension ? extensions : standard).push(...columns);
  }
  return [...standard, ...extensions];
}

/** Child files (1.2 roles.csv, userProfiles.csv) an entity's CSV binding has in a version. */
export function childFiles(entity: AnyEntityDecl, version: Version): Array<{ field: FieldDecl; child: ChildFileDecl }> {
  const out: Array<{ field: FieldDecl; child: ChildFileDecl }> = [];
  for (const f of entity.fields) {
    const child = f.childFile[version];
    if (child !== undefined) out.push({ field: f, child });
  }
  return out;
}

// ---- cell syntax -------------------------------------------------------------------------------

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/;
const BRACED_ITEM = /\{([^{}:]*):([^{}]*)\}/y;

export function isValidDate(text: string): boolean {
  const m = DATE.exec(text);
  if (m === null) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.getUTCFullYear() === Number(m[1]) && d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3]);
}

export function isValidDateTime(text: string): boolean {
  return DATETIME.test(text) && isValidDate(text.slice(0, 10)) && !Number.isNaN(Date.parse(text));
}

export function splitList(cell: string): string[] {
  return cell
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

/** `{type:identifier},{type:identifier}` → pairs; undefined when the cell is not in that form. */
export function parseBracedPairs(cell: string): Array<[string, string]> | undefined {
  const pairs: Array<[string, string]> = [];
  let i = 0;
  while (i < cell.length) {
    while (cell[i] === ' ' || cell[i] === ',') i++;
    if (i >= cell.length) break;
    BRACED_ITEM.lastIndex = i;
    const m = BRACED_ITEM.exec(cell);
    if (m === null || m[1] === undefined || m[2] === undefined) return undefined;
    pairs.push([m[1].trim(), m[2].trim()]);
    i = BRACED_ITEM.lastIndex;
  }
  return pairs;
}

function bracedPairs(pairs: Array<[string, string]>): string {
  return pairs.map(([a, b]) => `{${a}:${b}}`).join(',');
}

function parseBoolean(cell: string): boolean | undefined {
  const lower = cell.toLowerCase();
  if (lower === 'true') return true;
  if (lower === 'false') return false;
  return undefined;
}

type Cells = (column: string) => string;

interface Parsed {
  value?: unknown;
  problem?: { rule: string; message: string; column?: string };
}

function parseCell(f: FieldDecl, version: Version, column: string, cell: string): Parsed {
  const type = f.type;
  switch (type.kind) {
    case 'string':
    case 'ref':
      return { value: cell };
    case 'enum':
      return isAcceptedValue(type.vocab, cell, version)
        ? { value: cell }
        : { problem: { rule: 'vocabulary', message: `'${cell}' is not a ${version} ${type.vocab.name} (expected one of ${vocabList(type.vocab.name, version === '1.1' ? type.vocab.v1p1 : type.vocab.v1p2)})` } };
    case 'enumList': {
      const items = splitList(cell);
      const bad = items.find((v) => !isAcceptedValue(type.vocab, v, version));
      return bad === undefined
        ? { value: items }
        : { problem: { rule: 'vocabulary', message: `'${bad}' is not a ${version} ${type.vocab.name}` } };
    }
    case 'date':
      return isValidDate(cell) ? { value: cell } : { problem: { rule: 'date', message: `'${cell}' is not a date (YYYY-MM-DD)` } };
    case 'datetime':
      return isValidDateTime(cell) || isValidDate(cell)
        ? { value: cell }
        : { problem: { rule: 'datetime', message: `'${cell}' is not an ISO 8601 date-time (e.g. 2026-08-24T00:00:00.000Z)` } };
    case 'number': {
      const n = Number(cell);
      if (cell.trim() === '' || !Number.isFinite(n)) return { problem: { rule: 'number', message: `'${cell}' is not a number` } };
      if ((type.min !== undefined && n < type.min) || (type.max !== undefined && n > type.max)) {
        return { problem: { rule: 'range', message: `${n} is outside ${type.min ?? '-∞'}..${type.max ?? '∞'}` } };
      }
      return { value: n };
    }
    case 'boolean': {
      const b = parseBoolean(cell);
      return b === undefined ? { problem: { rule: 'boolean', message: `'${cell}' is not true or false` } } : { value: b };
    }
    case 'stringList':
    case 'refList': {
      const items = splitList(cell);
      return items.length === 0 ? {} : { value: items };
    }
    case 'userIds': {
      const pairs = parseBracedPairs(cell);
      if (pairs === undefined || pairs.some(([type_, id]) => type_ === '' || id === '')) {
        return { problem: { rule: 'userIds', message: `'${cell}' is not a list of {type:identifier} items` } };
      }
      return { value: pairs.map<UserIdentifier>(([type_, identifier]) => ({ type: type_, identifier })) };
    }
    case 'scoreScaleValues': {
      const pairs = parseBracedPairs(cell);
      if (pairs === undefined) return { problem: { rule: 'scoreScaleValue', message: `'${cell}' is not a list of {value:description} items` } };
      return { value: pairs.map<ScoreScaleValue>(([itemValueLHS, itemValueRHS]) => ({ itemValueLHS, itemValueRHS })) };
    }
    case 'roles':
    case 'userProfiles':
      return {};
  }
}

function vocabList(_name: string, values: readonly string[]): string {
  return values.join(', ');
}

/** 1.1 users.csv spells the roles as `orgSourcedIds` + `role`. */
function parseV1p1Roles(cells: Cells): Parsed {
  const orgs = splitList(cells('orgSourcedIds'));
  const role = cells('role');
  if (orgs.length === 0) return { problem: { column: 'orgSourcedIds', rule: 'required', message: 'orgSourcedIds is required' } };
  if (role === '') return { problem: { column: 'role', rule: 'required', message: 'role is required' } };
  if (!isAcceptedValue(userRoleVocab, role, '1.1')) {
    return { problem: { column: 'role', rule: 'vocabulary', message: `'${role}' is not a 1.1 role (expected one of ${userRoleVocab.v1p1.join(', ')})` } };
  }
  const roles = orgs.map<UserRole>((org, i) => ({ roleType: i === 0 ? 'primary' : 'secondary', role, org }));
  return { value: roles };
}

export interface ReadRowResult<R extends BaseRecord = AnyRecord> {
  record: R;
  problems: CellProblem[];
}

/**
 * A data row of `<entity>.csv` as a canonical record. `cells(column)` gives the cell text ('' when
 * empty). Required-ness of status/dateLastModified depends on bulk vs delta and is the caller's.
 */
export function readCsvRow<R extends BaseRecord = AnyRecord>(entity: AnyEntityDecl, version: Version, cells: Cells, metadataColumns: readonly string[]): ReadRowResult<R> {
  const problems: CellProblem[] = [];
  const record: Record<string, unknown> = {};
  const sourcedId = cells('sourcedId');
  if (sourcedId === '') problems.push({ column: 'sourcedId', rule: 'required', message: 'sourcedId is required' });
  record.sourcedId = sourcedId;
  const status = cells('status');
  if (status !== '' && status !== 'active' && status !== 'tobedeleted') {
    problems.push({ column: 'status', rule: 'vocabulary', message: `'${status}' is not a status (active or tobedeleted)` });
  }
  record.status = (status === '' ? 'active' : status) as Status;
  const dlm = cells('dateLastModified');
  if (dlm !== '') {
    if (isValidDateTime(dlm)) record.dateLastModified = dlm;
    else problems.push({ column: 'dateLastModified', rule: 'datetime', message: `'${dlm}' is not an ISO 8601 date-time` });
  }
  for (const f of entity.fields) {
    const columns = f.csv[version];
    if (columns === undefined || columns.length === 0) continue;
    const parsed = f.type.kind === 'roles' ? parseV1p1Roles(cells) : readSingleColumn(f, version, columns[0] ?? f.name, cells);
    if (parsed.problem !== undefined) {
      problems.push({ column: parsed.problem.column ?? columns[0] ?? f.name, rule: parsed.problem.rule, message: parsed.problem.message });
    } else if (parsed.value !== undefined) {
      record[f.name] = parsed.value;
    }
  }
  const metadata: Record<string, string> = {};
  for (const column of metadataColumns) {
    const value = cells(column);
    if (value !== '') metadata[column.slice('metadata.'.length)] = value;
  }
  if (Object.keys(metadata).length > 0) record.metadata = metadata;
  return { record: record as R, problems };
}

function readSingleColumn(f: FieldDecl, version: Version, column: string, cells: Cells): Parsed {
  const cell = cells(column);
  if (cell === '') {
    return f.required[version] === true ? { problem: { rule: 'required', message: `${column} is required` } } : {};
  }
  return parseCell(f, version, column, cell);
}

// ---- writing -------------------------------------------------------------------------------------

function formatCell(f: FieldDecl, value: unknown): string {
  if (value === undefined || value === null) return '';
  switch (f.type.kind) {
    case 'boolean':
      return value === true ? 'true' : 'false';
    case 'stringList':
    case 'refList':
    case 'enumList':
      return Array.isArray(value) ? value.join(',') : String(value);
    case 'userIds':
      return bracedPairs((value as UserIdentifier[]).map((u) => [u.type, u.identifier]));
    case 'scoreScaleValues':
      return bracedPairs((value as ScoreScaleValue[]).map((v) => [v.itemValueLHS, v.itemValueRHS]));
    case 'number':
      return String(value);
    default:
      return String(value);
  }
}

export interface WriteOptions {
  /** Bulk files leave status and dateLastModified empty; delta files fill them. */
  mode: 'bulk' | 'delta';
  /** Free `metadata.*` columns to write after the declared ones. */
  metadataColumns: readonly string[];
}

/** A record as the cells of `csvHeader(entity, version)` followed by `metadataColumns`. */
export function writeCsvRow(entity: AnyEntityDecl, version: Version, record: BaseRecord, options: WriteOptions): string[] {
  const source: Record<string, unknown> = record;
  const standard: string[] = [
    record.sourcedId,
    options.mode === 'delta' ? record.status : '',
    options.mode === 'delta' ? (record.dateLastModified ?? '') : '',
  ];
  const extensions: string[] = [];
  for (const f of entity.fields) {
    const columns = f.csv[version];
    if (columns === undefined || columns.length === 0) continue;
    if (f.type.kind === 'roles') {
      const roles = (source.roles as UserRole[] | undefined) ?? [];
      standard.push([...new Set(roles.map((r) => r.org))].join(','), primaryRoleV1p1(roles));
      continue;
    }
    (f.extension ? extensions : standard).push(formatCell(f, source[f.name]));
  }
  const metadata = record.metadata ?? {};
  return [...standard, ...extensions, ...options.metadataColumns.map((c) => metadata[c.slice('metadata.'.length)] ?? '')];
}

function primaryRoleV1p1(roles: readonly UserRole[]): string {
  const primary = roles.find((r) => r.roleType === 'primary') ?? roles[0];
  return primary === undefined ? '' : userRoleToV1p1(primary.role);
}

// ---- 1.2 child files -----------------------------------------------------------------------------

export interface ChildRow<T> {
  sourcedId: string;
  status: Status;
  parentId: string;
  item: T;
}

/** The id a role gets when it came without one (from 1.1 data). */
export function roleSourcedId(userId: string, role: UserRole): string {
  return `${userId}-${role.org}-${role.role}`;
}

/** Reads a cell that must not be empty, noting a `required` problem when it is. */
function requiredCell(cells: Cells, problems: CellProblem[]): (column: string) => string {
  return (column) => {
    const v = cells(column);
    if (v === '') problems.push({ column, rule: 'required', message: `${column} is required` });
    return v;
  };
}

export function readRoleRow(cells: Cells): { row?: ChildRow<UserRole>; problems: CellProblem[] } {
  const problems: CellProblem[] = [];
  const need = requiredCell(cells, problems);
  const sourcedId = need('sourcedId');
  const parentId = need('userSourcedId');
  const roleType = need('roleType');
  const role = need('role');
  const org = need('orgSourcedId');
  if (roleType !== '' && roleType !== 'primary' && roleType !== 'secondary') {
    problems.push({ column: 'roleType', rule: 'vocabulary', message: `'${roleType}' is not a roleType (primary or secondary)` });
  }
  if (role !== '' && !isAcceptedValue(userRoleVocab, role, '1.2')) {
    problems.push({ column: 'role', rule: 'vocabulary', message: `'${role}' is not a 1.2 role (expected one of ${userRoleVocab.v1p2.join(', ')})` });
  }
  const dates: Partial<Pick<UserRole, 'beginDate' | 'endDate'>> = {};
  for (const column of ['beginDate', 'endDate'] as const) {
    const v = cells(column);
    if (v === '') continue;
    if (isValidDate(v)) dates[column] = v;
    else problems.push({ column, rule: 'date', message: `'${v}' is not a date (YYYY-MM-DD)` });
  }
  const status = cells('status') === 'tobedeleted' ? 'tobedeleted' : 'active';
  if (problems.length > 0) return { problems };
  const item: UserRole = { sourcedId, roleType: roleType as UserRole['roleType'], role, org, ...dates };
  const profile = cells('userProfileSourcedId');
  if (profile !== '') item.userProfile = profile;
  return { row: { sourcedId, status, parentId, item }, problems };
}

export function writeRoleRows(user: UserRecord, mode: 'bulk' | 'delta'): string[][] {
  return user.roles.map((r) => [
    r.sourcedId ?? roleSourcedId(user.sourcedId, r),
    mode === 'delta' ? user.status : '',
    mode === 'delta' ? (user.dateLastModified ?? '') : '',
    user.sourcedId,
    r.roleType,
    r.role,
    r.beginDate ?? '',
    r.endDate ?? '',
    r.org,
    r.userProfile ?? '',
  ]);
}

export function readUserProfileRow(cells: Cells): { row?: ChildRow<UserProfile>; problems: CellProblem[] } {
  const problems: CellProblem[] = [];
  const need = requiredCell(cells, problems);
  const sourcedId = need('sourcedId');
  const parentId = need('userSourcedId');
  const profileType = need('profileType');
  const vendorId = need('vendorId');
  if (problems.length > 0) return { problems };
  const item: UserProfile = { sourcedId, profileType, vendorId };
  const optional = { applicationId: cells('applicationId'), description: cells('description') };
  if (optional.applicationId !== '') item.applicationId = optional.applicationId;
  if (optional.description !== '') item.description = optional.description;
  const credentialType = cells('credentialType');
  const username = cells('username');
  if (credentialType !== '' || username !== '') {
    const password = cells('password');
    item.credentials = [{ type: credentialType, username, ...(password === '' ? {} : { password }) }];
  }
  const status = cells('status') === 'tobedeleted' ? 'tobedeleted' : 'active';
  return { row: { sourcedId, status, parentId, item }, problems };
}

export function writeUserProfileRows(user: UserRecord, mode: 'bulk' | 'delta'): string[][] {
  return (user.userProfiles ?? []).map((p) => {
    const credential = p.credentials?.[0];
    return [
      p.sourcedId,
      mode === 'delta' ? user.status : '',
      mode === 'delta' ? (user.dateLastModified ?? '') : '',
      user.sourcedId,
      p.profileType,
      p.vendorId,
      p.applicationId ?? '',
      p.description ?? '',
      credential?.type ?? '',
      credential?.username ?? '',
      credential?.password ?? '',
    ];
  });
}
