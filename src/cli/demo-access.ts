import {
  addAttendanceConfiguration,
  addIntegration,
  addOneRosterConfiguration,
  createAccess,
  findAccessByKey,
  generateAccessSecret,
  listAttendanceConfigurations,
  listIntegrations,
  listOneRosterConfigurations,
  loadCatalog,
  readCatalogFile,
  starterCatalogPath,
  type ChangeContext,
  type SecretBox,
} from '../access/index.ts';
import type { Db } from '../store/index.ts';

export const DEMO_KEY = 'demo-vendor';

/**
 * The demo's vendor credential: the starter catalog, a "Demo Vendor" integration, a OneRoster
 * configuration for the district (demographics allowed), an attendance configuration for the
 * given schools, and an access with key `demo-vendor`.
 * Safe to run again: it reuses what exists and issues a fresh secret, revoking the oldest.
 */
export async function ensureDemoAccess(
  db: Db,
  ctx: ChangeContext,
  box: SecretBox,
  districtId: string,
  attendanceSchoolIds: readonly string[] = [],
): Promise<{ key: string; secret: string }> {
  await loadCatalog(db, ctx, readCatalogFile(starterCatalogPath()));
  const integration =
    (await listIntegrations(db)).find((i) => i.vendor === 'Rosterbridge' && i.product === 'Demo Vendor') ??
    (await addIntegration(db, ctx, { vendor: 'Rosterbridge', product: 'Demo Vendor', description: 'Created by rosterbridge demo', apis: ['OneRoster', 'Demographics', 'Gradebook', 'Attendance'], canGenerateSecret: true }));
  const configuration =
    (await listOneRosterConfigurations(db)).find((c) => c.code === 'demo' && c.districtId === districtId) ??
    (await addOneRosterConfiguration(db, ctx, { vendor: 'Demo Vendor', code: 'demo', description: 'Demo: the whole district', districtId, allowDemographics: true }));
  const attendance =
    attendanceSchoolIds.length === 0
      ? undefined
      : ((await listAttendanceConfigurations(db)).find((c) => c.description === 'Demo: every school') ??
        (await addAttendanceConfiguration(db, ctx, { description: 'Demo: every school', schoolIds: attendanceSchoolIds })));
  const access =
    (await findAccessByKey(db, DEMO_KEY)) ??
    (await createAccess(db, ctx, {
      integrationId: integration.id,
      name: 'Demo Vendor',
      key: DEMO_KEY,
      authType: 'any',
      oneRosterConfigurationId: configuration.id,
      attendanceConfigurationId: attendance?.id ?? null,
    }));
  const { secret } = await generateAccessSecret(db, ctx, box, access.id, { revokeOldest: true });
  return { key: DEMO_KEY, secret };
}
