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
 * - On users' roles (`role`, `roles.org.sourcedId` …) a comparison holds when some role does;
 *   `!=` when no role equals.
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

  if (path.element !== undefined) return compileElementComparison(c, column, path.element, ctx);

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

/** A comparison on a property of the elements of a JSON array of objects (users' roles). */
function compileElementComparison(c: Comparison, column: string, element: NonNullable<QueryPath['element']>, ctx: CompileContext): string {
  const { params, dialect } = ctx;
  if (c.predicate === '~') return dialect.jsonArraySome(column, (p) => `lower(${p(element.key)}) like ${params.add(likeContains(c.value))} escape '\\'`);
  const values = element.aliases?.(c.value) ?? [c.value];
  if (c.predicate === '=' || c.predicate === '!=') {
    const some = dialect.jsonArraySome(column, (p) => `${p(element.key)} in (${values.map((v) => params.add(v)).join(', ')})`);
    return c.predicate === '=' ? some : `not ${some}`;
  }
  return dialect.jsonArraySome(column, (p) => `${p(element.key)} ${c.predicate} ${params.add(c.value)}`);
}
