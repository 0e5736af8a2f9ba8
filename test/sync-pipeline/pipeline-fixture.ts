import { entityDecl, type ClassRecord, type EnrollmentRecord, type OrgRecord, type UserRecord } from '../../src/model/index.ts';
import type { PipelineContext } from '../../src/sync/pipeline/outcome.ts';
import type { SyncRules } from '../../src/sync/pipeline/index.ts';

export const orgs = entityDecl('orgs');
export const users = entityDecl('users');
export const classes = entityDecl('classes');
export const enrollments = entityDecl('enrollments');
export const courses = entityDecl('courses');

export const school = (sourcedId: string, name = sourcedId.toUpperCase(), identifier?: string): OrgRecord => ({
  sourcedId, status: 'active', name, type: 'school', parent: 'd1', ...(identifier === undefined ? {} : { identifier }),
});
export const person = (sourcedId: string, roles: Array<[role: string, org: string]>, extra: Partial<UserRecord> = {}): UserRecord => ({
  sourcedId, status: 'active', enabledUser: true, givenName: 'Ada', familyName: 'Lovelace',
  roles: roles.map(([role, org], i) => ({ roleType: i === 0 ? 'primary' : 'secondary', role, org })),
  ...extra,
});
export const klass = (sourcedId: string, schoolId: string, extra: Partial<ClassRecord> = {}): ClassRecord => ({
  sourcedId, status: 'active', title: sourcedId, course: 'co1', school: schoolId, classType: 'scheduled', terms: ['t1'], ...extra,
});
export const enrollment = (sourcedId: string, classId: string, userId: string, role = 'student', schoolId = 's1'): EnrollmentRecord => ({
  sourcedId, status: 'active', class: classId, user: userId, school: schoolId, role,
});

export function context(rules: SyncRules, state: Partial<Omit<PipelineContext, 'rules'>> = {}): PipelineContext {
  return {
    rules,
    kept: state.kept ?? new Map(),
    linkedUsers: state.linkedUsers ?? new Set(),
    teachingUsers: state.teachingUsers ?? new Set(),
    sourceSchools: state.sourceSchools ?? new Set(['s1', 's2', 's3']),
  };
}
