import { parseIsoTemporal } from './iso-temporal.ts';
import type { FieldKind, Predicate } from './query-types.ts';

/**
 * Which predicates make sense for each kind of field, and how a quoted value is checked and
 * normalised. The spec leaves this open; our choices:
 * - strings take all seven predicates (ordering follows the store's collation);
 * - enums, references and lists take `=`, `!=` and `~` — ordering an enum or an id means nothing;
 * - dates, date-times and numbers take everything but `~`;
 * - booleans take `=` and `!=` only.
 * Values of date, number and boolean paths are trimmed before checking; other values are kept
 * verbatim (spaces may be significant), including the empty value `''`.
 */
const ALL: readonly Predicate[] = ['=', '!=', '>', '>=', '<', '<=', '~'];
const EQUALITY_AND_CONTAINS: readonly Predicate[] = ['=', '!=', '~'];
const ORDERED: readonly Predicate[] = ['=', '!=', '>', '>=', '<', '<='];

export const PREDICATES_BY_KIND: Readonly<Record<FieldKind, readonly Predicate[]>> = {
  string: ALL,
  enum: EQUALITY_AND_CONTAINS,
  ref: EQUALITY_AND_CONTAINS,
  refList: EQUALITY_AND_CONTAINS,
  stringList: EQUALITY_AND_CONTAINS,
  date: ORDERED,
  datetime: ORDERED,
  number: ORDERED,
  boolean: ['=', '!='],
};

export type CheckedValue = { ok: true; value: string; dateOnly: boolean } | { ok: false; problem: string };

const NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

/** `label` is how the field is named in messages (already quoted/truncated by the caller). */
export function checkFilterValue(label: string, kind: FieldKind, predicate: Predicate, raw: string): CheckedValue {
  const allowed = PREDICATES_BY_KIND[kind];
  if (!allowed.includes(predicate)) {
    return {
      ok: false,
      problem: `the ${predicate} operator cannot be used with ${label} (a ${kind} field; use ${allowed.join(' ')})`,
    };
  }
  switch (kind) {
    case 'date':
    case 'datetime': {
      const temporal = parseIsoTemporal(raw.trim());
      return temporal === undefined
        ? { ok: false, problem: `${label} must be a date or date-time (YYYY-MM-DD or ISO 8601, e.g. 2024-03-01T10:00:00Z)` }
        : { ok: true, value: temporal.value, dateOnly: temporal.dateOnly };
    }
    case 'number': {
      const text = raw.trim();
      const value = Number(text);
      return NUMBER.test(text) && Number.isFinite(value)
        ? { ok: true, value: String(value), dateOnly: false }
        : { ok: false, problem: `${label} must be a number` };
    }
    case 'boolean': {
      const text = raw.trim().toLowerCase();
      return text === 'true' || text === 'false'
        ? { ok: true, value: text, dateOnly: false }
        : { ok: false, problem: `${label} must be true or false` };
    }
    default:
      return { ok: true, value: raw, dateOnly: false };
  }
}
