import type { EntityDecl, Version } from '../../model/index.ts';
import type { RemoteObject } from '../client/paging.ts';

/**
 * The habits of real providers smoothed over before the model's strict JSON reading: booleans
 * sent as the other version's spelling (1.1 providers often send "true"; some 1.2 ones send true),
 * `null` or "" for an optional value that is absent, and a status in another case.
 */
export function tolerateJson(fields: TolerantFields, version: Version, raw: RemoteObject): Record<string, unknown> {
  const out: Record<string, unknown> = { ...raw };
  for (const key in out) if (out[key] === null) delete out[key];
  if (typeof out.status === 'string') out.status = out.status.toLowerCase();
  const { booleans, blankable } = fields;
  for (const name of booleans) {
    const value = out[name];
    if (value === undefined) continue;
    const text = typeof value === 'string' ? value.trim().toLowerCase() : value;
    const bool = text === true || text === 'true' ? true : text === false || text === 'false' ? false : undefined;
    if (bool !== undefined) out[name] = version === '1.2' ? String(bool) : bool;
  }
  for (const name of blankable) if (out[name] === '') delete out[name];
  return out;
}

export interface TolerantFields {
  /** JSON names of the boolean fields. */
  readonly booleans: readonly string[];
  /** JSON names of the optional non-string fields, where "" means absent. */
  readonly blankable: readonly string[];
}

/** The fields `tolerateJson` smooths, from the model: worked out once per entity of a read, not per record. */
export function tolerantFields(entity: EntityDecl, version: Version): TolerantFields {
  const booleans: string[] = [];
  const blankable: string[] = [];
  for (const f of entity.fields) {
    const name = f.json[version];
    if (name === undefined || f.extension) continue;
    if (f.type.kind === 'boolean') booleans.push(name);
    else if (f.required[version] !== true && f.type.kind !== 'string') blankable.push(name);
  }
  return { booleans, blankable };
}

const CANONICAL = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):[0-5]\d:[0-5]\d\.\d{3}Z$/;

/** A provider's dateLastModified in the hub's canonical form, or undefined when it has none that parses. */
export function modifiedAt(raw: RemoteObject): string | undefined {
  const value = raw.dateLastModified;
  if (typeof value !== 'string') return undefined;
  // Most providers (ours included) already send the canonical form: no parse for them.
  if (CANONICAL.test(value)) return value;
  const time = Date.parse(value);
  return Number.isNaN(time) ? undefined : new Date(time).toISOString();
}
