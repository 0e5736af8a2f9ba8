import { readFileSync } from 'node:fs';

/**
 * A small JSON Schema checker for the keywords the official OneRoster OpenAPI component schemas use
 * (type, properties, required, additionalProperties, enum, items, minItems, $ref, anyOf, pattern,
 * format date / date-time). Written here because the project has no schema validator dependency;
 * it reports every problem with its JSON path.
 */
type Schema = { [key: string]: unknown };

export const OPENAPI_DIR = '/work/shared/reference/openapi';

export function loadComponents(file: string): Record<string, Schema> {
  const document = JSON.parse(readFileSync(`${OPENAPI_DIR}/${file}`, 'utf8')) as { components: { schemas: Record<string, Schema> } };
  return document.components.schemas;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

function typeOf(value: unknown): string {
  if (Array.isArray(value)) return 'array';
  if (value === null) return 'null';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

export function checkSchema(components: Record<string, Schema>, schema: Schema, value: unknown, path = '$'): string[] {
  const ref = schema.$ref;
  if (typeof ref === 'string') {
    const target = components[ref.replace('#/components/schemas/', '')];
    return target === undefined ? [`${path}: unknown $ref ${ref}`] : checkSchema(components, target, value, path);
  }
  if (Array.isArray(schema.anyOf)) {
    const options = schema.anyOf as Schema[];
    return options.some((option) => checkSchema(components, option, value, path).length === 0) ? [] : [`${path}: matches no anyOf option`];
  }
  const problems: string[] = [];
  const type = schema.type;
  const actual = typeOf(value);
  if (typeof type === 'string' && type !== actual && !(type === 'number' && actual === 'integer')) return [`${path}: expected ${type}, got ${actual}`];
  if (Array.isArray(schema.enum) && !schema.enum.includes(value)) problems.push(`${path}: ${JSON.stringify(value)} not in enum`);
  if (typeof value === 'string') {
    if (typeof schema.pattern === 'string' && !new RegExp(schema.pattern).test(value)) problems.push(`${path}: does not match ${schema.pattern}`);
    if (schema.format === 'date' && !DATE.test(value)) problems.push(`${path}: not a date`);
    if (schema.format === 'date-time' && !DATE_TIME.test(value)) problems.push(`${path}: not a date-time`);
  }
  if (Array.isArray(value)) {
    if (typeof schema.minItems === 'number' && value.length < schema.minItems) problems.push(`${path}: fewer than ${schema.minItems} items`);
    const items = schema.items as Schema | undefined;
    if (items !== undefined) value.forEach((item, i) => problems.push(...checkSchema(components, items, item, `${path}[${i}]`)));
  }
  if (actual === 'object' && typeof value === 'object' && value !== null) {
    const record = value as Record<string, unknown>;
    const properties = (schema.properties ?? {}) as Record<string, Schema>;
    for (const name of (schema.required ?? []) as string[]) if (!(name in record)) problems.push(`${path}: missing required ${name}`);
    for (const [name, child] of Object.entries(record)) {
      const declared = properties[name];
      if (declared !== undefined) problems.push(...checkSchema(components, declared, child, `${path}.${name}`));
      else if (schema.additionalProperties === false) problems.push(`${path}: undeclared property ${name}`);
    }
  }
  return problems;
}
