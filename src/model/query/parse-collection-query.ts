import { parseFilter } from './parse-filter.ts';
import type {
  CollectionQuery,
  CollectionQueryOptions,
  CollectionQueryResult,
  QueryError,
  QueryErrorCode,
  QueryFieldCatalog,
  SortSpec,
} from './query-types.ts';
import { splitRawQuery } from './split-raw-query.ts';

/**
 * Parses the raw query string of a OneRoster collection request. Decisions the spec leaves open:
 * - Parameters are checked in the spec's order (limit, offset, sort/orderBy, filter, fields); the
 *   first failure is returned. Unknown parameters (`access_token`, `oauth_*`, …) are ignored.
 *   Names are matched exactly (`orderBy`).
 * - A parameter repeated with the same value counts once; repeated with different values it is
 *   invalid (which one the client meant is a guess). `fields` is the exception: repeats are merged.
 * - An empty value (`limit=`, `sort=`, `filter=`) is an invalid value, not an absent parameter.
 * - limit: digits only (surrounding whitespace trimmed), ≥ 1, else `invalid_limit`; above maxLimit it
 *   is capped. offset: digits only, ≥ 0 and ≤ 2 147 483 647 (the spec types it int32), else `invalid_offset`.
 * - sort: must be sortable. orderBy: `asc`/`desc` in any case, plus the 1.1 OAS typo `acs` (both versions).
 *   An unknown sort field or a bad orderBy is `invalid_sort_field`: in 1.1 a warning (unknown field → no
 *   sort, bad orderBy → asc), in 1.2 an error. orderBy without sort is ignored, even if invalid.
 * - fields: comma lists and repeated params merged, entries trimmed, empty entries between commas
 *   dropped, duplicates removed in first-seen order. A `fields` param with no name at all is
 *   blank: `invalid_blank_selection_field` (1.1) / `invalid_selection_field` (1.2). An unknown name:
 *   1.1 warns and drops it (when none is left, `fields` is absent: whole records are returned, as 1.1
 *   does for a bad selection); 1.2 refuses it.
 */
const MAX_OFFSET = 2_147_483_647;
const DIGITS = /^[0-9]+$/;

export function parseCollectionQuery(
  rawQuery: string,
  catalog: QueryFieldCatalog,
  options: CollectionQueryOptions,
): CollectionQueryResult {
  const maxLimit = Math.max(1, Math.floor(options.maxLimit ?? 10_000));
  const defaultLimit = Math.min(maxLimit, Math.max(1, Math.floor(options.defaultLimit ?? 100)));
  const lenient = options.version === '1.1';
  const params = collect(rawQuery);
  const warnings: QueryError[] = [];

  const limitText = single(params, 'limit');
  let limit = defaultLimit;
  if (limitText !== undefined) {
    if (limitText.value === undefined) return fail('invalid_limit', 'limit is given more than once with different values');
    const text = limitText.value.trim();
    if (!DIGITS.test(text) || /^0+$/.test(text)) return fail('invalid_limit', 'limit must be a whole number of at least 1');
    // Digits beyond MAX_SAFE_INTEGER still compare as larger than any sane cap.
    limit = Math.min(maxLimit, Number(text));
  }

  const offsetText = single(params, 'offset');
  let offset = 0;
  if (offsetText !== undefined) {
    if (offsetText.value === undefined) return fail('invalid_offset', 'offset is given more than once with different values');
    const text = offsetText.value.trim();
    if (!DIGITS.test(text) || Number(text) > MAX_OFFSET) {
      return fail('invalid_offset', `offset must be a whole number from 0 to ${MAX_OFFSET}`);
    }
    offset = Number(text);
  }

  const query: CollectionQuery = { limit, offset, warnings };

  const sort = parseSort(params, catalog);
  if (!sort.ok) {
    if (!lenient) return { ok: false, error: sort.error };
    warnings.push(sort.error);
  }
  if (sort.ok && sort.sort !== undefined) query.sort = sort.sort;
  if (!sort.ok && sort.fallback !== undefined) query.sort = sort.fallback;

  const filterText = single(params, 'filter');
  if (filterText !== undefined) {
    if (filterText.value === undefined) return fail('invalid_filter_field', 'filter is given more than once with different values');
    const filter = parseFilter(filterText.value, catalog);
    if (!filter.ok) return filter;
    query.filter = filter.filter;
  }

  const fieldValues = params.get('fields');
  if (fieldValues !== undefined) {
    const fields: string[] = [];
    for (const value of fieldValues) {
      const names = value.split(',').map((name) => name.trim()).filter((name) => name !== '');
      if (names.length === 0) {
        return lenient
          ? fail('invalid_blank_selection_field', 'fields must name at least one field')
          : fail('invalid_selection_field', 'fields must name at least one field');
      }
      for (const name of names) {
        if (fields.includes(name)) continue;
        if (catalog.selectable(name)) {
          fields.push(name);
          continue;
        }
        const error: QueryError = { code: 'invalid_selection_field', message: `unknown selection field '${truncate(name)}'` };
        if (!lenient) return { ok: false, error };
        if (!warnings.some((warning) => warning.message === error.message)) warnings.push(error);
      }
    }
    if (fields.length > 0) query.fields = fields;
  }

  return { ok: true, query };
}

type SortOutcome =
  | { ok: true; sort: SortSpec | undefined }
  | { ok: false; error: QueryError; fallback: SortSpec | undefined };

function parseSort(params: Map<string, string[]>, catalog: QueryFieldCatalog): SortOutcome {
  const sortText = single(params, 'sort');
  if (sortText === undefined) return { ok: true, sort: undefined };
  const path = sortText.value?.trim();
  if (path === undefined) return sortFailure('sort is given more than once with different values', undefined);
  const fieldKind = path === '' ? undefined : catalog.sortable(path);
  if (fieldKind === undefined) {
    const message = path === '' ? 'sort must name a field' : `unknown sort field '${truncate(path)}'`;
    return sortFailure(message, undefined);
  }

  const orderText = single(params, 'orderBy');
  if (orderText === undefined) return { ok: true, sort: { path, fieldKind, direction: 'asc' } };
  const order = orderText.value?.trim().toLowerCase();
  if (order === 'asc' || order === 'acs') return { ok: true, sort: { path, fieldKind, direction: 'asc' } };
  if (order === 'desc') return { ok: true, sort: { path, fieldKind, direction: 'desc' } };
  return sortFailure('orderBy must be asc or desc', { path, fieldKind, direction: 'asc' });
}

function sortFailure(message: string, fallback: SortSpec | undefined): SortOutcome {
  return { ok: false, error: { code: 'invalid_sort_field', message }, fallback };
}

function collect(rawQuery: string): Map<string, string[]> {
  const params = new Map<string, string[]>();
  for (const { name, value } of splitRawQuery(rawQuery)) {
    const values = params.get(name);
    if (values === undefined) params.set(name, [value]);
    else values.push(value);
  }
  return params;
}

/** undefined: absent; `{ value: undefined }`: repeated with different values. */
function single(params: Map<string, string[]>, name: string): { value: string | undefined } | undefined {
  const values = params.get(name);
  if (values === undefined) return undefined;
  const first = values[0];
  return { value: values.every((value) => value === first) ? first : undefined };
}

function truncate(name: string): string {
  return name.length > 60 ? `${name.slice(0, 60)}…` : name;
}

function fail(code: QueryErrorCode, message: string): { ok: false; error: QueryError } {
  return { ok: false, error: { code, message } };
}
