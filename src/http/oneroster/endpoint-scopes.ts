import { ATTENDANCE_READ_SCOPE } from '../../access/index.ts';
import type { AnyEntityDecl, Version } from '../../model/index.ts';

const BASE: Record<Version, string> = {
  '1.1': 'https://purl.imsglobal.org/spec/or/v1p1/scope/',
  '1.2': 'https://purl.imsglobal.org/spec/or/v1p2/scope/',
};

/**
 * The OAuth 2.0 scopes that open an endpoint (any one suffices), as the 1.2 OpenAPI files map them;
 * 1.1 uses the same names under its own base. Collections and single records of the core
 * entities take the "core" scope or the full one; nested routes the full one only; demographics
 * their own scope.
 */
export function endpointScopes(entity: AnyEntityDecl, version: Version, nested: boolean): string[] {
  // Attendance is the hub's own API: one hub-defined scope opens all of it (docs/attendance.md).
  if (entity.service === 'attendance') return [ATTENDANCE_READ_SCOPE];
  const names = scopeNames(entity, nested);
  return names.map((name) => `${BASE[version]}${name}`);
}

/** 1.2's assessment entities have scopes of their own. */
const ASSESSMENT: ReadonlySet<string> = new Set(['assessmentLineItems', 'assessmentResults']);

export type WriteMethod = 'PUT' | 'DELETE' | 'POST';

const WRITE_SCOPE: Record<WriteMethod, string> = { PUT: 'createput', DELETE: 'delete', POST: 'createpost' };

/** The one scope a gradebook write needs: `gradebook.createput|delete|createpost` (assessments: `assessment.…`). */
export function writeScope(entity: AnyEntityDecl, version: Version, method: WriteMethod): string {
  return `${BASE[version]}${ASSESSMENT.has(entity.name) ? 'assessment' : 'gradebook'}.${WRITE_SCOPE[method]}`;
}

function scopeNames(entity: AnyEntityDecl, nested: boolean): string[] {
  if (entity.name === 'demographics') return ['roster-demographics.readonly'];
  if (ASSESSMENT.has(entity.name)) return ['assessment.readonly'];
  switch (entity.service) {
    case 'rostering':
      return nested ? ['roster.readonly'] : ['roster-core.readonly', 'roster.readonly'];
    case 'gradebook':
      return nested ? ['gradebook.readonly'] : ['gradebook-core.readonly', 'gradebook.readonly'];
    case 'resources':
      return nested ? ['resource.readonly'] : ['resource-core.readonly', 'resource.readonly'];
    case 'attendance':
      return [];
  }
}
