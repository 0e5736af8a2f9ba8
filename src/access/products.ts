import { HubError, isoTimestamp } from '../kernel/index.ts';
import type { Db } from '../store/index.ts';
import { recordChange } from './audit.ts';
import { cellText } from './cells.ts';
import { inTransaction, type ChangeContext } from './change-context.ts';

/** The licensed product that grade pass back needs ("QM OneRoster API with writeback" in Qmlativ). */
export const WRITEBACK_PRODUCT = 'OneRoster API with writeback';

export interface LicensedProduct {
  readonly name: string;
  readonly addedAt: string;
}

/** Products owned: what the district has licensed. */
export async function listProducts(db: Db): Promise<LicensedProduct[]> {
  const rows = await db.selectFrom('access_products').select(['name', 'added_at']).orderBy('name').execute();
  return rows.map((r) => ({ name: cellText(r, 'name'), addedAt: cellText(r, 'added_at') }));
}

export async function hasProduct(db: Db, name: string): Promise<boolean> {
  const row = await db.selectFrom('access_products').select('name').where('name', '=', name).executeTakeFirst();
  return row !== undefined;
}

export async function addProduct(db: Db, ctx: ChangeContext, name: string): Promise<LicensedProduct> {
  const trimmed = name.trim();
  if (trimmed === '') throw new HubError('invalid_argument', 'product name is required');
  return inTransaction(db, async (trx) => {
    if (await hasProduct(trx, trimmed)) throw new HubError('conflict', `'${trimmed}' is already recorded as owned`);
    const product = { name: trimmed, addedAt: isoTimestamp(ctx.clock.now()) };
    await trx.insertInto('access_products').values({ name: product.name, added_at: product.addedAt }).execute();
    await recordChange(trx, ctx, { action: 'product.add', targetType: 'product', targetId: trimmed, before: null, after: product });
    return product;
  });
}
