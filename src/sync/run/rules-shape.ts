import type { AttributeRule, AttributeTransform, DataRequirement, FilterCondition, FilterOperator, FilterRule, SyncRules, UniquenessDomain } from '../pipeline/index.ts';

/**
 * The shape of a rules document read from JSON, before checkRules judges it against the model: a
 * value of the wrong type is a listed problem, never a crash in the night's run. What passes is
 * rebuilt field by field, so nothing unknown rides along into the stored rules.
 */
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isText = (v: unknown): v is string => typeof v === 'string';
const OPERATORS: readonly FilterOperator[] = ['equals', 'notEquals', 'contains', 'empty', 'notEmpty', 'before', 'after'];
const RULE_KEYS = ['schools', 'filters', 'staffMode', 'emergencyContacts', 'attributes', 'requirements', 'idPrefix', 'uniqueness', 'masterFields'];

function textList(v: unknown, at: string, problems: string[]): string[] | undefined {
  if (Array.isArray(v) && v.every(isText)) return v;
  problems.push(`${at} must be a list of text`);
  return undefined;
}

function textMap(v: unknown, at: string, problems: string[]): Record<string, string> | undefined {
  if (isObject(v) && Object.values(v).every(isText)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, String(x)]));
  problems.push(`${at} must be an object of text → text`);
  return undefined;
}

/** Per-entity lists or objects, each checked by `item`. */
function perEntity<T>(v: unknown, at: string, problems: string[], item: (value: unknown, where: string) => T | undefined): Record<string, T> | undefined {
  if (!isObject(v)) {
    problems.push(`${at} must be an object keyed by entity`);
    return undefined;
  }
  const out: Record<string, T> = {};
  for (const [entity, value] of Object.entries(v)) {
    const parsed = item(value, `${at}.${entity}`);
    if (parsed !== undefined) out[entity] = parsed;
  }
  return out;
}

function listOf<T>(v: unknown, at: string, problems: string[], item: (value: Record<string, unknown>, where: string) => T | undefined): T[] | undefined {
  if (!Array.isArray(v)) {
    problems.push(`${at} must be a list`);
    return undefined;
  }
  const out: T[] = [];
  v.forEach((x: unknown, i) => {
    if (!isObject(x)) return void problems.push(`${at}[${i}] must be an object`);
    const parsed = item(x, `${at}[${i}]`);
    if (parsed !== undefined) out.push(parsed);
  });
  return out;
}

export function checkRulesShape(input: unknown): { rules?: SyncRules; problems: string[] } {
  const problems: string[] = [];
  if (!isObject(input)) return { problems: ['rules must be an object'] };
  for (const key of Object.keys(input)) if (!RULE_KEYS.includes(key)) problems.push(`rules: '${key}' is not a rule (one of ${RULE_KEYS.join(', ')})`);
  const rules: Record<string, unknown> = {};

  if (input.schools !== undefined) {
    const s = input.schools;
    if (!isObject(s)) problems.push('rules.schools must be an object {selected, map}');
    else {
      const selected = s.selected === undefined ? undefined : textList(s.selected, 'rules.schools.selected', problems);
      const map = s.map === undefined ? undefined : textMap(s.map, 'rules.schools.map', problems);
      rules.schools = { ...(selected === undefined ? {} : { selected }), ...(map === undefined ? {} : { map }) };
    }
  }
  if (input.filters !== undefined) {
    rules.filters = perEntity(input.filters, 'rules.filters', problems, (v, at): FilterRule | undefined => {
      if (!isObject(v)) return void problems.push(`${at} must be an object {match, conditions}`);
      if (v.match !== 'all' && v.match !== 'any') problems.push(`${at}.match must be all or any`);
      const conditions = listOf(v.conditions, `${at}.conditions`, problems, (c, where): FilterCondition | undefined => {
        const operator = OPERATORS.find((o) => o === c.operator);
        if (!isText(c.field) || operator === undefined) return void problems.push(`${where} needs a field and an operator (one of ${OPERATORS.join(', ')})`);
        if (c.value !== undefined && !isText(c.value)) return void problems.push(`${where}.value must be text`);
        return { field: c.field, operator, ...(isText(c.value) ? { value: c.value } : {}) };
      });
      if (v.includeLinked !== undefined && typeof v.includeLinked !== 'boolean') problems.push(`${at}.includeLinked must be true or false`);
      return { match: v.match === 'any' ? 'any' : 'all', conditions: conditions ?? [], ...(v.includeLinked === true ? { includeLinked: true } : {}) };
    });
  }
  if (input.staffMode !== undefined) {
    if (input.staffMode !== 'all' && input.staffMode !== 'teaching') problems.push('rules.staffMode must be all or teaching');
    else rules.staffMode = input.staffMode;
  }
  if (input.emergencyContacts !== undefined) {
    if (typeof input.emergencyContacts !== 'boolean') problems.push('rules.emergencyContacts must be true or false');
    else rules.emergencyContacts = input.emergencyContacts;
  }
  if (input.attributes !== undefined) {
    rules.attributes = perEntity(input.attributes, 'rules.attributes', problems, (v, at) =>
      listOf(v, at, problems, (r, where): AttributeRule | undefined => {
        if (!isText(r.target)) return void problems.push(`${where}.target must be a field name`);
        for (const k of ['from', 'constant', 'template'] as const) if (r[k] !== undefined && !isText(r[k])) problems.push(`${where}.${k} must be text`);
        const transforms = r.transforms === undefined ? undefined : transformList(r.transforms, `${where}.transforms`, problems);
        return {
          target: r.target,
          ...(isText(r.from) ? { from: r.from } : {}),
          ...(isText(r.constant) ? { constant: r.constant } : {}),
          ...(isText(r.template) ? { template: r.template } : {}),
          ...(transforms === undefined ? {} : { transforms }),
        };
      }),
    );
  }
  if (input.requirements !== undefined) {
    rules.requirements = perEntity(input.requirements, 'rules.requirements', problems, (v, at) =>
      listOf(v, at, problems, (r, where): DataRequirement | undefined => {
        if (!isText(r.field) || (r.onMissing !== 'reject' && r.onMissing !== 'dropField' && r.onMissing !== 'hold')) return void problems.push(`${where} needs a field and onMissing (reject, dropField or hold)`);
        return { field: r.field, onMissing: r.onMissing };
      }),
    );
  }
  if (input.idPrefix !== undefined) {
    if (!isText(input.idPrefix)) problems.push('rules.idPrefix must be text');
    else rules.idPrefix = input.idPrefix;
  }
  if (input.uniqueness !== undefined) {
    const list = textList(input.uniqueness, 'rules.uniqueness', problems);
    const domains: UniquenessDomain[] = [];
    for (const d of list ?? []) {
      if (d === 'email' || d === 'username') domains.push(d);
      else if (d.startsWith('userIds:') && d.length > 'userIds:'.length) domains.push(`userIds:${d.slice('userIds:'.length)}`);
      else problems.push(`rules.uniqueness: '${d}' is not email, username or userIds:<type>`);
    }
    rules.uniqueness = domains;
  }
  if (input.masterFields !== undefined) {
    rules.masterFields = perEntity(input.masterFields, 'rules.masterFields', problems, (v, at) => {
      if (!isObject(v) || !Object.values(v).every((x) => x === 'this' || x === 'other')) return void problems.push(`${at} must be an object of field → this | other`);
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, x === 'other' ? 'other' : 'this']));
    });
  }
  return problems.length > 0 ? { problems } : { rules: rules as SyncRules, problems };
}

function transformList(v: unknown, at: string, problems: string[]): AttributeTransform[] | undefined {
  if (!Array.isArray(v)) return void problems.push(`${at} must be a list`);
  const out: AttributeTransform[] = [];
  for (const t of v) {
    if (t === 'trim' || t === 'lower' || t === 'upper') out.push(t);
    else if (isObject(t) && isText(t.split) && typeof t.index === 'number' && Number.isInteger(t.index)) out.push({ split: t.split, index: t.index });
    else problems.push(`${at}: each transform is trim, lower, upper or {split, index}`);
  }
  return out;
}
