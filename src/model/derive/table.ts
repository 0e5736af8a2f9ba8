import type { AnyEntityDecl } from '../entity.ts';
import type { FieldDecl } from '../fields.ts';
import type { AnyRecord, BaseRecord } from '../records.ts';

/** How a value is kept in a column; the store's dialect picks the SQL type for each. */
export type ColumnStorage = 'text' | 'real' | 'bool' | 'json';

export interface ColumnDecl {
  readonly name: string;
  readonly storage: ColumnStorage;
  /** The model field behind the column; absent for the common columns. */
  readonly field?: FieldDecl;
  readonly indexed: boolean;
}

export interface TableDecl {
  readonly name: string;
  readonly entity: AnyEntityDecl;
  /** Common columns first, then one per field. */
  readonly columns: readonly ColumnDecl[];
  /** Columns whose values make up the record (everything but the bookkeeping columns). */
  readonly contentColumns: readonly ColumnDecl[];
  /** The content columns a record's digest covers: all but `status` (a tombstone keeps the digest of what it was). */
  readonly digestColumns: readonly string[];
}

export type Row = Record<string, string | number | null>;

/** Bookkeeping columns every roster table has. */
export const COMMON_COLUMNS: readonly ColumnDecl[] = [
  { name: 'sourced_id', storage: 'text', indexed: false },
  { name: 'district_id', storage: 'text', indexed: true },
  { name: 'status', storage: 'text', indexed: true },
  { name: 'date_last_modified', storage: 'text', indexed: true },
  { name: 'date_created', storage: 'text', indexed: false },
  { name: 'content_hash', storage: 'text', indexed: false },
  { name: 'metadata', storage: 'json', indexed: false },
];

const BOOKKEEPING = new Set(['sourced_id', 'district_id', 'status', 'date_last_modified', 'date_created', 'content_hash']);

export function snakeCase(name: string): string {
  return name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

export function columnName(f: FieldDecl): string {
  return f.type.kind === 'ref' ? `${snakeCase(f.name)}_id` : snakeCase(f.name);
}

function storageOf(f: FieldDecl): ColumnStorage {
  switch (f.type.kind) {
    case 'string':
    case 'enum':
    case 'date':
    case 'datetime':
    case 'ref':
      return 'text';
    case 'number':
      return 'real';
    case 'boolean':
      return 'bool';
    default:
      return 'json';
  }
}

const tableCache = new WeakMap<AnyEntityDecl, TableDecl>();

export function tableOf(entity: AnyEntityDecl): TableDecl {
  const cached = tableCache.get(entity);
  if (cached !== undefined) return cached;
  const fieldColumns = entity.fields.map<ColumnDecl>((f) => ({
    name: columnName(f),
    storage: storageOf(f),
    field: f,
    indexed: f.indexed,
  }));
  const columns = [...COMMON_COLUMNS, ...fieldColumns];
  const table: TableDecl = {
    name: entity.table,
    entity,
    columns,
    contentColumns: columns.filter((c) => !BOOKKEEPING.has(c.name)),
    digestColumns: columns.filter((c) => !BOOKKEEPING.has(c.name) && c.name !== 'status').map((c) => c.name),
  };
  tableCache.set(entity, table);
  return table;
}

function toCell(storage: ColumnStorage, value: unknown): string | number | null {
  if (value === undefined || value === null) return null;
  switch (storage) {
    case 'bool':
      return value === true ? 1 : 0;
    case 'json':
      if (Array.isArray(value) && value.length === 0) return null;
      if (typeof value === 'object' && !Array.isArray(value) && Object.keys(value).length === 0) return null;
      return JSON.stringify(value);
    case 'real':
      return typeof value === 'number' ? value : Number(value);
    default:
      return String(value);
  }
}

function fromCell(storage: ColumnStorage, cell: unknown): unknown {
  if (cell === null || cell === undefined) return undefined;
  switch (storage) {
    case 'bool':
      return cell === 1 || cell === true || cell === '1';
    case 'json':
      return JSON.parse(String(cell)) as unknown;
    case 'real':
      return typeof cell === 'number' ? cell : Number(cell);
    default:
      return String(cell);
  }
}

/** The record's content as a row (without the bookkeeping the store adds). */
export function recordToRow(table: TableDecl, record: BaseRecord): Row {
  const source: Record<string, unknown> = record;
  const row: Row = { sourced_id: record.sourcedId, status: record.status, metadata: toCell('json', record.metadata) };
  for (const column of table.columns) {
    if (column.field !== undefined) row[column.name] = toCell(column.storage, source[column.field.name]);
  }
  return row;
}

export function rowToRecord<R extends BaseRecord = AnyRecord>(table: TableDecl, row: Record<string, unknown>): R {
  const record: Record<string, unknown> = {
    sourcedId: String(row.sourced_id),
    status: String(row.status),
  };
  if (row.date_last_modified !== null && row.date_last_modified !== undefined) {
    record.dateLastModified = String(row.date_last_modified);
  }
  const metadata = fromCell('json', row.metadata);
  if (metadata !== undefined) record.metadata = metadata;
  for (const column of table.columns) {
    if (column.field === undefined) continue;
    const value = fromCell(column.storage, row[column.name]);
    if (value !== undefined) record[column.field.name] = value;
  }
  return record as R;
}
