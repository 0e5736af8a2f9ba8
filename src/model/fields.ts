import type { EntityName } from './records.ts';
import type { Vocabulary } from './vocabularies.ts';

export type Version = '1.1' | '1.2';
export const VERSIONS: readonly Version[] = ['1.1', '1.2'];

/** What a field holds. The derivations (CSV, JSON, table) switch on `kind`, nowhere else. */
export type FieldType =
  | { kind: 'string' }
  | { kind: 'enum'; vocab: Vocabulary }
  | { kind: 'enumList'; vocab: Vocabulary }
  | { kind: 'date' }
  | { kind: 'datetime' }
  /** `min`/`max` (inclusive) are checked where values come in (CSV). */
  | { kind: 'number'; min?: number; max?: number }
  | { kind: 'boolean' }
  | { kind: 'stringList' }
  | { kind: 'ref'; target: EntityName }
  | { kind: 'refList'; target: EntityName }
  /** `{type:identifier}` items (users.userIds). */
  | { kind: 'userIds' }
  /** users.roles: 1.1 `role` + `orgs`, 1.2 `roles[]` and roles.csv. */
  | { kind: 'roles' }
  /** users.userProfiles: 1.2 JSON and userProfiles.csv. */
  | { kind: 'userProfiles' }
  /** scoreScales.scoreScaleValue: `{lhs:rhs}` items in CSV, objects in JSON. */
  | { kind: 'scoreScaleValues' };

export type FieldKind = FieldType['kind'];

/** A per-version name; `undefined` means the field does not exist in that version's binding. */
export interface PerVersion<T> {
  readonly '1.1'?: T;
  readonly '1.2'?: T;
}

export interface FieldDecl {
  /** Canonical name (a key of the record type). */
  readonly name: string;
  readonly type: FieldType;
  /** Required in input (CSV rows, PUT bodies) for that version. */
  readonly required: PerVersion<boolean>;
  /** JSON property per version. Extension fields live under `metadata`. */
  readonly json: PerVersion<string>;
  /** CSV column(s) per version, in header order. */
  readonly csv: PerVersion<readonly string[]>;
  /** An extension declared by the hub, carried in JSON `metadata` and CSV `metadata.<name>`. */
  readonly extension: boolean;
  /** May appear in a `filter` / `sort` (top-level JSON name, or `<name>.sourcedId` for references). */
  readonly filterable: boolean;
  /** Worth an index in the store. */
  readonly indexed: boolean;
  /** A change of this reference also changes the referenced record for delta readers (enrollment → class, user). */
  readonly touches: boolean;
  /** Other JSON properties a body may carry this field under (1.2 lineItem `academicSession`). */
  readonly inputAliases: PerVersion<readonly string[]>;
  /** Bound in CSV as a separate child file keyed by the parent's sourcedId (1.2 roles.csv, userProfiles.csv). */
  readonly childFile: PerVersion<ChildFileDecl>;
}

export interface ChildFileDecl {
  /** File name without `.csv`. */
  readonly file: string;
  /** Header, in order; the child's own sourcedId/status/dateLastModified come first. */
  readonly columns: readonly string[];
  /** The column that names the parent record. */
  readonly parentColumn: string;
}

export interface FieldOptions {
  required?: boolean | PerVersion<boolean>;
  /** JSON names; a string applies to both versions. */
  json?: string | PerVersion<string>;
  /** CSV columns; a string applies to both versions. */
  csv?: string | readonly string[] | PerVersion<readonly string[]>;
  /** Present only in these versions (JSON and CSV). */
  only?: Version;
  filterable?: boolean;
  indexed?: boolean;
  childFile?: PerVersion<ChildFileDecl>;
  touches?: boolean;
  inputAliases?: PerVersion<readonly string[]>;
}

function perVersion<T>(value: T | PerVersion<T> | undefined, fallback: T | undefined, only?: Version): PerVersion<T> {
  // Any plain object is a per-version map, `{}` included ("in no version's JSON", scoreScales.org):
  // none of the per-version values (strings, booleans, string arrays) is a plain object itself.
  const isPer = (v: unknown): v is PerVersion<T> => typeof v === 'object' && v !== null && !Array.isArray(v);
  const out: { '1.1'?: T; '1.2'?: T } = {};
  for (const version of ['1.1', '1.2'] as const) {
    if (only !== undefined && only !== version) continue;
    const v = value === undefined ? fallback : isPer(value) ? value[version] : value;
    if (v !== undefined) out[version] = v;
  }
  return out;
}

function csvColumns(name: string, type: FieldType, csv: FieldOptions['csv']): readonly string[] | PerVersion<readonly string[]> {
  if (typeof csv === 'string') return [csv];
  if (csv !== undefined) return csv;
  switch (type.kind) {
    case 'ref':
      return [`${name}SourcedId`];
    case 'refList':
      return [`${name.endsWith('s') ? name.slice(0, -1) : name}SourcedIds`];
    default:
      return [name];
  }
}

export function field(name: string, type: FieldType, options: FieldOptions = {}): FieldDecl {
  const required = options.required ?? false;
  return {
    name,
    type,
    required: perVersion(required, false, options.only),
    json: perVersion(options.json, name, options.only),
    csv: perVersion(csvColumns(name, type, options.csv), undefined, options.only),
    extension: false,
    filterable: options.filterable ?? true,
    indexed: options.indexed ?? false,
    childFile: options.childFile ?? {},
    touches: options.touches ?? false,
    inputAliases: options.inputAliases ?? {},
  };
}

/** A hub extension: JSON `metadata.<name>`, CSV `metadata.<name>`, both versions. */
export function extension(name: string, type: FieldType, options: { indexed?: boolean } = {}): FieldDecl {
  return {
    name,
    type,
    required: {},
    json: { '1.1': name, '1.2': name },
    csv: { '1.1': [`metadata.${name}`], '1.2': [`metadata.${name}`] },
    extension: true,
    filterable: true,
    indexed: options.indexed ?? false,
    childFile: {},
    touches: false,
    inputAliases: {},
  };
}

/** A field the JSON binding carries but no CSV file does (e.g. class.resources). */
export function jsonOnly(field_: FieldDecl): FieldDecl {
  return { ...field_, csv: {} };
}

export const t = {
  string: { kind: 'string' } as const,
  date: { kind: 'date' } as const,
  datetime: { kind: 'datetime' } as const,
  number: { kind: 'number' } as const,
  boolean: { kind: 'boolean' } as const,
  stringList: { kind: 'stringList' } as const,
  /** A number within [min, max]. */
  numberIn: (min: number, max?: number): FieldType => (max === undefined ? { kind: 'number', min } : { kind: 'number', min, max }),
  enum: (vocab: Vocabulary): FieldType => ({ kind: 'enum', vocab }),
  enumList: (vocab: Vocabulary): FieldType => ({ kind: 'enumList', vocab }),
  ref: (target: EntityName): FieldType => ({ kind: 'ref', target }),
  refList: (target: EntityName): FieldType => ({ kind: 'refList', target }),
};
