import { mapReferences, type AnyRecord, type EntityDecl } from '../../model/index.ts';
import { keep, type PipelineContext, type StageOutcome } from './outcome.ts';

/**
 * SIS ID prefix: every sourcedId from this source, and every id its records reference, gets the
 * prefix, so two sources with the same ids never merge. Ids a schools mapping pointed at a hub
 * school are the hub's own and keep their name.
 */
export function applyIdPrefix(entity: EntityDecl, record: AnyRecord, ctx: PipelineContext): StageOutcome {
  const prefix = ctx.rules.idPrefix;
  if (prefix === undefined || prefix === '') return keep(record);
  const hubSchools = new Set(Object.values(ctx.rules.schools?.map ?? {}));
  const sourceSchools = new Set(Object.keys(ctx.rules.schools?.map ?? {}));
  const renamed = mapReferences(entity, record, (target, id) => {
    // A mapped school's target is a hub id unless it is itself one of the source's schools.
    if (target === 'orgs' && hubSchools.has(id) && !sourceSchools.has(id)) return id;
    return `${prefix}${id}`;
  });
  return keep(renamed, true);
}
