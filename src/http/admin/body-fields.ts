import { HubError } from '../../kernel/index.ts';

/** Typed reads of a JSON body's fields; a wrong type is a 400, not a silent default. */
export interface BodyFields {
  string(name: string): string | undefined;
  nullableString(name: string): string | null | undefined;
  boolean(name: string): boolean | undefined;
  strings(name: string): string[] | undefined;
  nullableStrings(name: string): string[] | null | undefined;
  integer(name: string): number | undefined;
  /** An object of string values (`{ "src-1": "hub-1" }`). */
  stringMap(name: string): Record<string, string> | undefined;
  /** A string or an object of string values (`"flat"` or `{ "rostering": "/ims/oneroster/v1p1" }`). */
  stringOrStringMap(name: string): string | Record<string, string> | undefined;
  /** A nested object's fields (`rest: {…}`); absent → undefined. */
  object(name: string): BodyFields | undefined;
}

export function bodyFields(body: unknown): BodyFields {
  const record: Record<string, unknown> = typeof body === 'object' && body !== null && !Array.isArray(body) ? { ...body } : {};
  const wrong = (name: string, expected: string): never => {
    throw new HubError('invalid_argument', `field "${name}" must be ${expected}`);
  };
  return {
    string: (name) => {
      const v = record[name];
      return v === undefined ? undefined : typeof v === 'string' ? v : wrong(name, 'a string');
    },
    nullableString: (name) => {
      const v = record[name];
      return v === undefined || v === null ? v : typeof v === 'string' ? v : wrong(name, 'a string or null');
    },
    boolean: (name) => {
      const v = record[name];
      return v === undefined ? undefined : typeof v === 'boolean' ? v : wrong(name, 'true or false');
    },
    strings: (name) => {
      const v = record[name];
      return v === undefined ? undefined : Array.isArray(v) && v.every((s) => typeof s === 'string') ? v.map(String) : wrong(name, 'a list of strings');
    },
    integer: (name) => {
      const v = record[name];
      return v === undefined ? undefined : typeof v === 'number' && Number.isInteger(v) ? v : wrong(name, 'a whole number');
    },
    stringMap: (name) => {
      const v = record[name];
      if (v === undefined) return undefined;
      if (typeof v !== 'object' || v === null || Array.isArray(v)) return wrong(name, 'an object of strings');
      const entries = Object.entries(v);
      return entries.every(([, s]) => typeof s === 'string') ? Object.fromEntries(entries.map(([k, s]) => [k, String(s)])) : wrong(name, 'an object of strings');
    },
    stringOrStringMap: (name) => {
      const v = record[name];
      if (v === undefined || typeof v === 'string') return v;
      const entries = typeof v === 'object' && v !== null && !Array.isArray(v) ? Object.entries(v) : undefined;
      return entries !== undefined && entries.every(([, s]) => typeof s === 'string') ? Object.fromEntries(entries.map(([k, s]) => [k, String(s)])) : wrong(name, 'a string or an object of strings');
    },
    object: (name) => {
      const v = record[name];
      return v === undefined ? undefined : typeof v === 'object' && v !== null && !Array.isArray(v) ? bodyFields(v) : wrong(name, 'an object');
    },
    nullableStrings: (name) => {
      const v = record[name];
      if (v === undefined || v === null) return v;
      return Array.isArray(v) && v.every((s) => typeof s === 'string') ? v.map(String) : wrong(name, 'a list of strings or null');
    },
  };
}

export function requireField<T>(value: T | undefined, name: string): T {
  if (value === undefined) throw new HubError('invalid_argument', `field "${name}" is required`);
  return value;
}
