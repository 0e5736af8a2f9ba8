import type { AnyRecord, EntityDecl } from '../../model/index.ts';
import { fieldValues } from './field-values.ts';
import { hold, keep, reject, type PipelineContext, type StageOutcome } from './outcome.ts';

/**
 * Data requirements: for each required field the record lacks, `reject` leaves the record out
 * (listed as a problem), `hold` stops the whole run for a person, and `dropField` keeps the record
 * without the field. The first reject or hold decides; rejects are checked before holds so a
 * record that is both is reported once, as rejected.
 */
export function applyDataRequirements(entity: EntityDecl, record: AnyRecord, ctx: PipelineContext): StageOutcome {
  const requirements = ctx.rules.requirements?.[entity.name];
  if (requirements === undefined) return keep(record);
  const missing = requirements.filter((r) => fieldValues(record, r.field).length === 0);
  const rejected = missing.find((r) => r.onMissing === 'reject');
  if (rejected !== undefined) return reject(`${entity.singular} ${record.sourcedId} has no ${rejected.field}`);
  const held = missing.find((r) => r.onMissing === 'hold');
  if (held !== undefined) return hold(`${entity.singular} ${record.sourcedId} has no ${held.field}`);
  return keep(record);
}
