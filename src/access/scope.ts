import type { HubEnvironment } from '../config/index.ts';
import type { IntegrationAccess } from './accesses.ts';
import type { AttendanceConfiguration } from './attendance-configurations.ts';
import type { Integration, IntegrationApi } from './integrations.ts';
import { allowedScopes } from './oauth-scopes.ts';
import type { OneRosterConfiguration } from './oneroster-configurations.ts';

/** What one request may see and do; the provider applies it to every endpoint. */
export interface AccessScope {
  readonly accessId: string;
  readonly integrationId: string;
  /** null = no OneRoster configuration: no roster data at all. */
  readonly districtId: string | null;
  /** 'all' = every school of the district; [] = none. */
  readonly schoolIds: readonly string[] | 'all';
  readonly demographics: boolean;
  readonly gradebookWrite: boolean;
  readonly attendanceSchoolIds: readonly string[];
  /** OAuth 2.0 scope URIs an access with this scope may hold. */
  readonly oauthScopes: readonly string[];
}

export interface ScopeInputs {
  readonly integration: Pick<Integration, 'apis' | 'hasDevelopmentPermissions'>;
  readonly oneRoster: OneRosterConfiguration | null;
  readonly attendance: AttendanceConfiguration | null;
  readonly environment: HubEnvironment;
  /** The request asked to be treated as production (`Suppress-Development-Permissions: true`). */
  readonly suppressDevelopmentPermissions?: boolean;
}

/**
 * Whether the integration's development permissions apply: only in a Training hub, and not when
 * the request suppresses them. In Live they never apply, whatever the Integration List says.
 */
export function developmentPermissionsApply(inputs: ScopeInputs): boolean {
  return inputs.environment === 'training' && inputs.integration.hasDevelopmentPermissions && inputs.suppressDevelopmentPermissions !== true;
}

/**
 * The scope of an access: the OneRoster configuration decides district, schools, demographics and
 * grade pass back; the attendance configuration decides attendance schools; and the integration's
 * declared APIs cap both (a product that does not use the Demographics API gets no demographics
 * even if the configuration allows them). Development permissions (Training only) lift that cap
 * so a vendor can try APIs its product does not declare yet — never beyond the configurations.
 */
export function scopeOf(access: Pick<IntegrationAccess, 'id' | 'integrationId'>, inputs: ScopeInputs): AccessScope {
  const development = developmentPermissionsApply(inputs);
  const uses = (api: IntegrationApi): boolean => development || inputs.integration.apis.includes(api);
  const oneRoster = inputs.oneRoster;
  const roster = oneRoster !== null && uses('OneRoster');
  const demographics = roster && oneRoster.allowDemographics && uses('Demographics');
  const gradebookWrite = roster && oneRoster.allowGradePassBack && uses('Gradebook');
  const attendanceSchoolIds = inputs.attendance !== null && uses('Attendance') ? [...inputs.attendance.schoolIds] : [];
  return Object.freeze({
    accessId: access.id,
    integrationId: access.integrationId,
    districtId: roster ? oneRoster.districtId : null,
    schoolIds: roster ? (oneRoster.schoolIds === null ? 'all' : Object.freeze([...oneRoster.schoolIds])) : Object.freeze([]),
    demographics,
    gradebookWrite,
    attendanceSchoolIds: Object.freeze(attendanceSchoolIds),
    oauthScopes: Object.freeze(allowedScopes({ roster, demographics, gradebookWrite, attendance: attendanceSchoolIds.length > 0 })),
  });
}
