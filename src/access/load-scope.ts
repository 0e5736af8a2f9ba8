import type { HubEnvironment } from '../config/index.ts';
import type { Db } from '../store/index.ts';
import type { IntegrationAccess } from './accesses.ts';
import { getAttendanceConfiguration } from './attendance-configurations.ts';
import { requireIntegration } from './integrations.ts';
import { getOneRosterConfiguration } from './oneroster-configurations.ts';
import { scopeOf, type AccessScope } from './scope.ts';

/** Reads the access' integration and configurations (fresh, no cache) and computes its scope. */
export async function loadScope(db: Db, access: IntegrationAccess, environment: HubEnvironment, suppressDevelopmentPermissions = false): Promise<AccessScope> {
  const integration = await requireIntegration(db, access.integrationId);
  const oneRoster = access.oneRosterConfigurationId === null ? undefined : await getOneRosterConfiguration(db, access.oneRosterConfigurationId);
  const attendance = access.attendanceConfigurationId === null ? undefined : await getAttendanceConfiguration(db, access.attendanceConfigurationId);
  return scopeOf(access, { integration, oneRoster: oneRoster ?? null, attendance: attendance ?? null, environment, suppressDevelopmentPermissions });
}
