import { ENTITIES, type EnrollmentRecord, type EntityName, type OrgRecord } from '../../model/index.ts';
import type { PipelineContext, SyncRules } from '../pipeline/index.ts';
import type { Spool } from './spool.ts';

/**
 * Entities another entity refers to (a ref, a list of refs, a role's org): only their kept ids can
 * decide a later record's fate. Enrollments and demographics, the bulk of a district, are never
 * referred to, so a run does not hold a set of their ids.
 */
const REFERRED: ReadonlySet<EntityName> = new Set(
  ENTITIES.flatMap((e) => e.fields.flatMap((f): EntityName[] => (f.type.kind === 'ref' || f.type.kind === 'refList' ? [f.type.target] : f.type.kind === 'roles' ? ['orgs'] : []))),
);

/**
 * The PipelineContext a run builds as it goes, holding only id sets: the ids each referred-to
 * entity kept (by the source's sourcedId, before any prefix), the source's schools, and the users
 * enrolled in (or teaching) a kept class — learnt from a first pass over the spooled enrollments,
 * before users.
 */
export class RunContext {
  readonly kept = new Map<EntityName, Set<string>>();
  private sourceSchools = new Set<string>();
  private linkedUsers = new Set<string>();
  private teachingUsers = new Set<string>();

  constructor(private readonly rules: SyncRules) {}

  /** The set to record an entity's kept ids in; undefined for an entity nothing refers to (`isKept` then says yes). */
  keptOf(entity: EntityName): Set<string> | undefined {
    if (!REFERRED.has(entity)) return undefined;
    let ids = this.kept.get(entity);
    if (ids === undefined) this.kept.set(entity, (ids = new Set()));
    return ids;
  }

  async learnSchools(spool: Spool): Promise<void> {
    for await (const item of spool.read('orgs')) if (item.kind === 'record' && (item.record as OrgRecord).type === 'school') this.sourceSchools.add(item.sourceId);
  }

  async learnEnrollments(spool: Spool): Promise<void> {
    const classes = this.kept.get('classes');
    for await (const item of spool.read('enrollments')) {
      if (item.kind !== 'record') continue;
      const e = item.record as EnrollmentRecord;
      if (classes !== undefined && !classes.has(e.class)) continue;
      this.linkedUsers.add(e.user);
      if (e.role === 'teacher') this.teachingUsers.add(e.user);
    }
  }

  view(): PipelineContext {
    return { rules: this.rules, kept: this.kept, linkedUsers: this.linkedUsers, teachingUsers: this.teachingUsers, sourceSchools: this.sourceSchools };
  }
}
