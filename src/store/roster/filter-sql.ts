import type { Comparison, FilterExpression } from '../../model/query/index.ts';
import { col, type CompileContext } from './conditions.ts';
import type { QueryPath } from './query-paths.ts';

/**
 * A parsed OneRoster filter as a SQL condition. Semantics (the spec leaves them open):
 * - `~` is "contains", case-insensitive for ASCII letters (lower() on both sides; `%`, `_` and `\`
 *   in the value are literal).
 * - `!=` also matches records where the field is absent.
 * - A date-only value compared with a date-time field compares the field's calendar day (UTC);
 *   a date-time value compared with a date field compares with the value's day.
 * - On a list (grades, terms.sourcedId) `=` means "some element equals", `!=` "no element equals",
 *   `~` "the list's text contains".
 * - Booleans are stored as 0/1, numbers as numbers; text compares byte-wise on both engines.
 */
export function compileFilter(filter: FilterExpression, paths: ReadonlyMap<string, QueryPath>, ctx: CompileContext): string {
  if (filter.kind === 'comparison') return compileComparison(filter, paths, ctx);
  const joiner = filter.kind === 'and' ? ' and ' : ' or ';
  return `(${filter.operands.map((operand) => compileFilter(operand, paths, ctx)).join(joiner)})`;
}

function likeContains(value: string): string {
  return `%${value.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

function compileComparison(c: Comparison, paths: ReadonlyMap<string, QueryPath>, ctx: CompileContext): string {
  const path = paths.get(c.path);
  // The parser only lets through paths of the same catalog; an unknown one matches nothing.
  if (path === undefined) return '1 = 0';
  const column = col(ctx.alias, path.column);
  const { params, dialect } = ctx;

  if (c.predicate === '~') return `lower(${column}) like ${params.add(likeContains(c.value))} escape '\\'`;

  if (path.kind === 'stringList' || path.kind === 'refList') {
    const contains = dialect.jsonArrayContains(column, params.add(c.value));
    return c.predicate === '=' ? contains : `(${column} is null or not ${contains})`;
  }

  let left = column;
  let value: unknown = c.value;
  if (path.kind === 'datetime' && c.dateOnly === true) left = `substr(${column}, 1, 10)`;
  else if (path.kind === 'date') value = c.value.slice(0, 10);
  else if (path.kind === 'number') value = Number(c.value);
  else if (path.kind === 'boolean') value = c.value === 'true' ? 1 : 0;

  const placeholder = params.add(value);
  if (c.predicate === '!=') return `(${column} is null or ${left} <> ${placeholder})`;
  return `${left} ${c.predicate} ${placeholder}`;
}
