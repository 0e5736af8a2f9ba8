import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  addIntegration,
  addOneRosterConfiguration,
  addProduct,
  createAccess,
  generateAccessSecret,
  listIntegrations,
  listSecrets,
  loadCatalog,
  purgeAudit,
  queryAudit,
  readCatalogFile,
  revokeAccessSecret,
  starterCatalogPath,
  updateAccess,
  updateIntegration,
  updateOneRosterConfiguration,
  WRITEBACK_PRODUCT,
} from '../../src/access/index.ts';
import { isHubError } from '../../src/kernel/index.ts';
import { engines } from '../support/engines.ts';
import { dumpAccessTables, openAccessFixture, seedAccess, type AccessFixture } from './access-fixture.ts';

describe.each(engines())('access records on %s', (engine) => {
  let f: AccessFixture;
  beforeEach(async () => {
    f = await openAccessFixture(engine);
  });
  afterEach(async () => {
    await f.close();
  });

  it('loads the starter catalog, lists it by vendor then product, and leaves admin edits alone on reload', async () => {
    const first = await loadCatalog(f.store.db, f.ctx, readCatalogFile(starterCatalogPath()));
    expect(first.added.map((i) => i.product)).toEqual(expect.arrayContaining(['Edlio', 'School Passport (OneRoster)', 'SameGoal Demographics', 'Canvas', 'Claris Connect for Apple School Manager', 'Google Classroom']));
    await addIntegration(f.store.db, f.ctx, { vendor: 'edlio', product: 'Attendance Sync' });
    const list = await listIntegrations(f.store.db);
    expect(list.map((i) => `${i.vendor} / ${i.product}`)).toEqual([
      'Claris / Claris Connect for Apple School Manager',
      'edlio / Attendance Sync',
      'Edlio / Edlio',
      'GG4L / School Passport (OneRoster)',
      'Google / Google Classroom',
      'Instructure / Canvas',
      'SameGoal / SameGoal Demographics',
    ]);
    const edlio = list.find((i) => i.product === 'Edlio');
    await updateIntegration(f.store.db, f.ctx, edlio?.id ?? '', { description: 'edited by the district' });
    const again = await loadCatalog(f.store.db, f.ctx, readCatalogFile(starterCatalogPath()));
    expect(again).toMatchObject({ added: [], existing: 6 });
    expect((await listIntegrations(f.store.db)).find((i) => i.product === 'Edlio')?.description).toBe('edited by the district');
  });

  it('refuses a duplicate vendor/product and unknown APIs', async () => {
    await addIntegration(f.store.db, f.ctx, { vendor: 'Edlio', product: 'Edlio' });
    await expect(addIntegration(f.store.db, f.ctx, { vendor: 'EDLIO', product: 'edlio' })).rejects.toThrow(/already has/);
    await expect(addIntegration(f.store.db, f.ctx, { vendor: 'X', product: 'Y', apis: ['Payroll'] })).rejects.toThrow(/unknown API 'Payroll'/);
  });

  it('creates an access expiring one year after creation by default, lets the admin clear it, and keeps keys unique', async () => {
    const { integration, access } = await seedAccess(f, { key: 'edlio-district-1', effectiveDate: undefined });
    expect(access).toMatchObject({ key: 'edlio-district-1', isActive: true, effectiveDate: '2026-03-10', expirationDate: '2027-03-10', authType: 'any' });
    const cleared = await updateAccess(f.store.db, f.ctx, access.id, { expirationDate: null });
    expect(cleared.expirationDate).toBeNull();
    const duplicate = createAccess(f.store.db, f.ctx, { integrationId: integration.id, name: 'again', authType: 'oauth2', key: 'edlio-district-1' });
    await expect(duplicate).rejects.toThrow(/already used/);
    const generated = await createAccess(f.store.db, f.ctx, { integrationId: integration.id, name: 'generated key', authType: 'oauth2' });
    expect(generated.key).toMatch(/^rb_[0-9a-z]{20}$/);
    await expect(updateAccess(f.store.db, f.ctx, access.id, { effectiveDate: '2026-02-30' })).rejects.toThrow(/calendar date/);
    await expect(updateAccess(f.store.db, f.ctx, access.id, { expirationDate: '2026-01-01' })).rejects.toThrow(/before the effective date/);
  });

  it('refuses grade pass back until the writeback product is recorded as owned', async () => {
    const attempt = addOneRosterConfiguration(f.store.db, f.ctx, { vendor: 'Canvas', code: 'canvas', districtId: 'd1', allowGradePassBack: true });
    await expect(attempt).rejects.toSatisfy((e: unknown) => isHubError(e, 'conflict') && e.message.includes(WRITEBACK_PRODUCT));
    const plain = await addOneRosterConfiguration(f.store.db, f.ctx, { vendor: 'Canvas', code: 'canvas', districtId: 'd1' });
    await expect(updateOneRosterConfiguration(f.store.db, f.ctx, plain.id, { allowGradePassBack: true })).rejects.toThrow(/licensed product/);
    await addProduct(f.store.db, f.ctx, WRITEBACK_PRODUCT);
    expect((await updateOneRosterConfiguration(f.store.db, f.ctx, plain.id, { allowGradePassBack: true })).allowGradePassBack).toBe(true);
  });

  it('refuses a district or school that is not in the roster', async () => {
    await expect(addOneRosterConfiguration(f.store.db, f.ctx, { vendor: 'Edlio', code: 'e', districtId: 'd9' })).rejects.toThrow(/no district org 'd9'/);
    await expect(addOneRosterConfiguration(f.store.db, f.ctx, { vendor: 'Edlio', code: 'e', districtId: 'd1', schoolIds: ['s1', 's7'] })).rejects.toThrow(/'s7'/);
  });

  it('keeps at most two valid secrets: a third is refused, or replaces the oldest when asked', async () => {
    const { access } = await seedAccess(f);
    const one = await generateAccessSecret(f.store.db, f.ctx, f.box, access.id);
    f.clock.advance(1000);
    const two = await generateAccessSecret(f.store.db, f.ctx, f.box, access.id);
    await expect(generateAccessSecret(f.store.db, f.ctx, f.box, access.id)).rejects.toThrow(/already has 2 valid secrets/);
    f.clock.advance(1000);
    const three = await generateAccessSecret(f.store.db, f.ctx, f.box, access.id, { revokeOldest: true });
    const secrets = await listSecrets(f.store.db, access.id);
    expect(secrets.filter((s) => s.revokedAt === null).map((s) => s.id).sort()).toEqual([two.info.id, three.info.id].sort());
    expect(secrets.find((s) => s.id === one.info.id)?.revokedAt).not.toBeNull();
    await expect(revokeAccessSecret(f.store.db, f.ctx, access.id, one.info.fingerprint)).rejects.toThrow(/already revoked/);
  });

  it('seals secrets of accesses that accept OAuth 1.0a, hashes OAuth-2.0-only ones, and needs the master key for sealing', async () => {
    const { access } = await seedAccess(f, { authType: 'any' });
    const oauth2 = await seedAccess(f, { authType: 'oauth2', key: 'oauth2-only' });
    const sealed = await generateAccessSecret(f.store.db, f.ctx, f.box, access.id);
    const hashed = await generateAccessSecret(f.store.db, f.ctx, undefined, oauth2.access.id);
    expect(sealed.info.storage).toBe('sealed');
    expect(hashed.info.storage).toBe('hashed');
    expect(sealed.secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    await expect(generateAccessSecret(f.store.db, f.ctx, undefined, access.id)).rejects.toThrow(/rosterbridge init/);
    const dump = await dumpAccessTables(f.store);
    expect(dump).not.toContain(sealed.secret);
    expect(dump).not.toContain(hashed.secret);
  });

  it('refuses a district-generated secret when the vendor manages it, unless done for the vendor', async () => {
    const { access } = await seedAccess(f, {}, { canGenerateSecret: false });
    await expect(generateAccessSecret(f.store.db, f.ctx, f.box, access.id)).rejects.toThrow(/Can Generate Secret is off/);
    expect((await generateAccessSecret(f.store.db, f.ctx, f.box, access.id, { onBehalfOfVendor: true })).info.storage).toBe('sealed');
  });

  it('audits every change with actor and before/after, never a secret, and purges by age', async () => {
    const { access, integration } = await seedAccess(f);
    f.clock.advance(1000);
    const generated = await generateAccessSecret(f.store.db, f.ctx, f.box, access.id);
    f.clock.advance(60_000);
    await updateAccess(f.store.db, f.ctx, access.id, { isActive: false }, 'access.deactivate');
    const entries = await queryAudit(f.store.db, { accessId: access.id });
    expect(entries.map((e) => (e.kind === 'change' ? e.action : e.kind))).toEqual(['access.deactivate', 'secret.generate', 'access.create']);
    const deactivation = entries[0];
    expect(deactivation).toMatchObject({ kind: 'change', actor: 'test:admin', before: { isActive: true }, after: { isActive: false } });
    expect((await queryAudit(f.store.db, { integrationId: integration.id })).length).toBeGreaterThanOrEqual(4);
    expect(await queryAudit(f.store.db, { accessId: access.id, from: f.clock.now() })).toHaveLength(1);
    expect(await dumpAccessTables(f.store)).not.toContain(generated.secret);
    expect(JSON.stringify(entries)).toContain(generated.info.fingerprint);

    const cutoff = new Date(f.clock.now().getTime() - 1000);
    expect(await purgeAudit(f.store.db, cutoff)).toBeGreaterThanOrEqual(4);
    expect(await queryAudit(f.store.db, { accessId: access.id })).toHaveLength(1);
  });

  it('rolls a change back together with its audit record', async () => {
    const { access } = await seedAccess(f);
    const before = (await queryAudit(f.store.db)).length;
    await expect(updateAccess(f.store.db, f.ctx, access.id, { oneRosterConfigurationId: 'missing' })).rejects.toThrow(/no OneRoster configuration/);
    expect((await queryAudit(f.store.db)).length).toBe(before);
  });
});
