import type { AnyRecord, EntityDecl } from '../../model/index.ts';
import { applyAttributeMapping } from './attribute-mapping.ts';
import { applyDataRequirements } from './data-requirements.ts';
import { applyFilterRules } from './filter-rules.ts';
import { applyIdPrefix } from './id-prefix.ts';
import type { PipelineContext, Stage, StageOutcome } from './outcome.ts';
import { applyEmergencyContacts, applyStaffMode } from './people-rules.ts';
import { mapSchools } from './schools-mapping.ts';

/**
 * The per-record stages in the order the School Passport setup applies them. Uniqueness and master
 * fields come after these and need the hub's state, so the run applies them (uniqueness.ts,
 * master-fields.ts).
 */
export const STAGES: ReadonlyArray<readonly [name: string, stage: Stage]> = [
  ['schools mapping', mapSchools],
  ['filter rules', applyFilterRules],
  ['staff mode', applyStaffMode],
  ['emergency contacts', applyEmergencyContacts],
  ['attribute mapping', applyAttributeMapping],
  ['data requirements', applyDataRequirements],
  ['SIS ID prefix', applyIdPrefix],
];

export interface StagedRecord {
  readonly outcome: StageOutcome;
  /** The stages that changed the record, for its lineage; or the one that left it out. */
  readonly rules: readonly string[];
}

/** One source record through every stage; the first that does not keep it decides. */
export function runStages(entity: EntityDecl, record: AnyRecord, ctx: PipelineContext): StagedRecord {
  let current = record;
  const rules: string[] = [];
  for (const [name, stage] of STAGES) {
    const outcome = stage(entity, current, ctx);
    if (outcome.kind !== 'keep') return { outcome, rules: [name] };
    if (outcome.changed) rules.push(name);
    current = outcome.record;
  }
  return { outcome: { kind: 'keep', record: current, changed: rules.length > 0 }, rules };
}
