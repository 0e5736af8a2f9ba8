import { ENTITIES, isEntityName, type EntityDecl } from '../../model/index.ts';
import type { SyncRules } from './rules.ts';

const SETTABLE = new Set(['string', 'enum', 'date', 'datetime', 'stringList', 'enumList']);
const PSEUDO_FIELDS = new Set(['role', 'org', 'sourcedId', 'status', 'dateLastModified']);

function knows(entity: EntityDecl, field: string): boolean {
  return PSEUDO_FIELDS.has(field) || entity.fields.some((f) => f.name === field);
}

/**
 * Every problem with a connection's rules, in words a person can act on; [] when they can be
 * saved. Checked against the model, so a misspelt field is caught when the rule is written, not
 * silently never matching in the night's run.
 */
export function checkRules(rules: SyncRules): string[] {
  const problems: string[] = [];
  const entityOf = (name: string, where: string): EntityDecl | undefined => {
    if (isEntityName(name)) return ENTITIES.find((e) => e.name === name);
    problems.push(`${where}: '${name}' is not an entity (one of ${ENTITIES.map((e) => e.name).join(', ')})`);
    return undefined;
  };
  for (const [name, rule] of Object.entries(rules.filters ?? {})) {
    const entity = entityOf(name, 'filter rules');
    for (const c of rule?.conditions ?? []) {
      if (entity !== undefined && !knows(entity, c.field)) problems.push(`filter rules: ${name} has no field '${c.field}'`);
      if (!['empty', 'notEmpty'].includes(c.operator) && (c.value === undefined || c.value === '')) problems.push(`filter rules: ${name}.${c.field} ${c.operator} needs a value`);
      if ((c.operator === 'before' || c.operator === 'after') && !/^\d{4}-\d{2}-\d{2}/.test(c.value ?? '')) problems.push(`filter rules: ${name}.${c.field} ${c.operator} needs a date (YYYY-MM-DD)`);
    }
  }
  for (const [name, list] of Object.entries(rules.attributes ?? {})) {
    const entity = entityOf(name, 'attribute mapping');
    for (const rule of list ?? []) {
      const sources = [rule.from, rule.constant, rule.template].filter((v) => v !== undefined).length;
      if (sources !== 1) problems.push(`attribute mapping: ${name}.${rule.target} needs exactly one of from, constant or template`);
      const field = entity?.fields.find((f) => f.name === rule.target);
      if (entity !== undefined && (field === undefined || !SETTABLE.has(field.type.kind))) problems.push(`attribute mapping: ${name}.${rule.target} is not a text field that can be set`);
      if (entity !== undefined && rule.from !== undefined && !knows(entity, rule.from)) problems.push(`attribute mapping: ${name} has no field '${rule.from}'`);
    }
  }
  for (const [name, list] of Object.entries(rules.requirements ?? {})) {
    const entity = entityOf(name, 'data requirements');
    for (const r of list ?? []) if (entity !== undefined && !knows(entity, r.field)) problems.push(`data requirements: ${name} has no field '${r.field}'`);
  }
  if (rules.idPrefix !== undefined && !/^[A-Za-z0-9._:-]{1,32}$/.test(rules.idPrefix)) problems.push('SIS ID prefix: 1 to 32 letters, digits or . _ : -');
  for (const domain of rules.uniqueness ?? []) {
    if (domain !== 'email' && domain !== 'username' && !/^userIds:.+$/.test(domain)) problems.push(`domains of uniqueness: '${domain}' is not email, username or userIds:<type>`);
  }
  const map = rules.schools?.map ?? {};
  for (const [from, to] of Object.entries(map)) if (map[to] !== undefined && map[to] !== to) problems.push(`schools mapping: ${from} → ${to}, but ${to} is itself mapped onto ${map[to]}`);
  for (const [name, fields] of Object.entries(rules.masterFields ?? {})) {
    const entity = entityOf(name, 'master fields');
    for (const field of Object.keys(fields ?? {})) if (entity !== undefined && !knows(entity, field)) problems.push(`master fields: ${name} has no field '${field}'`);
  }
  return problems;
}
