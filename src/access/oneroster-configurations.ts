import { HubError, isoTimestamp, newId } from '../kernel/index.ts';
import type { Db } from '../store/index.ts';
import { recordChange } from './audit.ts';
import { boolCell, cellBool, cellOptionalText, cellStringArray, cellText, jsonCell, type Row } from './cells.ts';
import { inTransaction, type ChangeContext } from './change-context.ts';
import { requireDistrictAndSchools } from './org-checks.ts';
import { hasProduct, WRITEBACK_PRODUCT } from './products.ts';

/** What a vendor may read through OneRoster; shared by any number of accesses. */
export interface OneRosterConfiguration {
  readonly id: string;
  readonly vendor: string;
  readonly code: string;
  readonly description: string | null;
  /** sourcedId of the district org. */
  readonly districtId: string;
  /** null = every school of the district. */
  readonly schoolIds: readonly string[] | null;
  readonly allowDemographics: boolean;
  readonly allowGradePassBack: boolean;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export interface OneRosterConfigurationInput {
  vendor: string;
  code: string;
  description?: string | null;
  districtId: string;
  schoolIds?: readonly string[] | null;
  allowDemographics?: boolean;
  allowGradePassBack?: boolean;
}

const COLUMNS = ['id', 'vendor', 'code', 'description', 'district_id', 'school_ids', 'allow_demographics', 'allow_grade_pass_back', 'created_at', 'updated_at'] as const;

export async function listOneRosterConfigurations(db: Db): Promise<OneRosterConfiguration[]> {
  const rows = await db.selectFrom('access_oneroster_configurations').select([...COLUMNS]).orderBy('code').execute();
  return rows.map(toConfiguration);
}

export async function getOneRosterConfiguration(db: Db, id: string): Promise<OneRosterConfiguration | undefined> {
  const row = await db.selectFrom('access_oneroster_configurations').select([...COLUMNS]).where('id', '=', id).executeTakeFirst();
  return row === undefined ? undefined : toConfiguration(row);
}

/** By id or by code. */
export async function resolveOneRosterConfiguration(db: Db, reference: string): Promise<OneRosterConfiguration> {
  const byId = await getOneRosterConfiguration(db, reference);
  if (byId !== undefined) return byId;
  const row = await db.selectFrom('access_oneroster_configurations').select([...COLUMNS]).where('code', '=', reference).executeTakeFirst();
  if (row === undefined) throw new HubError('not_found', `no OneRoster configuration '${reference}' (by id or code)`);
  return toConfiguration(row);
}

export async function addOneRosterConfiguration(db: Db, ctx: ChangeContext, input: OneRosterConfigurationInput): Promise<OneRosterConfiguration> {
  return inTransaction(db, async (trx) => {
    const values = await validate(trx, input, undefined);
    const now = isoTimestamp(ctx.clock.now());
    const id = newId();
    await trx.insertInto('access_oneroster_configurations').values({ id, ...toRow(values), created_at: now, updated_at: now }).execute();
    const created = await requireConfiguration(trx, id);
    await recordChange(trx, ctx, { action: 'oneroster_configuration.add', targetType: 'oneroster_configuration', targetId: id, before: null, after: created });
    return created;
  });
}

export async function updateOneRosterConfiguration(db: Db, ctx: ChangeContext, id: string, patch: Partial<OneRosterConfigurationInput>): Promise<OneRosterConfiguration> {
  return inTransaction(db, async (trx) => {
    const before = await requireConfiguration(trx, id);
    const merged: OneRosterConfigurationInput = { ...before };
    for (const [name, value] of Object.entries(patch)) if (value !== undefined) Object.assign(merged, { [name]: value });
    const values = await validate(trx, merged, id);
    await trx.updateTable('access_oneroster_configurations').set({ ...toRow(values), updated_at: isoTimestamp(ctx.clock.now()) }).where('id', '=', id).execute();
    const after = await requireConfiguration(trx, id);
    await recordChange(trx, ctx, { action: 'oneroster_configuration.update', targetType: 'oneroster_configuration', targetId: id, before, after });
    return after;
  });
}

async function requireConfiguration(db: Db, id: string): Promise<OneRosterConfiguration> {
  const found = await getOneRosterConfiguration(db, id);
  if (found === undefined) throw new HubError('not_found', `no OneRoster configuration with id '${id}'`);
  return found;
}

type Valid = Required<Omit<OneRosterConfigurationInput, 'description' | 'schoolIds'>> & { description: string | null; schoolIds: string[] | null };

async function validate(db: Db, input: OneRosterConfigurationInput, exceptId: string | undefined): Promise<Valid> {
  const problems: string[] = [];
  const vendor = input.vendor.trim();
  const code = input.code.trim();
  const districtId = input.districtId.trim();
  if (vendor === '') problems.push('vendor is required');
  if (code === '') problems.push('code is required');
  if (districtId === '') problems.push('district is required');
  const schoolIds = input.schoolIds === null || input.schoolIds === undefined ? null : [...new Set(input.schoolIds.map((s) => s.trim()).filter((s) => s !== ''))];
  if (schoolIds !== null && schoolIds.length === 0) problems.push('a school restriction needs at least one school (leave it out for every school)');
  if (problems.length > 0) throw new HubError('invalid_argument', `OneRoster configuration is invalid: ${problems.join('; ')}`, { details: problems });
  const clash = await db.selectFrom('access_oneroster_configurations').select('id').where('code', '=', code).executeTakeFirst();
  if (clash !== undefined && clash['id'] !== exceptId) throw new HubError('conflict', `a OneRoster configuration with code '${code}' already exists`);
  const allowGradePassBack = input.allowGradePassBack ?? false;
  if (allowGradePassBack && !(await hasProduct(db, WRITEBACK_PRODUCT))) {
    throw new HubError(
      'conflict',
      `grade pass back needs the licensed product "${WRITEBACK_PRODUCT}", which this hub does not record as owned ` +
        `(record it with: rosterbridge products add "${WRITEBACK_PRODUCT}")`,
    );
  }
  await requireDistrictAndSchools(db, districtId, schoolIds);
  return { vendor, code, description: input.description?.trim() || null, districtId, schoolIds, allowDemographics: input.allowDemographics ?? false, allowGradePassBack };
}

function toRow(v: Valid): Row {
  return {
    vendor: v.vendor,
    code: v.code,
    description: v.description,
    district_id: v.districtId,
    school_ids: jsonCell(v.schoolIds),
    allow_demographics: boolCell(v.allowDemographics),
    allow_grade_pass_back: boolCell(v.allowGradePassBack),
  };
}

function toConfiguration(row: Row): OneRosterConfiguration {
  return {
    id: cellText(row, 'id'),
    vendor: cellText(row, 'vendor'),
    code: cellText(row, 'code'),
    description: cellOptionalText(row, 'description'),
    districtId: cellText(row, 'district_id'),
    schoolIds: cellStringArray(row, 'school_ids'),
    allowDemographics: cellBool(row, 'allow_demographics'),
    allowGradePassBack: cellBool(row, 'allow_grade_pass_back'),
    createdAt: cellText(row, 'created_at'),
    updatedAt: cellText(row, 'updated_at'),
  };
}
