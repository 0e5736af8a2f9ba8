import type { AnyRecord, EntityDecl } from '../../model/index.ts';
import { fieldValues } from './field-values.ts';
import { keep, type PipelineContext, type StageOutcome } from './outcome.ts';
import type { AttributeRule, AttributeTransform } from './rules.ts';

function transform(value: string, step: AttributeTransform): string {
  if (step === 'trim') return value.trim();
  if (step === 'lower') return value.toLowerCase();
  if (step === 'upper') return value.toUpperCase();
  return value.split(step.split)[step.index] ?? '';
}

/** `{givenName}.{familyName}@example.org`: each `{field}` is the record's first value for it. */
export function fillTemplate(template: string, record: AnyRecord): string {
  return template.replace(/\{([A-Za-z][A-Za-z0-9]*)\}/g, (_, field: string) => fieldValues(record, field)[0] ?? '');
}

/** The value a rule gives, before it is stored; undefined when its source field is absent. */
export function attributeValue(rule: AttributeRule, record: AnyRecord): string | undefined {
  let value: string | undefined;
  if (rule.constant !== undefined) value = rule.constant;
  else if (rule.template !== undefined) value = fillTemplate(rule.template, record);
  else if (rule.from !== undefined) value = fieldValues(record, rule.from)[0];
  if (value === undefined) return undefined;
  return (rule.transforms ?? []).reduce(transform, value);
}

/**
 * Attribute mapping: each rule sets its target field of the record from another field, a constant
 * or a template, then the transforms (trim, case, split). A list field takes the value split at
 * commas; an empty result removes the field. Rules apply in order, so one can build on another.
 * Which targets are allowed is checked when the rules are saved (`checkRules`).
 */
export function applyAttributeMapping(entity: EntityDecl, record: AnyRecord, ctx: PipelineContext): StageOutcome {
  const rules = ctx.rules.attributes?.[entity.name];
  if (rules === undefined || rules.length === 0) return keep(record);
  const out: Record<string, unknown> = { ...record };
  for (const rule of rules) {
    const value = attributeValue(rule, out as AnyRecord);
    const field = entity.fields.find((f) => f.name === rule.target);
    if (value === undefined || field === undefined) continue;
    const list = field.type.kind === 'stringList' || field.type.kind === 'enumList';
    const stored = list ? value.split(',').map((v) => v.trim()).filter((v) => v !== '') : value;
    if (stored === '' || (Array.isArray(stored) && stored.length === 0)) delete out[rule.target];
    else out[rule.target] = stored;
  }
  const changed = rules.some((rule) => JSON.stringify(out[rule.target]) !== JSON.stringify((record as Record<string, unknown>)[rule.target]));
  return keep(changed ? (out as AnyRecord) : record, changed);
}
