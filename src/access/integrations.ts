import { HubError, isoTimestamp, newId } from '../kernel/index.ts';
import type { Db } from '../store/index.ts';
import { recordChange } from './audit.ts';
import { boolCell, cellBool, cellOptionalText, cellStringArray, cellText, jsonCell, type Row } from './cells.ts';
import { inTransaction, type ChangeContext } from './change-context.ts';

export const INTEGRATION_APIS = ['OneRoster', 'Demographics', 'Gradebook', 'Attendance'] as const;
export type IntegrationApi = (typeof INTEGRATION_APIS)[number];
export const INTEGRATION_STATUSES = ['Available', 'Discontinued'] as const;
export type IntegrationStatus = (typeof INTEGRATION_STATUSES)[number];

/** A row of the Integration List: a vendor product the district may grant access to. */
export interface Integration {
  readonly id: string;
  readonly vendor: string;
  readonly product: string;
  readonly description: string | null;
  readonly status: IntegrationStatus;
  /** Takes effect only when the hub's environment is Training (see scope.ts). */
  readonly hasDevelopmentPermissions: boolean;
  /** Whether the district may generate the secret (otherwise the vendor's support does it on request). */
  readonly canGenerateSecret: boolean;
  readonly apis: readonly IntegrationApi[];
  readonly createdAt: string;
  readonly updatedAt: string;
}

export interface IntegrationInput {
  vendor: string;
  product: string;
  description?: string | null;
  status?: IntegrationStatus;
  hasDevelopmentPermissions?: boolean;
  canGenerateSecret?: boolean;
  apis?: readonly string[];
}

export type IntegrationPatch = Partial<IntegrationInput>;

const COLUMNS = ['id', 'vendor', 'product', 'description', 'status', 'has_development_permissions', 'can_generate_secret', 'apis', 'created_at', 'updated_at'] as const;
const collator = new Intl.Collator('en', { sensitivity: 'base', numeric: true });

/** The Integration List, sorted by vendor name, then product name (case-insensitive). */
export async function listIntegrations(db: Db): Promise<Integration[]> {
  const rows = await db.selectFrom('access_integrations').select([...COLUMNS]).execute();
  return rows.map(toIntegration).sort((a, b) => collator.compare(a.vendor, b.vendor) || collator.compare(a.product, b.product));
}

export async function getIntegration(db: Db, id: string): Promise<Integration | undefined> {
  const row = await db.selectFrom('access_integrations').select([...COLUMNS]).where('id', '=', id).executeTakeFirst();
  return row === undefined ? undefined : toIntegration(row);
}

/**
 * An integration by id, by product name, or by "Vendor / Product" (names case-insensitive).
 * Throws not_found, or invalid_argument when a name matches several.
 */
export async function resolveIntegration(db: Db, reference: string): Promise<Integration> {
  const byId = await getIntegration(db, reference);
  if (byId !== undefined) return byId;
  const wanted = reference.trim().toLowerCase();
  const all = await listIntegrations(db);
  const matches = all.filter((i) => i.product.toLowerCase() === wanted || `${i.vendor} / ${i.product}`.toLowerCase() === wanted || i.vendor.toLowerCase() === wanted);
  if (matches.length === 1 && matches[0] !== undefined) return matches[0];
  if (matches.length > 1) {
    throw new HubError('invalid_argument', `'${reference}' matches ${matches.length} integrations (${matches.map((i) => `${i.vendor} / ${i.product}`).join('; ')}); use the id or "Vendor / Product"`);
  }
  throw new HubError('not_found', `no integration '${reference}' (rosterbridge integrations list shows them)`);
}

export async function addIntegration(db: Db, ctx: ChangeContext, input: IntegrationInput): Promise<Integration> {
  const values = validate(input);
  return inTransaction(db, async (trx) => {
    await requireUniqueName(trx, values.vendor, values.product, undefined);
    const now = isoTimestamp(ctx.clock.now());
    const id = newId();
    await trx.insertInto('access_integrations').values({ id, ...toRow(values), created_at: now, updated_at: now }).execute();
    const created = await requireIntegration(trx, id);
    await recordChange(trx, ctx, { action: 'integration.add', targetType: 'integration', targetId: id, before: null, after: created }, { integrationId: id });
    return created;
  });
}

export async function updateIntegration(db: Db, ctx: ChangeContext, id: string, patch: IntegrationPatch): Promise<Integration> {
  return inTransaction(db, async (trx) => {
    const before = await requireIntegration(trx, id);
    const values = validate({ ...before, ...definedOnly(patch) });
    await requireUniqueName(trx, values.vendor, values.product, id);
    await trx.updateTable('access_integrations').set({ ...toRow(values), updated_at: isoTimestamp(ctx.clock.now()) }).where('id', '=', id).execute();
    const after = await requireIntegration(trx, id);
    await recordChange(trx, ctx, { action: 'integration.update', targetType: 'integration', targetId: id, before, after }, { integrationId: id });
    return after;
  });
}

export async function requireIntegration(db: Db, id: string): Promise<Integration> {
  const found = await getIntegration(db, id);
  if (found === undefined) throw new HubError('not_found', `no integration with id '${id}'`);
  return found;
}

interface ValidIntegration {
  vendor: string;
  product: string;
  description: string | null;
  status: IntegrationStatus;
  hasDevelopmentPermissions: boolean;
  canGenerateSecret: boolean;
  apis: IntegrationApi[];
}

function validate(input: IntegrationInput): ValidIntegration {
  const problems: string[] = [];
  const vendor = input.vendor.trim();
  const product = input.product.trim();
  if (vendor === '') problems.push('vendor name is required');
  if (product === '') problems.push('product name is required');
  const status = input.status ?? 'Available';
  if (!INTEGRATION_STATUSES.includes(status)) problems.push(`status must be ${INTEGRATION_STATUSES.join(' or ')}`);
  const apis: IntegrationApi[] = [];
  for (const api of input.apis ?? ['OneRoster']) {
    const known = INTEGRATION_APIS.find((a) => a.toLowerCase() === api.trim().toLowerCase());
    if (known === undefined) problems.push(`unknown API '${api}' (one of ${INTEGRATION_APIS.join(', ')})`);
    else if (!apis.includes(known)) apis.push(known);
  }
  if (problems.length > 0) throw new HubError('invalid_argument', `integration is invalid: ${problems.join('; ')}`, { details: problems });
  return {
    vendor,
    product,
    description: input.description?.trim() || null,
    status,
    hasDevelopmentPermissions: input.hasDevelopmentPermissions ?? false,
    canGenerateSecret: input.canGenerateSecret ?? true,
    apis,
  };
}

async function requireUniqueName(db: Db, vendor: string, product: string, exceptId: string | undefined): Promise<void> {
  const clash = (await listIntegrations(db)).find(
    (i) => i.id !== exceptId && collator.compare(i.vendor, vendor) === 0 && collator.compare(i.product, product) === 0,
  );
  if (clash !== undefined) throw new HubError('conflict', `the Integration List already has ${clash.vendor} / ${clash.product} (id ${clash.id})`);
}

function definedOnly<T extends object>(patch: T): Partial<T> {
  return Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) as Partial<T>;
}

function toRow(v: ValidIntegration): Row {
  return {
    vendor: v.vendor,
    product: v.product,
    description: v.description,
    status: v.status,
    has_development_permissions: boolCell(v.hasDevelopmentPermissions),
    can_generate_secret: boolCell(v.canGenerateSecret),
    apis: jsonCell(v.apis),
  };
}

function toIntegration(row: Row): Integration {
  const status = cellText(row, 'status');
  return {
    id: cellText(row, 'id'),
    vendor: cellText(row, 'vendor'),
    product: cellText(row, 'product'),
    description: cellOptionalText(row, 'description'),
    status: status === 'Discontinued' ? 'Discontinued' : 'Available',
    hasDevelopmentPermissions: cellBool(row, 'has_development_permissions'),
    canGenerateSecret: cellBool(row, 'can_generate_secret'),
    apis: (cellStringArray(row, 'apis') ?? []).filter((a): a is IntegrationApi => INTEGRATION_APIS.some((k) => k === a)),
    createdAt: cellText(row, 'created_at'),
    updatedAt: cellText(row, 'updated_at'),
  };
}
