/**
 * The parsed shape of a OneRoster collection query (`limit`, `offset`, `sort`, `orderBy`, `filter`,
 * `fields`). Pure data: the store compiles a FilterExpression to SQL, the HTTP edge maps a QueryError
 * to the OneRoster error envelope.
 */

/** What kind of value a filterable/sortable path holds; decides which predicates and values are valid. */
export type FieldKind =
  | 'string'
  | 'enum'
  | 'date'
  | 'datetime'
  | 'number'
  | 'boolean'
  | 'stringList'
  | 'ref'
  | 'refList';

/** Answers "may this dotted path be filtered/sorted/selected, and what kind is it?" — the model supplies it. */
export interface QueryFieldCatalog {
  /** e.g. 'status', 'dateLastModified', 'school.sourcedId', 'roles.role', 'roles.org.sourcedId'. */
  filterable(path: string): FieldKind | undefined;
  sortable(path: string): FieldKind | undefined;
  /** Top-level JSON property names for `fields`. */
  selectable(name: string): boolean;
}

/** `~` is "contains" (substring). */
export type Predicate = '=' | '!=' | '>' | '>=' | '<' | '<=' | '~';

export interface Comparison {
  kind: 'comparison';
  path: string;
  fieldKind: FieldKind;
  predicate: Predicate;
  /**
   * Normalised value: date-times as `YYYY-MM-DDTHH:mm:ss.sssZ` (UTC), dates as `YYYY-MM-DD`,
   * numbers in JavaScript's canonical form ('09' → '9'), booleans as 'true'/'false', anything else verbatim.
   * For list kinds (stringList, refList) `=`/`!=`/`~` are about the list's elements (any element equals /
   * no element equals / any element contains).
   */
  value: string;
  /** Set (true) when a date or datetime path was compared with a date-only value: compare by calendar day. */
  dateOnly?: boolean;
}

export interface Logical {
  kind: 'and' | 'or';
  /** Two or more operands; `and` operands are always comparisons, `or` operands comparisons or `and`s. */
  operands: FilterExpression[];
}

export type FilterExpression = Comparison | Logical;

export type QueryErrorCode =
  | 'invalid_filter_field'
  | 'invalid_selection_field'
  | 'invalid_sort_field'
  | 'invalid_blank_selection_field'
  | 'invalid_limit'
  | 'invalid_offset';

/**
 * A rejected (or, in `warnings`, tolerated) query parameter. Messages name fields and character
 * positions but never echo filter values, which may be personal data (emails, names).
 */
export interface QueryError {
  code: QueryErrorCode;
  message: string;
}

export interface SortSpec {
  path: string;
  fieldKind: FieldKind;
  direction: 'asc' | 'desc';
}

export interface CollectionQuery {
  limit: number;
  offset: number;
  sort?: SortSpec;
  filter?: FilterExpression;
  fields?: string[];
  /** Problems 1.1 reports as 200 + warning (unknown sort or selection field); always empty for 1.2. */
  warnings: QueryError[];
}

export interface CollectionQueryOptions {
  version: '1.1' | '1.2';
  /** Page size when `limit` is absent; default 100 (the spec's default). */
  defaultLimit?: number;
  /** Larger `limit` values are capped to this, not refused; default 10 000. */
  maxLimit?: number;
}

export type FilterResult = { ok: true; filter: FilterExpression } | { ok: false; error: QueryError };

export type CollectionQueryResult = { ok: true; query: CollectionQuery } | { ok: false; error: QueryError };
