import { entityDecl, type EntityName } from '../../model/index.ts';
import { q, type StoreDialect } from '../dialect.ts';

/**
 * Conditions on roster rows, as data: typed collections (`/schools`), nested routes
 * (`/classes/{id}/students`) and access scope are all written in this small language, and compiled
 * to SQL here only. Column names come from the model, never from a request; values are parameters.
 */
export type Condition =
  | { readonly kind: 'equals'; readonly column: string; readonly value: string }
  | { readonly kind: 'oneOf'; readonly column: string; readonly values: readonly string[] }
  /** A JSON list column (classes.terms) holds the value. */
  | { readonly kind: 'listContains'; readonly column: string; readonly value: string }
  /** users.roles has one entry with this role and/or org. */
  | { readonly kind: 'roleMember'; readonly role?: string; readonly org?: string }
  /** Some role entry's org is one of the values. */
  | { readonly kind: 'roleOrgOneOf'; readonly values: readonly string[] }
  /** `column in (select select from entity where status = 'active' and where…)`. */
  | { readonly kind: 'inSelect'; readonly column: string; readonly entity: EntityName; readonly select: string; readonly where: readonly Condition[] }
  /** An active row of `entity` matching `where` lists this row's sourcedId in its `listColumn`. */
  | { readonly kind: 'listedBy'; readonly entity: EntityName; readonly listColumn: string; readonly where: readonly Condition[] }
  | { readonly kind: 'any'; readonly conditions: readonly Condition[] }
  | { readonly kind: 'never' };

/** Collects parameters while a statement is built, numbering placeholders the dialect's way. */
export class Params {
  readonly values: unknown[] = [];
  constructor(private readonly dialect: StoreDialect) {}
  add(value: unknown): string {
    this.values.push(value);
    return this.dialect.placeholder(this.values.length - 1);
  }
}

export interface CompileContext {
  readonly dialect: StoreDialect;
  readonly params: Params;
  /** Alias of the row the condition is about. */
  readonly alias: string;
  /** Nesting depth, for fresh subquery aliases. */
  readonly depth: number;
}

export function col(alias: string, column: string): string {
  return `${q(alias)}.${q(column)}`;
}

export function compileConditions(conditions: readonly Condition[], ctx: CompileContext): string[] {
  return conditions.map((c) => compileCondition(c, ctx));
}

export function compileCondition(condition: Condition, ctx: CompileContext): string {
  const { dialect, params, alias } = ctx;
  switch (condition.kind) {
    case 'equals':
      return `${col(alias, condition.column)} = ${params.add(condition.value)}`;
    case 'oneOf':
      if (condition.values.length === 0) return '1 = 0';
      return `${col(alias, condition.column)} in (${condition.values.map((v) => params.add(v)).join(', ')})`;
    case 'listContains':
      return dialect.jsonArrayContains(col(alias, condition.column), params.add(condition.value));
    case 'roleMember': {
      const match: Array<[string, string]> = [];
      if (condition.role !== undefined) match.push(['role', params.add(condition.role)]);
      if (condition.org !== undefined) match.push(['org', params.add(condition.org)]);
      return match.length === 0 ? '1 = 1' : dialect.jsonArrayHasMember(col(alias, 'roles'), match);
    }
    case 'roleOrgOneOf':
      if (condition.values.length === 0) return '1 = 0';
      return `(${condition.values.map((v) => dialect.jsonArrayHasMember(col(alias, 'roles'), [['org', params.add(v)]])).join(' or ')})`;
    case 'inSelect': {
      const sub = `s${ctx.depth + 1}`;
      const where = [`${col(sub, 'status')} = 'active'`, ...compileConditions(condition.where, { ...ctx, alias: sub, depth: ctx.depth + 1 })];
      return `${col(alias, condition.column)} in (select ${col(sub, condition.select)} from ${q(entityDecl(condition.entity).table)} ${q(sub)} where ${where.join(' and ')})`;
    }
    case 'listedBy': {
      const sub = `s${ctx.depth + 1}`;
      const where = [
        `${col(sub, 'status')} = 'active'`,
        ...compileConditions(condition.where, { ...ctx, alias: sub, depth: ctx.depth + 1 }),
        dialect.jsonArrayContains(col(sub, condition.listColumn), col(alias, 'sourced_id')),
      ];
      return `exists (select 1 from ${q(entityDecl(condition.entity).table)} ${q(sub)} where ${where.join(' and ')})`;
    }
    case 'any':
      if (condition.conditions.length === 0) return '1 = 0';
      return `(${condition.conditions.map((c) => `(${compileCondition(c, ctx)})`).join(' or ')})`;
    case 'never':
      return '1 = 0';
  }
}
