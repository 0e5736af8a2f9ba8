import { HubError, isoTimestamp, newId } from '../kernel/index.ts';
import type { Db } from '../store/index.ts';
import { getAttendanceConfiguration } from './attendance-configurations.ts';
import { recordChange } from './audit.ts';
import { boolCell, cellBool, cellOptionalText, cellText, type Row } from './cells.ts';
import { inTransaction, type ChangeContext } from './change-context.ts';
import { defaultExpirationDate, isAccessInForce, todayIn } from './in-force.ts';
import { requireIntegration } from './integrations.ts';
import { getOneRosterConfiguration } from './oneroster-configurations.ts';
import { generateKey } from './secrets.ts';

export const AUTH_TYPES = ['any', 'oauth2', 'oauth1'] as const;
/** Any accepts both OAuth 2.0 bearer tokens and OAuth 1.0a signatures. */
export type AuthType = (typeof AUTH_TYPES)[number];

/** An Integration Access record: who may call, with which key, from when to when. */
export interface IntegrationAccess {
  readonly id: string;
  readonly integrationId: string;
  readonly name: string;
  readonly description: string | null;
  readonly key: string;
  readonly authType: AuthType;
  readonly isActive: boolean;
  readonly effectiveDate: string;
  readonly expirationDate: string | null;
  readonly oneRosterConfigurationId: string | null;
  readonly attendanceConfigurationId: string | null;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export interface AccessInput {
  integrationId: string;
  name: string;
  description?: string | null;
  /** Generated (`rb_…`) when absent. */
  key?: string;
  authType: AuthType;
  isActive?: boolean;
  /** Defaults to today in the hub's time zone. */
  effectiveDate?: string;
  /** undefined = one year after creation; null = never expires. */
  expirationDate?: string | null;
  oneRosterConfigurationId?: string | null;
  attendanceConfigurationId?: string | null;
}

export type AccessPatch = Partial<Omit<AccessInput, 'integrationId'>>;

/** Keys are identifiers vendors type into their settings: visible ASCII, no separators that break Basic auth. */
const KEY_PATTERN = /^[A-Za-z0-9._~@-]{3,128}$/;
const COLUMNS = [
  'id', 'integration_id', 'name', 'description', 'key', 'auth_type', 'is_active', 'effective_date', 'expiration_date',
  'oneroster_configuration_id', 'attendance_configuration_id', 'created_at', 'updated_at',
] as const;

export function acceptsOAuth2(access: Pick<IntegrationAccess, 'authType'>): boolean {
  return access.authType === 'any' || access.authType === 'oauth2';
}

export function acceptsOAuth1(access: Pick<IntegrationAccess, 'authType'>): boolean {
  return access.authType === 'any' || access.authType === 'oauth1';
}

export async function listAccesses(db: Db, filter: { integrationId?: string } = {}): Promise<IntegrationAccess[]> {
  let query = db.selectFrom('access_accesses').select([...COLUMNS]);
  if (filter.integrationId !== undefined) query = query.where('integration_id', '=', filter.integrationId);
  return (await query.orderBy('name').orderBy('id').execute()).map(toAccess);
}

export async function getAccess(db: Db, id: string): Promise<IntegrationAccess | undefined> {
  const row = await db.selectFrom('access_accesses').select([...COLUMNS]).where('id', '=', id).executeTakeFirst();
  return row === undefined ? undefined : toAccess(row);
}

export async function findAccessByKey(db: Db, key: string): Promise<IntegrationAccess | undefined> {
  const row = await db.selectFrom('access_accesses').select([...COLUMNS]).where('key', '=', key).executeTakeFirst();
  return row === undefined ? undefined : toAccess(row);
}

/** By id or by key. */
export async function resolveAccess(db: Db, reference: string): Promise<IntegrationAccess> {
  const found = (await getAccess(db, reference)) ?? (await findAccessByKey(db, reference));
  if (found === undefined) throw new HubError('not_found', `no integration access '${reference}' (by id or key)`);
  return found;
}

export async function createAccess(db: Db, ctx: ChangeContext, input: AccessInput): Promise<IntegrationAccess> {
  return inTransaction(db, async (trx) => {
    const integration = await requireIntegration(trx, input.integrationId);
    if (integration.status === 'Discontinued') {
      throw new HubError('conflict', `${integration.vendor} / ${integration.product} is discontinued: no new accesses can be granted to it`);
    }
    const now = ctx.clock.now();
    const values = await validate(trx, {
      name: input.name,
      description: input.description ?? null,
      key: input.key ?? generateKey(),
      authType: input.authType,
      isActive: input.isActive ?? true,
      effectiveDate: input.effectiveDate ?? todayIn(ctx.timeZone, now),
      expirationDate: input.expirationDate === undefined ? defaultExpirationDate(now, ctx.timeZone) : input.expirationDate,
      oneRosterConfigurationId: input.oneRosterConfigurationId ?? null,
      attendanceConfigurationId: input.attendanceConfigurationId ?? null,
    }, undefined);
    const id = newId();
    const stamp = isoTimestamp(now);
    await trx.insertInto('access_accesses').values({ id, integration_id: integration.id, ...toRow(values), created_at: stamp, updated_at: stamp }).execute();
    const created = await requireAccess(trx, id);
    await recordChange(trx, ctx, { action: 'access.create', targetType: 'access', targetId: id, before: null, after: created }, { accessId: id, integrationId: integration.id });
    return created;
  });
}

/** Any change, including activate/deactivate (isActive) and clearing the expiration date (null). */
export async function updateAccess(db: Db, ctx: ChangeContext, id: string, patch: AccessPatch, action = 'access.update'): Promise<IntegrationAccess> {
  return inTransaction(db, async (trx) => {
    const before = await requireAccess(trx, id);
    const merged: Valid = { ...before };
    for (const [name, value] of Object.entries(patch)) if (value !== undefined) Object.assign(merged, { [name]: value });
    const values = await validate(trx, merged, id);
    await trx.updateTable('access_accesses').set({ ...toRow(values), updated_at: isoTimestamp(ctx.clock.now()) }).where('id', '=', id).execute();
    const after = await requireAccess(trx, id);
    await recordChange(trx, ctx, { action, targetType: 'access', targetId: id, before, after }, { accessId: id, integrationId: after.integrationId });
    return after;
  });
}

export async function requireAccess(db: Db, id: string): Promise<IntegrationAccess> {
  const found = await getAccess(db, id);
  if (found === undefined) throw new HubError('not_found', `no integration access with id '${id}'`);
  return found;
}

interface Valid {
  name: string;
  description: string | null;
  key: string;
  authType: AuthType;
  isActive: boolean;
  effectiveDate: string;
  expirationDate: string | null;
  oneRosterConfigurationId: string | null;
  attendanceConfigurationId: string | null;
}

async function validate(db: Db, v: Valid, exceptId: string | undefined): Promise<Valid> {
  const problems: string[] = [];
  const name = v.name.trim();
  if (name === '') problems.push('name is required');
  if (!KEY_PATTERN.test(v.key)) problems.push('key must be 3–128 characters of letters, digits and . _ ~ @ -');
  if (!AUTH_TYPES.includes(v.authType)) problems.push(`authentication type must be one of ${AUTH_TYPES.join(', ')}`);
  try {
    // The in-force rule validates both dates (real YYYY-MM-DD calendar dates).
    isAccessInForce({ isActive: v.isActive, effectiveDate: v.effectiveDate, expirationDate: v.expirationDate }, new Date(0), 'UTC');
    if (v.expirationDate !== null && v.expirationDate < v.effectiveDate) problems.push('expiration date is before the effective date');
  } catch (error) {
    problems.push(error instanceof Error ? error.message : String(error));
  }
  if (v.oneRosterConfigurationId !== null && (await getOneRosterConfiguration(db, v.oneRosterConfigurationId)) === undefined) {
    problems.push(`no OneRoster configuration '${v.oneRosterConfigurationId}'`);
  }
  if (v.attendanceConfigurationId !== null && (await getAttendanceConfiguration(db, v.attendanceConfigurationId)) === undefined) {
    problems.push(`no attendance configuration '${v.attendanceConfigurationId}'`);
  }
  if (problems.length > 0) throw new HubError('invalid_argument', `integration access is invalid: ${problems.join('; ')}`, { details: problems });
  const clash = await findAccessByKey(db, v.key);
  if (clash !== undefined && clash.id !== exceptId) throw new HubError('conflict', `the key '${v.key}' is already used by another integration access (keys are unique across the hub)`);
  return { ...v, name, description: v.description?.trim() || null };
}

function toRow(v: Valid): Row {
  return {
    name: v.name,
    description: v.description,
    key: v.key,
    auth_type: v.authType,
    is_active: boolCell(v.isActive),
    effective_date: v.effectiveDate,
    expiration_date: v.expirationDate,
    oneroster_configuration_id: v.oneRosterConfigurationId,
    attendance_configuration_id: v.attendanceConfigurationId,
  };
}

function toAccess(row: Row): IntegrationAccess {
  const authType = cellText(row, 'auth_type');
  const known = AUTH_TYPES.find((t) => t === authType);
  if (known === undefined) throw new HubError('internal', `integration access ${String(row['id'])} has an unknown authentication type`);
  return {
    id: cellText(row, 'id'),
    integrationId: cellText(row, 'integration_id'),
    name: cellText(row, 'name'),
    description: cellOptionalText(row, 'description'),
    key: cellText(row, 'key'),
    authType: known,
    isActive: cellBool(row, 'is_active'),
    effectiveDate: cellText(row, 'effective_date'),
    expirationDate: cellOptionalText(row, 'expiration_date'),
    oneRosterConfigurationId: cellOptionalText(row, 'oneroster_configuration_id'),
    attendanceConfigurationId: cellOptionalText(row, 'attendance_configuration_id'),
    createdAt: cellText(row, 'created_at'),
    updatedAt: cellText(row, 'updated_at'),
  };
}
