import { accessTableSpecs, addIntegration, addOneRosterConfiguration, createAccess, createSecretBox, generateMasterKey, parseMasterKey, type AccessInput, type ChangeContext, type Integration, type IntegrationAccess, type SecretBox } from '../../src/access/index.ts';
import { hubTableSpecs } from '../../src/hub/index.ts';
import { fixedClock } from '../../src/kernel/index.ts';
import { entityDecl, type OrgRecord } from '../../src/model/index.ts';
import { openStore, upsertRecords, type Store } from '../../src/store/index.ts';
import { createTestDatabase, type Engine, type TestDatabase } from '../support/engines.ts';

export const TIME_ZONE = 'America/Chicago';

/** A store with every hub table (as `serve` opens it), a district d1 with schools s1..s3, and a clock tests move. */
export interface AccessFixture {
  readonly store: Store;
  /** The store's database URL, for a second process or connection. */
  readonly url: string;
  readonly clock: ReturnType<typeof fixedClock>;
  readonly box: SecretBox;
  readonly ctx: ChangeContext;
  close(): Promise<void>;
}

export async function openAccessFixture(engine: Engine, start = '2026-03-10T15:00:00.000Z'): Promise<AccessFixture> {
  const database: TestDatabase = await createTestDatabase(engine);
  const clock = fixedClock(start);
  const store = await openStore({ url: database.url, clock, extraTables: hubTableSpecs() });
  const org = (sourcedId: string, type: string, parent?: string): OrgRecord => ({ sourcedId, status: 'active', name: sourcedId.toUpperCase(), type, ...(parent === undefined ? {} : { parent }) });
  await upsertRecords(store.db, store.dialect, entityDecl('orgs'), [org('d1', 'district'), org('s1', 'school', 'd1'), org('s2', 'school', 'd1'), org('s3', 'school', 'd1')], { districtId: 'd1', now: start });
  return {
    store,
    url: database.url,
    clock,
    box: createSecretBox(parseMasterKey(generateMasterKey())),
    ctx: { clock, timeZone: TIME_ZONE, actor: 'test:admin' },
    close: async () => {
      await store.close();
      await database.drop();
    },
  };
}

/** An integration (Edlio-like unless told otherwise) with one access configured for district d1. */
export async function seedAccess(
  f: AccessFixture,
  access: Partial<AccessInput> = {},
  integration: { apis?: string[]; canGenerateSecret?: boolean; hasDevelopmentPermissions?: boolean } = {},
  configuration: { schoolIds?: string[] | null; allowDemographics?: boolean; allowGradePassBack?: boolean } = {},
): Promise<{ integration: Integration; access: IntegrationAccess }> {
  const created = await addIntegration(f.store.db, f.ctx, { vendor: 'Edlio', product: `Edlio ${Math.random().toString(36).slice(2, 8)}`, apis: integration.apis ?? ['OneRoster', 'Demographics', 'Gradebook', 'Attendance'], ...integration });
  const config = await addOneRosterConfiguration(f.store.db, f.ctx, { vendor: 'Edlio', code: `edlio-${created.id}`, districtId: 'd1', ...configuration });
  const made = await createAccess(f.store.db, f.ctx, {
    integrationId: created.id,
    name: 'Edlio 2025-26',
    authType: 'any',
    effectiveDate: '2026-03-01',
    oneRosterConfigurationId: config.id,
    ...access,
  });
  return { integration: created, access: made };
}

/** Every row of every access table as text: what a database dump would show. */
export async function dumpAccessTables(store: Store): Promise<string> {
  const parts: string[] = [];
  for (const spec of accessTableSpecs()) {
    const rows = await store.db.selectFrom(spec.name).selectAll().execute();
    parts.push(`${spec.name}: ${JSON.stringify(rows)}`);
  }
  return parts.join('\n');
}
