import type { EntityName } from '../../model/index.ts';

/**
 * A connection's rules, as data: what the School Passport setup screens configure, in the order
 * the pipeline applies them. Every stage is optional; an empty `SyncRules` passes records through.
 */
export interface SyncRules {
  readonly schools?: SchoolsMapping;
  readonly filters?: Partial<Record<EntityName, FilterRule>>;
  /** `teaching`: staff are kept only while they teach a kept class. Default `all`. */
  readonly staffMode?: 'all' | 'teaching';
  /** Off: emergency-contact-only people are left out and the flag is dropped. Default on. */
  readonly emergencyContacts?: boolean;
  readonly attributes?: Partial<Record<EntityName, readonly AttributeRule[]>>;
  readonly requirements?: Partial<Record<EntityName, readonly DataRequirement[]>>;
  /** Prepended to every sourcedId from this source (and every id it references). */
  readonly idPrefix?: string;
  /** Fields whose values must be unique across the hub (users only). */
  readonly uniqueness?: readonly UniquenessDomain[];
  /** Per entity and field: whether this source wins when another source already wrote the record. */
  readonly masterFields?: Partial<Record<EntityName, Readonly<Record<string, 'this' | 'other'>>>>;
}

export interface SchoolsMapping {
  /** Source school sourcedIds to import; absent = every school of the source. */
  readonly selected?: readonly string[];
  /**
   * Source school → hub school it becomes: onto an existing hub school, or several source schools
   * merged into one. Everything that referenced the source school references the target.
   */
  readonly map?: Readonly<Record<string, string>>;
}

export type FilterOperator = 'equals' | 'notEquals' | 'contains' | 'empty' | 'notEmpty' | 'before' | 'after';

export interface FilterCondition {
  /** A canonical field name (`grades`, `email`, `classType`); `role` and `org` look into users' roles. */
  readonly field: string;
  readonly operator: FilterOperator;
  readonly value?: string;
}

export interface FilterRule {
  /** `all`: every condition must hold; `any`: one is enough. */
  readonly match: 'all' | 'any';
  readonly conditions: readonly FilterCondition[];
  /** Keep records that fail the conditions when a kept record links to them (a kept class's students). */
  readonly includeLinked?: boolean;
}

export type AttributeTransform = 'trim' | 'lower' | 'upper' | { readonly split: string; readonly index: number };

/** Sets one field: from another field, a constant, or a `{field}` template; then the transforms. */
export interface AttributeRule {
  readonly target: string;
  readonly from?: string;
  readonly constant?: string;
  readonly template?: string;
  readonly transforms?: readonly AttributeTransform[];
}

/** What happens when a field is missing: the record is rejected, kept without it, or the run held. */
export interface DataRequirement {
  readonly field: string;
  readonly onMissing: 'reject' | 'dropField' | 'hold';
}

/** `email`, `username`, or `userIds:<type>` (an identifier such as a student number). */
export type UniquenessDomain = 'email' | 'username' | `userIds:${string}`;
