import type { EntityDecl, Version } from '../../model/index.ts';
import type { RemoteObject } from '../client/paging.ts';

/**
 * The habits of real providers smoothed over before the model's strict JSON reading: booleans
 * sent as the other version's spelling (1.1 providers often send "true"; some 1.2 ones send true),
 * `null` or "" for an optional value that is absent, and a status in another case.
 */
export function tolerateJson(entity: EntityDecl, version: Version, raw: RemoteObject): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(raw)) if (value !== null) out[key] = value;
  if (typeof out.status === 'string') out.status = out.status.toLowerCase();
  for (const f of entity.fields) {
    const name = f.json[version];
    if (name === undefined || f.extension) continue;
    const value = out[name];
    if (f.type.kind === 'boolean') {
      const text = typeof value === 'string' ? value.trim().toLowerCase() : value;
      const bool = text === true || text === 'true' ? true : text === false || text === 'false' ? false : undefined;
      if (bool !== undefined) out[name] = version === '1.2' ? String(bool) : bool;
    } else if (value === '' && f.required[version] !== true && f.type.kind !== 'string') {
      delete out[name];
    }
  }
  return out;
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
