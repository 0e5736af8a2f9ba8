import type { EntityName } from '../model/index.ts';

/**
 * What a written gradebook record's references must satisfy beyond "names an active record the
 * caller can see" (which holds for every reference field, derived from the model). Data, not code:
 * one checker (check-references.ts) applies them to every entity.
 */
export type ReferenceRule =
  /** The referenced record's `type` is one of `values` (a lineItem's gradingPeriod is a gradingPeriod or term). */
  | { readonly kind: 'typeOf'; readonly field: string; readonly values: readonly string[] }
  /**
   * `field` equals the `viaField` of the record `via` references; when absent it is filled in from
   * there (a 1.2 lineItem's school is its class' school; a result's class is its lineItem's class).
   */
  | { readonly kind: 'sameAs'; readonly field: string; readonly via: string; readonly viaField: string }
  /** The user `field` names holds an active enrollment with `role` in the class that `via`'s `viaField` names. */
  | { readonly kind: 'enrolled'; readonly field: string; readonly via: string; readonly viaField: string; readonly role: string };

export const REFERENCE_RULES: Partial<Record<EntityName, readonly ReferenceRule[]>> = {
  lineItems: [
    // A term is accepted beside a grading period: many SIS grade per term (the spec's type is academicSession).
    { kind: 'typeOf', field: 'gradingPeriod', values: ['gradingPeriod', 'term'] },
    { kind: 'typeOf', field: 'school', values: ['school'] },
    { kind: 'sameAs', field: 'school', via: 'class', viaField: 'school' },
  ],
  results: [
    { kind: 'sameAs', field: 'class', via: 'lineItem', viaField: 'class' },
    { kind: 'enrolled', field: 'student', via: 'lineItem', viaField: 'class', role: 'student' },
  ],
  scoreScales: [{ kind: 'sameAs', field: 'org', via: 'class', viaField: 'school' }],
  assessmentResults: [],
};

/**
 * Records that go with the one deleted: a lineItem's results are tombstoned with it. Any other
 * active record still referencing a deleted one makes the DELETE a 422.
 */
export const DELETE_CASCADES: Partial<Record<EntityName, ReadonlyArray<{ readonly entity: EntityName; readonly field: string }>>> = {
  lineItems: [{ entity: 'results', field: 'lineItem' }],
  assessmentLineItems: [{ entity: 'assessmentResults', field: 'assessmentLineItem' }],
};
