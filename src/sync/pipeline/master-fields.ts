import type { AnyRecord, EntityDecl } from '../../model/index.ts';
import type { SyncRules } from './rules.ts';

/**
 * Master fields: when another source already wrote this record, each field marked `other` keeps
 * the stored value (or stays absent), and every other field takes this source's value. Without a
 * stored record from another source, the incoming record stands as it is.
 */
export function applyMasterFields(entity: EntityDecl, incoming: AnyRecord, storedByOther: AnyRecord | undefined, rules: SyncRules): AnyRecord {
  const masters = rules.masterFields?.[entity.name];
  if (storedByOther === undefined || masters === undefined) return incoming;
  const out: Record<string, unknown> = { ...incoming };
  const stored = storedByOther as Record<string, unknown>;
  for (const [field, winner] of Object.entries(masters)) {
    if (winner !== 'other') continue;
    if (stored[field] === undefined) delete out[field];
    else out[field] = stored[field];
  }
  return out as AnyRecord;
}
