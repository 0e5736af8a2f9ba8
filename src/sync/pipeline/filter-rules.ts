import type { AnyRecord, EntityDecl, EnrollmentRecord } from '../../model/index.ts';
import { fieldValues } from './field-values.ts';
import { drop, isKept, keep, type PipelineContext, type StageOutcome } from './outcome.ts';
import type { FilterCondition, FilterRule } from './rules.ts';

/** Dates compare by their first ten characters (YYYY-MM-DD), so a date-time is compared by its day. */
function holds(condition: FilterCondition, values: readonly string[]): boolean {
  const wanted = condition.value ?? '';
  switch (condition.operator) {
    case 'empty':
      return values.length === 0;
    case 'notEmpty':
      return values.length > 0;
    case 'equals':
      return values.some((v) => v.toLowerCase() === wanted.toLowerCase());
    case 'notEquals':
      return !values.some((v) => v.toLowerCase() === wanted.toLowerCase());
    case 'contains':
      return values.some((v) => v.toLowerCase().includes(wanted.toLowerCase()));
    case 'before':
      return values.some((v) => v.slice(0, 10) < wanted.slice(0, 10));
    case 'after':
      return values.some((v) => v.slice(0, 10) > wanted.slice(0, 10));
  }
}

export function matchesFilter(rule: FilterRule, record: AnyRecord): boolean {
  const results = rule.conditions.map((c) => holds(c, fieldValues(record, c.field)));
  return rule.match === 'all' ? results.every(Boolean) : results.some(Boolean);
}

/** Whether a kept record links to this one: a kept class's enrollment, or a user enrolled in one. */
function isLinked(entity: EntityDecl, record: AnyRecord, ctx: PipelineContext): boolean {
  if (entity.name === 'users') return ctx.linkedUsers.has(record.sourcedId);
  if (entity.name === 'enrollments') return isKept(ctx, 'classes', (record as EnrollmentRecord).class) && ctx.kept.has('classes');
  return false;
}

/**
 * Filter rules per entity type: a record that fails its entity's conditions is left out, unless
 * the rule includes linked records and a kept record links to it. Records that depend on one left
 * out earlier (an enrollment of a dropped class or user) are left out too, whatever the rules.
 */
export function applyFilterRules(entity: EntityDecl, record: AnyRecord, ctx: PipelineContext): StageOutcome {
  if (entity.name === 'enrollments') {
    const e = record as EnrollmentRecord;
    if (!isKept(ctx, 'classes', e.class)) return drop(`enrollment ${e.sourcedId}: its class ${e.class} is left out`);
    if (!isKept(ctx, 'users', e.user)) return drop(`enrollment ${e.sourcedId}: its user ${e.user} is left out`);
  }
  const rule = ctx.rules.filters?.[entity.name];
  if (rule === undefined || rule.conditions.length === 0 || matchesFilter(rule, record)) return keep(record);
  if (rule.includeLinked === true && isLinked(entity, record, ctx)) return keep(record);
  return drop(`${entity.singular} ${record.sourcedId} does not match the ${entity.name} filter`);
}
