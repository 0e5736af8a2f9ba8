import type { AnyRecord, EntityDecl, EntityName } from '../../model/index.ts';
import type { SyncRules } from './rules.ts';

/** What a stage decides about one record. Values, not exceptions: a run lists them all. */
export type StageOutcome =
  | { readonly kind: 'keep'; readonly record: AnyRecord; readonly changed: boolean }
  /** Left out by a rule the user chose (a filter, an unselected school); not a problem. */
  | { readonly kind: 'drop'; readonly reason: string }
  /** Left out because its data breaks a rule; listed for a person to fix at the source. */
  | { readonly kind: 'reject'; readonly reason: string }
  /** The whole run must wait for a person (a data requirement set to hold). */
  | { readonly kind: 'hold'; readonly reason: string };

/**
 * What stages know beyond the record: ids already kept by earlier entities (so an enrollment of a
 * dropped class is dropped too), the users linked to kept classes, and those who teach one.
 */
export interface PipelineContext {
  readonly rules: SyncRules;
  readonly kept: ReadonlyMap<EntityName, ReadonlySet<string>>;
  /** Users with an enrollment in a kept class (any role). */
  readonly linkedUsers: ReadonlySet<string>;
  /** Users with a teacher enrollment in a kept class. */
  readonly teachingUsers: ReadonlySet<string>;
  /** The source's orgs of type school (what a schools mapping selects among). */
  readonly sourceSchools: ReadonlySet<string>;
}

export type Stage = (entity: EntityDecl, record: AnyRecord, ctx: PipelineContext) => StageOutcome;

export const keep = (record: AnyRecord, changed = false): StageOutcome => ({ kind: 'keep', record, changed });
export const drop = (reason: string): StageOutcome => ({ kind: 'drop', reason });
export const reject = (reason: string): StageOutcome => ({ kind: 'reject', reason });
export const hold = (reason: string): StageOutcome => ({ kind: 'hold', reason });

/** Whether a record's id is among what an earlier entity kept (true when that entity is not tracked). */
export function isKept(ctx: PipelineContext, entity: EntityName, id: string): boolean {
  const ids = ctx.kept.get(entity);
  return ids === undefined || ids.has(id);
}
