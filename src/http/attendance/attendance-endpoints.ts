import type { AccessScope } from '../../access/index.ts';
import { ATTENDANCE_ENTITIES, type AttendanceEntityName } from '../../model/index.ts';
import type { Condition } from '../../store/index.ts';
import { collectionsFor } from '../oneroster/collections.ts';
import { endpointScopes } from '../oneroster/endpoint-scopes.ts';
import type { Audience, Endpoint } from '../oneroster/endpoints.ts';

/** Where the hub's attendance API is served (not a OneRoster service, so not under /ims). */
export const ATTENDANCE_BASE = '/attendance/v1';

/** JSON, query names and error envelopes follow OneRoster 1.2. */
const VERSION = '1.2';

/** Only the schools of the access' attendance configuration, whatever its OneRoster configuration says. */
function attendanceAudience(scope: AccessScope): Audience {
  if (scope.attendanceSchoolIds.length === 0) return { ok: false, message: 'This access has no attendance configuration' };
  return { ok: true, visibility: { districtId: undefined, schoolIds: scope.attendanceSchoolIds } };
}

const column = (name: string) => (id: string): Condition[] => [{ kind: 'equals', column: name, value: id }];

/** `/<parent>/{id}/<child>`: the parent is a OneRoster collection that must be visible under the same audience. */
const NESTED: ReadonlyArray<{ parent: string; child: AttendanceEntityName; relation(id: string): Condition[] }> = [
  { parent: 'schools', child: 'attendanceCodes', relation: column('school_id') },
  { parent: 'schools', child: 'dailyAttendance', relation: column('school_id') },
  { parent: 'students', child: 'dailyAttendance', relation: column('student_id') },
  { parent: 'students', child: 'periodAttendance', relation: column('student_id') },
  { parent: 'classes', child: 'periodAttendance', relation: column('class_id') },
];

/** Every attendance route as data, served by the provider's one handler. */
export function attendanceEndpoints(): Endpoint[] {
  const parents = new Map(collectionsFor(VERSION).map((c) => [c.name, c]));
  const endpoints: Endpoint[] = [];
  const common = { version: VERSION, where: [], parents: [], audience: attendanceAudience } as const;
  for (const entity of ATTENDANCE_ENTITIES) {
    const scopes = endpointScopes(entity, VERSION, false);
    endpoints.push({ ...common, path: `${ATTENDANCE_BASE}/${entity.name}`, kind: 'collection', entity, scopes });
    endpoints.push({ ...common, path: `${ATTENDANCE_BASE}/${entity.name}/:id`, kind: 'record', entity, scopes });
  }
  for (const route of NESTED) {
    const parent = parents.get(route.parent);
    const entity = ATTENDANCE_ENTITIES.find((e) => e.name === route.child);
    if (parent === undefined || entity === undefined) throw new Error(`attendance route ${route.parent}/${route.child} names an unknown collection`);
    endpoints.push({
      ...common,
      path: `${ATTENDANCE_BASE}/${route.parent}/:id/${route.child}`,
      kind: 'collection',
      entity,
      parents: [{ collection: parent, param: 'id' }],
      relation: (ids: readonly string[]) => route.relation(ids[0] ?? ''),
      scopes: endpointScopes(entity, VERSION, true),
    });
  }
  return endpoints;
}
