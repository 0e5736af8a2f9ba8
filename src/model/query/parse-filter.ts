import { checkFilterValue } from './filter-values.ts';
import type { Comparison, FilterExpression, FilterResult, Predicate, QueryError, QueryFieldCatalog } from './query-types.ts';

/**
 * Parses a decoded OneRoster `filter` value into a FilterExpression. Grammar (our reading of the spec,
 * lenient where clients differ):
 *
 *   filter     := ws* term (ws+ logical ws+ term)* ws*
 *   logical    := AND | OR                       — any letter case
 *   term       := path ws* predicate ws* value
 *   path       := one or more characters other than whitespace, quotes, parentheses and = ! < > ~
 *                 (dots reach into objects: `school.sourcedId`); the catalog decides which exist
 *   predicate  := = | != | > | >= | < | <= | ~    — `~` is "contains"
 *   value      := ' ( any character but ' | '' )* '   — a quote inside a value is written doubled
 *
 * - AND and OR may be mixed; AND binds tighter (`a AND b OR c` is `(a AND b) OR c`). Parentheses are
 *   not part of the spec and are refused. `a AND b AND c` becomes one `and` with three operands; a
 *   single term is returned as a bare comparison.
 * - Values must be quoted, numbers, dates and booleans included, as the spec says.
 * - At most MAX_TERMS comparisons, so the store never builds a pathological query.
 * - Every problem is an `invalid_filter_field` error whose message says what and at which character
 *   (1-based, counted in UTF-16 code units of the decoded filter). Messages name fields, never values.
 * - Never throws, whatever the text.
 */
export const MAX_TERMS = 100;

const PREDICATES: readonly Predicate[] = ['!=', '>=', '<=', '=', '>', '<', '~'];
const PATH_STOP = /[\s'"()=!<>~]/;
const WHITESPACE = /\s/;

type Step<T> = { ok: true; value: T } | { ok: false; error: QueryError };

export function parseFilter(text: string, catalog: QueryFieldCatalog): FilterResult {
  if (text.trim() === '') return fail('filter is empty');
  const groups: Comparison[][] = [[]];
  let pos = 0;
  let terms = 0;
  for (;;) {
    const term = parseTerm(text, pos, catalog);
    if (!term.ok) return term;
    terms += 1;
    if (terms > MAX_TERMS) return fail(`filter has more than ${MAX_TERMS} comparisons`);
    groups[groups.length - 1]?.push(term.value.comparison);

    const termEnd = term.value.end;
    pos = skipWhitespace(text, termEnd);
    if (pos >= text.length) break;
    const logical = readLogical(text, termEnd, pos);
    if (!logical.ok) return logical;
    if (logical.value.operator === 'OR') groups.push([]);
    pos = logical.value.end;
  }
  return { ok: true, filter: build(groups) };
}

function build(groups: Comparison[][]): FilterExpression {
  const operands: FilterExpression[] = groups.map((group) =>
    group.length === 1 && group[0] !== undefined ? group[0] : { kind: 'and', operands: group },
  );
  return operands.length === 1 && operands[0] !== undefined ? operands[0] : { kind: 'or', operands };
}

function parseTerm(text: string, start: number, catalog: QueryFieldCatalog): Step<{ comparison: Comparison; end: number }> {
  let pos = skipWhitespace(text, start);
  if (pos >= text.length) return fail(`expected a comparison at character ${pos + 1} (end of filter)`);
  const first = text.charAt(pos);
  if (first === '(' || first === ')') return fail(`parentheses are not supported (character ${pos + 1})`);

  const pathStart = pos;
  while (pos < text.length && !PATH_STOP.test(text.charAt(pos))) pos += 1;
  const path = text.slice(pathStart, pos);
  if (path === '') {
    if (first === "'" || first === '"') return fail(`expected a field name before the value at character ${pos + 1}`);
    if (isPredicateStart(first)) return fail(`missing field name before '${first}' at character ${pos + 1}`);
    return fail(`expected a field name at character ${pos + 1}, found ${preview(text, pos)}`);
  }
  const name = quoteName(path);

  pos = skipWhitespace(text, pos);
  const predicate = PREDICATES.find((candidate) => text.startsWith(candidate, pos));
  if (predicate === undefined) {
    if (pos >= text.length) return fail(`expected a comparison operator after ${name} at character ${pos + 1} (end of filter)`);
    return fail(
      `expected a comparison operator (= != > >= < <= ~) after ${name} at character ${pos + 1}, found ${preview(text, pos)}`,
    );
  }
  pos = skipWhitespace(text, pos + predicate.length);

  if (pos >= text.length) return fail(`missing value after ${name}${predicate} at character ${pos + 1} (end of filter)`);
  if (text.charAt(pos) !== "'") {
    return fail(`the value for ${name} must be in single quotes (character ${pos + 1})`);
  }
  const quoted = readQuoted(text, pos);
  if (!quoted.ok) return quoted;

  const fieldKind = catalog.filterable(path);
  if (fieldKind === undefined) return fail(`unknown filter field ${name} (character ${pathStart + 1})`);
  const checked = checkFilterValue(truncate(path), fieldKind, predicate, quoted.value.value);
  if (!checked.ok) return fail(`${checked.problem} (value at character ${pos + 1})`);

  const comparison: Comparison = { kind: 'comparison', path, fieldKind, predicate, value: checked.value };
  if (checked.dateOnly) comparison.dateOnly = true;
  return { ok: true, value: { comparison, end: quoted.value.end } };
}

/** Reads `'…'` starting at the opening quote; `''` inside stands for one quote. */
function readQuoted(text: string, open: number): Step<{ value: string; end: number }> {
  let value = '';
  let pos = open + 1;
  for (;;) {
    const close = text.indexOf("'", pos);
    if (close < 0) return fail(`unterminated quoted value starting at character ${open + 1}`);
    value += text.slice(pos, close);
    if (text.charAt(close + 1) === "'") {
      value += "'";
      pos = close + 2;
    } else {
      return { ok: true, value: { value, end: close + 1 } };
    }
  }
}

/** Reads AND/OR at `pos`; `termEnd` is where the previous term ended (whitespace must separate them). */
function readLogical(text: string, termEnd: number, pos: number): Step<{ operator: 'AND' | 'OR'; end: number }> {
  let wordEnd = pos;
  while (wordEnd < text.length && /[A-Za-z]/.test(text.charAt(wordEnd))) wordEnd += 1;
  const word = text.slice(pos, wordEnd).toUpperCase();
  if (word !== 'AND' && word !== 'OR') {
    return fail(`expected AND or OR at character ${pos + 1}, found ${preview(text, pos)}`);
  }
  if (pos === termEnd) return fail(`expected whitespace before ${word} at character ${pos + 1}`);
  const next = skipWhitespace(text, wordEnd);
  if (next >= text.length) return fail(`filter ends with ${word} at character ${pos + 1}: expected a comparison after it`);
  if (next === wordEnd) return fail(`expected whitespace after ${word} at character ${wordEnd + 1}`);
  return { ok: true, value: { operator: word, end: next } };
}

function skipWhitespace(text: string, pos: number): number {
  let at = pos;
  while (at < text.length && WHITESPACE.test(text.charAt(at))) at += 1;
  return at;
}

function isPredicateStart(char: string): boolean {
  return char === '=' || char === '!' || char === '<' || char === '>' || char === '~';
}

/**
 * The token at `pos`, for messages: up to the next whitespace or quote, at most 20 characters.
 * A quoted value is described, not echoed — values may be personal data.
 */
function preview(text: string, pos: number): string {
  if (text.charAt(pos) === "'") return 'a quoted value';
  const match = /^[^\s']{1,20}/.exec(text.slice(pos, pos + 20));
  return match === null ? '' : `'${match[0]}'`;
}

function quoteName(path: string): string {
  return `'${truncate(path)}'`;
}

function truncate(path: string): string {
  return path.length > 60 ? `${path.slice(0, 60)}…` : path;
}

function fail(message: string): { ok: false; error: QueryError } {
  return { ok: false, error: { code: 'invalid_filter_field', message } };
}
